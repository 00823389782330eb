// The older scenarios side by side in one run, a table on stdout, and
// test/bench/scenarios.md (node --import tsx test/bench/run.ts). Measures; never asserts.
//   BENCH_SITES=2000         sites of the hub scenarios
//   BENCH_SOAK_MINUTES=3     length of the hub+dashboard run (memory soak) after its 30 s warm-up
//   BENCH_ONLY=soak          run only the fleet and the soak; updates only the soak section of scenarios.md
// The UDP test stream's part (hub with the stream on and off, loss against fping in a netns)
// runs alone too: node --import tsx test/bench/udp.ts [SITES]
import {execSync, spawn} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {benchRttOverhead} from './rtt-overhead.js';
import {benchFping} from './fping.js';
import {benchJournal} from './journal-durability.js';
import {benchBare, benchHubRun, startBenchFleet, type HubRun} from './hub-2000.js';
import {benchFirstFrame, benchKeyLatency} from './terminal.js';
import {ROOT} from './lib.js';
import {benchUdpHub, benchUdpLoss, putUdpSection, udpSection, type UdpFigures} from './udp.js';
import {report, soakSection, type Figures} from './report.js';

const sites = Number(process.env.BENCH_SITES ?? 2000);
const soakMinutes = Number(process.env.BENCH_SOAK_MINUTES ?? 3);
const only = process.env.BENCH_ONLY ?? '';
// BENCHMARKS.md is the ratio table of test/bench/ratios.ts (npm run bench); these scenarios write their own file.
const file = path.join(ROOT, 'test/bench/scenarios.md');
const log = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

function machine() {
	const cpus = os.cpus();
	let commit = 'unknown';
	try {
		commit = execSync('git rev-parse --short HEAD', {cwd: ROOT, encoding: 'utf8'}).trim();
	} catch {}
	return {
		date: new Date().toISOString(),
		cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
		memGb: Math.round(os.totalmem() / 2 ** 30),
		node: process.version,
		os: `${os.type()} ${os.release()}`,
		commit,
		load: os
			.loadavg()
			.map(value => value.toFixed(2))
			.join(' '),
	};
}

/** The dashboard-frame bench (owned by the dashboard engineer) in its own process, as `run` builds React. */
function dashboardFrame(count: number): Promise<{buildMedianMs: number; buildP95Ms: number; frameMedianMs: number; frameP95Ms: number}> {
	const proc = spawn(process.execPath, ['--import', 'tsx', 'test/bench/dashboard-frame.tsx', String(count)], {
		cwd: ROOT,
		env: {...process.env, NODE_ENV: 'production'},
	});
	let out = '';
	proc.stdout.on('data', chunk => (out += chunk));
	return new Promise((resolve, reject) => {
		proc.once('exit', () => {
			const build = /snapshot build\s+median ([\d.]+) ms, p95 ([\d.]+) ms/.exec(out);
			const frame = /frame out\s+median ([\d.]+) ms, p95 ([\d.]+) ms/.exec(out);
			if (!build || !frame) return reject(new Error(`dashboard-frame bench printed no figures:\n${out}`));
			resolve({
				buildMedianMs: Number(build[1]),
				buildP95Ms: Number(build[2]),
				frameMedianMs: Number(frame[1]),
				frameP95Ms: Number(frame[2]),
			});
		});
	});
}

const startedAt = Date.now();
const facts = machine();
log(`${facts.cpu}, load ${facts.load}; ${sites} sites, soak ${soakMinutes} min${only ? `, only ${only}` : ''}`);
const figures: Figures = {sites, soakMinutes};
const udp: UdpFigures = {sites};

if (!only) {
	log('loopback RTT: agent probe vs raw TCP echo vs bare ws (rtt-overhead)');
	figures.rtt = (await benchRttOverhead()).rows;
	log('fping, same rate as the hub');
	figures.fping = benchFping(sites, 10);
	log('journal durability (Meeting → datasync)');
	figures.journal = await benchJournal(300);
	log('dashboard frame for 2,000 sites (dashboard-frame)');
	figures.frame = await dashboardFrame(2000);
}

