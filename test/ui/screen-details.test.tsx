import {describe, expect, it} from 'vitest';
import {KeyLine} from '../../components/KeyLine.js';
import {UiContextValue} from '../../components/context.js';
import {strings} from '../../src/i18n/strings.js';
import {themeFor} from '../../components/theme.js';
import {widthOf} from '../../src/dashboard/format.js';
import {render} from '../helpers/render.js';
import {openDashboard} from './setup.js';

// The small things a user meets first: a saved note says so, a long note shows where the cursor
// is, a viewer is offered only keys it may use, nothing is "all clear" before it is measured,
// help fits 100×30 on one page, no label or key is cut.

describe('the note', () => {
	it('a saved note is confirmed on the alert line, in the screen’s language', async () => {
		const {ui} = await openDashboard({columns: 100, rows: 30, lang: 'vi'});
		await ui.waitFor(f => f.includes('Mục 1/5'));
		await ui.press('m');
		await ui.waitFor(f => f.includes('Ghi chú vào biên bản: '));
		await ui.type('Đại biểu xã Phổ An đến muộn');
		await ui.press('enter');
		const frame = await ui.waitFor(f => f.includes('đã lưu ghi chú'), 'the confirmation');
		expect(frame).toContain('✔ đã lưu ghi chú vào biên bản: “Đại biểu xã Phổ An đến muộn”');
	});

	it('a note longer than the line shows its end, where the cursor is', async () => {
		const {ui} = await openDashboard({columns: 60, rows: 24});
		await ui.waitFor(f => f.includes('Item 1/5'));
		await ui.press('m');
		await ui.waitFor(f => f.includes('Note for the minutes: '));
		const note = 'The chair asked every commune to send its written report by Friday END';
		const frame = await ui.type(note);
		const line = frame.split('\n').find(l => l.startsWith('Note for the minutes: '))!;
		expect(line).toMatch(/^Note for the minutes: ….*by Friday END▏$/);
		expect(widthOf(line)).toBeLessThanOrEqual(60);
	});
});

describe('the key line', () => {
	const keyLine = async (props: {viewer?: boolean; width: number; lang?: 'vi' | 'en'}) => {
		const lang = props.lang ?? 'en';
		const out = await render(
			<UiContextValue.Provider value={{lang, t: strings(lang), theme: themeFor({})}}>
				<KeyLine mode="main" width={props.width} viewer={props.viewer ?? false} />
			</UiContextValue.Provider>,
			{columns: props.width},
		);
		return out.frame().trim();
	};

	it('on a viewer’s screen offers no key that changes the meeting', async () => {
		const operator = await keyLine({width: 200});
		const viewer = await keyLine({width: 200, viewer: true});
		expect(operator).toContain('space start/pause');
		expect(viewer).not.toMatch(/start\/pause|\bn next\b|skip|\+1m|-1m/);
		expect(viewer).toContain('? help');
		expect(viewer).toContain('Enter detail');
	});

	it('at 60 columns shows whole entries only: never a key cut from its word', async () => {
		for (const lang of ['en', 'vi'] as const) {
			const line = await keyLine({width: 60, lang});
			expect(widthOf(line)).toBeLessThanOrEqual(60);
			expect(line, line).not.toContain('…');
		}
	});
});

describe('the alert line', () => {
	it('says how many sites are still being measured instead of "all clear"', async () => {
		const {ui} = await openDashboard({columns: 100, rows: 30, samples: 0, profile: () => ({rttMs: 2})});
		const frame = await ui.waitFor(f => f.includes('Item 1/5'));
		expect(frame).not.toContain('all clear');
		expect(frame).toMatch(/… 15 sites still being measured/);
	});
});

describe('help at 100×30', () => {
	it('fits one page in both languages: no second page holding a line or three', async () => {
		for (const lang of ['vi', 'en'] as const) {
			const {ui} = await openDashboard({columns: 100, rows: 30, lang});
			await ui.waitFor(f => f.includes(lang === 'vi' ? 'Mục 1/5' : 'Item 1/5'));
			const frame = await ui.press('?');
			expect(frame).not.toMatch(/trang 1\/2|page 1\/2/);
			expect(frame).toContain(lang === 'vi' ? 'n Esc' : 'n Esc');
		}
	});
});

describe('the detail view', () => {
	it('no label is cut: "Packet loss ↑ up / ↓ down" whole', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 30, profile: () => ({rttMs: 2})});
		await ui.waitFor(f => f.includes('Item 1/5'));
		const frame = await ui.press('enter');
		const lines = frame.split('\n');
		expect(lines.some(line => line.includes('…') && /Packet loss|Probes sent/.test(line))).toBe(false);
		expect(frame).toContain('Packet loss ↑ up / ↓ down ');
		for (const line of lines) expect(widthOf(line)).toBeLessThanOrEqual(80);
		expect(frame).toMatch(/Probes sent \/ answered +\d+ \/ \d+/);
	});
});
