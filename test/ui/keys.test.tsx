import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {keymap} from '../../src/dashboard/keymap.js';
import {openDashboard} from './setup.js';

/** The dashboard with its first item started. */
async function openStarted(options: Parameters<typeof openDashboard>[0]) {
	const opened = await openDashboard(options);
	await opened.ui.waitFor(f => f.includes('Item 1/5'));
	await opened.ui.press('space');
	await opened.ui.waitFor(f => f.includes('[running]'), 'the first item running');
	return opened;
}

/** The dashboard at 100×30 on its roll call, nothing marked yet. */
async function openRollCall() {
	const opened = await openDashboard({columns: 100, rows: 30});
	await opened.ui.waitFor(f => f.includes('Item 1/5'));
	await opened.ui.press('a');
	await opened.ui.waitFor(f => f.includes('Attendance roll call: 0/112'), 'the roll call');
	return opened;
}

describe('keys', () => {
	it('space starts the first item; "nn" typed as one chunk ends two items', async () => {
		const {ui, meeting} = await openStarted({columns: 100, rows: 30});
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Item 3/5'), 'the third item after "nn"');
		expect(meeting.state.current).toBe(2);
		const journal = readFileSync(meeting.journalPath, 'utf8');
		expect(journal.match(/"type":"item-started"/g)?.length).toBe(3);
	});

	it('t calls the next speaker, skipping a site whose link is down and requeueing it at the end', async () => {
		const {ui, meeting} = await openStarted({columns: 100, rows: 30, downSites: ['nguyen-nghiem']});
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Item 3/5'), 'the discussion item');
		await ui.press('t');
		await ui.waitFor(f => /Speaker: . Phường Phổ Hòa/.test(f), 'the second site speaking');
		const queue = meeting.state.items[2]!.speakers!.queue;
		expect(queue.at(-1)).toBe('nguyen-nghiem');
		expect(readFileSync(meeting.journalPath, 'utf8')).toMatch(/"type":"speaker-skipped"[^\n]*"site":"nguyen-nghiem"[^\n]*link down/);
	});

	it('in Vietnamese, the alert line names the skipped site and why in Vietnamese', async () => {
		const {ui} = await openDashboard({columns: 100, rows: 30, lang: 'vi', downSites: ['nguyen-nghiem']});
		await ui.waitFor(f => f.includes('Mục 1/5'), 'the first item');
		await ui.press('space');
		await ui.waitFor(f => f.includes('[đang chạy]'), 'the first item running');
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Mục 3/5'), 'the discussion item');
		await ui.press('t');
		const frame = await ui.waitFor(
			f => f.includes('bỏ qua vì đường truyền mất kết nối, xếp lại cuối danh sách: Phường Nguyễn Nghiêm'),
			'the skipped site named in Vietnamese',
		);
		expect(frame).not.toMatch(/skipped|requeued|link down/);
	});

	it('Escape and the next key in one chunk (typed fast, or together over SSH) are both acted on: off the roll call, then the next item', async () => {
		const {ui, meeting} = await openStarted({columns: 100, rows: 30});
		await ui.press('a');
		await ui.waitFor(f => f.includes('Attendance roll call: 0/112'), 'the roll call');
		// Ink reads "\u001Bn" as n with Meta (Alt); the Escape must not be lost.
		await ui.type('\u001Bn');
		await ui.waitFor(f => f.includes('Item 2/5') && !f.includes('Attendance roll call'), 'the main screen, on the second item');
		expect(meeting.state.current).toBe(1);
	});

	it('Escape and Enter in one chunk in the reason prompt cancel it: no absence is marked, the cursor stays', async () => {
		const {ui, meeting} = await openRollCall();
		await ui.press('b');
		await ui.waitFor(f => f.includes('Absent, reason:'), 'the reason prompt');
		await ui.type('ốm');
		await ui.waitFor(f => f.includes('Absent, reason: ốm'), 'the reason typed');
		await ui.type('\u001B\r');
		await ui.waitFor(f => !f.includes('Absent, reason:'), 'the prompt closed');
		// l marks the row under the cursor: still the first, had the reason been sent it would be the second.
		await ui.press('l');
		await ui.waitFor(f => f.includes('◷ late'), 'a role marked late');
		const hub = meeting.state.attendance[meeting.state.plan.hub.id]!;
		expect(hub.slice(0, 2).map(mark => mark?.status ?? null)).toEqual(['late', null]);
	});

	it('a refused key says why on the alert line', async () => {
		const {ui} = await openDashboard({columns: 100, rows: 30});
		await ui.waitFor(f => f.includes('Item 1/5'));
		await ui.press('n');
		await ui.waitFor(f => f.includes('not done:') && f.includes('has not started yet'), 'the refusal');
	});

	it('attendance: space marks present, l late, b asks a reason and marks absent', async () => {
		const {ui, meeting} = await openRollCall();
		await ui.press('space');
		await ui.waitFor(f => f.includes('✔ present'), 'a role marked present');
		await ui.press('l');
		await ui.waitFor(f => f.includes('late'), 'a role marked late');
		await ui.press('b');
		await ui.waitFor(f => f.includes('Absent, reason:'), 'the reason prompt');
		await ui.type('ốm');
		await ui.press('enter');
		await ui.waitFor(f => f.includes('✖ absent (ốm)'), 'a role marked absent with its reason');
		const hub = meeting.state.attendance[meeting.state.plan.hub.id]!;
		expect(hub.slice(0, 3).map(mark => mark?.status)).toEqual(['present', 'late', 'absent']);
		expect(hub[2]?.reason).toBe('ốm');
		await ui.press('escape');
		await ui.waitFor(f => f.includes('Item 1/5'), 'back to the main screen');
	});

	it('attendance after the first item: space is still present (as the key line says), l is late', async () => {
		const {ui, meeting} = await openStarted({columns: 100, rows: 30});
		await ui.type('nn');
		await ui.waitFor(f => f.includes('Item 3/5'), 'the third item, a quarter hour into the meeting or more');
		await ui.press('a');
		const roll = await ui.waitFor(f => f.includes('Attendance roll call: 0/112'), 'the roll call');
		expect(roll).toMatch(/space present/);
		await ui.press('space');
		await ui.waitFor(f => f.includes('✔ present'), 'a role marked present');
		await ui.press('l');
		await ui.waitFor(f => f.includes('◷ late'), 'the next role marked late');
		const hub = meeting.state.attendance[meeting.state.plan.hub.id]!;
		expect(hub.slice(0, 2).map(mark => mark?.status)).toEqual(['present', 'late']);
		expect(readFileSync(meeting.journalPath, 'utf8')).toMatch(/"type":"attendance-marked"[^\n]*"role":0,"status":"present"/);
	});

	it('? lists every key of the keymap table', async () => {
		const {ui} = await openDashboard({columns: 120, rows: 40});
		await ui.waitFor(f => f.includes('Item 1/5'));
		const frame = await ui.press('?');
		expect(frame).toContain('Keys');
		const labels: Record<string, string> = {
			space: 'space',
			return: 'Enter',
			escape: 'Esc',
			up: '↑',
			down: '↓',
			pageup: 'PgUp',
			pagedown: 'PgDn',
			'ctrl+c': 'Ctrl-C',
		};
		const lines = frame.split('\n');
		for (const binding of keymap) {
			const keys = binding.keys.map(key => labels[key] ?? key).join(' ');
			expect(
				lines.some(line => line.includes(keys)),
				`help lists ${keys} (${binding.action})`,
			).toBe(true);
		}
		await ui.press('escape');
		await ui.waitFor(f => f.includes('Item 1/5'));
	});

	it('Enter opens the selected site with its stats and roster; g shows the agenda planned vs actual', async () => {
		const {ui} = await openDashboard({columns: 100, rows: 30});
		await ui.waitFor(f => f.includes('Item 1/5'));
		const detail = await ui.press('enter');
		expect(detail).toContain('Xã Phổ Châu — down');
		expect(detail).toContain('Roster (0/7)');
		expect(detail).toContain('Chủ tịch HĐND');
		await ui.press('escape');
		const agenda = await ui.press('g');
		expect(agenda).toContain('Agenda: planned vs actual');
		expect(agenda).toContain('Chủ trì kết luận Hội nghị');
	});

	it('q quits at once before the meeting starts, and asks y/n while it runs', async () => {
		const first = await openDashboard({columns: 100, rows: 30});
		await first.ui.waitFor(f => f.includes('Item 1/5'));
		await first.ui.press('space');
		await first.ui.waitFor(f => f.includes('[running]'));
		await first.ui.press('q');
		await first.ui.waitFor(f => f.includes('Quit the dashboard? (y/n)'), 'the question');
		expect(first.isQuit()).toBe(false);
		await first.ui.press('n');
		await first.ui.waitFor(f => !f.includes('(y/n)'), 'the question gone');
		await first.ui.press('q');
		await first.ui.waitFor(f => f.includes('(y/n)'));
		first.ui.write('y');
		await first.ui.waitFor(() => first.isQuit(), 'quit after y');

		const second = await openDashboard({columns: 100, rows: 30});
		await second.ui.waitFor(f => f.includes('Item 1/5'));
		second.ui.write('q');
		await second.ui.waitFor(() => second.isQuit(), 'quit at once');
		expect(second.ui.frame()).not.toContain('(y/n)');
	});
});
