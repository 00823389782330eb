// 2,000 sites probed at 1 Hz by one hub process, side by side in one run with: a bare `ws` client
// holding as many sockets, the hub without its dashboard, and a small idle hub (the loopback and
// +50 ms baselines). Agents are real `diemcau agent` processes: 10 sentinel sites one process
// each (5 idle, 5 with --delay-ms 50: their RTTs are the accuracy figures) and the rest in
// `--many` processes of 500, with the demo's mix of profiles.
// Run alone: node --import tsx test/bench/hub-2000.ts [SITES] (after npm run build)
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {Fleet} from '../../src/commands/fleet.js';
import {syntheticProfile} from '../../src/commands/demo.js';
import {procCpuSeconds, ROOT, runJsonChild, startFleet, writePlan, type BenchSite} from './lib.js';

const HUB = path.join(ROOT, 'test/bench/hub-process.ts');

/** What hub-process.ts prints (the fields the report reads). */
export interface HubRun {
	mode: string;
	sites?: number;
	up?: number;
	/** Seconds from the hub's start until 95 % of its sites' UDP read ok (--settle; capped there). */
	settledS?: number;
	window: {
		wallS: number;
		cpuPct: number;
		cpuSeconds: number;
		probes: number;
		rssMbMax: number;
		memoryMbMax?: {heapTotal: number; heapUsed: number; external: number; arrayBuffers: number};
		loopDelayP99Ms: number;
		loopDelayMaxMs: number;
	};
	soak: Array<{s: number; rssMb: number; heapMb: number}>;
	/** Heap after a forced full GC every 30 s after the window (soak runs, --expose-gc). */
	live?: Array<{s: number; liveMb: number}>;
	/** grid: every ping timed against its slot (Prober on the hub's thread); prober: the worst of the prober's own 10-s p99s (worker thread). */
	sendErrorMs?: {source: 'grid' | 'prober'; n: number; p50: number; p99: number; max: number};
	proberLoopDelayMs?: {p50: number | null; max: number | null};
	rttMs?: Record<string, {n: number; p50: number; p95: number; p99: number}>;
	lost?: number;
	stalled?: number;
	proberLoopDelayP99Ms?: number;
	framesPerSec?: number;
	render?: string;
	terminalBytesPerSec?: number;
	journalMs?: {n: number; p50: number | null; p99: number | null; max: number | null};
	/** The UDP test stream over the window: the plan's rate, sites by stream state, packets a second (both ways) and loss each way. */
	udp?: {
		rate: number;
		states: Record<string, number>;
		packetsPerSec: number | null;
		upLossPct: number | null;
		downLossPct: number | null;
		/** Datagrams the kernel dropped at the hub's own UDP sockets over the window. */
		ownDrops?: number;
		/** The stream's rate a site at the window's end (lower than the plan's where the hub lowered it). */
		ratePps?: number | null;
	};
	/** CPU of every agent process during the run, % of one core (context: the machine has 2 cores). */
	agentsCpuPct?: number;
}

/** A running bench fleet and its plans. */
export interface BenchFleet {
	fleet: Fleet;
	dir: string;
	sentinelPlan: string; // the 10 sentinel sites
	fifteenPlan: string; // 15 sites (first-frame bench)
	bigPlan: string; // every site
	count: number;
	stop(): Promise<void>;
}

