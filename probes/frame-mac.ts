import {createHmac, timingSafeEqual} from 'node:crypto';
import {deriveSessionKey, subKey} from './session-key.js';
import {SipKey, sipHash24} from './siphash.js';

// Per-message integrity after the handshake. Every text frame after auth, both ways and of every
// type (present and future), is `MAC + JSON`, MAC over counter ‖ the JSON's UTF-8 bytes, counter =
// the number of frames this direction has sealed before (8 bytes, big-endian). TCP delivers in
// order, so both sides count implicitly: a forged, altered, replayed, reordered or deleted frame
// fails, and the opener's counter moves only on a frame that opens, so one injected frame does not
// break the next real one. Which MAC is the subprotocol's (probes/protocol.ts):
//   diemcau.v2: the first 16 bytes of HMAC-SHA256(sub-key, counter ‖ JSON), base64url, 22 characters.
//   diemcau.v3: SipHash-2-4(first 16 bytes of the sub-key, counter ‖ JSON), 8 bytes, base64url, 11 characters.
// Why a 64-bit tag is enough here (as for the UDP test stream, docs/udp-stream.md): the key is
// fresh for every connection and never crosses the wire, so a forger cannot test guesses offline;
// every guess is a frame on the live connection, and a failed MAC closes it (the agent) or cuts it
// after 3 in 10 s (the hub). 2^-64 a guess, a handful of guesses a connection. SipHash-2-4 is a
// PRF made for short inputs: a pong costs a fraction of one HMAC (test/bench/frame-mac.ts).

/** Characters of the v2 (HMAC) MAC in front of every sealed frame. */
export const SEAL_CHARS = 22;
const SEAL_BYTES = 16;
/** Characters of the v3 (SipHash) MAC in front of every sealed frame. */
export const SIP_SEAL_CHARS = 11;

/** The frame MAC of a subprotocol: 2 = HMAC-SHA256, 3 = SipHash-2-4. */
export type FrameMacVersion = 2 | 3;

/** One direction of one connection: seals frames (the sender) or opens them (the receiver). */
export interface FrameChannel {
	readonly version: FrameMacVersion;
	/** `json` sealed for sending, as text. */
	seal(json: string): string;
	/**
	 * `json` sealed as one Buffer, to send as a text frame. `scratch`: in the channel's own buffer,
	 * overwritten by the next seal, for a writer that copies it before returning (ws masking the
	 * frames of a socket it dialled); otherwise in a Buffer of its own.
	 */
	sealBuffer(json: string, scratch?: boolean): Buffer;
	/** The JSON of a sealed frame, or null when its MAC is wrong (the counter then stays). */
	open(frame: string): string | null;
	/** The same, of a frame as ws received it. */
	openBuffer(frame: Buffer): string | null;
}

// Two 32-bit halves: no BigInt on the hot path (2^53 frames is beyond any meeting).
function writeCounter(into: Buffer, at: number, n: number): void {
	into.writeUInt32BE(Math.floor(n / 0x1_0000_0000), at);
	into.writeUInt32BE(n >>> 0, at + 4);
}

/** diemcau.v2: HMAC-SHA256, 16 bytes of it. */
export class HmacFrameChannel implements FrameChannel {
	readonly version = 2;
	private count = 0;
	private readonly counter = Buffer.alloc(8);

	constructor(private readonly key: Buffer) {}

	private tag(text: string | Buffer): Buffer {
		return createHmac('sha256', this.key).update(this.counter).update(text).digest().subarray(0, SEAL_BYTES);
	}

	seal(json: string): string {
		writeCounter(this.counter, 0, this.count++);
		return this.tag(json).toString('base64url') + json;
	}

	sealBuffer(json: string): Buffer {
		return Buffer.from(this.seal(json));
	}

	open(frame: string): string | null {
		if (frame.length < SEAL_CHARS) return null;
		const json = frame.slice(SEAL_CHARS);
		return this.check(Buffer.from(frame.slice(0, SEAL_CHARS), 'base64url'), json) ? json : null;
	}

	openBuffer(frame: Buffer): string | null {
		if (frame.length < SEAL_CHARS) return null;
		const body = frame.subarray(SEAL_CHARS);
		return this.check(Buffer.from(frame.toString('latin1', 0, SEAL_CHARS), 'base64url'), body) ? body.toString() : null;
	}

