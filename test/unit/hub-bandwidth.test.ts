import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {HubBandwidth, rateKbps, type BandwidthLink} from '../../probes/hub-bandwidth.js';
import {BULK_CHUNK} from '../../probes/agent-bandwidth.js';
import {encodeData, parseMessage, type Message} from '../../probes/protocol.js';

// The bandwidth figure from the arrivals of a time-bounded test, as a slow line delivers them:
// chunks at the line's rate, then the stall TCP makes while it waits for one retransmission (the
// bytes behind the hole arrived but are held), with the window ending in it. The figure is the
// line's rate, not the bytes handed over by the end of the window over the whole window.

let now = 0;
const clock = () => now;

/** A link that records what the hub sends (the agent side is played by the test). */
function link(): BandwidthLink & {sent: Message[]} {
	const sent: Message[] = [];
	const self: BandwidthLink & {sent: Message[]} = {
		sent,
		bandwidth: null,
		send(message) {
			const text = typeof message === 'string' ? message : JSON.stringify(message);
			const parsed = parseMessage(text);
			if (parsed.ok) sent.push(parsed.message);
			return true;
		},
	};
	return self;
}

const data = (id: string): Message => {
	const parsed = parseMessage(encodeData(id, BULK_CHUNK));
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.message;
};

beforeEach(() => {
	now = 0;
	vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('bandwidth figure of a time-bounded test', () => {
	it('reads a 2 Mbit/s line as 2 Mbit/s when the 5-s window ends 700 ms into a retransmission stall', async () => {
		const l = link();
		const test = new HubBandwidth(l, clock);
		const result = test.one('down', {seconds: 5});
		const id = (l.sent[0] as {id: string}).id;
		const perChunk = (BULK_CHUNK * 8) / 2000; // ms per chunk at 2,000 kbit/s
		// The first chunk 5 ms after the request, then one per perChunk until 4.3 s: then nothing.
		for (now = 5; now <= 4300; now += perChunk) expect(test.onMessage(data(id))).toBe(true);
		now = 5000;
		await vi.advanceTimersByTimeAsync(5000);
		const kbps = (await result) as number;
		expect(kbps).toBeGreaterThan(1980);
		expect(kbps).toBeLessThan(2020);
	});

	it("reads an upload from the agent's acks the same way", async () => {
		const l = link();
		const test = new HubBandwidth(l, clock);
		const result = test.one('up', {seconds: 5});
		const id = (l.sent[0] as {id: string}).id;
		const perChunk = (BULK_CHUNK * 8) / 1000;
		let acked = 0;
		for (now = 130; now <= 4500; now += perChunk) test.onMessage({type: 'bw-ack', id, bytes: (acked += BULK_CHUNK)});
		now = 5000;
		await vi.advanceTimersByTimeAsync(5000);
		const kbps = (await result) as number;
		expect(kbps).toBeGreaterThan(990);
		expect(kbps).toBeLessThan(1010);
		// The hub kept the line fed: far more than 4 chunks in flight before any ack.
		expect(l.sent.filter(m => m.type === 'bw-data').length).toBeGreaterThan(acked / BULK_CHUNK + 16);
	});

	it('does not take a lone burst after a long silence for the rate: all bytes over the whole time then', () => {
		// 3 chunks in 10 ms after 4.5 s of nothing: over [first, last] that would be 40 Mbit/s.
		expect(rateKbps(0, 5000, 3 * BULK_CHUNK, {at: 4500, bytes: BULK_CHUNK}, {at: 4510, bytes: 3 * BULK_CHUNK})).toBeCloseTo(
			(3 * BULK_CHUNK * 8) / 5000,
			6,
		);
		expect(rateKbps(0, 5000, 0, null, null)).toBe(0);
		expect(rateKbps(0, 5000, BULK_CHUNK, {at: 100, bytes: BULK_CHUNK}, null)).toBeCloseTo((BULK_CHUNK * 8) / 5000, 6);
	});
});
