import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {isDeepStrictEqual} from 'node:util';
import {spawn} from 'node:child_process';
import {afterAll, describe, expect, it} from 'vitest';
import {readJournal} from '../../src/hub/journal.js';
import {Meeting} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {prng} from '../helpers/random-intents.js';
import {shownStates, type WriterLine} from '../helpers/journal-child.js';
import {fixturePlanFile} from '../helpers/session.js';
import {figure, tempDir} from './util.js';

// The town-hall laptop crashing mid-meeting, 20 times: a hub process (test/helpers/journal-writer.ts:
// a seeded scripted meeting on a real journal, printing every state it shows once durable) is
// SIGKILLed at a random moment — after a random number of acknowledged intents, or after a
// random delay that may fall while it starts, while it repairs a torn tail, or mid-write — and
// started again on the same journal. Every state it showed must be rebuilt exactly from the
// journal, and every restart must resume where the file left off: no acknowledged event lost.

const root = path.resolve(import.meta.dirname, '../..');
const writer = path.join(root, 'test/helpers/journal-writer.ts');
const KILLS = 20;
const ROUNDS_PER_JOURNAL = 5; // a fresh meeting every 5 crashes, so the script never runs out of intents
const temp = tempDir('hubkill');
afterAll(() => temp.remove());

/** Run the writer; SIGKILL it after `acks` acknowledged intents or `ms` after spawning, whichever comes first. */
async function crashRun(
	journal: string,
	seed: number,
	kill: {acks: number; ms: number},
): Promise<{lines: WriterLine[]; signal: string | null; output: string}> {
	const child = spawn('node', ['--import', 'tsx', writer, '--journal', journal, '--seed', String(seed)], {
		cwd: root,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const timer = setTimeout(() => child.kill('SIGKILL'), kill.ms);
	const lines: WriterLine[] = [];
	let stderr = '';
	let pending = '';
	let acks = 0;
	child.stderr.on('data', chunk => (stderr += chunk));
	child.stdout.setEncoding('utf8'); // a Vietnamese character may be split between two chunks
	child.stdout.on('data', (chunk: string) => {
		pending += chunk;
		let at: number;
		while ((at = pending.indexOf('\n')) >= 0) {
			const parsed = JSON.parse(pending.slice(0, at)) as WriterLine;
			pending = pending.slice(at + 1);
			lines.push(parsed);
			// Lines already in the pipe when it dies were shown too: they are read (and checked) after the kill.
			if (parsed.ack !== undefined && ++acks === kill.acks) child.kill('SIGKILL');
		}
	});
	// 'close' comes once the process has exited and both pipes are drained.
	const signal = await new Promise<string | null>(resolve => child.once('close', (_code, sig) => resolve(sig)));
	clearTimeout(timer);
	return {lines, signal, output: stderr + pending};
}

describe('hub SIGKILLed at random moments during a scripted meeting', () => {
	it(`resumes to the state last shown and loses no acknowledged event, ${KILLS} kills`, async () => {
		const rand = prng(20_211_125);
		let lost = 0;
		let acked = 0;
		let resumes = 0;
		let killedBeforeOpen = 0;
		let tornTails = 0;
		let maxUnshown = 0;
		for (let kill = 0; kill < KILLS; kill++) {
			const journal = path.join(temp.dir, `meeting-${Math.floor(kill / ROUNDS_PER_JOURNAL)}.jsonl`);
			const before = kill % ROUNDS_PER_JOURNAL === 0 ? 0 : (await readJournal(journal)).events.length;
			// Half the kills after 1..60 acks, half after 0.2..3 s (startup with tsx included).
			const moment =
				kill % 2 === 0
					? {acks: 1 + Math.floor(rand() * 60), ms: 15_000}
					: {acks: Number.POSITIVE_INFINITY, ms: 200 + Math.floor(rand() * 2800)};
			const {lines, signal, output} = await crashRun(journal, 1000 + kill, moment);
			expect(signal, output).toBe('SIGKILL');
			expect(
				lines.some(line => line.failed),
				output,
			).toBe(false);
			const contents = await readJournal(journal).catch(() => null);
			const events = contents?.events ?? [];
			if ((contents?.warnings.length ?? 0) > 0) tornTails++;
			const shown = shownStates(events);
			const opened = lines.find(line => line.resumed !== undefined);
			if (opened) {
				resumes++;
				// Resumed exactly where the file stood after the last crash (its torn tail, if any, dropped).
				expect(opened.resumed, `kill ${kill}: resumed`).toBe(before);
				expect(opened.state, `kill ${kill}: state on resume`).toEqual(shown[before]);
			} else {
				killedBeforeOpen++;
			}
			const acks = lines.filter(line => line.ack !== undefined);
			acked += acks.length;
			for (const ack of acks) {
				const kept = events.length >= ack.ack! && isDeepStrictEqual(shown[ack.ack!], ack.state);
				if (!kept) lost++;
				expect(kept, `kill ${kill}: acknowledged event ${ack.ack} and the state shown with it are in the journal`).toBe(true);
			}
			// Beyond the last state shown, only the batch in flight may have reached the file.
			maxUnshown = Math.max(maxUnshown, events.length - (acks.at(-1)?.ack ?? before));
		}
		// A last, clean open of every journal replays to its final state and takes new events.
		for (let j = 0; j < KILLS / ROUNDS_PER_JOURNAL; j++) {
			const journal = path.join(temp.dir, `meeting-${j}.jsonl`);
			const {meeting} = await Meeting.open(loadPlan(fixturePlanFile), {journal, utcOffsetMinutes: 420});
			const {events} = await readJournal(journal);
			expect(JSON.parse(JSON.stringify({...meeting.state, plan: undefined}))).toEqual(shownStates(events).at(-1));
			expect(await meeting.intent({type: 'note', text: 'sau sự cố'})).toEqual({ok: true});
			await meeting.close();
		}
		// The plan's tokens never reach a journal.
		const tokens = readdirSync(path.join(root, 'fixtures/tokens'))
			.filter(name => name.endsWith('.token'))
			.map(name => readFileSync(path.join(root, 'fixtures/tokens', name), 'utf8').trim());
		for (const name of readdirSync(temp.dir)) {
			const text = readFileSync(path.join(temp.dir, name), 'utf8');
			for (const token of tokens) expect(text.includes(token), `a token in ${name}`).toBe(false);
		}
		expect(lost).toBe(0);
		expect(acked).toBeGreaterThan(100);
		figure('hub-kill', {
			kills: KILLS,
			resumes,
			killedBeforeOpen,
			acknowledgedEvents: acked,
			eventsLost: lost,
			tornTailsRepaired: tornTails,
			largestBatchInFlightAtKill: maxUnshown,
		});
	}, 400_000);
});
