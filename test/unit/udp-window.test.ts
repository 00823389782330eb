import {linkReason} from '../../src/model/link/link-reasons.js';
import {describe, expect, it} from 'vitest';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {UdpWindow, type UdpCounters} from '../../src/model/link/udp-window.js';
import {statusJsonSite, statusTable} from '../../src/documents/status-output.js';
import {KIND, MIN_PACKET, readPacket, ReplayWindow, writePacket} from '../../probes/udp-packet.js';
import {macKey, sessionTag} from '../../probes/udp-packet.js';

// The link model with the UDP stream: per-direction loss from running totals, the grade from the
// larger of lost probes and the worse direction, nothing stale once the link is down.

const report = (session: number, up: [number, number], down: [number, number], state: UdpCounters['state'] = 'ok'): UdpCounters => ({
	session,
	state,
	upSent: up[0],
	upReceived: up[1],
	downSent: down[0],
	downReceived: down[1],
	duplicates: 0,
	reorderedUp: 0,
	reorderedDown: 0,
	jitterUpMs: 1.5,
	jitterDownMs: 0.5,
	rttMs: 1,
});

describe('UdpWindow', () => {
	it('gives each direction its own loss, over the window only', () => {
		const w = new UdpWindow(10_000);
		// 5 packets a second; the first 10 s lose 20 % up, the next 10 s nothing.
		for (let s = 1; s <= 10; s++) w.push(report(1, [5 * s, 4 * s], [4 * s, 4 * s]), s * 1000);
		expect(w.lossPct()).toEqual({up: 20, down: 0});
		for (let s = 11; s <= 21; s++)
			w.push(report(1, [5 * s, 40 + 5 * (s - 10)], [40 + 5 * (s - 10), 40 + 5 * (s - 10) - (s - 10)]), s * 1000);
		const loss = w.lossPct()!;
		expect(loss.up).toBe(0);
		expect(loss.down).toBeCloseTo(20, 0);
		expect(w.jitterMs()).toEqual({up: 1.5, down: 0.5});
	});

	it('says nothing with too few packets, or while UDP is blocked', () => {
		const w = new UdpWindow(60_000);
		w.push(report(1, [3, 2], [2, 2]), 1000);
		expect(w.lossPct()).toBeNull();
		w.push(report(1, [100, 90], [90, 90], 'blocked'), 20_000);
		expect(w.state).toBe('blocked');
		expect(w.lossPct()).toBeNull();
		expect(w.jitterMs()).toBeNull();
	});

	it('keeps totals across sessions and never subtracts one session from another', () => {
		const w = new UdpWindow(60_000);
		w.push(report(1, [100, 90], [90, 81]), 20_000);
		w.endSession();
		expect(w.state).toBe('off');
		w.push(report(2, [50, 50], [50, 50]), 40_000);
		expect(w.lossPct()).toEqual({up: 0, down: 0});
		expect(w.totals()).toMatchObject({upSent: 150, upLost: 10, downSent: 140, downLost: 9});
	});
});

