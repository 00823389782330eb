import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {Meeting} from '../../src/hub/meeting.js';
import {DashboardStore} from '../../src/dashboard/store.js';
import {App} from '../../components/App.js';
import {themeFor} from '../../components/theme.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {bigPlan} from '../helpers/big-plan.js';

// Benchmark (not a test): how long the dashboard takes to build a snapshot and to draw a
// frame for N sites, median and p95 over many frames. `npx tsx test/bench/dashboard-frame.tsx [N]`

const count = Number(process.argv[2] ?? 2000);
const plan = bigPlan(count);
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-'));
const {meeting} = await Meeting.open({plan}, {journal: path.join(dir, 'journal.jsonl')});
const links = syntheticLinks(plan, (_id, i) =>
	i % 50 === 0 ? {dead: true} : i % 7 === 0 ? {rttMs: 200} : i % 11 === 0 ? {rttMs: 5, lossEvery: 10} : {rttMs: 2 + (i % 5)},
);
links.feed(60);
const store = new DashboardStore({plan, links, meeting, wallClock: () => meeting.now()});
class Out extends EventEmitter {
	columns = Number(process.env.COLUMNS ?? 120);
	rows = Number(process.env.ROWS ?? 40);
	frames = 0;
	write = () => {
		this.frames++;
		return true;
	};
}
const stdout = new Out();
const stdin = Object.assign(new EventEmitter(), {
	isTTY: true,
	setRawMode() {},
	setEncoding() {},
	ref() {},
	unref() {},
	read: () => null,
	resume() {},
	pause() {},
});
const instance = render(<App source={store} onEffect={() => undefined} theme={themeFor({})} />, {
	stdout: stdout as never,
	stdin: stdin as never,
	debug: true,
	patchConsole: false,
	exitOnCtrlC: false,
});
const builds: number[] = [];
const frames: number[] = [];
const feeds: number[] = [];
for (let i = 0; i < 200; i++) {
	let start = performance.now();
	links.feed(1);
	feeds.push(performance.now() - start);
	start = performance.now();
	store.build();
	builds.push(performance.now() - start);
	const before = stdout.frames;
	start = performance.now();
	store.publish();
	while (stdout.frames === before) await new Promise(resolve => setImmediate(resolve));
	frames.push(performance.now() - start);
}
const stat = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(2)} ms`;
};
console.log(`${count} sites at ${stdout.columns}x${stdout.rows}`);
console.log(`  snapshot build       ${stat(builds)}`);
console.log(`  publish → frame out  ${stat(frames)} (build + React + Ink)`);
console.log(`  (feeding one probe to every site: ${stat(feeds)})`);
instance.unmount();
store.stop();
await meeting.close();
rmSync(dir, {recursive: true, force: true});
process.exit(0);
