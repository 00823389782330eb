// What the dashboard writes to its terminal at 2,000 sites, three ways side by side in one run,
// each hub in its own process on the same agents: the frame as tall as the terminal (Ink clears
// and rewrites the whole screen every frame), one row shorter (Ink rewrites its own lines), and
// one row shorter with Ink's incrementalRendering (only the lines that changed are written).
// Bytes to the terminal per second, the hub's CPU and RSS. Run alone (after npm run build):
//   node --import tsx test/bench/render-modes.ts [SITES] [ROUNDS]
import {fileURLToPath} from 'node:url';
import {benchHubRun, startBenchFleet, type HubRun} from './hub-2000.js';

const MODES = ['full', 'short', 'incremental'] as const;

/** Each mode `rounds` times, interleaved (so a noisy minute on the shared machine hits them all). */
export async function benchRenderModes(
	count = 2000,
	rounds = 2,
	warmupS = 10,
	windowS = 20,
): Promise<Record<(typeof MODES)[number], HubRun[]>> {
	const fleet = await startBenchFleet(count);
	const runs: Record<string, HubRun[]> = {full: [], short: [], incremental: []};
	try {
		for (let round = 0; round < rounds; round++) {
			for (const render of MODES) runs[render]!.push(await benchHubRun(fleet, fleet.bigPlan, {dashboard: true, render, warmupS, windowS}));
		}
	} finally {
		await fleet.stop();
	}
	return runs as Record<(typeof MODES)[number], HubRun[]>;
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/** The Markdown table of a run, with ratios against the full-height frame. */
export function renderModesTable(runs: Record<(typeof MODES)[number], HubRun[]>): string {
	const base = {bytes: mean(runs.full.map(run => run.terminalBytesPerSec ?? 0)), cpu: mean(runs.full.map(run => run.window.cpuPct))};
	const lines = [
		'| frame | terminal KB/s | × full | hub CPU % of a core | × full | RSS max MB | frames/s |',
		'| --- | --- | --- | --- | --- | --- | --- |',
	];
	for (const mode of MODES) {
		const list = runs[mode];
		const bytes = mean(list.map(run => run.terminalBytesPerSec ?? 0));
		const cpu = mean(list.map(run => run.window.cpuPct));
		lines.push(
			`| ${mode} | ${(bytes / 1024).toFixed(1)} | ${(bytes / base.bytes).toFixed(2)} | ${cpu.toFixed(1)} (${list.map(run => run.window.cpuPct).join(', ')}) | ${(cpu / base.cpu).toFixed(2)} | ${Math.max(...list.map(run => run.window.rssMbMax)).toFixed(0)} | ${mean(list.map(run => run.framesPerSec ?? 0)).toFixed(1)} |`,
		);
	}
	return lines.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const runs = await benchRenderModes(Number(process.argv[2] ?? 2000), Number(process.argv[3] ?? 2));
	console.log(renderModesTable(runs));
	console.log(JSON.stringify(runs));
}