describe('LinkTracker with UDP', () => {
	const options = {window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS, intervalMs: 1000};

	it('grades on the worse direction when packets are lost that no probe noticed', () => {
		const tracker = new LinkTracker(options, 0);
		for (let s = 1; s <= 20; s++) {
			tracker.sample(5, s * 1000);
			tracker.udp(report(1, [5 * s, 5 * s], [5 * s, Math.round(4.7 * s)]), s * 1000 + 1);
		}
		const link = tracker.snapshot(21_000);
		expect(link.probeLossPct).toBe(0);
		expect(link.packetLossPct!.up).toBe(0);
		expect(link.packetLossPct!.down).toBeCloseTo(6, 0);
		expect(link.lossFrom).toBe('down');
		expect(link.lossPct).toBeCloseTo(6, 0);
		expect(link.grade).toBe('poor');
		expect(link.mos!).toBeLessThan(4.1);
		expect(statusJsonSite({id: 's', name: 'S', mode: 'agent', link})).toMatchObject({
			udp: 'ok',
			probeLossPct: 0,
			packetLossPct: {up: 0, down: 6},
		});
	});

	it('grades a site whose UDP is blocked from the start on its probes alone, once they are enough', () => {
		const tracker = new LinkTracker(options, 0);
		for (let s = 1; s <= 20; s++) {
			tracker.sample(5, s * 1000);
			tracker.udp(report(1, [5 * s, 0], [0, 0], s < 6 ? 'waiting' : 'blocked'), s * 1000 + 1);
			// Before 20 probes there is no loss figure: measuring, never good.
			if (s < 20) expect(tracker.snapshot(s * 1000 + 1)).toMatchObject({grade: s >= 2 ? 'measuring' : 'down', lossPct: null});
		}
		const link = tracker.snapshot(21_000);
		expect(link).toMatchObject({udp: 'blocked', packetLossPct: null, heldLossPct: null, lossPct: 0, lossFrom: 'probes', grade: 'good'});
		expect(statusJsonSite({id: 's', name: 'S', mode: 'agent', link})).toMatchObject({grade: 'good', udp: 'blocked', gradeReason: null});
	});

	it('while its UDP stream is on its way, lost probes alone never grade a site good (TCP hides loss)', () => {
		const tracker = new LinkTracker(options, 0);
		for (let s = 1; s <= 30; s++) {
			tracker.sample(5, s * 1000);
			// Answering, but too few packets yet for a loss figure (a slow start, a loaded hub).
			tracker.udp(report(1, [s < 4 ? 0 : 10, s < 4 ? 0 : 10], [s < 4 ? 0 : 10, s < 4 ? 0 : 10], s < 4 ? 'waiting' : 'ok'), s * 1000 + 1);
		}
		expect(tracker.snapshot(31_000)).toMatchObject({state: 'up', grade: 'measuring', probeLossPct: 0, lossPct: null, mos: null});
	});

	it('awaits a stream at most a window: one too slow to carry 20 packets each way leaves the grade to the probes', () => {
		const tracker = new LinkTracker({...options, window: 20}, 0); // a 20-s window at 1 probe a second
		for (let s = 1; s <= 30; s++) {
			tracker.sample(5, s * 1000);
			tracker.udp(report(1, [Math.floor(s / 2), Math.floor(s / 2)], [Math.floor(s / 2), Math.floor(s / 2)]), s * 1000 + 1); // 0.5 packets a second
			if (s === 19) expect(tracker.snapshot(s * 1000 + 1).grade).toBe('measuring');
		}
		expect(tracker.snapshot(31_000)).toMatchObject({grade: 'good', lossFrom: 'probes', packetLossPct: null});
	});

	it('keeps the last measured packet loss when UDP goes blocked: the grade never improves because the stream stopped', () => {
		const tracker = new LinkTracker(options, 0);
		const changes: string[] = [];
		const note = (change: {type: string; grade: string} | null) => change && changes.push(`${change.type}:${change.grade}`);
		// 8 % lost up, 6 % down, for 30 s; the WebSocket probes lose nothing (TCP hides it).
		let s = 1;
		for (; s <= 30; s++) {
			note(tracker.sample(5, s * 1000));
			note(tracker.udp(report(1, [25 * s, 23 * s], [25 * s, Math.round(23.5 * s)]), s * 1000 + 1));
		}
		expect(tracker.snapshot(s * 1000)).toMatchObject({grade: 'poor', lossFrom: 'up', heldLossPct: null});
		// Then no UDP passes: the hub's counts stand still, and after 5 s it says blocked.
		for (; s <= 300; s++) {
			note(tracker.sample(5, s * 1000));
			note(tracker.udp(report(1, [750, 690], [750, 705], s < 36 ? 'ok' : 'blocked'), s * 1000 + 1));
		}
		const link = tracker.snapshot(s * 1000);
		expect(link).toMatchObject({udp: 'blocked', grade: 'poor', packetLossPct: null, probeLossPct: 0, lossFrom: 'up'});
		expect(link.heldLossPct).toBeCloseTo(8, 5);
		expect(link.lossPct).toBeCloseTo(8, 5);
		// Poor as soon as it came up: 8 % of 50 packets each way is already evidence.
		expect(changes).toEqual(['up:poor']);
		const record = statusJsonSite({id: 's', name: 'S', mode: 'agent', link});
		expect(record).toMatchObject({grade: 'poor', udp: 'blocked', lossPct: 8, gradeReason: 'UDP blocked — last measured loss 8 %'});
		expect(statusTable([{id: 's', name: 'S', mode: 'agent', link}], {color: false, lang: 'vi'})).toContain(
			'UDP bị chặn — lần đo gần nhất mất 8 % gói tin',
		);
		// A new connection whose UDP is blocked from its start: still the line's last measured loss.
		tracker.disconnected(s * 1000, linkReason('closed', {}));
		tracker.connected(s * 1000 + 10);
		for (let t = 1; t <= 30; t++) {
			note(tracker.sample(5, s * 1000 + t * 1000));
			note(tracker.udp(report(2, [0, 0], [0, 0], t < 6 ? 'waiting' : 'blocked'), s * 1000 + t * 1000 + 1));
		}
		expect(tracker.snapshot(s * 1000 + 31_000)).toMatchObject({grade: 'poor', heldLossPct: 8});
		// Measuring while its stream waits (figures restart after an outage), then blocked: the held loss stands.
		expect(changes.slice(1)).toEqual(['up:measuring', 'measured:poor']);
	});

	it('replaces the held loss with new evidence once UDP passes again', () => {
		const w = new UdpWindow(60_000);
		for (let s = 1; s <= 10; s++) w.push(report(1, [10 * s, 9 * s], [10 * s, 10 * s]), s * 1000);
		w.push(report(1, [100, 90], [100, 100], 'blocked'), 16_000);
		expect(w.heldLossPct()).toEqual({up: 10, down: 0});
		w.endSession();
		expect(w.heldLossPct()).toBeNull(); // off: not blocked
		for (let s = 1; s <= 10; s++) w.push(report(2, [10 * s, 10 * s], [10 * s, 10 * s]), 20_000 + s * 1000);
		w.push(report(2, [100, 100], [100, 100], 'blocked'), 36_000);
		expect(w.heldLossPct()).toEqual({up: 0, down: 0});
	});

	it('shows no UDP figures for a site that is down', () => {
		const tracker = new LinkTracker(options, 0);
		for (let s = 1; s <= 10; s++) {
			tracker.sample(5, s * 1000);
			tracker.udp(report(1, [5 * s, 5 * s], [5 * s, 5 * s]), s * 1000 + 1);
		}
		tracker.disconnected(11_000, linkReason('connection-refused', {}));
		const link = tracker.snapshot(12_000);
		expect(link).toMatchObject({state: 'down', udp: 'off', packetLossPct: null, udpJitterMs: null});
		expect(statusJsonSite({id: 's', name: 'S', mode: 'agent', link})).toMatchObject({
			udp: 'off',
			packetLossPct: null,
			error: 'connection refused',
		});
	});
});

