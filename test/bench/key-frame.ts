// Benchmark (not a test): key → frame of the dashboard in this process, without a pty, agents or a
// hub: the App over N synthetic sites (plan order), drawn by Ink as `diemcau run` draws it (the
// production React build, the shared frame caches, the text caches where this Node has in-thread
// module hooks, no frame cap), into a 120×40 stand-in terminal. The keys of the pty bench
// (terminal.ts benchKeyFrames), each timed from the key to the first output showing its change,
// with a data frame published between keys. What it leaves out (the hub's own work, other
// processes) is what the pty bench adds. For a CPU profile: `node --cpu-prof --import tsx …`, with
// KEY_FRAME_PRESSES=FILE to write each press's time on the profile's clock.
// `node --import tsx test/bench/key-frame.ts [SITES=3321] [ROUNDS=15]`
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {EventEmitter} from 'node:events';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {Meeting} from '../../src/hub/meeting.js';
import {DashboardStore} from '../../src/dashboard/store.js';
import {themeFor} from '../../components/theme.js';
import {shareInkFrameCaches} from '../../src/commands/ink-frame-caches.js';
import {cacheInkTextMeasures} from '../../src/commands/ink-text-caches.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {bigPlan} from '../helpers/big-plan.js';
import {median, quantile, sleep} from './lib.js';

const count = Number(process.argv[2] ?? 3321);
const rounds = Number(process.argv[3] ?? 15);
// As runScreen loads them: the production build, the text caches before Ink.
process.env.NODE_ENV ??= 'production';
const textCaches = await cacheInkTextMeasures();
const [{default: React}, {render}, {App}] = await Promise.all([import('react'), import('ink'), import('../../components/App.js')]);
await shareInkFrameCaches();

const plan = bigPlan(count);
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-'));
const {meeting} = await Meeting.open({plan}, {journal: path.join(dir, 'journal.jsonl')});
const links = syntheticLinks(plan, (_id, i) => (i % 50 === 0 ? {dead: true} : i % 7 === 0 ? {rttMs: 200} : {rttMs: 2 + (i % 5)}));
links.feed(60);
const store = new DashboardStore({plan, links, meeting, wallClock: () => meeting.now(), sort: 'plan'});

const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[()][0-9A-Za-z]|[@-Z\\-_])/g;
/** A 120×40 terminal: the text written since `clear()`, colours and cursor moves taken out. */
class Screen extends EventEmitter {
	columns = 120;
	rows = 40;
	isTTY = true;
	text = '';
	write = (chunk: string) => {
		this.text += chunk.replace(ANSI, '');
		return true;
	};
}
/** A keyboard: Ink reads each chunk on 'readable'. */
class Keyboard extends EventEmitter {
	isTTY = true;
	private chunk: string | null = null;
	press(chunk: string) {
		this.chunk = chunk;
		this.emit('readable');
	}
	read = () => {
		const chunk = this.chunk;
		this.chunk = null;
		return chunk;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}
const screen = new Screen();
const keyboard = new Keyboard();
const instance = render(
	React.createElement(App, {source: store, onEffect: () => undefined, theme: themeFor({}), initialSort: 'plan', stats: true}),
	{
		stdout: screen as never,
		stdin: keyboard as never,
		patchConsole: false,
		exitOnCtrlC: false,
		maxFps: 1000,
	},
);
const shows = async (marker: string | RegExp) => {
	const deadline = performance.now() + 10_000;
	while (typeof marker === 'string' ? !screen.text.includes(marker) : !marker.test(screen.text)) {
		if (performance.now() > deadline) throw new Error(`no ${marker} on screen within 10 s:\n${screen.text.slice(-2000)}`);
		await new Promise(resolve => setImmediate(resolve));
	}
};
await shows('more');

// The marked row of the plan's n-th site; the other markers as in terminal.ts.
const row = (n: number) => new RegExp(`›[^\\n]*${plan.sites[n - 1]!.name}`);
const steps = [
	{name: 'select ↓', key: '\u001B[B', marker: row},
	{name: 'detail ⏎', key: '\r', marker: () => 'Probes sent / answered'},
	{name: 'back Esc', key: '\u001B', marker: row},
	{name: 'attendance a', key: 'a', marker: () => 'Attendance roll call'},
	{name: 'back Esc', key: '\u001B', marker: row},
	{name: 'agenda g', key: 'g', marker: () => 'Agenda: planned vs actual'},
	{name: 'back Esc', key: '\u001B', marker: row},
];
const byStep: Record<string, number[]> = {};
const pressed: Array<{step: string; ms: number; atUs: number}> = [];
let selected = 1;
for (let round = 0; round < rounds; round++)
	for (const step of steps) {
		links.feed(1);
		store.publish();
		await sleep(30);
		if (step.name.startsWith('select')) selected++;
		screen.text = '';
		const atUs = Number(process.hrtime.bigint() / 1000n);
		const t0 = performance.now();
		keyboard.press(step.key);
		await shows(step.marker(selected));
		const ms = performance.now() - t0;
		(byStep[step.name] ??= []).push(ms);
		pressed.push({step: step.name, ms, atUs});
		await sleep(20);
	}
const all = Object.values(byStep).flat();
console.log(`${count} sites, ${all.length} keys, Node ${process.version}, text caches ${textCaches ? 'on' : 'off'}`);
for (const [name, times] of Object.entries(byStep))
	console.log(
		`  ${name.padEnd(13)} median ${median(times).toFixed(1)} ms, p95 ${quantile(times, 0.95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms`,
	);
console.log(`  all           median ${median(all).toFixed(1)} ms, p95 ${quantile(all, 0.95).toFixed(1)} ms`);
if (process.env.KEY_FRAME_PRESSES) writeFileSync(process.env.KEY_FRAME_PRESSES, JSON.stringify({keys: {pressed}}));
instance.unmount();
store.stop();
await meeting.close();
rmSync(dir, {recursive: true, force: true});
