// A hub that starts the meeting and then only stays alive, journalling a heartbeat every
// --heartbeat ms, until it is killed. Prints "started" once the session start is durable.
// Run with `node --import tsx test/helpers/heartbeat-child.ts --journal FILE --heartbeat MS`.
import {parseArgs} from 'node:util';
import {Meeting} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {fixturePlanFile} from './session.js';

const {values} = parseArgs({options: {journal: {type: 'string'}, heartbeat: {type: 'string'}, data: {type: 'string'}}});
const {meeting} = await Meeting.open(loadPlan(fixturePlanFile), {
	journal: values.journal!,
	heartbeatMs: Number(values.heartbeat),
	lang: 'en',
	...(values.data ? {dataDir: values.data} : {}),
});
const outcome = await meeting.intent({type: 'toggle-item'});
if (!outcome.ok) throw new Error(outcome.reason);
process.stdout.write('started\n');
// The heartbeat's timer does not hold the process open (a hub's own work does): this does.
setInterval(() => undefined, 60_000);
