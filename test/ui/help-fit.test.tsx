import {describe, expect, it} from 'vitest';
import {helpEntries} from '../../components/HelpView.js';
import {strings} from '../../src/i18n/strings.js';
import {keymap} from '../../src/dashboard/keymap.js';
import {widthOf} from '../../src/dashboard/format.js';
import {openDashboard} from './setup.js';

// Help at every size a technician's terminal may have: from 60×15 up, no line is cut
// (mid-word or past the edge) and every key of the keymap is on some page.

const t = strings('en');
const entries = helpEntries(t);
const words = new Set(entries.flatMap(entry => `${entry.keys} ${entry.text}`.split(/\s+/)));

for (const [columns, rows] of [
	[60, 15],
	[80, 24],
	[120, 40],
] as const) {
	describe(`help at ${columns}×${rows}`, () => {
		it('shows every key on some page, with no line cut', async () => {
			const {ui} = await openDashboard({columns, rows});
			await ui.waitFor(f => f.includes('Item 1/5'));
			await ui.press('?');
			let frame = await ui.waitFor(f => f.includes('Keys'), 'the help');
			const seen: string[] = [];
			for (let page = 0; page < 20; page++) {
				const lines = frame.split('\n');
				const start = lines.findIndex(line => line.startsWith('Keys'));
				const footer = lines.findIndex((line, i) => i > start && (line.startsWith('page ') || line.startsWith('Loss =')));
				expect(start, frame).toBeGreaterThanOrEqual(0);
				expect(footer, frame).toBeGreaterThan(start);
				for (const line of lines) expect(widthOf(line), line).toBeLessThanOrEqual(columns);
				for (const line of lines.slice(start + 1, footer)) {
					expect(line).not.toContain('…');
					for (const word of line.split(/\s+/).filter(Boolean))
						expect(words.has(word), `"${word}" in "${line}" at ${columns}×${rows}`).toBe(true);
					seen.push(line);
				}
				const paging = /^page (\d+)\/(\d+)/.exec(lines[footer]!);
				if (!paging || paging[1] === paging[2]) break;
				frame = await ui.press('pagedown');
			}
			const text = seen.join('\n');
			for (const entry of entries) {
				expect(text, `${entry.keys} at ${columns}×${rows}`).toMatch(
					new RegExp(
						`(^|\\s)${entry.keys.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+${entry.text.split(' ')[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
						'm',
					),
				);
			}
			expect(entries).toHaveLength(keymap.length);
		});
	});
}

describe('the header at 60 columns', () => {
	it('keeps the projected end and its difference in view', async () => {
		const {ui} = await openDashboard({columns: 60, rows: 15});
		const frame = await ui.waitFor(f => f.includes('Item 1/5'));
		expect(frame.split('\n')[1]).toMatch(/\d\d:\d\d → \d\d:\d\d \([+-]\S+\)/);
	});
});
