// Run by disk-full.test.ts inside its own mount namespace, with DIR a tiny tmpfs:
//   node --import tsx test/faults/disk-full-child.ts DIR
// Runs a meeting whose journal is on DIR, fills the disk, keeps working, frees the disk again.
// Prints one JSON line per step: what the intent resolved to, journalError, and whether the
// state shown equals a replay of what the journal file holds at that moment.
import {closeSync, openSync, rmSync, writeSync} from 'node:fs';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {readJournal} from '../../src/hub/journal.js';
import {Meeting, type IntentOutcome} from '../../src/hub/meeting.js';
import {initialSession, replaySession} from '../../src/model/meeting/session.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {fixturePlanFile} from '../helpers/session.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

const dir = process.argv[2]!;
const journal = path.join(dir, 'meeting.jsonl');
const loaded = loadPlan(fixturePlanFile);
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const plain = (value: unknown) => JSON.parse(JSON.stringify(value));

const {meeting} = await Meeting.open(loaded, {journal, utcOffsetMinutes: 420, linkFlushMs: 20});
const alerts: Array<string | null> = [];
meeting.onChange(() => alerts.push(meeting.journalError));

/** Is the state shown exactly what the journal file holds (never ahead, never behind)? */
async function step(name: string, outcome: IntentOutcome | null): Promise<void> {
	// The state shown is taken first, the file read after: a link batch the meeting writes while we
	// read may put the file ahead of the snapshot (allowed), never behind it. Compare the snapshot
	// with the file's events up to the snapshot's seq.
	const shown = meeting.state;
	const journalError = meeting.journalError;
	const {events} = await readJournal(journal);
	const upTo = events.filter(event => event.seq <= shown.seq);
	const replayed = replaySession(initialSession(loaded.plan, {utcOffsetMinutes: 420}), upTo);
	print({
		name,
		outcome,
		journalError,
		stateSeq: shown.seq,
		journalSeq: upTo.at(-1)?.seq ?? 0,
		linksInJournal: upTo.filter(event => event.type.startsWith('link-')).length,
		sameAsJournal: isDeepStrictEqual(plain({...shown, plan: undefined}), plain({...replayed, plan: undefined})),
	});
}

await step('open', null);
await step('start', await meeting.intent({type: 'toggle-item'}));
await step('attendance', await meeting.intent({type: 'mark-attendance', site: 'pho-an', role: 0, status: 'present'}));

// Fill the disk: a filler file takes every block left.
const filler = path.join(dir, 'filler');
const fd = openSync(filler, 'w');
const block = Buffer.alloc(4096, 0x61);
let filled = 0;
try {
	for (;;) filled += writeSync(fd, block);
} catch (error) {
	print({name: 'filled', bytes: filled, code: (error as NodeJS.ErrnoException).code});
} finally {
	closeSync(fd);
}

// Keep working on a full disk: the journal file's last page may take a few more lines, then writes fail.
let failures = 0;
for (let i = 0; i < 300 && failures < 5; i++) {
	if (i % 3 === 0)
		meeting.recordLink({
			site: 'pho-chau',
			type: i % 2 ? 'up' : 'down',
			grade: i % 2 ? 'good' : 'down',
			previous: i % 2 ? 'down' : 'good',
			reason: linkReason('timeout', {}),
		});
	const outcome = await meeting.intent({
		type: 'note',
		text: `Ghi chú số ${i}: điểm cầu báo mất tiếng, kỹ thuật đang kiểm tra lại đường truyền.`,
	});
	if (!outcome.ok) failures++;
	await step(`note ${i}`, outcome);
}
await meeting.flush();
await step('flush on a full disk', null);

// Free the disk: the next write goes through, with the link events that waited.
rmSync(filler);
await step('after freeing', await meeting.intent({type: 'note', text: 'Đã dọn đĩa, tiếp tục ghi biên bản.'}));
await meeting.flush();
await step('flush after freeing', null);
await meeting.close();
print({name: 'alerts', alerts});
