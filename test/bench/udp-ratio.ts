// The UDP path's figures as ratios to a reference measured in the same run, interleaved:
// for each size, ROUNDS rounds of (reference UDP client, the hub's UdpHub), the order swapped
// every round, each client in its own process against a fresh lean far side (udp-far.ts).
// Measures; never asserts. Run alone:
//   node --import tsx test/bench/udp-ratio.ts [SIZES=2000,3321] [RATE=5] [ROUNDS=3]
import {spawn} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {median, ROOT} from './lib.js';

const WARMUP_S = 4;
const WINDOW_S = 12;
const log = (line: string) => process.stderr.write(`[bench udp-ratio ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const here = (file: string) => path.join(ROOT, 'test/bench', file);

type RefRun = {cpuPct: number; pps: number; lossPct: number; bad: number; rssMb: number};
type HubRun = {
	cpuPct: number;
	pps: number;
	upLossPct: number | null;
	downLossPct: number | null;
	ownDrops: number;
	rate: number;
	rssMb: number;
};
export type UdpRatioRound = {round: number; load: number; ref: RefRun; hub: HubRun; ratio: number};
export type UdpRatioSize = {sites: number; rate: number; rounds: UdpRatioRound[]; ratio: {min: number; median: number; max: number}};

// The far side stands for thousands of remote machines with CPUs of their own: on a shared,
// loaded bench machine it runs at a higher priority (nice -10 when allowed), so its backlog never
// reads as the path's loss; both clients run at the same priority as it (nice -10 when allowed).
const canRenice = process.getuid?.() === 0;
function tsx(file: string, args: string[], nice = 0) {
	const command = [process.execPath, '--import', 'tsx', here(file), ...args];
	const [bin, ...rest] = canRenice && nice !== 0 ? ['nice', '-n', String(nice), ...command] : command;
	return spawn(bin!, rest, {cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit']});
}

async function withFar<T>(sites: number, run: (port: number) => Promise<T>): Promise<T> {
	const far = tsx('udp-far.ts', [String(sites)], -10);
	try {
		const port = await new Promise<number>((resolve, reject) => {
			let out = '';
			far.stdout.on('data', chunk => {
				out += chunk;
				const match = /listening (\d+)/.exec(out);
				if (match) resolve(Number(match[1]));
			});
			far.once('exit', code => reject(new Error(`the far side exited (${code})`)));
		});
		return await run(port);
	} finally {
		far.kill('SIGTERM');
	}
}

async function client<T>(file: string, port: number, sites: number, rate: number, warmupS = WARMUP_S, windowS = WINDOW_S): Promise<T> {
	const child = tsx(file, [port, sites, rate, warmupS, windowS].map(String), -10);
	let out = '';
	child.stdout.on('data', chunk => (out += chunk));
	const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
	if (code !== 0) throw new Error(`${file} exited (${code})`);
	return JSON.parse(out.trim().split('\n').pop()!) as T;
}

/** The reference's UDP part alone (its own far side), for the whole-reference runs. */
export function benchRefUdp(sites: number, rate: number, warmupS: number, windowS: number): Promise<RefRun> {
	return withFar(sites, port => client<RefRun>('udp-ref-client.ts', port, sites, rate, warmupS, windowS));
}

/** ROUNDS interleaved rounds at `sites` × `rate`: the hub's UDP CPU over the reference's. */
export async function benchUdpRatio(sites: number, rate: number, rounds: number): Promise<UdpRatioSize> {
	const results: UdpRatioRound[] = [];
	for (let round = 1; round <= rounds; round++) {
		const run = async () => {
			const order = round % 2 === 1 ? (['ref', 'hub'] as const) : (['hub', 'ref'] as const);
			const got: {ref?: RefRun; hub?: HubRun} = {};
			for (const which of order) {
				if (which === 'ref') got.ref = await withFar(sites, port => client<RefRun>('udp-ref-client.ts', port, sites, rate));
				else got.hub = await withFar(sites, port => client<HubRun>('udp-hub-client.ts', port, sites, rate));
			}
			return got as {ref: RefRun; hub: HubRun};
		};
		const {ref, hub} = await run();
		const row = {round, load: Number(os.loadavg()[0]!.toFixed(1)), ref, hub, ratio: Number((hub.cpuPct / ref.cpuPct).toFixed(2))};
		results.push(row);
		log(
			`${sites} × ${rate}/s round ${round}: reference ${ref.cpuPct.toFixed(1)} % (${ref.pps.toFixed(0)} pps, loss ${ref.lossPct.toFixed(2)} %), hub ${hub.cpuPct.toFixed(1)} % (${hub.pps.toFixed(0)} pps, loss up ${hub.upLossPct?.toFixed(2)} % down ${hub.downLossPct?.toFixed(2)} %, own drops ${hub.ownDrops}, rate ${hub.rate}): ${row.ratio}× (load ${row.load})`,
		);
	}
	const ratios = results.map(r => r.ratio);
	return {sites, rate, rounds: results, ratio: {min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios)}};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const sizes = (process.argv[2] ?? '2000,3321').split(',').map(Number);
	const rate = Number(process.argv[3] ?? 5);
	const rounds = Number(process.argv[4] ?? 3);
	log(
		`${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load ${os
			.loadavg()
			.map(v => v.toFixed(1))
			.join(' ')}`,
	);
	const out: UdpRatioSize[] = [];
	for (const sites of sizes) out.push(await benchUdpRatio(sites, rate, rounds));
	console.log(JSON.stringify(out));
}
