// The dashboard's frames with Ink's line caches shared across frames (src/commands/ink-frame-caches.ts,
// what `diemcau run` and `attach` do) beside Ink alone (a new cache every frame), side by side in
// one run: the hub + dashboard on the same 2,000 real agents, each way in its own process, rounds
// interleaved so a noisy minute on the shared machine hits both. Hub CPU, the main thread's loop
// delay (what a key waits behind), the prober's send-time error, RSS. Measures; never asserts.
// Writes its section of BENCHMARKS.md (between ink-caches:begin/end).
//   node --import tsx test/bench/ink-caches.ts [SITES] [ROUNDS]   (after npm run build)
import {execSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {startBenchFleet, type HubRun} from './hub-2000.js';
import {ROOT, runJsonChild} from './lib.js';

const WAYS = {alone: 'Ink alone (a new cache every frame)', shared: 'caches shared across frames (what ships)'} as const;
type Way = keyof typeof WAYS;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);
const HUB = path.join(ROOT, 'test/bench/hub-process.ts');

/** Each way `rounds` times, interleaved, on one fleet. */
export async function benchInkCaches(count: number, rounds: number, warmupS = 15, windowS = 30): Promise<Record<Way, HubRun[]>> {
	const fleet = await startBenchFleet(count);
	const runs: Record<Way, HubRun[]> = {alone: [], shared: []};
	try {
		for (let round = 0; round < rounds; round++) {
			for (const way of ['alone', 'shared'] as const) {
				const args = [
					'hub',
					fleet.bigPlan,
					'--warmup',
					String(warmupS),
					'--window',
					String(windowS),
					'--total',
					'0',
					'--dashboard',
					'--journal',
					path.join(fleet.dir, `journal-${way}-${round}.jsonl`),
				];
				runs[way].push(await runJsonChild<HubRun>(HUB, args, {BENCH_INK_CACHES: way === 'shared' ? '1' : '0'}));
			}
		}
	} finally {
		await fleet.stop();
	}
	return runs;
}

/** The section of BENCHMARKS.md. */
export function inkCachesSection(
	runs: Record<Way, HubRun[]>,
	meta: {date: string; commit: string; load: string; loadAfter: string; command: string},
): string {
	const figure = (way: Way, pick: (run: HubRun) => number) => mean(runs[way].map(pick));
	const rows: Array<[string, (run: HubRun) => number, string]> = [
		['Hub CPU, % of a core', run => run.window.cpuPct, '%'],
		['Main-thread loop delay p99 (a key waits behind a frame)', run => run.window.loopDelayP99Ms, 'ms'],
		['Probe send-time error p99 (the prober\u2019s worker)', run => run.sendErrorMs?.p99 ?? NaN, 'ms'],
		['RSS max', run => run.window.rssMbMax, 'MB'],
		[
			'Writes to the terminal a second (Ink writes 3 a frame: begin, frame, end of a synchronised update)',
			run => run.framesPerSec ?? NaN,
			'',
		],
	];
	const lines = [
		'<!-- ink-caches:begin -->',
		'## The dashboard\u2019s frames: Ink\u2019s line caches shared across frames',
		'',
		`\`${meta.command}\` on ${meta.date.slice(0, 16).replace('T', ' ')} UTC, commit ${meta.commit}; load average ${meta.load} at the start, ${meta.loadAfter} at the end (2 shared cores).`,
		`The hub + dashboard as \`diemcau run\` draws it (120\u00d740, the frame one row shorter than the terminal, the prober in its worker), ${runs.alone[0]?.sites ?? '?'} sites of real agents, ${runs.alone.length} rounds of each way interleaved (mean, then each run):`,
		'',
		`| Figure | ${WAYS.alone} | ${WAYS.shared} | shared \u00f7 alone |`,
		'| --- | --- | --- | --- |',
	];
	for (const [name, pick, unit] of rows) {
		const alone = figure('alone', pick);
		const shared = figure('shared', pick);
		const each = (way: Way) =>
			runs[way]
				.map(pick)
				.map(value => value.toFixed(1))
				.join(', ');
		lines.push(
			`| ${name} | ${alone.toFixed(1)} ${unit} (${each('alone')}) | ${shared.toFixed(1)} ${unit} (${each('shared')}) | ${(shared / alone).toFixed(2)} |`,
		);
	}
	lines.push('<!-- ink-caches:end -->');
	return lines.join('\n');
}

const SECTION = /<!-- ink-caches:begin -->[\s\S]*<!-- ink-caches:end -->/;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const count = Number(process.argv[2] ?? 2000);
	const rounds = Number(process.argv[3] ?? 2);
	const load = os
		.loadavg()
		.map(value => value.toFixed(2))
		.join(' ');
	const date = new Date().toISOString();
	const commit = execSync('git rev-parse --short HEAD', {cwd: ROOT, encoding: 'utf8'}).trim();
	const runs = await benchInkCaches(count, rounds);
	const loadAfter = os
		.loadavg()
		.map(value => value.toFixed(2))
		.join(' ');
	const command = `node --import tsx test/bench/ink-caches.ts${count === 2000 && rounds === 2 ? '' : ` ${count} ${rounds}`}`;
	const section = inkCachesSection(runs, {date, commit, load, loadAfter, command});
	const file = path.join(ROOT, 'BENCHMARKS.md');
	const markdown = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	writeFileSync(file, SECTION.test(markdown) ? markdown.replace(SECTION, section) : `${markdown.trimEnd()}\n\n${section}\n`);
	process.stdout.write(`${section}\n${JSON.stringify(runs)}\n`);
	process.exit(0);
}
