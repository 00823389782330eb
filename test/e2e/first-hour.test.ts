import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {BIN, poll, Terminal} from './tmux.js';

// The first hour of a new technician, in a real terminal: their own 3-site plan,
// three agents started by hand, the roll call with ↓ pressed between marks, `u` to clear a
// mark, the speaker queue with a killed agent, `-` pressed past the end, ending the meeting,
// resuming it, and `report` with no argument. Each step asserts what the user would see.

const work = mkdtempSync(path.join(tmpdir(), 'diemcau-first-hour-'));
const agents: StartedAgent[] = [];
const terminals: Terminal[] = [];
afterAll(async () => {
	for (const terminal of terminals) await terminal.close();
	for (const agent of agents) await agent.stop();
	rmSync(work, {recursive: true, force: true});
});

const TOKENS = {
	'pho-an': randomBytes(32).toString('base64url'),
	'pho-chau': randomBytes(32).toString('base64url'),
	'pho-cuong': randomBytes(32).toString('base64url'),
};

function today(): string {
	const now = new Date();
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The plan a technician writes from the README: three communes, a roll call, a speaker item, a closing. */
function writePlan(ports: Record<string, number>): string {
	mkdirSync(path.join(work, 'tokens'), {recursive: true});
	for (const [id, token] of Object.entries(TOKENS)) writeFileSync(path.join(work, 'tokens', `${id}.token`), `${token}\n`, {mode: 0o600});
	const site = (id: string, name: string) => `  - id: ${id}
    name: "${name}"
    kind: commune
    endpoint: ws://127.0.0.1:${ports[id]}/probe
    token: {file: tokens/${id}.token}
    roster:
      - {role: "Chủ tịch HĐND"}
      - {role: "Phó Chủ tịch HĐND"}
`;
	const file = path.join(work, 'hop-thu.yaml');
	writeFileSync(
		file,
		`version: 1
session: {title: "Họp thử ba xã", date: ${today()}, start: "08:00"}
hub: {id: thi-xa, name: "Hội trường"}
sites:
${site('pho-an', 'Xã Phổ An')}${site('pho-chau', 'Xã Phổ Châu')}${site('pho-cuong', 'Xã Phổ Cường')}agenda:
  - {id: opening, title: "Khai mạc, điểm danh", minutes: 10}
  - {id: discussion, title: "Thảo luận", minutes: 6, speakers: {perSpeakerMinutes: 2}}
  - {id: closing, title: "Kết luận", minutes: 5}
`,
	);
	return file;
}

const exitCode = (terminal: Terminal) =>
	poll(
		() => (existsSync(terminal.exitFile) ? readFileSync(terminal.exitFile, 'utf8').trim() : null),
		code => code !== null,
		'the dashboard to exit',
	);

/** The line of the screen holding `text`. */
const lineWith = (screen: string, text: string) => screen.split('\n').find(line => line.includes(text)) ?? '';

describe('the first hour of a new technician', () => {
	it('writes a plan, runs a short meeting from its first item to its end, and files the minutes', async () => {
		// The communes' agents first, each on any free port; the plan names the ports they took.
		const ports: Record<string, number> = {};
		for (const [site, token] of Object.entries(TOKENS)) {
			const agent = await startAgent({site, token, simulate: 'good'});
			agents.push(agent);
			ports[site] = agent.port;
		}
		const plan = writePlan(ports);
		const check = await execa('node', [BIN, 'plan', 'check', plan], {reject: false});
		expect(check.exitCode, check.stderr).toBe(0);
		expect(check.stdout).toBe(`ok Họp thử ba xã — ${today()} 08:00: 3 sites, 3 agenda items (0 optional), 21 min planned`);

		const env = {XDG_DATA_HOME: path.join(work, 'data'), DIEMCAU_CONFIG_DIR: path.join(work, 'config')};
		const terminal = await Terminal.start(['run', plan, '--lang', 'en'], {columns: 80, rows: 24}, env);
		terminals.push(terminal);
		await terminal.waitFor(s => s.includes('Item 1/3') && /●3/.test(s), 'the dashboard with three sites up');

		// The roll call: the key line says the cursor moves on after a mark.
		await terminal.keys(['Space']);
		await terminal.waitFor(s => s.includes('[running]'), 'the first item running');
		await terminal.keys(['a']);
		let screen = await terminal.waitFor(s => s.includes('Attendance roll call: 0/6'), 'the roll call');
		expect(lineWith(screen, 'quit')).toMatch(/^each mark moves ↓: +space present +l late +b absent +u clear /);
		await terminal.keys(['Space']);
		screen = await terminal.waitFor(s => s.includes('Chủ tịch HĐND — Xã Phổ An: present'), 'the mark named on the alert line');
		// ↓ after the mark (as a new user does) steps past the row the cursor had moved to.
		await terminal.keys(['Down']);
		await terminal.keys(['Space']);
		screen = await terminal.waitFor(s => s.includes('Chủ tịch HĐND — Xã Phổ Châu: present'), 'the third row marked');
		expect(screen).toContain('Attendance roll call: 2/6');
		// `u` clears a mark: back up to Phổ An's chairman and clear it.
		await terminal.keys(['Up', 'Up', 'Up', 'Up']);
		await terminal.keys(['u']);
		screen = await terminal.waitFor(s => s.includes('Chủ tịch HĐND — Xã Phổ An: not marked'), 'the mark cleared');
		expect(screen).toContain('Attendance roll call: 1/6');
		await terminal.keys(['l']);
		await terminal.waitFor(s => s.includes('Chủ tịch HĐND — Xã Phổ An: late'), 'marked late in the first item');
		await terminal.keys(['Escape']);
		await terminal.waitFor(s => s.includes('Item 1/3'), 'back to the main screen');

		// The speaker queue, with Phổ Châu's agent killed before its turn.
		await terminal.keys(['n']);
		await terminal.waitFor(s => s.includes('Item 2/3'), 'the discussion item');
		await terminal.keys(['t']);
		await terminal.waitFor(s => /Speaker: . Xã Phổ An/.test(s), 'Phổ An speaking');
		await agents[1]!.stop();
		await terminal.waitFor(s => /✖ Xã Phổ Châu/.test(s), 'Phổ Châu down', 30_000);
		await terminal.keys(['t']);
		screen = await terminal.waitFor(s => /Speaker: . Xã Phổ Cường/.test(s), 'Phổ Cường called, Phổ Châu skipped');
		expect(screen).toContain('skipped (link down, requeued): Xã Phổ Châu');

		// `-` past the end: the item cannot be shorter than a minute, and the screen says so.
		await terminal.keys(['-', '-', '-', '-', '-', '-']);
		screen = await terminal.waitFor(s => s.includes('is already one minute long'), 'the refusal of a seventh minute less');

		// The last item: `n` offers to end the meeting; the key line shows `e`.
		await terminal.keys(['n']);
		screen = await terminal.waitFor(s => s.includes('Item 3/3'), 'the last item');
		expect(lineWith(screen, 'quit')).toMatch(/e end meeting/);
		await terminal.keys(['n']);
		screen = await terminal.waitFor(
			s => s.includes('End the meeting? The item on the floor ends with it. (y/n)'),
			'n on the last item offers the end',
		);
		await terminal.keys(['y']);
		screen = await terminal.waitFor(s => s.includes('The meeting has ended'), 'the meeting ended');
		// Keys that would change it say it has ended.
		await terminal.keys(['Space']);
		await terminal.waitFor(s => s.includes('the meeting has ended'), 'space refused after the end');
		// q quits without asking.
		await terminal.keys(['q']);
		expect(await exitCode(terminal)).toBe('0');

		// Resume: the same plan again opens the main view, ended, from its journal.
		const again = await Terminal.start(['run', plan, '--lang', 'en'], {columns: 80, rows: 24}, env);
		terminals.push(again);
		screen = await again.waitFor(
			s => s.includes('resumed from the journal') && s.includes('Item 3/3'),
			'the resumed meeting on the main view',
		);
		await again.keys(['q']);
		expect(await exitCode(again)).toBe('0');

		// The minutes, with no argument: the last meeting's journal, named by date and title.
		const report = await execa('node', [BIN, 'report'], {reject: false, env});
		expect(report.exitCode, report.stderr).toBe(0);
		const journal = path.join(work, 'data', 'diemcau-nodejs', 'journals', `${today()}-hop-thu-ba-xa.jsonl`);
		expect(report.stderr).toBe(`diemcau: the last meeting's journal: ${journal} ("Họp thử ba xã", ${today()})`);
		expect(report.stdout).not.toContain('Chưa kết thúc');
		const json = await execa('node', [BIN, 'report', journal, '--format', 'json'], {reject: false});
		const minutes = JSON.parse(json.stdout) as {
			session: {endedAt: string | null};
			attendance: Array<{site: string; present: number; late: number}>;
		};
		expect(minutes.session.endedAt).not.toBeNull();
		expect(minutes.attendance.find(row => row.site === 'pho-an')).toMatchObject({present: 0, late: 1});
		expect(minutes.attendance.find(row => row.site === 'pho-chau')).toMatchObject({present: 1, late: 0});
		expect(readFileSync(journal, 'utf8')).toMatch(/"type":"attendance-marked","site":"pho-an","role":0,"status":"unmarked"/);
	}, 180_000);
});
