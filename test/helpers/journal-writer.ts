// A child process that runs a random meeting on a journal until it is killed (or --count intents
// are accepted). Run with `node --import tsx test/helpers/journal-writer.ts --journal FILE --seed N`.
// After opening it prints `{"resumed":seq,"state":…}`; after every accepted intent, once the
// Meeting has resolved it (so the event is datasynced), `{"ack":seq,"state":…}`: what the screen
// would now show. stdout to a pipe is synchronous on Linux, so a printed line was really sent.
import {parseArgs} from 'node:util';
import {Meeting} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import type {SessionState} from '../../src/model/meeting/session.js';
import {prng, randomFacts, randomIntent} from './random-intents.js';
import {fixturePlanFile} from './session.js';
import {linkReason} from '../../src/model/link/link-reasons.js';
import {outcomeText} from '../../src/hub/event-log.js';
import {strings} from '../../src/i18n/strings.js';

const {values} = parseArgs({options: {journal: {type: 'string'}, seed: {type: 'string'}, count: {type: 'string'}, plan: {type: 'string'}}});
const loaded = loadPlan(values.plan ?? fixturePlanFile);
const rand = prng(Number(values.seed ?? 1));
const count = Number(values.count ?? Number.POSITIVE_INFINITY);
const shown = (state: SessionState) => ({...state, plan: undefined});

const {meeting, warnings} = await Meeting.open(loaded, {journal: values.journal!, utcOffsetMinutes: 420});
for (const warning of warnings) process.stderr.write(`${warning}\n`);
process.stdout.write(`${JSON.stringify({resumed: meeting.state.seq, state: shown(meeting.state)})}\n`);
const sites = loaded.plan.sites.map(site => site.id);
for (let accepted = 0; accepted < count; ) {
	if (rand() < 0.2)
		meeting.recordLink({
			site: sites[Math.floor(rand() * sites.length)]!,
			type: 'down',
			grade: 'down',
			previous: 'good',
			reason: linkReason('timeout', {}),
		});
	const outcome = await meeting.intent(randomIntent(meeting.state, rand), randomFacts(meeting.state, rand));
	if (!outcome.ok) {
		if (outcome.reason.startsWith('journal write failed')) {
			process.stdout.write(
				`${JSON.stringify({
					failed: outcome.reason,
					refusal: outcome.refusal,
					journalError: meeting.journalError,
					journalFailure: meeting.journalFailure,
					// What a Vietnamese hub's log and dashboard alert line say of it.
					logVi: outcomeText(outcome, 'vi'),
					alertVi: strings('vi').alertJournal(meeting.journalFailure, meeting.journalError ?? ''),
					state: shown(meeting.state),
				})}\n`,
			);
			process.exit(3);
		}
		continue;
	}
	accepted++;
	process.stdout.write(`${JSON.stringify({ack: meeting.state.seq, state: shown(meeting.state)})}\n`);
}
await meeting.close();
