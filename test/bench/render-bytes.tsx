import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {render} from 'ink';
import {Meeting} from '../../src/hub/meeting.js';
import {DashboardStore} from '../../src/dashboard/store.js';
import {App} from '../../components/App.js';
import {themeFor} from '../../components/theme.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {bigPlan} from '../helpers/big-plan.js';

// Benchmark (not a test): the same 2,000-site dashboard drawn into a 120×40 TTY three ways, side
// by side in one process with no network (the frame cost alone): the frame as tall as the
// terminal (Ink clears and rewrites the whole screen), one row shorter (Ink rewrites its own
// lines), one row shorter with Ink's incrementalRendering (only the lines that changed). Bytes
// written and CPU per frame, each frame a fresh probe of every site, rounds interleaved.
//   NODE_ENV=production npx tsx test/bench/render-bytes.tsx [SITES] [FRAMES] [ROUNDS]

const count = Number(process.argv[2] ?? 2000);
const framesPerRound = Number(process.argv[3] ?? 60);
const rounds = Number(process.argv[4] ?? 3);
const plan = bigPlan(count);
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-'));
const {meeting} = await Meeting.open({plan}, {journal: path.join(dir, 'journal.jsonl')});
const links = syntheticLinks(plan, (_id, i) =>
	i % 50 === 0
		? {dead: true}
		: i % 7 === 0
			? {rttMs: 200 + (i % 13)}
			: i % 11 === 0
				? {rttMs: 5, lossEvery: 10}
				: {rttMs: 2 + (i % 5), jitterMs: i % 3},
);
links.feed(60);
const modes = ['full', 'short', 'incremental'] as const;
type Mode = (typeof modes)[number];

class Tty extends EventEmitter {
	columns = 120;
	rows: number;
	isTTY = true;
	bytes = 0;
	writes = 0;
	constructor(rows: number) {
		super();
		this.rows = rows;
	}
	write = (text: string) => {
		this.bytes += Buffer.byteLength(text);
		this.writes++;
		return true;
	};
}

function mount(mode: Mode) {
	const store = new DashboardStore({plan, links, meeting, wallClock: () => meeting.now()});
	const stdout = new Tty(mode === 'full' ? 41 : 40);
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
		patchConsole: false,
		exitOnCtrlC: false,
		maxFps: 1000,
		incrementalRendering: mode === 'incremental',
	});
	// "full": the App laid out for 41 rows (a 40-row frame); Ink now sees a 40-row terminal.
	if (mode === 'full') stdout.rows = 40;
	return {store, stdout, instance};
}

const screens = Object.fromEntries(modes.map(mode => [mode, mount(mode)])) as Record<Mode, ReturnType<typeof mount>>;
await new Promise(resolve => setTimeout(resolve, 200));
const totals = Object.fromEntries(modes.map(mode => [mode, {bytes: 0, cpuMs: 0, frames: 0}])) as Record<
	Mode,
	{bytes: number; cpuMs: number; frames: number}
>;
for (let round = 0; round < rounds; round++) {
	for (let frame = 0; frame < framesPerRound; frame++) {
		links.feed(1);
		for (const mode of modes) {
			const {store, stdout} = screens[mode];
			const before = stdout.writes;
			const bytes = stdout.bytes;
			const cpu = process.cpuUsage();
			store.publish();
			while (stdout.writes === before) await new Promise(resolve => setImmediate(resolve));
			const used = process.cpuUsage(cpu);
			totals[mode].cpuMs += (used.user + used.system) / 1000;
			totals[mode].bytes += stdout.bytes - bytes;
			totals[mode].frames++;
		}
	}
}
for (const mode of modes) screens[mode].instance.unmount();
await meeting.close();
rmSync(dir, {recursive: true, force: true});
const base = totals.full;
console.log(`| frame (${count} sites, 120×40, ${rounds}×${framesPerRound} frames) | bytes / frame | × full | CPU ms / frame | × full |`);
console.log('| --- | --- | --- | --- | --- |');
for (const mode of modes) {
	const t = totals[mode];
	const bytes = t.bytes / t.frames;
	const cpu = t.cpuMs / t.frames;
	console.log(
		`| ${mode} | ${Math.round(bytes)} | ${(bytes / (base.bytes / base.frames)).toFixed(2)} | ${cpu.toFixed(1)} | ${(cpu / (base.cpuMs / base.frames)).toFixed(2)} |`,
	);
}
