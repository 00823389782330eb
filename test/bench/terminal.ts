// The dashboard in a real terminal: `diemcau run PLAN` in a pty (util-linux `script`), timed
// from spawn to its first frame, and from a key written to the pty to the frame that shows it;
// and the CPU (all threads) and RSS of that dashboard process while it draws.
import {spawn, type ChildProcessWithoutNullStreams} from 'node:child_process';
import {mkdtempSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {BIN, median, procCpuSeconds, quantile, sleep} from './lib.js';

const ANSI = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007]*\u0007|[()][0-9A-Za-z]|[@-Z\\-_])/g;

/** A dashboard running in a 120x40 pty, its screen output as plain text with arrival times. */
class PtyDashboard {
	readonly proc: ChildProcessWithoutNullStreams;
	readonly startedAt = performance.now();
	private text = '';
	/** Bytes the dashboard wrote to its terminal so far. */
	bytes = 0;
	private waiters: Array<{marker: string | RegExp; from: number; resolve: (at: number) => void; reject: (error: Error) => void}> = [];
	/** How `script` (and so the dashboard in it) ended, once it has: "exit 1", "signal SIGKILL". */
	ended: string | null = null;
	private readonly home = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-home-'));

	/** `args`: more options of `diemcau run`; `sort`: the table's order kept in the preferences (default: worst first). */
	constructor(plan: string, journal: string, options: {args?: readonly string[]; sort?: 'worst' | 'name' | 'plan'} = {}) {
		if (options.sort) writeFileSync(path.join(this.home, 'config.json'), JSON.stringify({sort: options.sort}));
		// BENCH_DASHBOARD_NODE_ARGS: flags of the dashboard's node alone (say --cpu-prof), not of the agents.
		const nodeArgs = process.env.BENCH_DASHBOARD_NODE_ARGS ?? '';
		const command = `stty cols 120 rows 40; exec ${process.execPath} ${nodeArgs} ${BIN} run ${plan} --journal ${journal} --fresh --lang en --stats ${(options.args ?? []).join(' ')}`;
		// As on an operator's PC: no CI variable (Ink would draw only the last frame).
		const env: NodeJS.ProcessEnv = {
			...process.env,
			XDG_CONFIG_HOME: this.home,
			XDG_DATA_HOME: this.home,
			DIEMCAU_CONFIG_DIR: this.home,
			TERM: 'xterm-256color',
			LANG: 'en_US.UTF-8',
		};
		delete env.CI;
		delete env.CONTINUOUS_INTEGRATION;
		this.proc = spawn('script', ['-q', '-e', '-c', command, '/dev/null'], {env, stdio: 'pipe'});
		this.proc.once('exit', (code, signal) => {
			this.ended = signal ? `signal ${signal}` : `exit ${code}`;
			for (const waiter of this.waiters.splice(0)) waiter.reject(this.endError());
		});
		// A key written after the dashboard ended (EPIPE): its end is reported where it is noticed.
		this.proc.stdin.on('error', () => {});
		this.proc.stdout.on('data', (chunk: Buffer) => {
			const at = performance.now();
			this.bytes += chunk.length;
			this.text += chunk.toString().replace(ANSI, '');
			if (this.text.length > 4_000_000) this.text = this.text.slice(-100_000); // only while nobody waits
			this.waiters = this.waiters.filter(waiter => {
				if (!this.has(waiter.marker, waiter.from)) return true;
				waiter.resolve(at);
				return false;
			});
		});
	}

	private has(marker: string | RegExp, from: number): boolean {
		return typeof marker === 'string' ? this.text.includes(marker, from) : marker.test(this.text.slice(from));
	}

	/** The dashboard's own process (the pty's shell execs node): its pid, once it runs. */
	async nodePid(timeoutMs = 10_000): Promise<number> {
		const node = realpathSync(process.execPath);
		const deadline = performance.now() + timeoutMs;
		const scriptPid = this.proc.pid!;
		while (performance.now() < deadline) {
			try {
				const children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
				for (const child of children) {
					try {
						if (readlinkSync(`/proc/${child}/exe`) === node) return Number(child);
					} catch {}
				}
			} catch {}
			await sleep(50);
		}
		throw new Error(`the dashboard's node process did not appear under script (pid ${scriptPid}) within ${timeoutMs} ms`);
	}

