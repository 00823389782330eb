// The far side of the UDP benches: every site's reflector in one lean process, the same for the
// reference and for the hub. Per datagram: look the session up by the first 32 bits of its id,
// check the SipHash tag, write the reflection's fields (kind, the session's reflection number and
// count, receive and send times) in place, sign, send back. No diemcau code but the MAC
// primitive (probes/siphash.ts), the work a bare agent must do at least.
// Run: node --import tsx test/bench/udp-far.ts SITES   (prints "listening PORT")
import {createHmac} from 'node:crypto';
import dgram from 'node:dgram';
import {performance} from 'node:perf_hooks';
import {SipKey, sipSign, sipVerify} from '../../probes/siphash.js';

/** The bench's session `i`: its master key, id halves and MAC key (as both ends derive them). */
export function benchSession(i: number) {
	const master = createHmac('sha256', 'diemcau bench').update(`site ${i}`).digest();
	const id = createHmac('sha256', master).update('diemcau.v2 id').digest();
	const udp = createHmac('sha256', master).update('diemcau.v2 udp').digest();
	return {master, hi: id.readUInt32BE(0), lo: id.readUInt32BE(4), key: new SipKey(udp)};
}

if (process.argv[1]?.endsWith('udp-far.ts')) {
	const sites = Number(process.argv[2] ?? 2000);
	const byHi = new Map<number, {lo: number; key: SipKey; reflected: number; received: number}>();
	for (let i = 0; i < sites; i++) {
		const s = benchSession(i);
		byHi.set(s.hi, {lo: s.lo, key: s.key, reflected: 0, received: 0});
	}
	let bad = 0;
	const socket = dgram.createSocket({
		type: 'udp4',
		recvBufferSize: 8 << 20,
		lookup: ((a: string, _f: unknown, cb: (e: null, a: string, f: number) => void) => cb(null, a, 4)) as never,
	});
	socket.on('message', (packet, from) => {
		if (packet.length < 64) return void bad++;
		const s = byHi.get(packet.readUInt32BE(4));
		const end = packet.length - 8;
		if (!s || s.lo !== packet.readUInt32BE(8) || !sipVerify(s.key, packet, 0, end) || packet[0] !== 1) return void bad++;
		s.received++;
		s.reflected++;
		const now = performance.now();
		packet[0] = 2;
		packet.writeUInt32BE(s.reflected, 24);
		packet.writeUInt32BE(s.received, 28);
		packet.writeDoubleBE(now, 32);
		packet.writeDoubleBE(now, 40);
		sipSign(s.key, packet, 0, end);
		socket.send(packet, from.port, from.address);
	});
	socket.bind(0, '127.0.0.1', () => console.log(`listening ${socket.address().port}`));
	process.on('SIGTERM', () => {
		process.stderr.write(bad > 0 ? `udp-far: ${bad} bad packets\n` : '');
		process.exit(0);
	});
}
