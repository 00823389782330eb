// The reference's UDP part: a lean sender/receiver with no diemcau code but the MAC primitive.
// SITES sessions, RATE packets a second each, sent in 10-ms ticks (what came due by the clock) on one socket from buffers
// allocated once, each signed (SipHash-2-4); every answer looked up and checked. Its own CPU over
// a window, printed as JSON.
// Run: node --import tsx test/bench/udp-ref-client.ts PORT SITES RATE WARMUP_S WINDOW_S
import dgram from 'node:dgram';
import {performance} from 'node:perf_hooks';
import {sipSign, sipVerify} from '../../probes/siphash.js';
import {benchSession} from './udp-far.js';

const [port, sites, rate, warmupS, windowS] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const sessions = Array.from({length: sites}, (_, i) => ({
	...benchSession(i),
	seq: 0,
	buffers: [Buffer.alloc(64), Buffer.alloc(64)],
	at: 0,
	back: 0,
}));
const byHi = new Map(sessions.map(s => [s.hi, s]));
let sent = 0;
let received = 0;
let bad = 0;
const socket = dgram.createSocket({
	type: 'udp4',
	recvBufferSize: 8 << 20,
	lookup: ((a: string, _f: unknown, cb: (e: null, a: string, f: number) => void) => cb(null, a, 4)) as never,
});
socket.on('message', packet => {
	const s = byHi.get(packet.readUInt32BE(4));
	if (!s || s.lo !== packet.readUInt32BE(8) || !sipVerify(s.key, packet, 0, 56)) return void bad++;
	s.back++;
	received++;
});
socket.bind(0, '127.0.0.1', () => {
	const pps = sites * rate;
	let owed = 0;
	let next = 0;
	let last = performance.now();
	setInterval(() => {
		// Paced by the clock, not by the count of ticks: a late tick sends what came due.
		const now = performance.now();
		owed += ((now - last) * pps) / 1000;
		last = now;
		for (; owed >= 1; owed--) {
			const s = sessions[next]!;
			next = (next + 1) % sites;
			const packet = s.buffers[s.at]!;
			s.at ^= 1;
			packet[0] = 1;
			packet[3] = 2;
			packet.writeUInt32BE(s.hi, 4);
			packet.writeUInt32BE(s.lo, 8);
			packet.writeUInt32BE(++s.seq, 12);
			packet.writeDoubleBE(performance.now(), 16);
			sipSign(s.key, packet, 0, 56);
			socket.send(packet, port, '127.0.0.1');
			sent++;
		}
	}, 10);
	setTimeout(() => {
		const cpu0 = process.cpuUsage();
		const t0 = performance.now();
		const [sent0, received0] = [sent, received];
		setTimeout(() => {
			const cpu = process.cpuUsage(cpu0);
			const wall = (performance.now() - t0) / 1000;
			const lossPct = ((sent - sent0 - (received - received0)) / Math.max(1, sent - sent0)) * 100;
			console.log(
				JSON.stringify({
					cpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
					pps: (sent - sent0) / wall,
					lossPct,
					bad,
					rssMb: process.memoryUsage.rss() / 2 ** 20,
				}),
			);
			process.exit(0);
		}, windowS * 1000);
	}, warmupS * 1000);
});
