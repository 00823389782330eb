// What an attached screen costs the hub core at 2,000 sites, and how long an operator's key on
// an attached screen takes to show on another attached screen: `diemcau serve` (no terminal) on
// real agents, `diemcau attach` screens in real ptys (util-linux `script`), through the real
// control socket. CPU of the serve process with no screen, then with one; then the key latency,
// space pressed on the operator's pty until the viewer's pty shows the item's new state.
// Run alone (after npm run build): node --import tsx test/bench/attach-cost.ts [SITES] [ROUNDS of the CPU windows, default 3]
// BENCH_PROFILE_VIEWER=DIR: the viewer screen writes a CPU profile (--cpu-prof) into DIR when it exits.
import {spawn, type ChildProcess, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {startBenchFleet} from './hub-2000.js';
import {BIN, median, procCpuSeconds, quantile, sleep} from './lib.js';

const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[()][0-9A-Za-z]|[@-Z\\-_])/g;

/** `diemcau attach …` in a 120×40 pty; its output as text with arrival times. */
class PtyScreen {
	readonly proc: ChildProcessWithoutNullStreams;
	private text = '';
	private waiters: Array<{marker: string; from: number; resolve: (at: number) => void}> = [];

	constructor(args: string[], home: string) {
		const prof =
			process.env.BENCH_PROFILE_VIEWER && args.includes('viewer') ? `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE_VIEWER} ` : '';
		const command = `stty cols 120 rows 40; exec ${process.execPath} ${prof}${BIN} ${args.join(' ')}`;
		this.proc = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
			env: {...process.env, DIEMCAU_CONFIG_DIR: home, TERM: 'xterm-256color', LANG: 'en_US.UTF-8'},
			stdio: 'pipe',
		});
		this.proc.stdout.on('data', (chunk: Buffer) => {
			const at = performance.now();
			this.text += chunk.toString().replace(ANSI, '');
			if (this.text.length > 2_000_000) this.text = this.text.slice(-200_000);
			this.waiters = this.waiters.filter(waiter => {
				if (!this.text.includes(waiter.marker, Math.min(waiter.from, this.text.length))) return true;
				waiter.resolve(at);
				return false;
			});
		});
	}

	/** The arrival time of the first output after now containing `marker`. */
	waitFor(marker: string, timeoutMs = 30_000, fromNow = true): Promise<number> {
		const from = fromNow ? this.text.length : 0;
		if (!fromNow && this.text.includes(marker)) return Promise.resolve(performance.now());
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no "${marker}" within ${timeoutMs} ms:\n${this.text.slice(-1500)}`)), timeoutMs);
			this.waiters.push({marker, from, resolve: at => (clearTimeout(timer), resolve(at))});
		});
	}

	press(key: string): void {
		this.proc.stdin.write(key);
	}

	async quit(): Promise<void> {
		const exited = new Promise(resolve => this.proc.once('exit', resolve));
		this.proc.kill('SIGTERM');
		await exited;
	}
}

/** The CPU of a process over `seconds`, % of one core. */
async function cpuOver(pid: number, seconds: number): Promise<number> {
	const before = procCpuSeconds(pid);
	const started = performance.now();
	await sleep(seconds * 1000);
	return ((procCpuSeconds(pid) - before) / ((performance.now() - started) / 1000)) * 100;
}

/** Serve on `count` sites; core CPU alone and with one attached screen (each `rounds` windows of `windowS`); key latency over `keys` presses. */
export async function benchAttach(count = 2000, rounds = 3, windowS = 15, keys = 10) {
	const fleet = await startBenchFleet(count);
	const home = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-attach-'));
	const journal = path.join(home, 'journal.jsonl');
	let serve: ChildProcess | null = null;
	const screens: PtyScreen[] = [];
	try {
		serve = spawn(process.execPath, [BIN, 'serve', fleet.bigPlan, '--journal', journal], {
			env: {...process.env, DIEMCAU_CONFIG_DIR: home, LANG: 'en_US.UTF-8'},
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		// The core's log stamps each journalled intent (wall ms): the key's way splits there.
		const journalled: number[] = [];
		await new Promise<void>((resolve, reject) => {
			let log = '';
			serve!.stderr!.on('data', chunk => {
				log += chunk;
				for (const match of String(chunk).matchAll(/^(\S+) intent \S+ from attach-\d+: journalled/gm))
					journalled.push(Date.parse(match[1]!));
				if (log.length > 100_000) log = log.slice(-10_000);
				if (log.includes('screens attach at')) resolve();
			});
			serve!.once('exit', code => reject(new Error(`serve exited ${code}: ${log.slice(-2000)}`)));
		});
		await sleep(10_000); // every link up, the first samples in
		const alone: number[] = [];
		const withScreen: number[] = [];
		let operator: PtyScreen | null = null;
		// Alternate: no screen, one screen, no screen, … so the machine's noise hits both.
		for (let round = 0; round < rounds; round++) {
			alone.push(await cpuOver(serve.pid!, windowS));
			operator = new PtyScreen(['attach', '--journal', journal, '--lang', 'en'], home);
			await operator.waitFor('Item 1/', 60_000, false);
			await sleep(3000);
			withScreen.push(await cpuOver(serve.pid!, windowS));
			if (round < rounds - 1) {
				await operator.quit();
				operator = null;
			}
		}
		screens.push(operator!);
		const viewer = new PtyScreen(['attach', '--journal', journal, '--role', 'viewer', '--lang', 'en'], home);
		screens.push(viewer);
		await viewer.waitFor('Item 1/', 60_000, false);
		await sleep(2000);
		const latency: number[] = [];
		const toCore: number[] = [];
		const fromCore: number[] = [];
		const wall = (mono: number) => performance.timeOrigin + mono;
		for (let i = 0; i < keys; i++) {
			const marker = i % 2 === 0 ? '[running]' : '[paused]';
			const seen = viewer.waitFor(marker);
			const before = journalled.length;
			const pressed = performance.now();
			operator!.press(' ');
			const shown = await seen;
			latency.push(shown - pressed);
			await sleep(1000);
			const at = journalled[before];
			if (at !== undefined) {
				// The log's stamp has ms resolution and is written just after the journal's datasync.
				toCore.push(at - wall(pressed));
				fromCore.push(wall(shown) - at);
			}
		}
		const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
		return {
			sites: count,
			coreCpuPctAlone: alone.map(value => Number(value.toFixed(1))),
			coreCpuPctWithScreen: withScreen.map(value => Number(value.toFixed(1))),
			screenCostPctOfCore: Number((mean(withScreen) - mean(alone)).toFixed(1)),
			// Each screen window against the mean of the no-screen windows either side of it: less hit by a slow drift of the machine's load.
			screenCostPairedPct: Number(median(withScreen.map((value, i) => value - (alone[i]! + (alone[i + 1] ?? alone[i]!)) / 2)).toFixed(1)),
			keyToOtherScreenMs: {n: latency.length, p50: Number(median(latency).toFixed(1)), max: Number(quantile(latency, 1).toFixed(1))},
			// Key on the operator's pty → journalled at the core (the operator screen, the socket, the journal's datasync).
			keyToJournalledMs: toCore.length
				? {n: toCore.length, p50: Number(median(toCore).toFixed(1)), max: Number(quantile(toCore, 1).toFixed(1))}
				: null,
			// Journalled → the viewer's pty shows it (the broadcast, the viewer's frame, its pty).
			journalledToViewerMs: fromCore.length
				? {n: fromCore.length, p50: Number(median(fromCore).toFixed(1)), max: Number(quantile(fromCore, 1).toFixed(1))}
				: null,
		};
	} finally {
		for (const screen of screens) await screen.quit().catch(() => undefined);
		serve?.kill('SIGTERM');
		await new Promise(resolve => (serve && serve.exitCode === null ? serve.once('exit', resolve) : resolve(null)));
		await fleet.stop();
		rmSync(home, {recursive: true, force: true});
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	console.log(JSON.stringify(await benchAttach(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 3))));
}
