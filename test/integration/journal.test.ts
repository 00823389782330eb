import {appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {warningWords} from '../../src/i18n/warning-words.js';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {DiemcauError} from '../../src/cli/errors.js';
import {defaultJournalPath, readJournal} from '../../src/hub/journal.js';
import {Meeting} from '../../src/hub/meeting.js';
import {planIdentity, type Plan} from '../../src/model/plan/plan.js';
import {currentItem, itemTiming} from '../../src/model/meeting/session-view.js';
import {runWriter, shownStates} from '../helpers/journal-child.js';
import {fixturePlan, MIN, T0} from '../helpers/session.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

const root = mkdtempSync(path.join(tmpdir(), 'diemcau-journal-'));
afterAll(() => rmSync(root, {recursive: true, force: true}));
let count = 0;
const freshDir = () => mkdtempSync(path.join(root, `${count++}-`));

/** A clock the test moves by hand (epoch ms). */
function manualClock(start = T0) {
	let now = start;
	return {clock: () => now, advance: (ms: number) => (now += ms)};
}

async function rejection(promise: Promise<unknown>): Promise<DiemcauError> {
	const error = await promise.then(
		() => null,
		(error: unknown) => error,
	);
	expect(error).toBeInstanceOf(DiemcauError);
	return error as DiemcauError;
}

/** A meeting of the fixture plan with a few intents journaled: opening done, topics running. */
async function recordedJournal(file: string) {
	const time = manualClock();
	const {meeting} = await Meeting.open({plan: fixturePlan()}, {journal: file, clock: time.clock, utcOffsetMinutes: 420});
	await meeting.intent({type: 'toggle-item'});
	await meeting.intent({type: 'mark-attendance', site: 'pho-an', role: 0, status: 'present'});
	time.advance(11 * MIN);
	await meeting.intent({type: 'next-item'});
	time.advance(2 * MIN);
	await meeting.intent({type: 'mark-attendance', site: 'pho-an', role: 1, status: 'present'});
	await meeting.close();
	return time;
}

describe('journal file', () => {
	it('lives in the data dir, one file per plan identity, and a copy of the plan on other ports resumes it', async () => {
		const dataDir = freshDir();
		const plan = fixturePlan();
		const time = manualClock();
		const {meeting} = await Meeting.open({plan}, {dataDir, clock: time.clock, utcOffsetMinutes: 420});
		expect(meeting.journalPath).toBe(defaultJournalPath(planIdentity(plan), dataDir));
		expect(path.dirname(meeting.journalPath)).toBe(path.join(dataDir, 'journals'));
		expect(await meeting.intent({type: 'toggle-item'})).toEqual({ok: true});
		const lines = readFileSync(meeting.journalPath, 'utf8').split('\n');
		expect(JSON.parse(lines[0]!)).toMatchObject({type: 'journal', v: 1, plan: planIdentity(plan), utcOffsetMinutes: 420});
		expect(lines.slice(1)).toEqual([
			'{"seq":1,"at":"2021-11-25T01:00:00.000Z","type":"session-started"}',
			'{"seq":2,"at":"2021-11-25T01:00:00.000Z","type":"item-started","item":"opening"}',
			'',
		]);
		await meeting.close();
		const moved: Plan = {...plan, sites: plan.sites.map(site => ({...site, endpoint: site.endpoint!.replace(':77', ':97')}))};
		time.advance(3 * MIN);
		const again = await Meeting.open({plan: moved}, {dataDir, clock: time.clock});
		expect(again.meeting.journalPath).toBe(meeting.journalPath);
		expect(again.warnings).toEqual([]);
		expect(itemTiming(again.meeting.state, 0, time.clock())).toMatchObject({elapsedMs: 3 * MIN, phase: 'running'});
		await again.meeting.close();
	});

	it('resumes the same item, timers and attendance after a restart', async () => {
		const file = path.join(freshDir(), 'j.jsonl');
		const time = await recordedJournal(file);
		const {meeting} = await Meeting.open({plan: fixturePlan()}, {journal: file, clock: time.clock});
		expect(currentItem(meeting.state).id).toBe('topics');
		expect(itemTiming(meeting.state, 1, time.clock())).toMatchObject({elapsedMs: 2 * MIN, phase: 'running'});
		expect(meeting.state.attendance['pho-an']!.slice(0, 2).map(mark => mark?.status)).toEqual(['present', 'present']);
		await meeting.close();
	});

	it('drops a torn last line with a warning and continues the numbering', async () => {
		const file = path.join(freshDir(), 'j.jsonl');
		const time = await recordedJournal(file);
		const good = readFileSync(file);
		appendFileSync(file, '{"seq":8,"at":"2021-11-25T01:13:0');
		const {meeting, warnings} = await Meeting.open({plan: fixturePlan()}, {journal: file, clock: time.clock});
		expect(warnings).toHaveLength(1);
		expect(warningWords.word(warnings[0]!, 'en')).toMatch(/the last line was cut off \(33 bytes/);
		expect(readFileSync(file)).toEqual(good);
		// 6 events and the clean stop (close while the meeting ran) before the torn line.
		expect(meeting.state.seq).toBe(7);
		await meeting.intent({type: 'note', text: 'tiếp tục'});
		await meeting.close();
		// The resume is marked (with the first event written after it), then the note, then the stop.
		expect((await readJournal(file)).events.slice(-3).map(event => [event.seq, event.type])).toEqual([
			[8, 'hub-resumed'],
			[9, 'note'],
			[10, 'hub-stopped'],
		]);
	});

	it('refuses a journal damaged in the middle, naming the line, and leaves it byte-identical', async () => {
		const file = path.join(freshDir(), 'j.jsonl');
		const time = await recordedJournal(file);
		const lines = readFileSync(file, 'utf8').split('\n');
		lines[3] = `#garbage#${lines[3]}`;
		writeFileSync(file, lines.join('\n'));
		const before = readFileSync(file);
		const error = await rejection(Meeting.open({plan: fixturePlan()}, {journal: file, clock: time.clock}));
		expect(error).toMatchObject({code: 'DIEMCAU_JOURNAL_CORRUPT', exitCode: 2});
		expect(error.message).toMatch(/is damaged at line 4: it is not JSON\. It was left untouched/);
		expect(readFileSync(file)).toEqual(before);
		// A missing event (seq gap) is damage too.
		lines.splice(3, 1);
		writeFileSync(file, lines.join('\n'));
		const gap = await rejection(readJournal(file));
		expect(gap.message).toMatch(/line 4: expected event number 3, found 4/);
	});

	it('refuses the journal of another plan (exit 2), and --fresh starts over keeping the old file', async () => {
		const dir = freshDir();
		const file = path.join(dir, 'j.jsonl');
		const time = await recordedJournal(file);
		const before = readFileSync(file);
		const other: Plan = {...fixturePlan(), session: {...fixturePlan().session, date: '2022-11-25'}};
		const error = await rejection(Meeting.open({plan: other}, {journal: file, clock: time.clock}));
		expect(error).toMatchObject({code: 'DIEMCAU_JOURNAL_OTHER_PLAN', exitCode: 2});
		expect(error.message).toMatch(/belongs to another meeting .*2021-11-25, 15 sites, 5 agenda items.*--fresh/);
		expect(readFileSync(file)).toEqual(before);
		const {meeting, warnings} = await Meeting.open({plan: other}, {journal: file, fresh: true, clock: time.clock});
		expect(meeting.state.seq).toBe(0);
		expect(warningWords.word(warnings[0]!, 'en')).toMatch(/previous one was kept as .*j\.2021-11-25T01-13-00-000Z\.jsonl/);
		await meeting.close();
		const kept = readdirSync(dir).filter(name => name !== 'j.jsonl');
		expect(kept).toHaveLength(1);
		expect(readFileSync(path.join(dir, kept[0]!))).toEqual(before);
	});

	it('begins again a file cut off before its header was whole', async () => {
		const file = path.join(freshDir(), 'j.jsonl');
		writeFileSync(file, '{"type":"journal","v":1,"pl');
		const {meeting, warnings} = await Meeting.open({plan: fixturePlan()}, {journal: file});
		expect(warningWords.word(warnings[0]!, 'en')).toMatch(/cut off/);
		await meeting.intent({type: 'toggle-item'});
		await meeting.close();
		expect((await readJournal(file)).events.map(event => event.type)).toEqual(['session-started', 'item-started', 'hub-stopped']);
	});

	it('writes link transitions within the flush delay, and before a later operator event', async () => {
		const file = path.join(freshDir(), 'j.jsonl');
		const {meeting} = await Meeting.open({plan: fixturePlan()}, {journal: file, linkFlushMs: 50});
		meeting.recordLink({site: 'pho-an', type: 'down', grade: 'down', previous: 'good', reason: linkReason('timeout', {})});
		expect(meeting.state.links['pho-an']).toBeUndefined(); // not shown before it is durable
		const deadline = Date.now() + 10_000;
		// Wait for the screen's state, then check the file already had it (the bytes can be in the
		// file a moment before the datasync returns and the state shows them, never after).
		while (meeting.state.links['pho-an'] !== 'down' && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 20));
		expect(meeting.state.links['pho-an']).toBe('down');
		expect(readFileSync(file, 'utf8')).toContain('link-down');
		meeting.recordLink({site: 'pho-an', type: 'up', grade: 'fair', previous: 'down'});
		await meeting.intent({type: 'toggle-item'});
		await meeting.close();
		expect((await readJournal(file)).events.map(event => [event.seq, event.type])).toEqual([
			[1, 'link-down'],
			[2, 'link-up'],
			[3, 'session-started'],
			[4, 'item-started'],
			[5, 'hub-stopped'], // closed while the meeting ran: the minutes show the hub's gap from here
		]);
	});

	it('a failing disk (EFBIG under ulimit -f) is shown as journalError, and the state never runs ahead of the file', async () => {
		const file = path.join(freshDir(), 'j.jsonl');
		const {lines, exitCode} = await runWriter(file, {seed: 7, fileSizeKb: 16});
		expect(exitCode).toBe(3);
		const failure = lines.at(-1)!;
		expect(failure.failed).toMatch(/^journal write failed: the file is too large \(EFBIG\) on /);
		expect(failure.journalError).toBe(failure.failed);
		// The failure travels as data (the file, the system's code), worded per language where shown.
		expect(failure.refusal).toMatchObject({code: 'journal-write-failed', failure: {file, errno: 'EFBIG'}});
		expect(failure.journalFailure).toEqual((failure.refusal as {failure?: unknown} | undefined)?.failure);
		expect(failure.logVi).toBe(`bị từ chối: không ghi được nhật ký ${file}: tệp quá lớn (EFBIG)`);
		expect(failure.alertVi).toBe(`không ghi được nhật ký ${file}: tệp quá lớn (EFBIG)`);
		const {events, warnings} = await readJournal(file);
		expect(warnings).toEqual([]); // the partial write was undone: no half line left behind
		const shown = shownStates(events);
		expect(failure.state).toEqual(shown.at(-1));
		const acks = lines.filter(line => line.ack !== undefined);
		expect(acks.length).toBeGreaterThan(10);
		expect(acks.at(-1)!.state).toEqual(shown[acks.at(-1)!.ack!]);
		expect(existsSync(file)).toBe(true);
	});
});