	/** Resolve with the arrival time of the first output (after now) containing `marker`. */
	waitFor(marker: string | RegExp, timeoutMs = 30_000, fromNow = true): Promise<number> {
		const from = fromNow ? this.text.length : 0;
		if (!fromNow && this.has(marker, 0)) return Promise.resolve(performance.now());
		if (this.ended) return Promise.reject(this.endError());
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`no "${marker}" on screen within ${timeoutMs} ms:\n${this.text.slice(-1500)}`)),
				timeoutMs,
			);
			this.waiters.push({
				marker,
				from,
				resolve: at => (clearTimeout(timer), resolve(at)),
				reject: error => (clearTimeout(timer), reject(error)),
			});
		});
	}

	/** The last line of the output kept that matches `pattern` (a global RegExp), or null. */
	lastMatch(pattern: RegExp): string | null {
		const all = this.text.match(pattern);
		return all ? all.at(-1)!.trim() : null;
	}

	/** Reset the text kept (so a marker is looked for only in new output). */
	clear(): void {
		this.text = '';
	}

	/** Throw, with the end of its screen, if the dashboard has ended. */
	checkRunning(): void {
		if (this.ended) throw this.endError();
	}

	private endError(): Error {
		return new Error(`the dashboard ended (${this.ended}); its screen last showed:\n${this.text.slice(-3000)}`);
	}

	press(key: string): void {
		if (!this.ended) this.proc.stdin.write(key);
	}

	async quit(): Promise<void> {
		if (this.ended) return rmSync(this.home, {recursive: true, force: true});
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

/** A free TCP port on loopback (for the dashboard's /metrics). */
function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as {port: number};
			server.close(() => resolve(port));
		});
	});
}

/** The UDP test stream as the dashboard's /metrics tells it: packets each way so far, and the sites' UDP state. */
async function scrapeUdp(port: number) {
	const body = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
	const sum = {upSent: 0, upLost: 0, downSent: 0, downLost: 0};
	const states = {ok: 0, blocked: 0};
	const rate = /^diemcau_hub_udp_rate_packets_per_second(?:\{[^}]*\})? (\S+)$/m.exec(body);
	const drops = /^diemcau_hub_udp_receive_drops_total(?:\{[^}]*\})? (\S+)$/m.exec(body);
	for (const line of body.split('\n')) {
		const match = /^diemcau_(udp_packets_sent_total|udp_packets_lost_total|site_udp_blocked)\{([^}]*)\} (\S+)$/.exec(line);
		if (!match) continue;
		const value = Number(match[3]);
		if (match[1] === 'site_udp_blocked') {
			states[value === 1 ? 'blocked' : 'ok']++;
			continue;
		}
		const up = match[2]!.includes('direction="up"');
		const key = `${up ? 'up' : 'down'}${match[1] === 'udp_packets_sent_total' ? 'Sent' : 'Lost'}` as keyof typeof sum;
		sum[key] += value;
	}
	return {sum, states, ratePps: rate ? Number(rate[1]) : null, ownDrops: drops ? Number(drops[1]) : 0};
}

/** The longest a dashboard is given to dial every site and get its stream running before the warm-up. */
const SETTLE_MAX_S = 120;

/** Wait (at most SETTLE_MAX_S) until 95 % of the sites' UDP read ok on the dashboard's /metrics; the seconds it took. */
async function settle(port: number, sites: number): Promise<number> {
	const started = performance.now();
	while (performance.now() - started < SETTLE_MAX_S * 1000) {
		const {states} = await scrapeUdp(port).catch(() => ({states: {ok: 0}}));
		if (states.ok >= sites * 0.95) break;
		await sleep(2000);
	}
	return Number(((performance.now() - started) / 1000).toFixed(1));
}

/** One `diemcau run` in a pty over `sites` sites: its process's CPU (all threads) and RSS while it draws. */
export type DashboardRun = {
	cpuPct: number;
	rssMbMax: number;
	/** Seconds from its first frame until 95 % of its sites' UDP read ok (then the warm-up). */
	settledS: number;
	terminalKBPerSec: number;
	/** The screen's last word that the hub lowered the stream's rate (its own socket dropped), if any. */
	lowered: string | null;
	udp: {
		/** The stream's rate a site as the hub runs it at the window's end (its /metrics). */
		ratePps: number | null;
		/** Datagrams the kernel dropped at the hub's own UDP sockets over the window (its down figures leave those seconds out). */
		ownDrops: number;
		states: Record<string, number>;
		upPerSec: number;
		downPerSec: number;
		upLossPct: number | null;
		downLossPct: number | null;
	};
};

/**
 * `diemcau run PLAN` (the dashboard drawing into a real 120x40 pty, its hub on the same plan) for
 * `warmupS` after its first frame, then its CPU (/proc: every thread of the process) and RSS (the
 * largest of one reading a second) over `windowS`. The UDP stream's figures come from its own
 * /metrics, read just before and just after the window (the two scrapes fall outside it).
 */
