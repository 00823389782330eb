// The dashboard in a real terminal: `diemcau run PLAN` in a pty (util-linux `script`), timed
// from spawn to its first frame, and from a key written to the pty to the frame that shows it.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {BIN, median, quantile, sleep} from './lib.js';

const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[()][0-9A-Za-z]|[@-Z\\-_])/g;

/** A dashboard running in a 120x40 pty, its screen output as plain text with arrival times. */
class PtyDashboard {
	readonly proc: ChildProcessWithoutNullStreams;
	readonly startedAt = performance.now();
	private text = '';
	private waiters: Array<{marker: string; from: number; resolve: (at: number) => void}> = [];
	private readonly home = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-home-'));

	constructor(plan: string, journal: string) {
		const command = `stty cols 120 rows 40; exec ${process.execPath} ${BIN} run ${plan} --journal ${journal} --fresh --lang en --stats`;
		this.proc = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {
			env: {...process.env, XDG_CONFIG_HOME: this.home, XDG_DATA_HOME: this.home, TERM: 'xterm-256color', LANG: 'en_US.UTF-8'},
			stdio: 'pipe',
		});
		this.proc.stdout.on('data', (chunk: Buffer) => {
			const at = performance.now();
			this.text += chunk.toString().replace(ANSI, '');
			if (this.text.length > 4_000_000) this.text = this.text.slice(-100_000); // only while nobody waits
			this.waiters = this.waiters.filter(waiter => {
				if (!this.text.includes(waiter.marker, waiter.from)) return true;
				waiter.resolve(at);
				return false;
			});
		});
	}

	/** Resolve with the arrival time of the first output (after now) containing `marker`. */
	waitFor(marker: string, timeoutMs = 30_000, fromNow = true): Promise<number> {
		const from = fromNow ? this.text.length : 0;
		if (!fromNow && this.text.includes(marker)) return Promise.resolve(performance.now());
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no "${marker}" on screen within ${timeoutMs} ms:\n${this.text.slice(-1500)}`)),
				timeoutMs,
			);
			this.waiters.push({marker, from, resolve: at => (clearTimeout(timer), resolve(at))});
		});
	}

	/** Reset the text kept (so a marker is looked for only in new output). */
	clear(): void {
		this.text = '';
	}

	press(key: string): void {
		this.proc.stdin.write(key);
	}

	async quit(): Promise<void> {
		const exited = new Promise(resolve => this.proc.once('exit', resolve));
		this.press('q');
		await sleep(300);
		this.press('y');
		const timer = setTimeout(() => this.proc.kill('SIGTERM'), 5000);
		await exited;
		clearTimeout(timer);
		rmSync(this.home, {recursive: true, force: true});
	}
}

// On the main screen the key line begins with the meeting keys.
const MAIN_MARKER = 'start/pause';

/** Milliseconds from spawning `diemcau run PLAN` (15 sites) to its first frame on the pty, `runs` times. */
export async function benchFirstFrame(plan: string, dir: string, runs = 5): Promise<{runs: number[]; medianMs: number; maxMs: number}> {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const dashboard = new PtyDashboard(plan, path.join(dir, `first-frame-${i}.jsonl`));
		const at = await dashboard.waitFor(MAIN_MARKER, 30_000, false);
		times.push(at - dashboard.startedAt);
		await dashboard.quit();
	}
	return {runs: times, medianMs: median(times), maxMs: Math.max(...times)};
}

/**
 * Key latency with a big plan: after `settleS` of probing, alternate `a` (attendance roll call)
 * and `g` (agenda view) and time each key from the write to the pty to the frame showing the view.
 */
export async function benchKeyLatency(plan: string, dir: string, presses = 20, settleS = 15) {
	const dashboard = new PtyDashboard(plan, path.join(dir, 'keys.jsonl'));
	const firstAt = await dashboard.waitFor(MAIN_MARKER, 60_000, false);
	await sleep(settleS * 1000);
	const byKey: Record<string, number[]> = {a: [], g: []};
	const markers: Record<string, string> = {a: 'Attendance roll call', g: 'Agenda: planned vs actual'};
	for (let i = 0; i < presses; i++) {
		const key = i % 2 === 0 ? 'a' : 'g';
		dashboard.clear();
		const shown = dashboard.waitFor(markers[key]!, 10_000);
		const t0 = performance.now();
		dashboard.press(key);
		byKey[key]!.push((await shown) - t0);
		await sleep(400 + Math.random() * 300);
	}
	await dashboard.quit();
	const all = [...byKey.a!, ...byKey.g!];
	return {
		firstFrameMs: firstAt - dashboard.startedAt,
		medianMs: median(all),
		p95Ms: quantile(all, 0.95),
		maxMs: Math.max(...all),
		attendanceMedianMs: median(byKey.a!),
		agendaMedianMs: median(byKey.g!),
	};
}
