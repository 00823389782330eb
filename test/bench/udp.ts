// The UDP test stream at scale, side by side in one run:
//  - the hub + dashboard on 2,000 sites with the stream at 5 packets/s a site, beside the same hub
//    with the stream off (probe.udpRate 0), same fleet: hub CPU and the probes' send-time error
//    (the scale targets: ≤ 35 % of a core, p99 ≤ 10 ms) with the stream on;
//  - the stream's packet loss on a namespace link where the kernel drops 2 % each way
//    (`nft … numgen random mod 100 < 2 drop`), against fping on the same link at the same time.
// Measures; never asserts. Writes its section of test/bench/scenarios.md (between udp:begin/udp:end);
// BENCHMARKS.md is the ratio table of test/bench/ratios.ts.
// Run alone: node --import tsx test/bench/udp.ts [SITES] (after npm run build; the loss part
// needs root, ip netns, nft and fping, and says why it was skipped otherwise)
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os, {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import {BIN as TEST_BIN, writePlan as writeTestPlan} from '../helpers/agents.js';
import {dropPackets, fpingLoss, toolsMissing} from '../helpers/impair.js';
import {createNetnsPair, netnsUnavailable} from '../helpers/netns.js';
import {benchHubRun, startBenchFleet, type BenchFleet, type HubRun} from './hub-2000.js';
import {ROOT} from './lib.js';
import {benchUdpFloor, type UdpFloorRound} from './udp-floor.js';

/** The stream's loss on the impaired link, against fping; or why it was not measured. */
export type UdpLoss =
	| {measured: false; why: string}
	| {
			measured: true;
			dropPct: number;
			upPct: number;
			downPct: number;
			roundTripPct: number;
			packetsEachWay: number;
			fping: {sent: number; received: number; lossPct: number};
			seconds: number;
	  };

/** What the UDP bench measured. */
export interface UdpFigures {
	sites: number;
	on?: HubRun; // udpRate 5
	one?: HubRun; // udpRate 1
	off?: HubRun; // udpRate 0
	floor?: UdpFloorRound; // the same work with no diemcau code
	loss?: UdpLoss;
}

/** A copy of `plan` (YAML) with probe.udpRate set. */
function withUdpRate(plan: string, rate: number): string {
	const data = parseYaml(readFileSync(plan, 'utf8')) as {probe?: Record<string, unknown>};
	data.probe = {...(data.probe ?? {}), udpRate: rate};
	const file = path.join(path.dirname(plan), `udp-${rate}-${path.basename(plan)}`);
	writeFileSync(file, stringifyYaml(data));
	return file;
}

/** Hub + dashboard on every site of the fleet, the stream at 5/s, at 1/s, then off, each after its warm-up. */
export async function benchUdpHub(fleet: BenchFleet, windowS = 30): Promise<Pick<UdpFigures, 'on' | 'one' | 'off'>> {
	const options = {dashboard: true, warmupS: 20, windowS};
	// 5/s at 2,000 sites is more than the hub's UDP budget: it would run at 1/s. Measured past the budget, to show why.
	const on = await benchHubRun(fleet, withUdpRate(fleet.bigPlan, 5), {...options, udpBudgetPps: 1_000_000});
	const one = await benchHubRun(fleet, withUdpRate(fleet.bigPlan, 1), options);
	const off = await benchHubRun(fleet, withUdpRate(fleet.bigPlan, 0), options);
	return {on, one, off};
}

const TOKEN = 'udp-bench-token-8e41c2d97a3f5b60';

/**
 * `diemcau status` over a namespace link with `dropPct` % dropped each way by the kernel, the
 * stream at 200 packets/s for `seconds`, and fping (every 10 ms) over the same link at the same time.
 */
export async function benchUdpLoss(dropPct = 2, seconds = 20): Promise<UdpLoss> {
	const unavailable = netnsUnavailable() ?? toolsMissing('nft', 'fping');
	if (unavailable) return {measured: false, why: unavailable};
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-udp-bench-'));
	const pair = createNetnsPair('udb', '10.231.12');
	const tokenFile = path.join(dir, 'agent.token');
	writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
	chmodSync(tokenFile, 0o600);
	const agent = execa(
		pair.inNs('site')[0]!,
		[
			...pair.inNs('site').slice(1),
			'node',
			TEST_BIN,
			'agent',
			'--site',
			'pho-an',
			'--host',
			pair.site.address,
			'--port',
			'7700',
			'--token-file',
			tokenFile,
		],
		{
			reject: false,
			env: {DIEMCAU_TOKEN: ''},
		},
	);
	try {
		await new Promise<void>((resolve, reject) => {
			let out = '';
			const timer = setTimeout(() => reject(new Error(`the agent did not listen: ${out}`)), 20_000);
			agent.stdout?.on('data', chunk => {
				out += chunk;
				if (out.includes('listening')) {
					clearTimeout(timer);
					resolve();
				}
			});
		});
		const plan = writeTestPlan(dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: `ws://${pair.site.address}:7700/probe`, token: TOKEN}], {
			probe: {intervalMs: 500, timeoutMs: 2000, downAfter: 3, upAfter: 2, window: 120, udpRate: 200},
		});
		dropPackets(pair, dropPct, dropPct);
		const count = seconds * 2; // probes every 500 ms
		const [status, ping] = await Promise.all([
			execa(pair.inNs('hub')[0]!, [...pair.inNs('hub').slice(1), 'node', TEST_BIN, 'status', plan, '--json', '--count', String(count)], {
				reject: false,
			}),
			Promise.resolve().then(() => fpingLoss(pair, seconds * 100, 10)),
		]);
		const site = JSON.parse(status.stdout || '{"sites":[{}]}').sites[0];
		if (site.udp !== 'ok' || !site.packetLossPct)
			return {measured: false, why: `status said udp ${site.udp}: ${status.stderr.slice(0, 300)}`};
		const {up, down} = site.packetLossPct as {up: number; down: number};
		return {
			measured: true,
			dropPct,
			upPct: up,
			downPct: down,
			roundTripPct: Number((100 - ((100 - up) * (100 - down)) / 100).toFixed(2)),
			packetsEachWay: seconds * 200,
			fping: {sent: ping.sent, received: ping.received, lossPct: Number(ping.lossPct.toFixed(2))},
			seconds,
		};
	} finally {
		agent.kill('SIGTERM');
		await agent;
		pair.destroy();
		rmSync(dir, {recursive: true, force: true});
	}
}