export async function benchDashboardRun(plan: string, dir: string, sites: number, warmupS: number, windowS: number): Promise<DashboardRun> {
	const port = await freePort();
	const dashboard = new PtyDashboard(plan, path.join(dir, `dashboard-${port}.jsonl`), {args: ['--metrics', `127.0.0.1:${port}`]});
	try {
		await dashboard.waitFor(MAIN_MARKER, 120_000, false);
		const pid = await dashboard.nodePid();
		const settledS = await settle(port, sites);
		await sleep(warmupS * 1000);
		const before = await scrapeUdp(port);
		const rss: number[] = [];
		const readRss = () => {
			const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
			if (match) rss.push(Number(match[1]) / 1024);
		};
		const bytes0 = dashboard.bytes;
		const cpu0 = procCpuSeconds(pid);
		const t0 = performance.now();
		for (let s = 0; s < windowS; s++) {
			await sleep(1000);
			dashboard.checkRunning();
			readRss();
		}
		const cpu = procCpuSeconds(pid) - cpu0;
		const wallS = (performance.now() - t0) / 1000;
		const bytes = dashboard.bytes - bytes0;
		const after = await scrapeUdp(port);
		const up = after.sum.upSent - before.sum.upSent;
		const down = after.sum.downSent - before.sum.downSent;
		const loss = (lost: number, sent: number) => (sent > 0 ? Number(((lost / sent) * 100).toFixed(2)) : null);
		return {
			cpuPct: Number(((cpu / wallS) * 100).toFixed(1)),
			rssMbMax: Number(Math.max(...rss).toFixed(0)),
			settledS,
			terminalKBPerSec: Number((bytes / 1024 / wallS).toFixed(1)),
			lowered: dashboard.lastMatch(/UDP test stream lowered[^\n]*/g),
			udp: {
				ratePps: after.ratePps,
				ownDrops: after.ownDrops - before.ownDrops,
				states: after.states,
				upPerSec: Number((up / wallS).toFixed(0)),
				downPerSec: Number((down / wallS).toFixed(0)),
				upLossPct: loss(after.sum.upLost - before.sum.upLost, up),
				downLossPct: loss(after.sum.downLost - before.sum.downLost, down),
			},
		};
	} finally {
		await dashboard.quit();
	}
}

/** What an operator does on the dashboard, each step a key and the text only its frame shows. */
type KeyStep = {name: string; key: string; marker: (selected: number) => string | RegExp};
const row = (selected: number) => new RegExp(`›[^\\n]*số ${String(selected).padStart(4, '0')}`);
// Back on the main view, the marked site row shows again: the key line's meeting keys would not
// do (the detail and agenda views show them too, so any frame of the old view would match).
const KEY_CYCLE: readonly KeyStep[] = [
	// ↓ moves the selection one row down: the marked row is the next site's (the plan's order).
	{name: 'select ↓', key: '\u001B[B', marker: row},
	{name: 'detail ⏎', key: '\r', marker: () => 'Probes sent / answered'},
	{name: 'back Esc', key: '\u001B', marker: row},
	{name: 'attendance a', key: 'a', marker: () => 'Attendance roll call'},
	{name: 'back Esc', key: '\u001B', marker: row},
	{name: 'agenda g', key: 'g', marker: () => 'Agenda: planned vs actual'},
	{name: 'back Esc', key: '\u001B', marker: row},
];

/**
 * Key → frame in a pty: once 95 % of the sites' UDP streams run (at most 120 s) and `settleS` more, `presses` keys (moving the selection, opening a
 * site's detail, switching views and back, in turn), each timed from its write to the pty to the
 * arrival of the first output that shows its change, read from the pty's own output stream.
 */
export async function benchKeyFrames(plan: string, dir: string, sites: number, presses = 35, settleS = 15) {
	const port = await freePort();
	const dashboard = new PtyDashboard(plan, path.join(dir, 'key-frames.jsonl'), {sort: 'plan', args: ['--metrics', `127.0.0.1:${port}`]});
	try {
		await dashboard.waitFor(row(1), 120_000, false);
		const settledS = await settle(port, sites);
		await sleep(settleS * 1000);
		const {states} = await scrapeUdp(port);
		const times: number[] = [];
		const byStep: Record<string, number[]> = {};
		// Each press on the monotonic clock a CPU profile of the dashboard uses (µs), to find what the dashboard did meanwhile.
		const pressed: Array<{step: string; ms: number; atUs: number}> = [];
		const monoUs = (at: number) => Number(process.hrtime.bigint() / 1000n) - (performance.now() - at) * 1000;
		let selected = 1;
		for (let i = 0; i < presses; i++) {
			const step = KEY_CYCLE[i % KEY_CYCLE.length]!;
			if (step.name.startsWith('select')) selected++;
			dashboard.clear();
			const shown = dashboard.waitFor(step.marker(selected), 10_000);
			const t0 = performance.now();
			dashboard.press(step.key);
			const ms = (await shown) - t0;
			times.push(ms);
			(byStep[step.name] ??= []).push(ms);
			pressed.push({step: step.name, ms: Number(ms.toFixed(1)), atUs: Math.round(monoUs(t0))});
			await sleep(300 + Math.random() * 300);
		}
		return {
			settledS,
			udpOk: states.ok,
			presses: times.length,
			medianMs: Number(median(times).toFixed(1)),
			p95Ms: Number(quantile(times, 0.95).toFixed(1)),
			maxMs: Number(Math.max(...times).toFixed(1)),
			medianByStepMs: Object.fromEntries(Object.entries(byStep).map(([name, list]) => [name, Number(median(list).toFixed(1))])),
			maxByStepMs: Object.fromEntries(Object.entries(byStep).map(([name, list]) => [name, Number(Math.max(...list).toFixed(1))])),
			pressed,
		};
	} finally {
		await dashboard.quit();
	}
}