describe('UDP packets', () => {
	const key = macKey(Buffer.alloc(32, 7));
	const session = sessionTag('0102030405060708');
	const fields = {kind: KIND.test, flags: 0, session, seq: 9, t0: 12.5, rSeq: 0, rCount: 0, t1: 0, t2: 0, rReordered: 0} as const;

	it('round-trips under the right key and refuses a wrong key or a flipped byte', () => {
		const packet = writePacket(Buffer.alloc(MIN_PACKET), fields, key);
		expect(readPacket(packet, key)).toMatchObject({kind: KIND.test, seq: 9, t0: 12.5, length: MIN_PACKET});
		expect(readPacket(packet, macKey(Buffer.alloc(32, 8)))).toBeNull();
		const flipped = Buffer.from(packet);
		flipped[0] = KIND.reflect; // a test packet passed off as a reflection
		expect(readPacket(flipped, key)).toBeNull();
		expect(readPacket(packet.subarray(0, 20), key)).toBeNull();
	});

	it('refuses repeats and numbers too old to tell', () => {
		const w = new ReplayWindow();
		expect([1, 2, 3].map(n => w.accept(n))).toEqual([true, true, true]);
		expect(w.accept(2)).toBe(false);
		expect(w.accept(10)).toBe(true);
		expect(w.accept(7)).toBe(true); // late, not seen: accepted once
		expect(w.accept(7)).toBe(false);
		expect(w.accept(5000)).toBe(true);
		expect(w.accept(10)).toBe(false); // older than the window
		expect(w.accept(0)).toBe(false);
	});
});