/** Start the agents for `count` sites and write the plans. */
export async function startBenchFleet(count: number): Promise<BenchFleet> {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-'));
	const token = () => randomBytes(32).toString('base64url'); // as `diemcau token new`: 18 bytes without an upper-case letter read as 124 bits
	const sites: BenchSite[] = [];
	for (let i = 0; i < 5; i++) sites.push({site: `idle-${i}`, token: token(), simulate: 'good', group: 'idle'});
	for (let i = 0; i < 5; i++) sites.push({site: `d50-${i}`, token: token(), simulate: 'good', delayMs: 50, group: '+50 ms'});
	for (let i = sites.length; i < count; i++) sites.push({site: `mix-${i}`, token: token(), simulate: syntheticProfile(i), group: 'mix'});
	const fleet = await startFleet(sites, path.join(dir, 'agents'), 10);
	return {
		fleet,
		dir,
		count,
		sentinelPlan: writePlan(dir, sites.slice(0, 10), fleet.endpoints, 'sentinel.yaml'),
		fifteenPlan: writePlan(dir, sites.slice(0, 15), fleet.endpoints, 'fifteen.yaml'),
		bigPlan: writePlan(dir, sites, fleet.endpoints, 'big.yaml'),
		stop: async () => {
			await fleet.stop();
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

async function withAgentCpu(fleet: Fleet, run: () => Promise<HubRun>): Promise<HubRun> {
	const cpu = () => fleet.pids.reduce((sum, pid) => sum + (procCpuSeconds(pid) || 0), 0);
	const before = cpu();
	const started = performance.now();
	const result = await run();
	result.agentsCpuPct = Number((((cpu() - before) / ((performance.now() - started) / 1000)) * 100).toFixed(1));
	return result;
}

const BARE_SERVER = `
import {WebSocketServer} from 'ws';
const wss = new WebSocketServer({host: '127.0.0.1', port: 0, perMessageDeflate: false, maxPayload: 65536, backlog: 4096});
wss.on('listening', () => console.log('listening ' + wss.address().port));
wss.on('connection', ws => { ws.on('error', () => {}); ws.on('message', data => ws.send(data.toString())); });`;

/** The bare `ws` client: COUNT sockets to an echo server (in its own process), one JSON ping a second each. */
export async function benchBare(count: number, warmupS: number, windowS: number): Promise<HubRun> {
	const server = spawn(process.execPath, ['--input-type=module', '-e', BARE_SERVER], {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit']});
	const port = await new Promise<string>((resolve, reject) => {
		server.stdout.on('data', chunk => {
			const match = /listening (\d+)/.exec(String(chunk));
			if (match) resolve(match[1]!);
		});
		server.once('exit', code => reject(new Error(`bare server exited (${code})`)));
	});
	try {
		const cpu0 = procCpuSeconds(server.pid!);
		const started = performance.now();
		const result = await runJsonChild<HubRun>(HUB, [
			'bare',
			`ws://127.0.0.1:${port}/`,
			String(count),
			'--warmup',
			String(warmupS),
			'--window',
			String(windowS),
		]);
		result.agentsCpuPct = Number((((procCpuSeconds(server.pid!) - cpu0) / ((performance.now() - started) / 1000)) * 100).toFixed(1));
		return result;
	} finally {
		server.kill('SIGTERM');
	}
}

/** One hub run on `plan` (optionally with the dashboard), in its own process. */
export function benchHubRun(
	fleet: BenchFleet,
	plan: string,
	options: {
		dashboard: boolean;
		render?: 'full' | 'short' | 'incremental';
		warmupS: number;
		windowS: number;
		totalS?: number;
		udpBudgetPps?: number;
	},
): Promise<HubRun> {
	const args = [
		'hub',
		plan,
		'--warmup',
		String(options.warmupS),
		'--window',
		String(options.windowS),
		'--total',
		String(options.totalS ?? 0),
	];
	if (options.udpBudgetPps !== undefined) args.push('--udp-budget', String(options.udpBudgetPps));
	if (options.dashboard) args.push('--dashboard', '--journal', path.join(fleet.dir, `journal-${Date.now()}.jsonl`));
	if (options.render) args.push('--render', options.render);
	const env = (options.totalS ?? 0) > options.warmupS + options.windowS ? {NODE_OPTIONS: '--expose-gc'} : {};
	return withAgentCpu(fleet.fleet, () => runJsonChild<HubRun>(HUB, args, env));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const count = Number(process.argv[2] ?? 2000);
	const fleet = await startBenchFleet(count);
	try {
		console.log(JSON.stringify(await benchHubRun(fleet, fleet.sentinelPlan, {dashboard: false, warmupS: 5, windowS: 20})));
		console.log(JSON.stringify(await benchBare(count, 5, 20)));
		console.log(JSON.stringify(await benchHubRun(fleet, fleet.bigPlan, {dashboard: true, warmupS: 15, windowS: 30})));
	} finally {
		await fleet.stop();
	}
}