/** Whether a hub run moved at least 90 % of the UDP packets it was asked for. */
const udpKeptUp = (run: HubRun | undefined): boolean => {
	const asked = 2 * (run?.udp?.rate ?? 0) * (run?.up ?? 0);
	return asked > 0 && (run?.udp?.packetsPerSec ?? 0) >= 0.9 * asked;
};

const num = (value: number | null | undefined, digits = 1) =>
	value === null || value === undefined || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);

/** The BENCHMARKS.md section, between its markers. */
export function udpSection(
	figures: UdpFigures,
	facts: {date: string; load: string; loadAfter: string; commit: string},
	command: string,
): string {
	const {on, one, off, loss} = figures;
	const lines = [
		'<!-- udp:begin -->',
		`## The UDP test stream at ${figures.sites.toLocaleString('en')} sites, and its loss against fping`,
		'',
		`\`${command}\` on ${facts.date.slice(0, 16).replace('T', ' ')} UTC, commit ${facts.commit}; load average ${facts.load} at the start, ${facts.loadAfter} at the end`,
		'(2 shared cores: a load above 2 means the hub waited for a core part of the time; the hub runs are side by side for that reason).',
		`The hub + dashboard as \`diemcau run\` sets itself up (prober in its worker thread), the same ${figures.sites.toLocaleString('en')} real agents for every run, 20 s warm-up then a ${on?.window.wallS ?? 30}-s window;`,
		"send-time error is the prober's own (worst 10-s p99 of how late WebSocket probes left their slot), with the UDP stream sharing the worker.",
		'',
		"The plan's rate runs as written at these sizes (src/model/link/udp-budget.ts); the columns compare 5/s, 1/s and the stream off.",
		'',
		'| Figure | 5 packets/s a site | 1 packet/s | off (probe.udpRate 0) | Target | Met at 5/s |',
		'|---|---|---|---|---|---|',
	];
	if (on && one && off) {
		const runs = [on, one, off];
		const row = (name: string, value: (run: HubRun) => string, target = '—', met = '—') =>
			lines.push(`| ${name} | ${runs.map(value).join(' | ')} | ${target} | ${met} |`);
		row('Hub CPU, % of a core', run => `${num(run.window.cpuPct)} %`, '≤ 35 %', on.window.cpuPct <= 35 ? 'met' : '**not met**');
		row(
			'Probe send-time error p99',
			run => `${num(run.sendErrorMs?.p99, 2)} ms`,
			'≤ 10 ms',
			(on.sendErrorMs?.p99 ?? Infinity) <= 10 ? 'met' : '**not met**',
		);
		row("Prober's event-loop delay, worst 10-s p99", run => `${num(run.proberLoopDelayMs?.max, 2)} ms`);
		row(
			'Main-thread loop delay p99 (draws)',
			run => `${num(run.window.loopDelayP99Ms, 2)} ms`,
			'≤ 20 ms',
			on.window.loopDelayP99Ms <= 20 ? 'met' : '**not met**',
		);
		row('RSS max', run => `${num(run.window.rssMbMax, 0)} MB`);
		row(
			'UDP packets a second, both ways (asked: 2 × rate × sites up)',
			run => `${num(run.udp?.packetsPerSec, 0)} of ${2 * (run.udp?.rate ?? 0) * (run.up ?? 0)}`,
		);
		row('UDP loss up / down over the fleet (its simulated lossy sites included)', run =>
			run.udp?.upLossPct === null || run.udp?.upLossPct === undefined
				? '—'
				: `${num(run.udp.upLossPct, 2)} % / ${num(run.udp.downLossPct, 2)} %`,
		);
		row(
			'Sites up / by stream state',
			run =>
				`${run.up} / ${Object.entries(run.udp?.states ?? {})
					.map(([state, n]) => `${state} ${n}`)
					.join(', ')}`,
		);
		row("Agents' CPU (every agent process)", run => `${num(run.agentsCpuPct)} %`);
	} else {
		lines.push('| (the hub runs were not measured) | | | | | |');
	}
	lines.push('');
	const {floor} = figures;
	if (floor) {
		lines.push(
			`**The floor under that target on this machine** (\`test/bench/udp-floor.ts\`, in the same run after the hub runs): the work the target asks of a hub at ${figures.sites.toLocaleString('en')} sites with the stream at 5/s, done with no diemcau code, each in its own process, CPU over a 20-s window:`,
			'',
			'| WebSocket probes: bare `ws`, one JSON ping a second on each socket | UDP: one dgram socket, 5 packets/s a site sent and every echo read | the same UDP with HMAC-SHA256 on every packet (signed, echo verified) | floor: WebSocket + UDP with its MAC | target (hub + dashboard) |',
			'|---|---|---|---|---|',
			`| ${num(floor.wsPct)} % | ${num(floor.udpPct)} % (${floor.udp.sentPerS} sent/s, ${floor.udp.receivedPerS} back/s) | ${num(floor.udpMacPct)} % | **${num(floor.floorPct)} %** | ≤ 35 % |`,
			'',
			udpKeptUp(on)
				? `The hub + dashboard at 5/s read ${num(on?.window.cpuPct)} % above, ${on && floor.floorPct > 0 ? `${(on.window.cpuPct / floor.floorPct).toFixed(2)}×` : 'n/a'} that floor (which draws nothing).`
				: `The hub + dashboard at 5/s above did not keep up (${num(on?.udp?.packetsPerSec, 0)} of ${2 * (on?.udp?.rate ?? 0) * (on?.up ?? 0)} packets a second went through), so its CPU is not that work's; the floor did all of it.`,
			floor.floorPct > 35
				? `**The floor alone is above the target** (${num(floor.floorPct)} % against 35 %): no hub on this machine, in Node with a MAC on every packet, can meet it.`
				: 'The floor is under the target here: what a hub spends above it is its own.',
			'',
		);
	}
	if (loss?.measured) {
		const error = Math.abs(loss.roundTripPct - loss.fping.lossPct);
		lines.push(
			`**Loss accuracy on a real wire**: hub and agent in their own network namespaces joined by veth, ${loss.dropPct} % dropped each way by the kernel`,
			`(\`nft … numgen random mod 100 < ${loss.dropPct} drop\`), \`diemcau status\` with the stream at 200 packets/s for ${loss.seconds} s (${loss.packetsEachWay} packets each way)`,
			`and \`fping -p 10\` over the same link at the same time (${loss.fping.sent} pings):`,
			'',
			'| diemcau up | diemcau down | diemcau round trip | fping round trip | difference | target |',
			'|---|---|---|---|---|---|',
			`| ${num(loss.upPct, 2)} % | ${num(loss.downPct, 2)} % | ${num(loss.roundTripPct, 2)} % | ${num(loss.fping.lossPct, 2)} % | ${num(error, 2)} points | each way within ±2 points of ${loss.dropPct} % (${Math.abs(loss.upPct - loss.dropPct) <= 2 && Math.abs(loss.downPct - loss.dropPct) <= 2 ? 'met' : '**not met**'}) |`,
			'',
			`(A drop of 2 % in ${loss.packetsEachWay} packets has a sampling spread of ±${(Math.sqrt(((loss.dropPct / 100) * (1 - loss.dropPct / 100)) / loss.packetsEachWay) * 200).toFixed(2)} points (2 σ); fping's ${loss.fping.sent} pings ±${(Math.sqrt(((1 - (1 - loss.dropPct / 100) ** 2) * (1 - loss.dropPct / 100) ** 2) / loss.fping.sent) * 200).toFixed(2)}.)`,
		);
	} else {
		lines.push(`**Loss accuracy on a real wire**: not measured (${loss?.why ?? 'not run'}).`);
	}
	lines.push('<!-- udp:end -->');
	return lines.join('\n');
}

