// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012): the MAC of the
// UDP test stream (docs/udp-stream.md says why this one). A 128-bit key, a 64-bit tag. Written
// on 32-bit halves of each 64-bit word, so the hot path has no BigInt and allocates nothing: the
// tag is left in the key object's `lo`/`hi` fields.

/** A prepared SipHash key; `lo`/`hi` hold the last tag computed with it. */
export class SipKey {
	readonly k0l: number;
	readonly k0h: number;
	readonly k1l: number;
	readonly k1h: number;
	/** The low and high 32 bits of the last tag (the tag's bytes are lo then hi, each little-endian). */
	lo = 0;
	hi = 0;

	/** The first 16 bytes of `key`. */
	constructor(key: Uint8Array) {
		if (key.length < 16) throw new RangeError('a SipHash key is 16 bytes');
		this.k0l = le32(key, 0);
		this.k0h = le32(key, 4);
		this.k1l = le32(key, 8);
		this.k1h = le32(key, 12);
	}
}

function le32(bytes: Uint8Array, at: number): number {
	return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/** SipHash-2-4 of bytes [start, end) of `data` under `key`; the tag is left in key.lo / key.hi. */
export function sipHash24(key: SipKey, data: Uint8Array, start: number, end: number): void {
	// v0 = k0 ^ "somepseu", v1 = k1 ^ "dorandom", v2 = k0 ^ "lygenera", v3 = k1 ^ "tedbytes"
	let v0l = (key.k0l ^ 0x70736575) >>> 0;
	let v0h = (key.k0h ^ 0x736f6d65) >>> 0;
	let v1l = (key.k1l ^ 0x6e646f6d) >>> 0;
	let v1h = (key.k1h ^ 0x646f7261) >>> 0;
	let v2l = (key.k0l ^ 0x6e657261) >>> 0;
	let v2h = (key.k0h ^ 0x6c796765) >>> 0;
	let v3l = (key.k1l ^ 0x79746573) >>> 0;
	let v3h = (key.k1h ^ 0x74656462) >>> 0;
	const length = end - start;
	const whole = start + (length & ~7);
	let ml = 0;
	let mh = 0;
	let t = 0;
	let rounds = 0;
	let at = start;
	// Each block: v3 ^= m, two rounds, v0 ^= m. The last block holds the tail and length << 56.
	for (;;) {
		if (at < whole) {
			ml = (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
			mh = (data[at + 4]! | (data[at + 5]! << 8) | (data[at + 6]! << 16) | (data[at + 7]! << 24)) >>> 0;
			at += 8;
			rounds = 2;
		} else if (at === whole && rounds !== -1) {
			ml = 0;
			mh = (length & 0xff) << 24;
			const tail = end - at;
			if (tail > 0) ml |= data[at]!;
			if (tail > 1) ml |= data[at + 1]! << 8;
			if (tail > 2) ml |= data[at + 2]! << 16;
			if (tail > 3) ml |= data[at + 3]! << 24;
			if (tail > 4) mh |= data[at + 4]!;
			if (tail > 5) mh |= data[at + 5]! << 8;
			if (tail > 6) mh |= data[at + 6]! << 16;
			ml >>>= 0;
			mh >>>= 0;
			rounds = -1; // marks the last block
		} else break;
		v3l = (v3l ^ ml) >>> 0;
		v3h = (v3h ^ mh) >>> 0;
		for (let r = 0; r < 2; r++) {
			// SipRound, on halves. v0 += v1; v1 <<<= 13; v1 ^= v0; v0 <<<= 32
			t = (v0l + v1l) >>> 0;
			v0h = (v0h + v1h + (t < v0l ? 1 : 0)) >>> 0;
			v0l = t;
			t = ((v1l << 13) | (v1h >>> 19)) >>> 0;
			v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0;
			v1l = t;
			v1l ^= v0l;
			v1h ^= v0h;
			t = v0l;
			v0l = v0h;
			v0h = t;
			// v2 += v3; v3 <<<= 16; v3 ^= v2
			t = (v2l + v3l) >>> 0;
			v2h = (v2h + v3h + (t < v2l ? 1 : 0)) >>> 0;
			v2l = t;
			t = ((v3l << 16) | (v3h >>> 16)) >>> 0;
			v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0;
			v3l = t;
			v3l = (v3l ^ v2l) >>> 0;
			v3h = (v3h ^ v2h) >>> 0;
			// v0 += v3; v3 <<<= 21; v3 ^= v0
			t = (v0l + v3l) >>> 0;
			v0h = (v0h + v3h + (t < v0l ? 1 : 0)) >>> 0;
			v0l = t;
			t = ((v3l << 21) | (v3h >>> 11)) >>> 0;
			v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0;
			v3l = t;
			v3l = (v3l ^ v0l) >>> 0;
			v3h = (v3h ^ v0h) >>> 0;
			// v2 += v1; v1 <<<= 17; v1 ^= v2; v2 <<<= 32
			t = (v2l + v1l) >>> 0;
			v2h = (v2h + v1h + (t < v2l ? 1 : 0)) >>> 0;
			v2l = t;
			t = ((v1l << 17) | (v1h >>> 15)) >>> 0;
			v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0;
			v1l = t;
			v1l = (v1l ^ v2l) >>> 0;
			v1h = (v1h ^ v2h) >>> 0;
			t = v2l;
			v2l = v2h;
			v2h = t;
		}
		v0l = (v0l ^ ml) >>> 0;
		v0h = (v0h ^ mh) >>> 0;
	}
	// Finalisation: v2 ^= 0xff, four rounds, v0 ^ v1 ^ v2 ^ v3.
	v2l = (v2l ^ 0xff) >>> 0;
	for (let r = 0; r < 4; r++) {
		t = (v0l + v1l) >>> 0;
		v0h = (v0h + v1h + (t < v0l ? 1 : 0)) >>> 0;
		v0l = t;
		t = ((v1l << 13) | (v1h >>> 19)) >>> 0;
		v1h = ((v1h << 13) | (v1l >>> 19)) >>> 0;
		v1l = t;
		v1l ^= v0l;
		v1h ^= v0h;
		t = v0l;
		v0l = v0h;
		v0h = t;
		t = (v2l + v3l) >>> 0;
		v2h = (v2h + v3h + (t < v2l ? 1 : 0)) >>> 0;
		v2l = t;
		t = ((v3l << 16) | (v3h >>> 16)) >>> 0;
		v3h = ((v3h << 16) | (v3l >>> 16)) >>> 0;
		v3l = t;
		v3l = (v3l ^ v2l) >>> 0;
		v3h = (v3h ^ v2h) >>> 0;
		t = (v0l + v3l) >>> 0;
		v0h = (v0h + v3h + (t < v0l ? 1 : 0)) >>> 0;
		v0l = t;
		t = ((v3l << 21) | (v3h >>> 11)) >>> 0;
		v3h = ((v3h << 21) | (v3l >>> 11)) >>> 0;
		v3l = t;
		v3l = (v3l ^ v0l) >>> 0;
		v3h = (v3h ^ v0h) >>> 0;
		t = (v2l + v1l) >>> 0;
		v2h = (v2h + v1h + (t < v2l ? 1 : 0)) >>> 0;
		v2l = t;
		t = ((v1l << 17) | (v1h >>> 15)) >>> 0;
		v1h = ((v1h << 17) | (v1l >>> 15)) >>> 0;
		v1l = t;
		v1l = (v1l ^ v2l) >>> 0;
		v1h = (v1h ^ v2h) >>> 0;
		t = v2l;
		v2l = v2h;
		v2h = t;
	}
	key.lo = (v0l ^ v1l ^ v2l ^ v3l) >>> 0;
	key.hi = (v0h ^ v1h ^ v2h ^ v3h) >>> 0;
}

/** Write the tag of bytes [start, end) of `data` at `end` (8 bytes, little-endian as the paper gives it). */
export function sipSign(key: SipKey, data: Uint8Array, start: number, end: number): void {
	sipHash24(key, data, start, end);
	writeLe32(data, end, key.lo);
	writeLe32(data, end + 4, key.hi);
}

/** True when the 8 bytes at `end` are the tag of bytes [start, end); compared without a branch on where they differ. */
export function sipVerify(key: SipKey, data: Uint8Array, start: number, end: number): boolean {
	sipHash24(key, data, start, end);
	return ((key.lo ^ le32(data, end)) | (key.hi ^ le32(data, end + 4))) === 0;
}

function writeLe32(data: Uint8Array, at: number, value: number): void {
	data[at] = value & 0xff;
	data[at + 1] = (value >>> 8) & 0xff;
	data[at + 2] = (value >>> 16) & 0xff;
	data[at + 3] = (value >>> 24) & 0xff;
}
