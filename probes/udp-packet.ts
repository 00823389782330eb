import {SipKey, sipSign, sipVerify} from './siphash.js';

// The UDP test stream's packets (DESIGN.md "Truthful loss", the TWAMP-Light idea of RFC 5357;
// docs/udp-stream.md). Binary, big-endian, one layout for every kind so a reflection is exactly
// as long as what it answers (a reflector must never amplify). The last MAC_BYTES are a
// SipHash-2-4 tag under the first 16 bytes of the session's `udp` sub-key over everything before
// them; the kind byte is covered, so a test packet can never pass for a reflection or the other
// way round. Layout 2 (layout 1 carried a 16-byte truncated HMAC-SHA256).
//
//   0  u8   kind: 1 test (hub → agent), 2 reflection (agent → hub), 3 open (agent → hub, NAT)
//   1  u8   flags: bit 0 = part of a video-rate load test
//   2  u16  layout version (2)
//   4  8B   session id (sessionId(master) of probes/session-key.ts): its first 4 bytes look it up
//   12 u32  seq: the sender's sequence number (a reflection echoes it; an open packet's own count)
//   16 f64  t0: sender's send time (its monotonic ms)
//   24 u32  rSeq: the reflector's own count of reflections sent, this one included
//   28 u32  rCount: distinct test packets the reflector received so far
//   32 f64  t1: reflector's receive time
//   40 f64  t2: reflector's send time
//   48 u32  rReordered: test packets the reflector received after a later one
//   52 u32  reserved (0)
//   56 ..   padding (zeros) up to the packet's length
//   -8      MAC (SipHash-2-4)
//
// Nothing here allocates per packet: a packet is written into a buffer its sender keeps, read
// into a parse object its receiver keeps, and looked up by two 32-bit numbers, not a string.

export const KIND = {test: 1, reflect: 2, open: 3} as const;
export type Kind = (typeof KIND)[keyof typeof KIND];
export const FLAG_LOAD = 1;
/** The layout (and MAC) version both ends must speak; sent in `udp-start`/`udp-ready` too. */
export const LAYOUT = 2;
export const HEADER_BYTES = 56;
export const MAC_BYTES = 8;
/** The smallest packet: header and MAC, no padding. */
export const MIN_PACKET = HEADER_BYTES + MAC_BYTES;
/** The largest packet either side sends or accepts (below a 1,500-byte MTU with IP/UDP headers). */
export const MAX_PACKET = 1400;

/** A session id as two 32-bit numbers (bytes 4–7 and 8–11 of a packet). */
export interface SessionTag {
	hi: number;
	lo: number;
}

/** The fields of one packet (a parse object is reused: copy what you keep). */
export interface UdpPacket {
	kind: Kind;
	flags: number;
	session: SessionTag;
	seq: number;
	t0: number;
	rSeq: number;
	rCount: number;
	t1: number;
	t2: number;
	rReordered: number;
	length: number;
}

/** The session id given as hex (as sessionId() returns it) as two 32-bit numbers. */
export function sessionTag(hex: string): SessionTag {
	if (!/^[0-9a-f]{16}$/i.test(hex)) throw new RangeError('a UDP session id is 8 bytes');
	return {hi: Number.parseInt(hex.slice(0, 8), 16) >>> 0, lo: Number.parseInt(hex.slice(8, 16), 16) >>> 0};
}

/** The stream's MAC key: the first 16 bytes of the session's `udp` sub-key. */
export function macKey(udpKey: Uint8Array): SipKey {
	return new SipKey(udpKey);
}

/** A parse object to read packets into (one per receiver). */
export function newPacket(): UdpPacket {
	return {kind: KIND.test, flags: 0, session: {hi: 0, lo: 0}, seq: 0, t0: 0, rSeq: 0, rCount: 0, t1: 0, t2: 0, rReordered: 0, length: 0};
}

/**
 * Write `fields` into the first `length` bytes of `packet` (that much is sent) and sign them;
 * the padding must already be zeros (a buffer kept for the purpose is filled once).
 */
