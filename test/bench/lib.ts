// Shared helpers of the benchmarks: percentiles, a plan of N sites on a real agent fleet,
// children that print one JSON result line, and CPU time of other processes from /proc.
import {spawn} from 'node:child_process';
import {readFileSync, readdirSync, writeFileSync, mkdirSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import {Fleet, type FleetSite} from '../../src/commands/fleet.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The built CLI (npm run bench builds first). */
export const BIN = path.join(ROOT, 'dist/src/bin.js');

/** The q-quantile (0..1) of values by nearest rank; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = Float64Array.from(values).sort();
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Median. */
export const median = (values: readonly number[]) => quantile(values, 0.5);

/** Promise that resolves after ms (pacing only, never an assertion). */
export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Clock ticks per second of /proc/PID/stat (Linux: 100). */
const HZ = 100;

/** User + system CPU seconds of a process so far (from /proc), or NaN if gone. */
export function procCpuSeconds(pid: number): number {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		return (Number(fields[11]) + Number(fields[12])) / HZ; // utime, stime (fields 14, 15)
	} catch {
		return Number.NaN;
	}
}

/** One simulated site of a bench fleet, with its endpoint once listening. */
export interface BenchSite extends FleetSite {
	group: string; // what the site stands for in the plan's names: 'idle', '+50 ms', 'mix'
}

/** The fixture plan's header with `sites` replaced (fresh tokens in files beside it). */
export function writePlan(dir: string, sites: readonly BenchSite[], endpoints: ReadonlyMap<string, string>, name = 'plan.yaml'): string {
	const data = parseYaml(readFileSync(path.join(ROOT, 'fixtures/duc-pho-2021.yaml'), 'utf8')) as Record<string, unknown>;
	const tokenDir = path.join(dir, 'tokens');
	mkdirSync(tokenDir, {recursive: true, mode: 0o700});
	for (const site of sites) writeFileSync(path.join(tokenDir, `${site.site}.token`), `${site.token}\n`, {mode: 0o600});
	const plan = {
		...data,
		sites: sites.map((site, i) => ({
			id: site.site,
			name: `Điểm cầu số ${String(i + 1).padStart(4, '0')} (${site.group})`,
			kind: 'other',
			endpoint: endpoints.get(site.site),
			mode: 'agent',
			token: {file: `tokens/${site.site}.token`},
			roster: [{role: 'Chủ tịch HĐND'}, {role: 'Phó Chủ tịch HĐND'}],
		})),
	};
	const file = path.join(dir, name);
	writeFileSync(file, stringifyYaml(plan));
	return file;
}

/** Start real `diemcau agent` processes: the first `own` sites one process each, the rest `--many` by `perProcess`. */
export function startFleet(sites: readonly BenchSite[], dir: string, own: number, perProcess = 500): Promise<Fleet> {
	// `--many` files are strict: only the agent's own fields.
	const plain = sites.map(({site, token, simulate, delayMs}): FleetSite => ({site, token, simulate, ...(delayMs ? {delayMs} : {})}));
	return Fleet.start(plain, {dir, bin: BIN, ownProcess: own, perProcess, readyTimeoutMs: 120_000});
}

/** Run `node --import tsx FILE args` and resolve with the JSON of its last stdout line. */
export function runJsonChild<T>(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
	const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
		cwd: ROOT,
		env: {...process.env, NODE_ENV: 'production', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	proc.stdout.on('data', chunk => (out += chunk));
	proc.stderr.on('data', chunk => {
		if (err.length < 8000) err += chunk;
	});
	return new Promise((resolve, reject) => {
		proc.once('exit', code => {
			const last = out.trim().split('\n').pop() ?? '';
			try {
				if (code !== 0) throw new Error(`exit ${code}`);
				resolve(JSON.parse(last) as T);
			} catch (error) {
				reject(
					new Error(
						`${path.basename(file)} ${args.join(' ')} failed (${(error as Error).message}):\n${err.trim()}\n${out.trim().slice(-2000)}`,
					),
				);
			}
		});
	});
}

/** Format ms for the table. */
export function ms(value: number, digits = 2): string {
	return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

/**
 * Lower every thread of a process to nice 19 (Linux: a thread's priority is set by its id), so the
 * processes that stand for other machines (the sites' agents, a Prometheus) give a shared core
 * to the hub whenever both want it. Returns how many threads were lowered.
 */
export function niceAll(pid: number): number {
	let count = 0;
	let tids: string[] = [];
	try {
		tids = readdirSync(`/proc/${pid}/task`);
	} catch {
		return 0;
	}
	for (const tid of tids) {
		try {
			os.setPriority(Number(tid), 19);
			count++;
		} catch {
			// the thread ended meanwhile
		}
	}
	return count;
}
