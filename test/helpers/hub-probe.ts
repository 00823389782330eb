// The hub's side, as a separate process (so it can run inside a network namespace):
//   node --import tsx test/helpers/hub-probe.ts --plan PLAN
// Runs a Monitor over the plan and prints one JSON line per event on stdout:
//   {"kind":"ready","at"}                       probing started
//   {"kind":"change","site","type","grade","previous","reason","error","at"}   a down/up/grade transition
//   {"kind":"sites","sites":[{id,state,grade,error,sent,received}],"at"}      on SIGUSR2, and before exiting
// `at` is CLOCK_MONOTONIC in ms (process.hrtime), the same clock in every process of the machine,
// so a test can compare it with the moment it injected a fault. Exits 0 on SIGTERM or SIGINT.
import {parseArgs} from 'node:util';
import {Monitor} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';

// Monotonic ms shared by every process of the machine.
const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

const {values} = parseArgs({options: {plan: {type: 'string'}}});
if (!values.plan) {
	process.stderr.write('usage: hub-probe.ts --plan PLAN\n');
	process.exit(2);
}
const monitor = Monitor.fromPlan(loadPlan(values.plan), {clock: monoMs});
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const sites = () =>
	print({
		kind: 'sites',
		at: monoMs(),
		sites: monitor.sites().map(site => ({
			id: site.id,
			state: site.link.state,
			grade: site.link.grade,
			error: site.link.error,
			sent: site.link.sent,
			received: site.link.received,
		})),
	});

monitor.onChange(change => print({kind: 'change', ...change, error: monitor.site(change.site)?.link.error ?? null}));
process.on('SIGUSR2', sites);
const quit = async () => {
	sites();
	await monitor.stop();
	process.exit(0);
};
process.once('SIGTERM', quit);
process.once('SIGINT', quit);
monitor.start();
print({kind: 'ready', at: monoMs()});
