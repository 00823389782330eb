import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {readJournal} from '../../src/hub/journal.js';
import {Meeting} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {buildReport} from '../../src/documents/report.js';
import {reportMarkdown} from '../../src/documents/report-markdown.js';
import {fixturePlanFile} from '../helpers/session.js';

// The hub's heartbeat on a real journal: a child process runs a meeting and is SIGKILLed while
// nothing else is happening; the minutes date the crash from its last heartbeat, the restart
// resumes the same state (heartbeats change nothing), and the meeting's language is kept.

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-heartbeat-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const types = (file: string) =>
	readFileSync(file, 'utf8')
		.split('\n')
		.slice(1)
		.filter(Boolean)
		.map(line => (JSON.parse(line) as {type: string}).type);

async function poll<T>(read: () => T, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
	const until = performance.now() + timeoutMs;
	for (;;) {
		const value = read();
		if (done(value)) return value;
		if (performance.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

describe('the hub journals that it is alive', () => {
	it('a quiet running meeting gets heartbeats; after a kill the gap starts at the last one, and the state is as it was', async () => {
		const journal = path.join(dir, 'killed.jsonl');
		const child = execa(
			'node',
			[
				'--import',
				'tsx',
				path.join(root, 'test/helpers/heartbeat-child.ts'),
				'--journal',
				journal,
				'--heartbeat',
				'100',
				'--data',
				path.join(dir, 'data'),
			],
			{cwd: root, reject: false},
		);
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
		await poll(
			() => out,
			text => text.includes('started\n') || child.exitCode !== null,
			'the child hub to start the meeting',
		);
		expect(out).toContain('started');
		const seen = await poll(
			() => types(journal),
			list => list.filter(type => type === 'heartbeat').length >= 3,
			'three heartbeats',
		);
		// Nothing but the start and the heartbeats: the hub wrote only to say it was alive.
		expect(seen.slice(0, 2)).toEqual(['session-started', 'item-started']);
		expect(seen.slice(2).every(type => type === 'heartbeat')).toBe(true);
		child.kill('SIGKILL');
		await child;
		const before = await readJournal(journal);
		const last = before.events.at(-1)!;
		expect(last.type).toBe('heartbeat');
		expect(before.header.lang).toBe('en');

		// The restart: replay gives the state the killed hub had (heartbeats move nothing but seq).
		const {meeting} = await Meeting.open(loadPlan(fixturePlanFile), {journal, heartbeatMs: 0, dataDir: path.join(dir, 'data')});
		const started = before.events.filter(event => event.type !== 'heartbeat');
		expect(meeting.state.seq).toBe(last.seq);
		expect(meeting.state.startedAt).toBe(started.find(event => event.type === 'session-started')!.at);
		expect(meeting.state.items.map(item => item.status)).toEqual(['running', 'pending', 'pending', 'pending', 'pending']);
		expect(await meeting.intent({type: 'note', text: 'sau sự cố'})).toEqual({ok: true});
		await meeting.close();

		const after = await readJournal(journal);
		const {report, details} = buildReport(after.header, after.events);
		expect(report.hubGaps).toHaveLength(1);
		expect(Date.parse(report.hubGaps[0]!.from)).toBe(Math.floor(last.at / 1000) * 1000 + (last.at % 1000 >= 500 ? 1000 : 0));
		expect(report.hubGaps[0]!.clean).toBe(false);
		const local = report.hubGaps[0]!.from.slice(11, 19);
		expect(reportMarkdown(report, details, 'en')).toContain(
			`its last sign of life ${local}; restarted ${report.hubGaps[0]!.to.slice(11, 19)}`,
		);
		expect(reportMarkdown(report, details, 'vi')).toContain(`còn hoạt động lần cuối lúc ${local}, chạy lại lúc`);
		// Heartbeats are not incidents.
		expect(report.incidents).toEqual([]);
	}, 60_000);

	it('no heartbeat before the meeting starts, nor after it ends', async () => {
		const journal = path.join(dir, 'idle.jsonl');
		const {meeting} = await Meeting.open(loadPlan(fixturePlanFile), {journal, heartbeatMs: 20, dataDir: path.join(dir, 'data')});
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(types(journal)).toEqual([]);
		await meeting.intent({type: 'toggle-item'});
		await poll(
			() => types(journal),
			list => list.includes('heartbeat'),
			'a heartbeat once the meeting runs',
		);
		await meeting.intent({type: 'end-session'});
		const count = types(journal).length;
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(types(journal)).toHaveLength(count);
		await meeting.close();
	});
});
