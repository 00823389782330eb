import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';

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
	const mid = sorted.length === 0 ? Number.NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
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