	private check(given: Buffer, body: string | Buffer): boolean {
		if (given.length !== SEAL_BYTES) return false;
		writeCounter(this.counter, 0, this.count);
		if (!timingSafeEqual(this.tag(body), given)) return false;
		this.count++;
		return true;
	}
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALPHABET = Buffer.from(BASE64URL, 'latin1');

/** The tag left in key.lo / key.hi (bytes lo then hi, each little-endian) as 11 base64url characters at `at`. */
function writeTag(key: SipKey, into: Uint8Array, at: number): void {
	const {lo, hi} = key;
	// Bytes b0..b7 = lo LE, hi LE; base64 takes them 3 at a time, big-end first.
	const b0 = lo & 0xff;
	const b1 = (lo >>> 8) & 0xff;
	const b2 = (lo >>> 16) & 0xff;
	const b3 = lo >>> 24;
	const b4 = hi & 0xff;
	const b5 = (hi >>> 8) & 0xff;
	const b6 = (hi >>> 16) & 0xff;
	const b7 = hi >>> 24;
	into[at] = ALPHABET[b0 >>> 2]!;
	into[at + 1] = ALPHABET[((b0 & 3) << 4) | (b1 >>> 4)]!;
	into[at + 2] = ALPHABET[((b1 & 15) << 2) | (b2 >>> 6)]!;
	into[at + 3] = ALPHABET[b2 & 63]!;
	into[at + 4] = ALPHABET[b3 >>> 2]!;
	into[at + 5] = ALPHABET[((b3 & 3) << 4) | (b4 >>> 4)]!;
	into[at + 6] = ALPHABET[((b4 & 15) << 2) | (b5 >>> 6)]!;
	into[at + 7] = ALPHABET[b5 & 63]!;
	into[at + 8] = ALPHABET[b6 >>> 2]!;
	into[at + 9] = ALPHABET[((b6 & 3) << 4) | (b7 >>> 4)]!;
	into[at + 10] = ALPHABET[(b7 & 15) << 2]!;
}

// The counter sits in the 8 bytes just before the JSON (bytes 3..10, where the tag goes once the
// hash is done), so counter ‖ JSON is hashed in place: no copy of the frame, on either side.
const COUNTER_AT = SIP_SEAL_CHARS - 8;
// Opening is synchronous: one pair of scratch tags serves every channel of the process.
const given = Buffer.alloc(SIP_SEAL_CHARS);
const expected = Buffer.alloc(SIP_SEAL_CHARS);
/** A channel's scratch buffer: a ping, a pong, a console state frame fit. */
const SCRATCH_BYTES = 512;

/** diemcau.v3: SipHash-2-4, 8 bytes. */
export class SipFrameChannel implements FrameChannel {
	readonly version = 3;
	private count = 0;
	private readonly key: SipKey;
	private scratch: Buffer | null = null;

	constructor(key: Buffer) {
		this.key = new SipKey(key);
	}

	seal(json: string): string {
		return this.sealBuffer(json, true).toString('latin1', 0, SIP_SEAL_CHARS) + json;
	}

	sealBuffer(json: string, scratch = false): Buffer {
		// Frames too big for the scratch buffer (bandwidth data, 60 KB) get their own: a scratch
		// buffer grown to fit them would stay that big on every site that ever ran a test.
		// A UTF-16 unit is at most 3 UTF-8 bytes.
		const fits = scratch && SIP_SEAL_CHARS + json.length * 3 <= SCRATCH_BYTES;
		const buffer = fits
			? (this.scratch ??= Buffer.allocUnsafe(SCRATCH_BYTES))
			: Buffer.allocUnsafe(SIP_SEAL_CHARS + Buffer.byteLength(json));
		const end = SIP_SEAL_CHARS + buffer.write(json, SIP_SEAL_CHARS);
		writeCounter(buffer, COUNTER_AT, this.count++);
		sipHash24(this.key, buffer, COUNTER_AT, end);
		writeTag(this.key, buffer, 0);
		return end === buffer.length ? buffer : buffer.subarray(0, end);
	}

	open(frame: string): string | null {
		if (frame.length < SIP_SEAL_CHARS) return null;
		return this.openBuffer(Buffer.from(frame));
	}

	/** Hashes on `frame` itself: its tag bytes are borrowed for the counter, and put back. */
	openBuffer(frame: Buffer): string | null {
		const end = frame.length;
		if (end < SIP_SEAL_CHARS) return null;
		frame.copy(given, 0, 0, SIP_SEAL_CHARS);
		writeCounter(frame, COUNTER_AT, this.count);
		sipHash24(this.key, frame, COUNTER_AT, end);
		given.copy(frame, 0, 0, SIP_SEAL_CHARS);
		writeTag(this.key, expected, 0);
		let differ = 0;
		for (let i = 0; i < SIP_SEAL_CHARS; i++) differ |= given[i]! ^ expected[i]!;
		if (differ !== 0) return null;
		this.count++;
		return frame.toString('utf8', SIP_SEAL_CHARS, end);
	}
}

/** Both directions of one connection, from one side's point of view. */
export interface FrameKeys {
	send: FrameChannel;
	receive: FrameChannel;
}

/** The frame channels of a connection: `side` is who we are; `version` the subprotocol's MAC. Same inputs as deriveSessionKey. */
export function frameKeys(
	side: 'hub' | 'agent',
	token: string,
	site: string,
	hubNonce: string,
	agentNonce: string,
	version: FrameMacVersion = 2,
): FrameKeys & {master: Buffer} {
	const master = deriveSessionKey(token, site, hubNonce, agentNonce);
	const Channel = version === 3 ? SipFrameChannel : HmacFrameChannel;
	const h2a = new Channel(subKey(master, 'ws-h2a'));
	const a2h = new Channel(subKey(master, 'ws-a2h'));
	return side === 'hub' ? {master, send: h2a, receive: a2h} : {master, send: a2h, receive: h2a};
}