export function writePacket(packet: Buffer, fields: Omit<UdpPacket, 'length'>, key: SipKey, length = packet.length): Buffer {
	if (length < MIN_PACKET || length > MAX_PACKET || length > packet.length)
		throw new RangeError(`a UDP test packet is ${MIN_PACKET} to ${MAX_PACKET} bytes`);
	packet[0] = fields.kind;
	packet[1] = fields.flags & 0xff;
	packet.writeUInt16BE(LAYOUT, 2);
	packet.writeUInt32BE(fields.session.hi >>> 0, 4);
	packet.writeUInt32BE(fields.session.lo >>> 0, 8);
	packet.writeUInt32BE(fields.seq >>> 0, 12);
	packet.writeDoubleBE(fields.t0, 16);
	packet.writeUInt32BE(fields.rSeq >>> 0, 24);
	packet.writeUInt32BE(fields.rCount >>> 0, 28);
	packet.writeDoubleBE(fields.t1, 32);
	packet.writeDoubleBE(fields.t2, 40);
	packet.writeUInt32BE(fields.rReordered >>> 0, 48);
	packet.writeUInt32BE(0, 52);
	sipSign(key, packet, 0, length - MAC_BYTES);
	return packet;
}

/** True when `packet` could be one of ours (length, layout): its session is then at bytes 4–11. */
export function plausible(packet: Buffer): boolean {
	return packet.length >= MIN_PACKET && packet.length <= MAX_PACKET && packet[2] === 0 && packet[3] === LAYOUT;
}

/** The first half of a plausible packet's session id: the lookup key. */
export function sessionHi(packet: Buffer): number {
	return packet.readUInt32BE(4);
}

/** The second half of a plausible packet's session id: checked after the lookup. */
export function sessionLo(packet: Buffer): number {
	return packet.readUInt32BE(8);
}

/** Whether the MAC of a plausible packet is valid under `key`. */
export function verifyPacket(packet: Buffer, key: SipKey): boolean {
	return sipVerify(key, packet, 0, packet.length - MAC_BYTES);
}

/** Read a verified packet's fields into `out`; false when its kind is none of ours. */
export function readInto(packet: Buffer, out: UdpPacket): boolean {
	const kind = packet[0];
	if (kind !== KIND.test && kind !== KIND.reflect && kind !== KIND.open) return false;
	out.kind = kind as Kind;
	out.flags = packet[1]!;
	out.session.hi = packet.readUInt32BE(4);
	out.session.lo = packet.readUInt32BE(8);
	out.seq = packet.readUInt32BE(12);
	out.t0 = packet.readDoubleBE(16);
	out.rSeq = packet.readUInt32BE(24);
	out.rCount = packet.readUInt32BE(28);
	out.t1 = packet.readDoubleBE(32);
	out.t2 = packet.readDoubleBE(40);
	out.rReordered = packet.readUInt32BE(48);
	out.length = packet.length;
	return true;
}

/** Verify and read a packet into a fresh object (tests and cold paths); null when it is not a valid packet of `key`. */
export function readPacket(packet: Buffer, key: SipKey): UdpPacket | null {
	if (!plausible(packet) || !verifyPacket(packet, key)) return null;
	const out = newPacket();
	return readInto(packet, out) ? out : null;
}

const WINDOW = 1024;

/**
 * Sequence numbers seen recently, to refuse replays: the highest seen and a 1,024-wide bitmap
 * below it. A number older than the window counts as a replay too (never answered). `fresh`
 * only looks, `accept` records: a receiver checks everything (session, MAC, window) before it
 * changes any state.
 */
export class ReplayWindow {
	private highest = 0;
	private readonly bits = new Uint32Array(WINDOW / 32);

	/** True when `seq` was never seen and is not too old to tell; changes nothing. */
	fresh(seq: number): boolean {
		if (seq === 0) return false;
		if (seq > this.highest) return true;
		if (this.highest - seq >= WINDOW) return false;
		return !this.has(seq);
	}

	/** True when `seq` is new (and records it); false for a repeat or one too old to tell. */
	accept(seq: number): boolean {
		if (!this.fresh(seq)) return false;
		if (seq > this.highest) {
			if (seq - this.highest >= WINDOW) this.bits.fill(0);
			else for (let s = this.highest + 1; s < seq; s++) this.clear(s);
			this.highest = seq;
		}
		this.set(seq);
		return true;
	}

	/** The highest sequence number accepted so far. */
	get max(): number {
		return this.highest;
	}

	private has(seq: number): boolean {
		const i = seq % WINDOW;
		return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
	}

	private set(seq: number): void {
		const i = seq % WINDOW;
		this.bits[i >>> 5] |= 1 << (i & 31);
	}

	private clear(seq: number): void {
		const i = seq % WINDOW;
		this.bits[i >>> 5] &= ~(1 << (i & 31));
	}
}
