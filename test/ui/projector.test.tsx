import {describe, expect, it} from 'vitest';
import {bigScale, bigText, bigWidth} from '../../src/dashboard/big-text.js';
import {ProjectorView, phaseMark, remainingText} from '../../components/ProjectorView.js';
import type {AgendaData} from '../../src/dashboard/snapshot.js';
import {render} from '../helpers/render.js';
import {openDashboard} from './setup.js';

// The room's projector view: the item, its remaining time in large digits, the speaker with
// their countdown, what is next, and no site table; at 80×24 and using 200×60.

describe('big digits', () => {
	it('draws a time in block letters and scales by whole steps', () => {
		const lines = bigText('1:05');
		expect(lines).toHaveLength(5);
		expect(lines[0]).toBe('  █       █████ █████');
		expect(lines.every(line => line.length === bigWidth('1:05'))).toBe(true);
		const double = bigText('+2', 2);
		expect(double).toHaveLength(10);
		expect(double[4]).toBe('██████████  ██████████');
		expect(bigScale('12:34', 80, 11)).toBe(2);
		expect(bigScale('12:34', 200, 48)).toBe(7);
		expect(bigScale('1:12:34', 40, 3)).toBe(1);
	});
});

describe('projector view', () => {
	it('v shows the big clock of the current item without the site table, v again goes back', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24});
		await ui.waitFor(f => f.includes('Item 1/5'));
		await ui.press('space');
		await ui.waitFor(f => f.includes('[running]'));
		await ui.press('v');
		const frame = await ui.waitFor(f => f.includes('████'), 'large digits');
		expect(frame).toContain('Item 1/5: Văn phòng thị xã tuyên bố lý do');
		expect(frame).toMatch(/● running · left \d+:\d\d · 0:\d\d \/ 10:00/);
		expect(frame).toMatch(/Session \d+:\d\d · Planned end \d\d:\d\d · Projected \d\d:\d\d/);
		expect(frame).toContain('Next: Chủ trì trao đổi một số nội dung trọng tâm — 20m');
		expect(frame).not.toContain('RTT');
		expect(frame).not.toContain('Phường Phổ Hòa');
		expect(ui.lines().length).toBeLessThanOrEqual(23);
		await ui.press('v');
		await ui.waitFor(f => f.includes('RTT') && !f.includes('████'), 'the main screen again');
	});

	it('shows the speaker with their countdown and who is next', async () => {
		const {ui} = await openDashboard({columns: 120, rows: 40});
		await ui.waitFor(f => f.includes('Item 1/5'));
		await ui.press('space');
		await ui.waitFor(f => f.includes('[running]'));
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Item 3/5'));
		await ui.press('t');
		await ui.waitFor(f => f.includes('Speaker: '));
		await ui.press('v');
		const frame = await ui.waitFor(f => f.includes('████') && f.includes('Next speaker'), 'the speaker on the projector');
		expect(frame).toMatch(/Speaker: Phường Nguyễn Nghiêm {2}● \d+:\d\d \(0:\d\d \/ 6:00\)/);
		expect(frame).toContain('Next speaker: Phường Phổ Hòa');
		// At 120×40 the item's digits and the speaker's countdown are both large.
		const blockLines = ui.lines().filter(line => line.includes('█'));
		expect(blockLines.length).toBeGreaterThanOrEqual(15);
		expect(ui.lines().length).toBeLessThanOrEqual(39);
	});

	it('marks the warning and the overrun with a symbol as well as a colour, the overrun in big "+" digits', async () => {
		const agenda = (phase: 'warning' | 'overrun', remainingMs: number): AgendaData => ({
			started: true,
			ended: false,
			sessionElapsedMs: 40 * 60_000,
			currentIndex: 1,
			items: [
				{
					id: 'a',
					title: 'Khai mạc',
					owner: null,
					optional: false,
					hasSpeakers: false,
					plannedMs: 600_000,
					elapsedMs: 600_000,
					remainingMs: 0,
					phase: 'ended',
				},
				{
					id: 'b',
					title: 'Chủ trì trao đổi',
					owner: null,
					optional: false,
					hasSpeakers: false,
					plannedMs: 1_200_000,
					elapsedMs: 1_200_000 - remainingMs,
					remainingMs,
					phase,
				},
			],
			speaker: null,
			queue: [],
			plannedEnd: 0,
			projectedEnd: 0,
			deltaMs: 0,
		});
		const over = await render(
			<ProjectorView title="Hội nghị" wallNow={0} utcOffsetMinutes={420} agenda={agenda('overrun', -135_000)} width={80} height={21} />,
			{columns: 80, rows: 24},
		);
		expect(over.frame()).toContain('✖ OVERRUN +2:15 · 22:15 / 20:00');
		const drawn = over.lines().map(line => line.trimEnd());
		const scales = [1, 2, 3].filter(scale => bigText('+2:15', scale).every(row => drawn.some(line => line.endsWith(row.trimEnd()))));
		expect(scales).toHaveLength(1);
		const warn = await render(
			<ProjectorView title="Hội nghị" wallNow={0} utcOffsetMinutes={420} agenda={agenda('warning', 45_000)} width={80} height={21} />,
			{columns: 80, rows: 24},
		);
		expect(warn.frame()).toContain('▲ ending soon · left 0:45');
		expect(phaseMark('paused')).toBe('‖');
		expect(remainingText(-61_000)).toBe('+1:01');
	});

	it('at 60×15 names the speaker with their own time first, never another site over it', async () => {
		const {ui} = await openDashboard({columns: 60, rows: 15, lang: 'vi'});
		await ui.waitFor(f => f.includes('Mục 1/5'));
		await ui.press('space');
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Mục 3/5'));
		await ui.press('t');
		await ui.press('v');
		const frame = await ui.waitFor(f => f.includes('█') && f.includes('Phát biểu: '), 'the speaker on a small projector');
		const lines = ui.lines();
		expect(lines.length).toBeLessThanOrEqual(14);
		expect(lines.every(line => line.length <= 60)).toBe(true);
		const speaker = lines.find(line => line.includes('Phát biểu: '))!;
		expect(speaker).toMatch(/Phát biểu: Phường Nguyễn Nghiêm {2}● \d+:\d\d/);
		// The next site is named on its own line, with no one's time beside it.
		const next = lines.find(line => line.includes('Tiếp theo: '))!;
		expect(next.trim()).toBe('Tiếp theo: Phường Phổ Hòa');
		expect(frame).toMatch(/còn \d+:\d\d/);
	});

	it('after the end shows that the meeting ended and when: no counting, no projected end, no next', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24, lang: 'vi'});
		await ui.waitFor(f => f.includes('Mục 1/5'));
		await ui.press('space');
		await ui.waitFor(f => f.includes('đang chạy'));
		await ui.press('e');
		await ui.press('y');
		await ui.waitFor(f => f.includes('Kết thúc lúc'), 'the end on the header');
		await ui.press('v');
		const frame = await ui.waitFor(f => f.includes('Hội nghị đã kết thúc lúc'), 'the end on the projector');
		expect(frame).not.toMatch(/đang chạy|còn \d|Ước tính|Tiếp:|Tiếp theo/);
		expect(frame).toMatch(/Hội nghị đã kết thúc lúc \d\d:\d\d/);
		expect(frame).toMatch(/Phiên \d+:\d\d · Kết thúc dự kiến \d\d:\d\d/);
		await ui.press('v');
		const main = await ui.waitFor(f => f.includes('RTT'), 'the main screen');
		expect(main).toMatch(/Kết thúc lúc \d\d:\d\d/);
		expect(main).not.toContain('Ước tính');
		expect(main).not.toMatch(/Tiếp: /);
	});

	it('tells the room nobody is speaking without a key hint for the operator', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24, lang: 'vi'});
		await ui.waitFor(f => f.includes('Mục 1/5'));
		await ui.press('space');
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Mục 3/5'));
		await ui.press('v');
		const frame = await ui.waitFor(f => f.includes('█') && f.includes('Phát biểu: '), 'the discussion on the projector');
		expect(frame).toContain('Phát biểu: chưa ai phát biểu');
		expect(frame).not.toContain('t: mời');
	});
});
