// The floor under the UDP stream's scale target, side by side in one run: what the work the target asks
// of a hub at 2,000 sites costs this machine with no diemcau code at all, against the target
// (hub + dashboard ≤ 35 % of a core with the UDP stream at 5 packets/s a site).
//  - bare `ws`: 2,000 sockets to an echo server, one JSON ping a second each (the WebSocket probes);
//  - bare UDP: one dgram socket sending 10,000 packets a second (2,000 sites × 5, 72 bytes, paced
//    every 10 ms) to a plain echo reflector in another process and reading every echo;
//  - the same with the truncated HMAC-SHA256 DESIGN.md asks for on every packet: each test
//    packet signed, each reflection verified (20,000 MACs a second), as the hub does.
// Each client's CPU over a window, in its own process; the reflectors' CPU stands for the agents.
// Measures; never asserts. test/bench/udp.ts runs one round beside the hub's own runs.
// Run alone: node --import tsx test/bench/udp-floor.ts [SITES] [RATE] [ROUNDS]
import {spawn} from 'node:child_process';
import os from 'node:os';
import {fileURLToPath} from 'node:url';
import {benchBare} from './hub-2000.js';
import {procCpuSeconds, ROOT} from './lib.js';

const WARMUP_S = 5;
const WINDOW_S = 20;
const log = (line: string) => process.stderr.write(`[bench udp-floor ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

// A reflector as plain as can be: every datagram back to where it came from; with MAC=1 it checks
// the MAC and signs the answer, as the agent's reflector does.
const REFLECTOR = `
import dgram from 'node:dgram';
import {createHmac, timingSafeEqual} from 'node:crypto';
const mac = process.env.MAC === '1';
const key = Buffer.alloc(32, 7);
const socket = dgram.createSocket('udp4');
socket.on('message', (packet, from) => {
	if (mac) {
		const expected = createHmac('sha256', key).update(packet.subarray(0, 56)).digest().subarray(0, 16);
		if (!timingSafeEqual(expected, packet.subarray(56, 72))) return;
		packet[0] = 2;
		createHmac('sha256', key).update(packet.subarray(0, 56)).digest().copy(packet, 56, 0, 16);
	}
	socket.send(packet, from.port, from.address);
});
socket.bind(0, '127.0.0.1', () => {
	socket.setRecvBufferSize(4 << 20);
	console.log('listening ' + socket.address().port);
});`;

// The client: PPS packets a second in 10-ms ticks, each a fresh 72-byte buffer as the hub's are.
const CLIENT = `
import dgram from 'node:dgram';
import {createHmac, timingSafeEqual} from 'node:crypto';
import {performance} from 'node:perf_hooks';
const [port, pps, warmupS, windowS] = process.argv.slice(1).map(Number);
const mac = process.env.MAC === '1';
const key = Buffer.alloc(32, 7);
const socket = dgram.createSocket('udp4');
let seq = 0;
let received = 0;
let bad = 0;
socket.on('message', packet => {
	if (mac) {
		const expected = createHmac('sha256', key).update(packet.subarray(0, 56)).digest().subarray(0, 16);
		if (!timingSafeEqual(expected, packet.subarray(56, 72))) { bad++; return; }
	}
	received++;
});
const ignore = () => {};
socket.bind(0, '127.0.0.1', () => {
	socket.setRecvBufferSize(4 << 20);
	const perTick = pps / 100;
	let owed = 0;
	setInterval(() => {
		owed += perTick;
		for (; owed >= 1; owed--) {
			const packet = Buffer.alloc(72);
			packet[0] = 1;
			packet.writeUInt32BE(++seq, 12);
			packet.writeDoubleBE(performance.now(), 16);
			if (mac) createHmac('sha256', key).update(packet.subarray(0, 56)).digest().copy(packet, 56, 0, 16);
			socket.send(packet, port, '127.0.0.1', ignore);
		}
	}, 10);
	setTimeout(() => {
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		const sent0 = seq;
		const received0 = received;
		setTimeout(() => {
			const cpu = process.cpuUsage(cpu0);
			const wall = (performance.now() - t0) / 1000;
			console.log(JSON.stringify({cpuPct: Number((((cpu.user + cpu.system) / 1e6 / wall) * 100).toFixed(1)), sentPerS: Math.round((seq - sent0) / wall), receivedPerS: Math.round((received - received0) / wall), bad}));
			process.exit(0);
		}, windowS * 1000);
	}, warmupS * 1000);
});`;

type UdpFloor = {cpuPct: number; sentPerS: number; receivedPerS: number; bad: number; reflectorCpuPct: number};

/** CPU of each floor, % of a core; floorPct = bare ws + UDP with its MAC (what a hub cannot do with less). */
export type UdpFloorRound = {wsPct: number; udpPct: number; udpMacPct: number; floorPct: number; udp: UdpFloor; udpMac: UdpFloor};

async function udpFloor(pps: number, mac: boolean): Promise<UdpFloor> {
	const env = {...process.env, MAC: mac ? '1' : '0'};
	const reflector = spawn(process.execPath, ['--input-type=module', '-e', REFLECTOR], {
		cwd: ROOT,
		env,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	try {
		const port = await new Promise<string>((resolve, reject) => {
			reflector.stdout.on('data', chunk => {
				const match = /listening (\d+)/.exec(String(chunk));
				if (match) resolve(match[1]!);
			});
			reflector.once('exit', code => reject(new Error(`reflector exited (${code})`)));
		});
		const cpu0 = procCpuSeconds(reflector.pid!);
		const started = performance.now();
		const client = spawn(process.execPath, ['--input-type=module', '-e', CLIENT, port, String(pps), String(WARMUP_S), String(WINDOW_S)], {
			cwd: ROOT,
			env,
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let out = '';
		client.stdout.on('data', chunk => (out += chunk));
		await new Promise<void>((resolve, reject) =>
			client.once('exit', code => (code === 0 ? resolve() : reject(new Error(`UDP client exited (${code})`)))),
		);
		const reflectorCpuPct = Number((((procCpuSeconds(reflector.pid!) - cpu0) / ((performance.now() - started) / 1000)) * 100).toFixed(1));
		return {...(JSON.parse(out.trim().split('\n').pop()!) as Omit<UdpFloor, 'reflectorCpuPct'>), reflectorCpuPct};
	} finally {
		reflector.kill('SIGTERM');
	}
}

/** One round: the bare `ws` floor, then bare UDP at sites × rate packets/s, without and with the MAC. */
export async function benchUdpFloor(count: number, perSite: number): Promise<UdpFloorRound> {
	const ws = await benchBare(count, WARMUP_S, WINDOW_S);
	const udp = await udpFloor(count * perSite, false);
	const udpMac = await udpFloor(count * perSite, true);
	return {
		wsPct: ws.window.cpuPct,
		udpPct: udp.cpuPct,
		udpMacPct: udpMac.cpuPct,
		floorPct: Number((ws.window.cpuPct + udpMac.cpuPct).toFixed(1)),
		udp,
		udpMac,
	};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const sites = Number(process.argv[2] ?? 2000);
	const rate = Number(process.argv[3] ?? 5);
	const rounds = Number(process.argv[4] ?? 2);
	log(
		`${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load ${os
			.loadavg()
			.map(v => v.toFixed(1))
			.join(' ')}; ${sites} sites, UDP ${rate}/s a site = ${sites * rate} packets/s`,
	);
	const results: Array<UdpFloorRound & {round: number; load: number}> = [];
	for (let round = 1; round <= rounds; round++) {
		const row = {round, ...(await benchUdpFloor(sites, rate)), load: Number(os.loadavg()[0]!.toFixed(1))};
		results.push(row);
		log(
			`round ${round}: bare ws ${row.wsPct} %, bare UDP ${row.udpPct} % (${row.udp.sentPerS} sent/s, ${row.udp.receivedPerS} back/s), UDP + HMAC ${row.udpMacPct} % (${row.udpMac.receivedPerS} back/s); floor ws + UDP + HMAC ${row.floorPct} % of a core`,
		);
	}
	console.log(JSON.stringify({sites, rate, pps: sites * rate, results}));
}
