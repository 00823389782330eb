// The C floor for "are you there": fping (ICMP echo, Debian package fping) at the same rate as the
// hub (COUNT targets at 1 Hz: 127.0.x.y, every one of them loopback), CPU time per 1,000 probes.
// Run alone: node --import tsx test/bench/fping.ts [COUNT] [ROUNDS]
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {median} from './lib.js';

/** How to get fping when it is missing. */
export const FPING_INSTALL = 'sudo apt-get install -y fping   (Debian/Ubuntu; brew install fping on macOS)';

/** fping's CPU per 1,000 probes and its RTT to 127.0.0.1, or why it could not run. */
export type FpingResult =
	| {available: false; why: string}
	| {available: true; probes: number; wallS: number; cpuSeconds: number; cpuMsPer1000: number; rttMedianMs: number; command: string};

/** Ping `count` loopback addresses `rounds` times at 1 Hz each (one packet every 1000/count ms). */
export function benchFping(count = 2000, rounds = 10): FpingResult {
	const probe = spawnSync('fping', ['--version'], {encoding: 'utf8'});
	if (probe.error) return {available: false, why: `fping is not installed: ${FPING_INSTALL}`};
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-fping-'));
	try {
		const targets = Array.from({length: count}, (_, i) => `127.0.${Math.floor(i / 250)}.${(i % 250) + 1}`);
		writeFileSync(path.join(dir, 'targets'), `${targets.join('\n')}\n`);
		const gap = Math.max(0.1, 1000 / count);
		const command = `fping -C ${rounds} -p 1000 -i ${gap} -q -f targets`;
		// bash's `time` reports the child's own user and system CPU.
		const run = spawnSync('bash', ['-c', `TIMEFORMAT='%3R %3U %3S'; { time ${command} 2>fping.out ; } 2>time.out`], {
			cwd: dir,
			encoding: 'utf8',
		});
		const times = readFileSync(path.join(dir, 'time.out'), 'utf8').trim().split(/\s+/).map(Number);
		const out = readFileSync(path.join(dir, 'fping.out'), 'utf8');
		if (run.status !== 0 && !out.includes(':')) return {available: false, why: `fping failed: ${out.trim().slice(0, 300)}`};
		const rtts: number[] = [];
		for (const line of out.split('\n')) {
			const [target, list] = line.split(':');
			if (target?.trim() === '127.0.0.1' && list) for (const value of list.trim().split(/\s+/)) if (value !== '-') rtts.push(Number(value));
		}
		// The probes of every target answered, from fping's own per-target lists.
		const probes = out.split('\n').reduce(
			(sum, line) =>
				sum +
				(line
					.split(':')[1]
					?.trim()
					.split(/\s+/)
					.filter(v => v && v !== '-').length ?? 0),
			0,
		);
		const cpuSeconds = times[1]! + times[2]!;
		return {
			available: true,
			probes,
			wallS: times[0]!,
			cpuSeconds,
			cpuMsPer1000: (cpuSeconds * 1e6) / probes,
			rttMedianMs: median(rtts),
			command,
		};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	console.log(benchFping(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 10)));
}
