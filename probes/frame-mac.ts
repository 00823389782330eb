import {createHmac, timingSafeEqual} from 'node:crypto';
import {deriveSessionKey, subKey} from './session-key.js';

// Per-message integrity after the handshake. Every text frame after auth, both ways and of every
// type (present and future), is `MAC + JSON`: MAC = the first 16 bytes of
// HMAC-SHA256(sub-key, counter ‖ JSON) in base64url (22 characters), counter = the number of frames
// this direction has sealed before (8 bytes, big-endian). TCP delivers in order, so both sides count
// implicitly: a forged, altered, replayed, reordered or deleted frame fails, and the opener's
// counter moves only on a frame that opens, so one injected frame does not break the next real one.
// Cost on the hot path: one HMAC over ~80 bytes per pong (see test/bench/frame-mac.ts).

/** Characters of the MAC in front of every sealed frame. */
export const SEAL_CHARS = 22;
const SEAL_BYTES = 16;

function tag(key: Buffer, counter: Buffer, text: string): Buffer {
	return createHmac('sha256', key).update(counter).update(text).digest().subarray(0, SEAL_BYTES);
}

/** One direction of one connection: seals frames (the sender) or opens them (the receiver). */
export class FrameChannel {
	private count = 0;
	private readonly counter = Buffer.alloc(8);

	constructor(private readonly key: Buffer) {}

	/** `json` sealed for sending. */
	seal(json: string): string {
		this.setCounter(this.count++);
		return tag(this.key, this.counter, json).toString('base64url') + json;
	}

	// Two 32-bit halves: no BigInt on the hot path (2^53 frames is beyond any meeting).
	private setCounter(n: number): void {
		this.counter.writeUInt32BE(Math.floor(n / 0x1_0000_0000), 0);
		this.counter.writeUInt32BE(n >>> 0, 4);
	}

	/** The JSON of a sealed frame, or null when its MAC is wrong (the counter then stays). */
	open(frame: string): string | null {
		if (frame.length < SEAL_CHARS) return null;
		const given = Buffer.from(frame.slice(0, SEAL_CHARS), 'base64url');
		if (given.length !== SEAL_BYTES) return null;
		this.setCounter(this.count);
		const json = frame.slice(SEAL_CHARS);
		if (!timingSafeEqual(tag(this.key, this.counter, json), given)) return null;
		this.count++;
		return json;
	}
}

/** Both directions of one connection, from one side's point of view. */
export interface FrameKeys {
	send: FrameChannel;
	receive: FrameChannel;
}

/** The frame channels of a connection: `side` is who we are. Same inputs as deriveSessionKey. */
export function frameKeys(
	side: 'hub' | 'agent',
	token: string,
	site: string,
	hubNonce: string,
	agentNonce: string,
): FrameKeys & {master: Buffer} {
	const master = deriveSessionKey(token, site, hubNonce, agentNonce);
	const h2a = new FrameChannel(subKey(master, 'ws-h2a'));
	const a2h = new FrameChannel(subKey(master, 'ws-a2h'));
	return side === 'hub' ? {master, send: h2a, receive: a2h} : {master, send: a2h, receive: h2a};
}