log(`starting ${sites} simulated sites (real agents)`);
const fleet = await startBenchFleet(sites);
try {
	const hub = (plan: string, options: Parameters<typeof benchHubRun>[2]): Promise<HubRun> => benchHubRun(fleet, plan, options);
	if (!only) {
		log('idle hub on the 10 sentinel sites (loopback and +50 ms baselines)');
		figures.sentinel = await hub(fleet.sentinelPlan, {dashboard: false, warmupS: 5, windowS: 30});
		log('first frame of `diemcau run` with 15 sites');
		figures.firstFrame = await benchFirstFrame(fleet.fifteenPlan, fleet.dir, 5);
		log(`bare ws client, ${sites} sockets`);
		figures.bare = await benchBare(sites, 10, 30);
		log(`hub, ${sites} sites, no dashboard`);
		figures.hubOnly = await hub(fleet.bigPlan, {dashboard: false, warmupS: 15, windowS: 30});
	}
	log(`hub + dashboard, ${sites} sites, ${soakMinutes} min after warm-up`);
	figures.hubDash = await hub(fleet.bigPlan, {
		dashboard: true,
		warmupS: 30,
		windowS: Math.min(60, soakMinutes * 60),
		totalS: 30 + soakMinutes * 60,
	});
	if (!only) {
		log(`key latency in a pty, ${sites} sites`);
		figures.keys = await benchKeyLatency(fleet.bigPlan, fleet.dir, 20, 15);
		log(`hub + dashboard, ${sites} sites, the UDP test stream at 5 packets/s, then off (udp.ts)`);
		Object.assign(udp, await benchUdpHub(fleet));
	}
} finally {
	await fleet.stop();
}
if (!only) {
	log('UDP loss at 2 % each way against fping on a namespace link (udp.ts)');
	udp.loss = await benchUdpLoss(2, 20);
}
figures.minutes = (Date.now() - startedAt) / 60_000;
figures.loadAfter = os
	.loadavg()
	.map(value => value.toFixed(2))
	.join(' ');

const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
const command = `${soakMinutes === 3 ? '' : `BENCH_SOAK_MINUTES=${soakMinutes} `}${sites === 2000 ? '' : `BENCH_SITES=${sites} `}${only ? `BENCH_ONLY=${only} ` : ''}npm run bench`;
const SOAK = /<!-- soak:begin -->[\s\S]*<!-- soak:end -->/;
const kept = SOAK.exec(previous)?.[0];
// The 30-minute soak has its own command line; a shorter run keeps the last long one.
const keptMinutes = Number(/minutes: (\d+)/.exec(kept ?? '')?.[1] ?? 0);
const soak =
	soakMinutes >= 30 || only ? soakSection(figures, facts, command) : kept && keptMinutes >= 30 ? kept : soakSection(null, null, command);
let markdown: string;
if (only) {
	if (!kept)
		throw new Error('BENCH_ONLY=soak updates an existing test/bench/scenarios.md: run `node --import tsx test/bench/run.ts` first');
	markdown = previous.replace(SOAK, soak);
} else {
	markdown = report(figures, facts, command, soak);
}
// The UDP stream's section (udp.ts, also runnable alone): this run's figures.
if (!only)
	markdown = putUdpSection(
		markdown,
		udpSection(udp, {date: facts.date, load: facts.load, loadAfter: figures.loadAfter, commit: facts.commit}, command),
	);
// Sections other benches write with their own command (/metrics: test/bench/metrics.ts; dial-out:
// test/bench/dial-out-restart.ts) are kept as they were.
for (const [section, name] of previous.matchAll(/<!-- ([a-z-]+):begin -->[\s\S]*?<!-- \1:end -->/g)) {
	if (!markdown.includes(`<!-- ${name}:begin -->`)) markdown = `${markdown.trimEnd()}\n\n${section}\n`;
}
writeFileSync(file, markdown);
process.stdout.write(`${only ? soak : (markdown.split('<!-- table:end -->')[0]!.split('<!-- table:begin -->')[1] ?? '')}\n`);
log(`wrote ${file} in ${figures.minutes.toFixed(1)} min`);
process.exit(0);
