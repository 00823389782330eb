// The whole hub beside the whole reference, in one run, interleaved: `serve` (the hub without a
// screen: the prober on its worker thread, WebSocket probes at 1 Hz and the UDP stream at the
// plan's 5/s) against real lossless agents, and the reference — a bare `ws` client pinging as
// many sockets once a second (hub-2000.ts benchBare) running at the same time as the lean UDP
// client at sites × 5 packets a second (udp-ref-client.ts), each against its bare far side.
// Also fping -p 1000 on as many loopback targets (per site-second). With `dashboard`, every round
// also runs the hub with its screen — `diemcau run` drawing into a real pty (terminal.ts) — on the
// same agents, beside the same reference; with `keys`, key → frame in a pty after the rounds.
// Measures; never asserts.
// Run alone: node --import tsx test/bench/serve-ratio.ts [SITES=2000] [ROUNDS=3] [--dashboard] [--keys N]
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import os, {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {benchFping} from './fping.js';
import {benchBare, type HubRun} from './hub-2000.js';
import {median, ROOT, runJsonChild, startFleet, writePlan, type BenchSite} from './lib.js';
import {benchRefUdp} from './udp-ratio.js';
import {benchDashboardRun, benchKeyFrames, type DashboardRun} from './terminal.js';

const HUB = path.join(ROOT, 'test/bench/hub-process.ts');
const WARMUP_S = 15;
const WINDOW_S = 20;
/** The longest a hub is given to dial every site and get its stream running before the warm-up. */
export const SETTLE_MAX_S = 120;
const log = (line: string) => process.stderr.write(`[bench serve-ratio ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

export type ServeRound = {
	round: number;
	load: number;
	fpingMsPer1000: number | null;
	perSiteSecondRatio: number | null;
	/** The reference's own CPU per site-second over fping's per probe: how far a hub with no work of its own gets. */
	refPerSiteSecondRatio: number | null;
	hubPct: number;
	refWsPct: number;
	refUdpPct: number;
	refPct: number;
	ratio: number;
	upLossPct: number | null;
	downLossPct: number | null;
	udpStates: Record<string, number>;
	/** Datagrams the kernel dropped at serve's own UDP sockets over the window (its down figures leave those seconds out). */
	ownDrops: number | null;
	/** The stream's rate a site at the window's end (lower than 5 where serve lowered it on its own drops). */
	ratePps: number | null;
	hubRssMb: number;
	refRssMb: number;
	/** Seconds serve took until 95 % of its sites' UDP read ok (then the warm-up). */
	settledS: number | null;
	/** The hub with its dashboard in a pty, in the same round: CPU and RSS, and each over the reference's. */
	dashboard?: DashboardRun & {ratio: number; rssRatio: number};
};
export type KeyFrames = Awaited<ReturnType<typeof benchKeyFrames>>;
export type ServeOptions = {
	/** Also run the hub with its dashboard in a pty in every round. */
	dashboard?: boolean;
	/** Key → frame presses after the rounds (0: none). */
	keys?: number;
	warmupS?: number;
	windowS?: number;
};
export type ServeFigures = {
	sites: number;
	rounds: ServeRound[];
	ratio: {min: number; median: number; max: number};
	fleetLossPct: {max: number};
	fping: {min: number; median: number; max: number} | null;
	/** The reference's own per site-second over fping's, per round. */
	refFping: {min: number; median: number; max: number} | null;
	warmupS: number;
	windowS: number;
	keys: KeyFrames | null;
};

/** ROUNDS rounds of (reference, serve[, dashboard]), the order turned every round, and one fping run a round. */
export async function benchServeRatio(sites: number, rounds: number, options: ServeOptions = {}): Promise<ServeFigures> {
	const warmupS = options.warmupS ?? WARMUP_S;
	const windowS = options.windowS ?? WINDOW_S;
	let keys: KeyFrames | null = null;
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-serve-ratio-'));
	const fleetSites: BenchSite[] = Array.from({length: sites}, (_, i) => ({
		site: `s-${i}`,
		token: randomBytes(32).toString('base64url'),
		simulate: 'good',
		group: 'good',
	}));
	log(`starting ${sites} lossless agents`);
	const fleet = await startFleet(fleetSites, path.join(dir, 'agents'), 0);
	const plan = writePlan(dir, fleetSites, fleet.endpoints); // the fixture's probe block: 1 Hz, udpRate 5 (the default)
	const results: ServeRound[] = [];
	try {
		for (let round = 1; round <= rounds; round++) {
			let hub: HubRun | undefined;
			let ref: {ws: HubRun; udp: {cpuPct: number; rssMb: number}} | undefined;
			const runHub = async () => {
				hub = await runJsonChild<HubRun>(HUB, [
					'hub',
					plan,
					'--thread',
					'--settle',
					String(SETTLE_MAX_S),
					'--warmup',
					String(warmupS),
					'--window',
					String(windowS),
					'--total',
					'0',
				]);
			};
			const runRef = async () => {
				const [ws, udp] = await Promise.all([benchBare(sites, warmupS, windowS), benchRefUdp(sites, 5, warmupS, windowS)]);
				ref = {ws, udp};
			};
			let dash: DashboardRun | undefined;
			const runDash = async () => {
				dash = await benchDashboardRun(plan, dir, sites, warmupS, windowS);
			};
			// Interleaved: the reference first, then last, then in the middle, …
			const runs = options.dashboard ? [runRef, runHub, runDash] : [runRef, runHub];
			const turn = (round - 1) % runs.length;
			for (const run of [...runs.slice(turn), ...runs.slice(0, turn)]) await run();
			const refPct = ref!.ws.window.cpuPct + ref!.udp.cpuPct;
			// fping -p 1000 on as many loopback targets, 10 s, in the same round.
			const fp = benchFping(sites, 10);
			const fpingMsPer1000 = fp.available ? fp.cpuMsPer1000 : null;
			if (!fp.available) log(fp.why);
			// The hub's CPU ms per site-second (one probe and its UDP packets) over fping's per probe.
			const hubMsPerSiteSecond = (hub!.window.cpuPct / 100 / sites) * 1000;
			const refMsPerSiteSecond = (refPct / 100 / sites) * 1000;
			const overFping = (msPerSiteSecond: number) =>
				fpingMsPer1000 === null ? null : Number((msPerSiteSecond / (fpingMsPer1000 / 1000)).toFixed(2));
			const row: ServeRound = {
				round,
				fpingMsPer1000,
				perSiteSecondRatio: overFping(hubMsPerSiteSecond),
				refPerSiteSecondRatio: overFping(refMsPerSiteSecond),
				load: Number(os.loadavg()[0]!.toFixed(1)),
				hubPct: hub!.window.cpuPct,
				refWsPct: ref!.ws.window.cpuPct,
				refUdpPct: Number(ref!.udp.cpuPct.toFixed(1)),
				refPct: Number(refPct.toFixed(1)),
				ratio: Number((hub!.window.cpuPct / refPct).toFixed(2)),
				upLossPct: hub!.udp?.upLossPct ?? null,
				downLossPct: hub!.udp?.downLossPct ?? null,
				udpStates: hub!.udp?.states ?? {},
				ownDrops: hub!.udp?.ownDrops ?? null,
				ratePps: hub!.udp?.ratePps ?? null,
				hubRssMb: hub!.window.rssMbMax,
				settledS: hub!.settledS ?? null,
				refRssMb: Number((ref!.ws.window.rssMbMax + ref!.udp.rssMb).toFixed(0)),
			};
			if (dash)
				row.dashboard = {
					...dash,
					ratio: Number((dash.cpuPct / refPct).toFixed(2)),
					rssRatio: Number((dash.rssMbMax / row.refRssMb).toFixed(2)),
				};
			results.push(row);
			log(
				`${sites} sites round ${round}: serve ${row.hubPct} % against reference ${row.refPct} % (ws ${row.refWsPct} + UDP ${row.refUdpPct}): ${row.ratio}×; per site-second ${row.perSiteSecondRatio}× fping, the reference's ${row.refPerSiteSecondRatio}× (${row.fpingMsPer1000?.toFixed(3)} ms per 1,000 probes); UDP loss up ${row.upLossPct} % down ${row.downLossPct} %, states ${JSON.stringify(row.udpStates)}, rate ${row.ratePps}/s a site, own drops ${row.ownDrops}; RSS ${row.hubRssMb} / ${row.refRssMb} MB; settled in ${row.settledS} s (load ${row.load})`,
			);
			if (row.dashboard)
				log(
					`${sites} sites round ${round}: hub + dashboard in a pty ${row.dashboard.cpuPct} %: ${row.dashboard.ratio}× the reference; RSS ${row.dashboard.rssMbMax} MB: ${row.dashboard.rssRatio}×; UDP rate ${row.dashboard.udp.ratePps}/s a site, packets a second up ${row.dashboard.udp.upPerSec}, down ${row.dashboard.udp.downPerSec}, loss up ${row.dashboard.udp.upLossPct} % down ${row.dashboard.udp.downLossPct} %, states ${JSON.stringify(row.dashboard.udp.states)}, own drops ${row.dashboard.udp.ownDrops}; settled in ${row.dashboard.settledS} s; terminal ${row.dashboard.terminalKBPerSec} KB/s${row.dashboard.lowered ? `; on screen: ${row.dashboard.lowered}` : ''}`,
				);
		}
		if (options.keys) {
			log(`${sites} sites: key → frame in a pty, ${options.keys} keys`);
			keys = await benchKeyFrames(plan, dir, sites, options.keys, warmupS);
			log(
				`${sites} sites: key → frame median ${keys.medianMs} ms, p95 ${keys.p95Ms} ms, max ${keys.maxMs} ms; median by key ${JSON.stringify(keys.medianByStepMs)}, max by key ${JSON.stringify(keys.maxByStepMs)}`,
			);
			log(`${sites} sites: each key, ms: ${keys.pressed.map(press => `${press.step} ${press.ms}`).join(', ')}`);
		}
	} finally {
		await fleet.stop();
		rmSync(dir, {recursive: true, force: true});
	}
	const ratios = results.map(r => r.ratio);
	const spreadOf = (values: (number | null)[]) => {
		const known = values.filter((v): v is number => v !== null);
		return known.length > 0 ? {min: Math.min(...known), median: median(known), max: Math.max(...known)} : null;
	};
	const losses = results.flatMap(r => [r.upLossPct ?? 100, r.downLossPct ?? 100]);
	return {
		sites,
		rounds: results,
		ratio: {min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios)},
		fleetLossPct: {max: Math.max(...losses)},
		fping: spreadOf(results.map(r => r.perSiteSecondRatio)),
		refFping: spreadOf(results.map(r => r.refPerSiteSecondRatio)),
		warmupS,
		windowS,
		keys,
	};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const args = process.argv.slice(2);
	const keysAt = args.indexOf('--keys');
	const keys = keysAt >= 0 ? Number(args.splice(keysAt, 2)[1]) : 0;
	const dashboard = args.includes('--dashboard');
	const [sites = 2000, rounds = 3] = args.filter(arg => !arg.startsWith('--')).map(Number);
	console.log(JSON.stringify(await benchServeRatio(sites, rounds, {dashboard, keys})));
}
