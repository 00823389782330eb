import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {isolatedEnv} from '../helpers/isolated-env.js';

// Small shared pieces of the fault suite.

/** Poll `check` until it returns something truthy; a generous deadline, never a fixed sleep as the assertion. */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, ms = 30_000, everyMs = 10): Promise<T> {
	const deadline = performance.now() + ms;
	for (;;) {
		const value = check();
		if (value) return value;
		if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, everyMs));
	}
}

/** A temp folder removed by the returned cleanup. */
export function tempDir(tag: string): {dir: string; remove: () => void} {
	const dir = mkdtempSync(path.join(tmpdir(), `diemcau-fault-${tag}-`));
	return {dir, remove: () => rmSync(dir, {recursive: true, force: true})};
}

/** Median and max of some durations (ms, one decimal). */
export function spread(values: number[]): {n: number; medianMs: number; maxMs: number} {
	const sorted = [...values].sort((a, b) => a - b);
	const mid =
		sorted.length === 0
			? Number.NaN
			: sorted.length % 2
				? sorted[(sorted.length - 1) / 2]!
				: (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
	const round = (x: number) => Math.round(x * 10) / 10;
	return {n: values.length, medianMs: round(mid), maxMs: round(sorted.at(-1) ?? Number.NaN)};
}

/** Print a figure for the report (BENCHMARKS.md): one line, easy to grep from the run's output. */
export function figure(name: string, value: Record<string, unknown>): void {
	process.stdout.write(`FIGURE ${name} ${JSON.stringify(value)}\n`);
}

/** Why a test is skipped, printed so the run says so. */
export function skipped(name: string, reason: string): void {
	process.stdout.write(`SKIPPED ${name}: ${reason}\n`);
}

/** Resident memory of a process in kB (VmRSS of /proc/PID/status), or null when unreadable. */
export async function rssKb(pid: number): Promise<number | null> {
	const {readFile} = await import('node:fs/promises');
	try {
		const status = await readFile(`/proc/${pid}/status`, 'utf8');
		const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
		return match ? Number(match[1]) : null;
	} catch {
		return null;
	}
}

/** CLOCK_MONOTONIC in ms, the clock test/helpers/hub-probe.ts stamps its lines with. */
export const monoMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** A child whose stdout JSON lines and whole output are collected as they come. */
export interface Watched {
	pid: number;
	lines: Array<Record<string, any>>;
	output(): string; // stdout + stderr so far
	exited(): boolean;
	/** Send a signal to this child only (by its pid) and wait for it to exit. */
	stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawn `argv` and collect its output; JSON lines of stdout go to `lines`. */
export async function watch(argv: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): Promise<Watched> {
	const {spawn} = await import('node:child_process');
	// Its own data, config, cache and runtime folders (removed when it exits), never the user's.
	const home = mkdtempSync(path.join(tmpdir(), 'diemcau-watched-'));
	const child = spawn(argv[0]!, argv.slice(1), {
		cwd: options.cwd,
		env: {...process.env, ...isolatedEnv(home), ...options.env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let text = '';
	let pending = '';
	let done = false;
	const lines: Array<Record<string, any>> = [];
	const exit = new Promise<void>(resolve =>
		child.once('exit', () => {
			done = true;
			rmSync(home, {recursive: true, force: true});
			resolve();
		}),
	);
	child.stdout.setEncoding('utf8');
	child.stderr.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		text += chunk;
		pending += chunk;
		let at: number;
		while ((at = pending.indexOf('\n')) >= 0) {
			const line = pending.slice(0, at);
			pending = pending.slice(at + 1);
			try {
				lines.push(JSON.parse(line));
			} catch {
				lines.push({text: line});
			}
		}
	});
	child.stderr.on('data', (chunk: string) => {
		text += chunk;
	});
	return {
		pid: child.pid!,
		lines,
		output: () => text,
		exited: () => done,
		async stop(signal = 'SIGTERM') {
			if (done) return;
			child.kill(signal);
			const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exit;
			clearTimeout(timer);
		},
	};
}
