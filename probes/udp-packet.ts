import {createHmac, timingSafeEqual} from 'node:crypto';

// The UDP test stream's packets (DESIGN.md "Truthful loss", the TWAMP-Light idea of RFC 5357).
// Binary, big-endian, one layout for every kind so a reflection is exactly as long as what it
// answers (a reflector must never amplify). The last MAC_BYTES are a truncated
// HMAC-SHA256 under the session's `udp` sub-key over everything before them; the kind byte is
// covered, so a test packet can never pass for a reflection or the other way round.
//
//   0  u8   kind: 1 test (hub → agent), 2 reflection (agent → hub), 3 open (agent → hub, NAT)
//   1  u8   flags: bit 0 = part of a video-rate load test
//   2  u16  layout version (1)
//   4  8B   session id (sessionId(master) of probes/session-key.ts)
//   12 u32  seq: the sender's sequence number (a reflection echoes it)
//   16 f64  t0: sender's send time (its monotonic ms)
//   24 u32  rSeq: the reflector's own count of reflections sent, this one included
//   28 u32  rCount: distinct test packets the reflector received so far
//   32 f64  t1: reflector's receive time
//   40 f64  t2: reflector's send time
//   48 u32  rReordered: test packets the reflector received after a later one
//   52 u32  reserved (0)
//   56 ..   padding (zeros) up to the packet's length
//   -16     MAC

export const KIND = {test: 1, reflect: 2, open: 3} as const;
export type Kind = (typeof KIND)[keyof typeof KIND];
export const FLAG_LOAD = 1;
export const LAYOUT = 1;
export const HEADER_BYTES = 56;
export const MAC_BYTES = 16;
/** The smallest packet: header and MAC, no padding. */
export const MIN_PACKET = HEADER_BYTES + MAC_BYTES;
/** The largest packet either side sends or accepts (below a 1,500-byte MTU with IP/UDP headers). */
export const MAX_PACKET = 1400;

/** The fields of one packet. */
export interface UdpPacket {
	kind: Kind;
	flags: number;
	session: Buffer; // 8 bytes
	seq: number;
	t0: number;
	rSeq: number;
	rCount: number;
	t1: number;
	t2: number;
	rReordered: number;
	length: number;
}

/** The 8 bytes of a session id given as hex (as sessionId() returns it). */
export function sessionBytes(hex: string): Buffer {
	const bytes = Buffer.from(hex, 'hex');
	if (bytes.length !== 8) throw new RangeError('a UDP session id is 8 bytes');
	return bytes;
}

function mac(key: Buffer, packet: Buffer, length: number): Buffer {
	return createHmac('sha256', key).update(packet.subarray(0, length - MAC_BYTES)).digest().subarray(0, MAC_BYTES);
}

/** Write `fields` into `packet` (its whole length is sent) and sign it with `key`. */
export function writePacket(packet: Buffer, fields: Omit<UdpPacket, 'length'>, key: Buffer): Buffer {
	if (packet.length < MIN_PACKET || packet.length > MAX_PACKET) throw new RangeError(`a UDP test packet is ${MIN_PACKET} to ${MAX_PACKET} bytes`);
	packet.writeUInt8(fields.kind, 0);
	packet.writeUInt8(fields.flags & 0xff, 1);
	packet.writeUInt16BE(LAYOUT, 2);
	fields.session.copy(packet, 4, 0, 8);
	packet.writeUInt32BE(fields.seq >>> 0, 12);
	packet.writeDoubleBE(fields.t0, 16);
	packet.writeUInt32BE(fields.rSeq >>> 0, 24);
	packet.writeUInt32BE(fields.rCount >>> 0, 28);
	packet.writeDoubleBE(fields.t1, 32);
	packet.writeDoubleBE(fields.t2, 40);
	packet.writeUInt32BE(fields.rReordered >>> 0, 48);
	packet.writeUInt32BE(0, 52);
	mac(key, packet, packet.length).copy(packet, packet.length - MAC_BYTES);
	return packet;
}

/** The session id of a packet that is long enough to be one, as hex; null for anything else. */
export function peekSession(packet: Buffer): string | null {
	if (packet.length < MIN_PACKET || packet.length > MAX_PACKET) return null;
	if (packet.readUInt16BE(2) !== LAYOUT) return null;
	return packet.toString('hex', 4, 12);
}

/** Verify the MAC under `key` and read the fields; null when it is not a valid packet of that key. */
export function readPacket(packet: Buffer, key: Buffer): UdpPacket | null {
	if (packet.length < MIN_PACKET || packet.length > MAX_PACKET) return null;
	const expected = mac(key, packet, packet.length);
	if (!timingSafeEqual(expected, packet.subarray(packet.length - MAC_BYTES))) return null;
	const kind = packet.readUInt8(0);
	if (kind !== KIND.test && kind !== KIND.reflect && kind !== KIND.open) return null;
	return {
		kind: kind as Kind,
		flags: packet.readUInt8(1),
		session: packet.subarray(4, 12),
		seq: packet.readUInt32BE(12),
		t0: packet.readDoubleBE(16),
		rSeq: packet.readUInt32BE(24),
		rCount: packet.readUInt32BE(28),
		t1: packet.readDoubleBE(32),
		t2: packet.readDoubleBE(40),
		rReordered: packet.readUInt32BE(48),
		length: packet.length,
	};
}

/**
 * Sequence numbers seen recently, to refuse replays: the highest seen and a 1,024-wide bitmap
 * below it. A number older than the window counts as a replay too (never answered).
 */
export class ReplayWindow {
	private highest = 0;
	private readonly bits = new Uint32Array(32);

	/** True when `seq` is new (and records it); false for a repeat or one too old to tell. */
	accept(seq: number): boolean {
		if (seq === 0) return false;
		if (seq > this.highest) {
			const shift = seq - this.highest;
			if (shift >= 1024) this.bits.fill(0);
			else for (let s = this.highest + 1; s < seq; s++) this.clear(s);
			this.highest = seq;
			this.set(seq);
			return true;
		}
		if (this.highest - seq >= 1024) return false;
		if (this.has(seq)) return false;
		this.set(seq);
		return true;
	}

	/** The highest sequence number accepted so far. */
	get max(): number {
		return this.highest;
	}

	private has(seq: number): boolean {
		const i = seq % 1024;
		return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
	}

	private set(seq: number): void {
		const i = seq % 1024;
		this.bits[i >>> 5] |= 1 << (i & 31);
	}

	private clear(seq: number): void {
		const i = seq % 1024;
		this.bits[i >>> 5] &= ~(1 << (i & 31));
	}
}
