import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readJournal} from '../../src/hub/journal.js';
import {Meeting} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {runWriter, shownStates} from '../helpers/journal-child.js';
import {fixturePlanFile} from '../helpers/session.js';

// A real child process runs a meeting on a real journal file and is SIGKILLed after a random
// number of acknowledged intents, five times in a row on the same file. Every state the child
// showed must be rebuilt exactly by replaying the journal, and each restart resumes there.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-kill-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('SIGKILL while appending', () => {
	it('loses no acknowledged event and resumes to the state last shown, round after round', async () => {
		const journal = path.join(dir, 'meeting.jsonl');
		let tornTails = 0;
		for (let round = 0; round < 5; round++) {
			const killAfter = 5 + ((round * 37) % 40);
			const {lines, signal} = await runWriter(journal, {seed: 100 + round, killAfter});
			expect(signal).toBe('SIGKILL');
			const acks = lines.filter(line => line.ack !== undefined);
			expect(acks).toHaveLength(killAfter);
			const {events, warnings} = await readJournal(journal);
			if (warnings.length > 0) tornTails++;
			const shown = shownStates(events);
			// The restart (this round's first line) resumed to what the file held after the last kill.
			expect(lines[0]!.resumed).toBeLessThanOrEqual(acks[0]!.ack! - 1);
			expect(lines[0]!.state).toEqual(shown[lines[0]!.resumed!]);
			for (const ack of acks) {
				expect(events.length, `acknowledged event ${ack.ack} is in the journal`).toBeGreaterThanOrEqual(ack.ack!);
				expect(shown[ack.ack!], `state shown at seq ${ack.ack}`).toEqual(ack.state);
			}
			// At most the intent in flight when killed may be there beyond the last ack (never shown, never half).
			expect(events.length - acks.at(-1)!.ack!).toBeLessThanOrEqual(40);
		}
		const {meeting, warnings} = await Meeting.open(loadPlan(fixturePlanFile), {journal, utcOffsetMinutes: 420});
		const {events} = await readJournal(journal);
		expect(JSON.parse(JSON.stringify({...meeting.state, plan: undefined}))).toEqual(shownStates(events).at(-1));
		expect(warnings.length).toBeLessThanOrEqual(1);
		const outcome = await meeting.intent({type: 'note', text: 'sau sự cố'});
		expect(outcome).toEqual({ok: true});
		await meeting.close();
		// While the meeting runs: the resume marker (written with the first event after a restart), the
		// note, then the clean stop. After its end, only the note (nothing of the hub is news then).
		const after = (await readJournal(journal)).events.slice(events.length);
		if (meeting.state.endedAt !== null) expect(after).toMatchObject([{type: 'note', text: 'sau sự cố', seq: events.length + 1}]);
		else
			expect(after).toMatchObject([
				{type: 'hub-resumed', seq: events.length + 1},
				{type: 'note', text: 'sau sự cố', seq: events.length + 2},
				{type: 'hub-stopped'},
			]);
		process.stdout.write(`SIGKILL rounds: 5, torn tails found: ${tornTails}\n`);
	});
});
