// The /metrics bench, side by side in one run; measures, never asserts.
//   1. Scrape cost at N sites: the hub's exposition against the same per-site families through
//      prom-client's own metric classes (wall and CPU time per scrape, median of 50).
//   2. 2,000 real sites (agent --many) probed by one hub process with the Prober on its own
//      thread (the worst case: serve without a worker), without and then with /metrics scraped
//      once a second by another process: how late probes leave their slot (p99, every ping timed
//      against its slot) and the scrape's own time in the hub. Then the same two runs with the
//      Prober on its worker thread, as `diemcau serve` runs (the prober's own send-lateness p99).
// Run: npm run build && node --import tsx test/bench/metrics.ts [SITES]   (about 3 minutes)
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {benchScrape} from './metrics-scrape.js';
import {startBenchFleet, type HubRun} from './hub-2000.js';
import {niceAll, ROOT, runJsonChild} from './lib.js';

const sites = Number(process.argv[2] ?? 2000);
const log = (line: string) => process.stderr.write(`[bench metrics ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
log(
	`${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load ${os
		.loadavg()
		.map(v => v.toFixed(1))
		.join(' ')}`,
);

const scrape = [];
for (const count of [200, sites]) {
	const hub = await benchScrape(count);
	const generic = await benchScrape(count, 20, true);
	scrape.push({sites: count, hub, generic, cpuRatio: Number((generic.cpuMedianMs / hub.cpuMedianMs).toFixed(1))});
	log(
		`scrape ${count} sites: hub ${hub.medianMs} ms (cpu ${hub.cpuMedianMs}), prom-client ${generic.medianMs} ms (cpu ${generic.cpuMedianMs})`,
	);
}

const HUB = path.join(ROOT, 'test/bench/hub-process.ts');
const fleet = await startBenchFleet(sites);
// BENCH_NICE_OTHERS=1: the agents (and the scraper) stand for machines elsewhere: every thread of
// theirs at nice 19, so when they and the hub want the same core the hub gets it, as on a hub PC
// of its own. They still run, and still take what the hub leaves.
const niced = process.env.BENCH_NICE_OTHERS === '1';
if (niced) log(`agents and scraper at nice 19: ${fleet.fleet.pids.reduce((sum, pid) => sum + niceAll(pid), 0)} threads lowered`);
type Run = HubRun & {scrapeMs?: {n: number; p50: number; p99: number; max: number}; scrapeBytes?: number};
const runs: Array<{label: string; run: Run}> = [];
type Block = {scraped: boolean; sendLateP99Ms: number; loopDelayP99Ms: number; scrapes: number; scrapeP50Ms: number | null; up: number};
let paired: {blockS: number; blocks: Block[]} | null = null;
const BLOCKS = Number(process.env.BENCH_SCRAPE_BLOCKS ?? 12);
try {
	for (const [label, extra] of [
		['without /metrics', []],
		['scraped every 1 s', ['--metrics']],
		['worker thread (as serve runs), without /metrics', ['--thread']],
		['worker thread (as serve runs), scraped every 1 s', ['--thread', '--metrics']],
	] as const) {
		const run = await runJsonChild<Run>(HUB, ['hub', fleet.bigPlan, '--warmup', '15', '--window', '30', ...extra]);
		runs.push({label, run});
		log(
			`${label}: up ${run.up}/${run.sites}, send error p99 ${run.sendErrorMs?.p99} ms, loop p99 ${run.window.loopDelayP99Ms} ms${run.scrapeMs ? `, scrape p50 ${run.scrapeMs.p50} ms p99 ${run.scrapeMs.p99} ms` : ''}`,
		);
	}
	// Paired: one serve-like hub (prober in its worker), scraped in every other block.
	paired = await runJsonChild<{blockS: number; blocks: Block[]}>(HUB, [
		'hub',
		fleet.bigPlan,
		'--thread',
		'--metrics',
		'--warmup',
		'20',
		'--scrape-blocks',
		String(BLOCKS),
	]);
	for (const block of paired.blocks)
		log(
			`block ${block.scraped ? 'scraped' : 'quiet  '}: send late p99 ${block.sendLateP99Ms} ms, prober loop p99 ${block.loopDelayP99Ms} ms, up ${block.up}${block.scraped ? `, ${block.scrapes} scrapes p50 ${block.scrapeP50Ms} ms` : ''}`,
		);
} finally {
	await fleet.stop();
}
const loadAfter = os.loadavg();
console.log(JSON.stringify({load: loadAfter, scrape, runs, paired}, null, 1));
const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle =
		sorted.length === 0
			? NaN
			: sorted.length % 2
				? sorted[(sorted.length - 1) / 2]!
				: (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
	return Number(middle.toFixed(2));
};
// Each scraped block against the mean of the quiet blocks either side of it.
const pairedRows = (() => {
	if (!paired) return [];
	const b = paired.blocks;
	const diffs: number[] = [];
	for (let i = 1; i < b.length; i += 2) {
		const around = [b[i - 1], b[i + 1]].filter((x): x is Block => x !== undefined && !x.scraped);
		diffs.push(b[i]!.sendLateP99Ms - around.reduce((sum, x) => sum + x.sendLateP99Ms, 0) / around.length);
	}
	const quiet = b.filter(x => !x.scraped);
	const scraped = b.filter(x => x.scraped);
	const list = (xs: Block[], pick: (x: Block) => number) => xs.map(pick).join(', ');
	return [
		'| blocks | send lateness p99, ms (each block) | median | prober loop delay p99, ms (median) | scrape in the hub p50, ms (median) |',
		'| --- | --- | --- | --- | --- |',
		`| quiet (${quiet.length}) | ${list(quiet, x => x.sendLateP99Ms)} | ${median(quiet.map(x => x.sendLateP99Ms))} | ${median(quiet.map(x => x.loopDelayP99Ms))} | – |`,
		`| scraped every 1 s (${scraped.length}) | ${list(scraped, x => x.sendLateP99Ms)} | ${median(scraped.map(x => x.sendLateP99Ms))} | ${median(scraped.map(x => x.loopDelayP99Ms))} | ${median(scraped.map(x => x.scrapeP50Ms ?? NaN))} |`,
		'',
		`Each scraped block minus the mean of the quiet blocks either side of it: ${diffs.map(d => d.toFixed(1)).join(', ')} ms (median ${median(diffs).toFixed(1)} ms).`,
	];
})();

// BENCHMARKS.md: this section between its markers (npm run bench keeps it).
const f = (v: number | null | undefined) => (v === null || v === undefined ? '–' : String(v));
const lines = [
	'<!-- metrics:begin -->',
	'## /metrics',
	'',
	`\`${niced ? 'BENCH_NICE_OTHERS=1 ' : ''}node --import tsx test/bench/metrics.ts ${sites}\` (after \`npm run build\`), ${new Date().toISOString().slice(0, 16)}Z, ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load average ${loadAfter.map(v => v.toFixed(1)).join(' ')} — a shared machine far beyond its 2 cores: wall times are inflated several times over, CPU times and the ratios measured side by side are the figures to read.`,
	'',
	"Scrape cost, median of 50 scrapes (real HubMetrics over real LinkTrackers and a real meeting state; the baseline puts the same per-site families through prom-client's own Gauge/Counter/Histogram):",
	'',
	'| sites | lines | bytes | hub wall ms (p95) | hub CPU ms | prom-client wall ms | prom-client CPU ms | CPU ratio |',
	'| --- | --- | --- | --- | --- | --- | --- | --- |',
	...scrape.map(
		s =>
			`| ${s.sites} | ${s.hub.lines} | ${s.hub.bytes} | ${s.hub.medianMs} (${s.hub.p95Ms}) | ${s.hub.cpuMedianMs} | ${s.generic.medianMs} | ${s.generic.cpuMedianMs} | ${s.cpuRatio}× |`,
	),
	'',
	`${sites} real sites (\`agent --many\`), one hub process, 15 s warm-up, 30 s window. First the Prober on the hub's own thread (every ping timed against its slot: the worst case), then on its worker thread as \`serve\` runs (the prober's own send-lateness p99 over 10-s windows, the worst window):`,
	'',
	'| run | up | send error p50 / p99 / max ms | hub loop delay p99 ms | hub CPU % | scrape in the hub p50 / p99 ms | RSS max MB |',
	'| --- | --- | --- | --- | --- | --- | --- |',
	...runs.map(
		({label, run}) =>
			`| ${label} | ${run.up}/${run.sites} | ${f(run.sendErrorMs?.p50)} / ${f(run.sendErrorMs?.p99)} / ${f(run.sendErrorMs?.max)} | ${f(run.window.loopDelayP99Ms)} | ${f(run.window.cpuPct)} | ${run.scrapeMs ? `${run.scrapeMs.p50} / ${run.scrapeMs.p99}` : '–'} | ${f(run.window.rssMbMax)} |`,
	),
	'',
	niced
		? 'In this run the agents and the scraper stood for machines elsewhere: every thread of theirs at nice 19 (`BENCH_NICE_OTHERS=1`), so the hub got a core whenever it wanted one; they still ran on the same two cores and took what the hub left.'
		: "In this run the agents and the scraper ran at the hub's own priority on its two cores (`BENCH_NICE_OTHERS=1` lowers them, standing for machines elsewhere).",
	'',
	`The same comparison paired on one hub: \`serve\`'s shape (the prober in its worker), ${paired?.blocks.length ?? 0} blocks of ${paired?.blockS ?? '?'} s after a 20-s warm-up, the scraper paused in the even blocks and scraping once a second in the odd ones, so both conditions share the hub, the agents and the minute of the machine; each block's figure is the worst of the prober's own 10-s p99s read inside it:`,
	'',
	...pairedRows,
	'',
	"Read the second table only when both runs have every live site up and a send-error p50 near 0: otherwise the machine starved the hub and the comparison says nothing. `run` and `serve` probe from a worker thread, so a scrape (on the main thread) does not block the prober's loop (the last two rows); it still takes CPU, and where the hub, its worker and the 2,000 agents share two cores (this machine), that CPU is taken from the prober too. The first two rows are the worst case, a Prober sharing the scrape's thread, where a scrape can hold a probe back by at most its own CPU time (the first table).",
	'',
	'<!-- metrics:end -->',
];
const file = path.join(ROOT, 'BENCHMARKS.md');
const previous = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
const section = lines.join('\n');
const MARK = /<!-- metrics:begin -->[\s\S]*<!-- metrics:end -->/;
writeFileSync(file, MARK.test(previous) ? previous.replace(MARK, section) : `${previous.trimEnd()}\n\n${section}\n`);
log(`wrote the /metrics section of ${file}`);
