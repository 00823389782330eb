import {describe, expect, it} from 'vitest';
import {frameKeys, HmacFrameChannel, SEAL_CHARS, SIP_SEAL_CHARS, SipFrameChannel, type FrameChannel} from '../../probes/frame-mac.js';
import {SipKey, sipHash24} from '../../probes/siphash.js';

// Sealed frames of both subprotocols (v2: HMAC-SHA256, v3: SipHash-2-4) must refuse the same
// things: a frame out of order, forged, altered, replayed or sealed under another key.
const versions = [
	{name: 'diemcau.v2 (HMAC-SHA256)', make: (key: Buffer): FrameChannel => new HmacFrameChannel(key), chars: SEAL_CHARS},
	{name: 'diemcau.v3 (SipHash-2-4)', make: (key: Buffer): FrameChannel => new SipFrameChannel(key), chars: SIP_SEAL_CHARS},
];

describe.each(versions)('sealed frames, $name', ({make, chars}) => {
	it('open only in order, under the same key; a forged, altered or replayed frame fails and does not move the counter', () => {
		const key = Buffer.alloc(32, 1);
		const sender = make(key);
		const receiver = make(key);
		const first = sender.seal('{"type":"pong","seq":1}');
		const second = sender.seal('{"type":"pong","seq":2}');
		expect(first.length).toBe(chars + '{"type":"pong","seq":1}'.length);
		expect(receiver.open(second)).toBeNull(); // out of order
		expect(receiver.open(`${'A'.repeat(chars)}{"type":"pong","seq":1}`)).toBeNull(); // forged
		expect(receiver.open(first.replace('"seq":1', '"seq":9'))).toBeNull(); // altered
		expect(receiver.open((first[0] === 'A' ? 'B' : 'A') + first.slice(1))).toBeNull(); // wrong tag
		expect(receiver.open(first.slice(0, chars - 1))).toBeNull(); // too short to hold a tag
		expect(receiver.open(first)).toBe('{"type":"pong","seq":1}');
		expect(receiver.open(first)).toBeNull(); // replayed
		expect(receiver.open(second)).toBe('{"type":"pong","seq":2}');
		expect(make(Buffer.alloc(32, 2)).open(make(key).seal('{}'))).toBeNull();
	});

	it('seals the same bytes as text and as a Buffer, opens either form, and keeps non-ASCII text whole', () => {
		const key = Buffer.alloc(32, 3);
		const json = '{"type":"checkin","id":"c1","role":2,"status":"absent","reason":"Ốm, xin phép vắng"}';
		const asText = make(key).seal(json);
		const asBuffer = make(key).sealBuffer(json);
		expect(asBuffer.toString()).toBe(asText);
		const receiver = make(key);
		const received = Buffer.from(asBuffer); // ws hands the receiver a Buffer of the frame's bytes
		expect(receiver.openBuffer(received)).toBe(json);
		expect(received.toString()).toBe(asText); // opening leaves the frame as it came
		expect(receiver.openBuffer(Buffer.from(asBuffer))).toBeNull(); // the same frame again: replayed
	});

	it('a scratch seal is overwritten by the next, an own one is not; every one opens in order', () => {
		const key = Buffer.alloc(32, 4);
		const sender = make(key);
		const receiver = make(key);
		const own = sender.sealBuffer('{"type":"ping","seq":1,"t0":1}');
		const scratch = sender.sealBuffer('{"type":"ping","seq":2,"t0":2}', true);
		const second = Buffer.from(scratch); // what ws's masking copy keeps of it
		const third = Buffer.from(sender.sealBuffer('{"type":"ping","seq":3,"t0":3}', true));
		// A frame too big for the scratch buffer (bandwidth data) is sealed whole into its own.
		const data = `{"type":"bw-data","id":"t","data":"${'x'.repeat(60 * 1024)}"}`;
		const big = sender.sealBuffer(data, true);
		sender.sealBuffer('{"type":"ping","seq":5,"t0":5}', true);
		expect(own.toString()).toContain('"seq":1');
		expect(big.toString()).toContain(data);
		expect(receiver.openBuffer(own)).toBe('{"type":"ping","seq":1,"t0":1}');
		expect(receiver.openBuffer(third)).toBeNull(); // out of order
		expect(receiver.openBuffer(second)).toBe('{"type":"ping","seq":2,"t0":2}');
		expect(receiver.openBuffer(third)).toBe('{"type":"ping","seq":3,"t0":3}');
		expect(receiver.openBuffer(big)).toBe(data);
	});
});

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('the v3 tag', () => {
	it('is SipHash-2-4 of counter ‖ JSON under the first 16 bytes of the sub-key, its 8 bytes in base64url', () => {
		const key = Buffer.from(Array.from({length: 32}, (_, i) => i));
		const json = '{"type":"ping","seq":7,"t0":12.5}';
		const sender = new SipFrameChannel(key);
		sender.seal('{}'); // counter 0
		const frame = sender.seal(json); // counter 1
		const message = Buffer.concat([Buffer.from([0, 0, 0, 0, 0, 0, 0, 1]), Buffer.from(json)]);
		const sip = new SipKey(key);
		sipHash24(sip, message, 0, message.length);
		const tag = Buffer.alloc(8);
		tag.writeUInt32LE(sip.lo, 0);
		tag.writeUInt32LE(sip.hi, 4);
		expect(frame).toBe(tag.toString('base64url') + json);
		// Its last character carries 4 bits and 2 zero bits: one that differs only in those is refused too.
		const receiver = new SipFrameChannel(key);
		expect(receiver.open(new SipFrameChannel(key).seal('{}'))).toBe('{}');
		const last = BASE64URL.indexOf(frame[10]!);
		expect(receiver.open(frame.slice(0, 10) + BASE64URL[last ^ 1] + frame.slice(11))).toBeNull();
		expect(receiver.open(frame)).toBe(json);
	});

	it('a v2 frame does not open under v3, nor a v3 frame under v2, with the same keys', () => {
		const v2 = frameKeys('hub', 'token-123456789012345678901234', 'pho-an', 'hub-nonce', 'agent-nonce', 2);
		const v2Agent = frameKeys('agent', 'token-123456789012345678901234', 'pho-an', 'hub-nonce', 'agent-nonce', 2);
		const v3Agent = frameKeys('agent', 'token-123456789012345678901234', 'pho-an', 'hub-nonce', 'agent-nonce', 3);
		const v3 = frameKeys('hub', 'token-123456789012345678901234', 'pho-an', 'hub-nonce', 'agent-nonce', 3);
		expect(v3Agent.receive.open(v2.send.seal('{"type":"ping","seq":1,"t0":1}'))).toBeNull();
		expect(v2Agent.receive.open(v3.send.seal('{"type":"ping","seq":1,"t0":1}'))).toBeNull();
		// Each direction has its own key: a frame the hub sealed does not open as the agent's.
		const hub = frameKeys('hub', 'token-123456789012345678901234', 'pho-an', 'h', 'a', 3);
		const reflected = frameKeys('hub', 'token-123456789012345678901234', 'pho-an', 'h', 'a', 3);
		expect(reflected.receive.open(hub.send.seal('{"type":"pong","seq":1,"t0":1,"t1":2,"t2":3}'))).toBeNull();
	});
});
