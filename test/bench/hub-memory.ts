// The hub + dashboard's memory at 2,000 sites, with V8's default heap growth beside what ships
// (src/cli/heap-growth.ts): each way in its own process on the same real agents, rounds interleaved.
// RSS and what it is made of (V8's heap, Buffers), CPU, the prober's send lateness. Measures;
// never asserts. Writes its section of BENCHMARKS.md (between hub-memory:begin/end).
//   node --import tsx test/bench/hub-memory.ts [SITES] [ROUNDS]   (after npm run build)
import {execSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {startBenchFleet, type HubRun} from './hub-2000.js';
import {ROOT, runJsonChild} from './lib.js';
import {HEAP_GROWING_PERCENT} from '../../src/cli/heap-growth.js';

const HUB = path.join(ROOT, 'test/bench/hub-process.ts');
const sites = Number(process.argv[2] ?? 2000);
const rounds = Number(process.argv[3] ?? 2);
const WAYS = {
	default: 'V8\u2019s default heap growth',
	shipped: `growth capped at ${1 + HEAP_GROWING_PERCENT / 100}\u00d7 (what ships)`,
} as const;
type Way = keyof typeof WAYS;
const log = (line: string) => process.stderr.write(`[bench hub-memory ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const load = os
	.loadavg()
	.map(v => v.toFixed(1))
	.join(' ');
const started = new Date().toISOString();

const fleet = await startBenchFleet(sites);
const runs: Record<Way, HubRun[]> = {default: [], shipped: []};
try {
	for (let round = 0; round < rounds; round++) {
		for (const way of ['default', 'shipped'] as const) {
			const run = await runJsonChild<HubRun>(
				HUB,
				[
					'hub',
					fleet.bigPlan,
					'--warmup',
					'15',
					'--window',
					'30',
					'--total',
					'0',
					'--dashboard',
					'--journal',
					path.join(fleet.dir, `journal-${way}-${round}.jsonl`),
				],
				way === 'default' ? {BENCH_HEAP_GROWTH: '0'} : {},
			);
			runs[way].push(run);
			log(
				`${way}: up ${run.up}/${run.sites}, RSS max ${run.window.rssMbMax} MB, heap max ${run.window.memoryMbMax?.heapTotal} MB, CPU ${run.window.cpuPct} %, send late p99 ${run.sendErrorMs?.p99} ms`,
			);
		}
	}
} finally {
	await fleet.stop();
}

const list = (way: Way, pick: (run: HubRun) => number | undefined) =>
	runs[way]
		.map(pick)
		.map(v => (v === undefined ? '–' : String(v)))
		.join(', ');
const rows: Array<[string, (run: HubRun) => number | undefined]> = [
	['RSS max, MB', run => run.window.rssMbMax],
	['V8 heap (main thread) max, MB: committed', run => run.window.memoryMbMax?.heapTotal],
	['V8 heap (main thread) max, MB: in use (live + not yet collected)', run => run.window.memoryMbMax?.heapUsed],
	['Buffers and other memory outside the heap, max MB', run => run.window.memoryMbMax?.external],
	['hub CPU, % of a core', run => run.window.cpuPct],
	['probe send lateness p99, ms (the prober\u2019s worker, worst 10-s window)', run => run.sendErrorMs?.p99],
	['sites up at the end', run => run.up],
];
const commit = execSync('git rev-parse --short HEAD', {cwd: ROOT}).toString().trim();
const section = [
	'<!-- hub-memory:begin -->',
	'## Memory of the hub + dashboard',
	'',
	`\`node --import tsx test/bench/hub-memory.ts ${sites} ${rounds}\` on ${started.slice(0, 16).replace('T', ' ')} UTC, commit ${commit}; load average ${load} at the start, ${os
		.loadavg()
		.map(v => v.toFixed(1))
		.join(
			' ',
		)} at the end (2 shared cores). The hub + dashboard as \`diemcau run\` draws it, ${sites} sites of real agents, 15 s warm-up, 30 s window, ${rounds} rounds of each way interleaved (each run, in order):`,
	'',
	`| figure | ${WAYS.default} | ${WAYS.shipped} |`,
	'| --- | --- | --- |',
	...rows.map(([name, pick]) => `| ${name} | ${list('default', pick)} | ${list('shipped', pick)} |`),
	'<!-- hub-memory:end -->',
].join('\n');
const file = path.join(ROOT, 'BENCHMARKS.md');
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const MARK = /<!-- hub-memory:begin -->[\s\S]*<!-- hub-memory:end -->/;
writeFileSync(file, MARK.test(previous) ? previous.replace(MARK, section) : `${previous.trimEnd()}\n\n${section}\n`);
log(`wrote the hub-memory section of ${file}`);