const UDP = /<!-- udp:begin -->[\s\S]*<!-- udp:end -->/;

/** `markdown` with its udp section replaced by `section` (appended when it has none). */
export function putUdpSection(markdown: string, section: string): string {
	return UDP.test(markdown) ? markdown.replace(UDP, section) : `${markdown.trimEnd()}\n\n${section}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const sites = Number(process.argv[2] ?? 2000);
	const log = (line: string) => process.stderr.write(`[udp bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
	const load = os
		.loadavg()
		.map(value => value.toFixed(2))
		.join(' ');
	const date = new Date().toISOString();
	const {execSync} = await import('node:child_process');
	const commit = execSync('git rev-parse --short HEAD', {cwd: ROOT, encoding: 'utf8'}).trim();
	log(`load ${load}; starting ${sites} simulated sites`);
	const figures: UdpFigures = {sites};
	const fleet = await startBenchFleet(sites);
	try {
		log('hub + dashboard, UDP stream on, then off');
		Object.assign(figures, await benchUdpHub(fleet));
	} finally {
		await fleet.stop();
	}
	log('the floor: bare ws, bare UDP at 5/s a site, and with its MAC (no diemcau code)');
	figures.floor = await benchUdpFloor(sites, 5);
	log('loss at 2 % each way against fping (netns)');
	figures.loss = await benchUdpLoss(2, 20);
	const loadAfter = os
		.loadavg()
		.map(value => value.toFixed(2))
		.join(' ');
	const section = udpSection(
		figures,
		{date, load, loadAfter, commit},
		`node --import tsx test/bench/udp.ts${sites === 2000 ? '' : ` ${sites}`}`,
	);
	const file = path.join(ROOT, 'test/bench/scenarios.md');
	let markdown = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	markdown = putUdpSection(markdown, section);
	writeFileSync(file, markdown);
	process.stdout.write(`${section}\n${JSON.stringify(figures)}\n`);
	log(`wrote ${file}`);
	process.exit(0);
}
