import {linkReason} from '../../src/model/link/link-reasons.js';
import {describe, expect, it} from 'vitest';
import {gradeOf, LinkTracker, mos, type LinkChange, type LinkOptions} from '../../src/model/link/link-stats.js';
import {EVIDENCE} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {NumberRing, RttWindow} from '../../src/model/link/ring.js';

const base: LinkOptions = {window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS};

/** A tracker fed one probe a second from t=0; returns the tracker, the changes and the next `now`. */
function feed(samples: (number | null)[], options: Partial<LinkOptions> = {}) {
	const tracker = new LinkTracker({...base, ...options}, 0);
	const changes: LinkChange[] = [];
	let now = 0;
	for (const rtt of samples) {
		now += 1000;
		const change = tracker.sample(rtt, now);
		if (change) changes.push(change);
	}
	return {tracker, changes, now};
}

describe('jitter (RFC 3550)', () => {
	it('folds |D| of consecutive answered RTTs with gain 1/16', () => {
		// D = 10, 10, 20, 0: J = 10/16 = 0.625; + (10-0.625)/16 = 1.2109375; + (20-1.2109375)/16 = 2.38525390625; · 15/16
		const {tracker} = feed([20, 30, 20, 40, 40]);
		expect(tracker.snapshot(6000).jitterMs).toBeCloseTo(2.236175537109375, 10);
	});

	it('skips lost probes: D is taken between the answered RTTs around them', () => {
		const {tracker} = feed([20, 20, 20, 20, null, 36]);
		expect(tracker.snapshot(7000).jitterMs).toBeCloseTo(1, 10);
	});

	it('is not measured until EVIDENCE.rttProbes probes have answered', () => {
		expect(feed([20, 30, 20, 40]).tracker.snapshot(5000).jitterMs).toBeNull();
		expect(feed([20]).tracker.snapshot(2000).jitterMs).toBeNull();
		expect(feed([]).tracker.snapshot(0).jitterMs).toBeNull();
	});
});

describe('window stats', () => {
	it('gives last, p50, p95 and max over the window', () => {
		const rtts = Array.from({length: 20}, (_, i) => i + 1); // 1..20
		const {tracker} = feed(rtts);
		expect(tracker.snapshot(21_000).rttMs).toEqual({last: 20, p50: 10, p95: 19, max: 20});
	});

	it('forgets probes that left the window', () => {
		const {tracker} = feed([500, 500, 10, 10, 10, 10, 10], {window: 5});
		const rtt = tracker.snapshot(8000).rttMs!;
		expect(rtt.max).toBe(10);
		expect(rtt.p95).toBe(10);
	});

	it('shows last as null when the last probe was lost', () => {
		const {tracker} = feed([10, 12, 10, 12, 10, null]);
		expect(tracker.snapshot(7000).rttMs).toEqual({last: null, p50: 10, p95: 12, max: 12});
	});

	it('computes loss % over the window only', () => {
		const {tracker} = feed([10, null, 10, 10, null, ...Array<number>(15).fill(10)]);
		expect(tracker.snapshot(21_000).lossPct).toBe(10);
		// In a window of 10, the first loss has left and the second is still in.
		const later = feed([10, null, 10, 10, null, 10, 10, 10, 10, 10, 10, 10, 10], {window: 10});
		expect(later.tracker.snapshot(14_000).lossPct).toBe(10);
	});

	it('counts sent and received since start', () => {
		const {tracker} = feed([10, null, 10, null, 10]);
		const snap = tracker.snapshot(6000);
		expect([snap.sent, snap.received]).toEqual([5, 3]);
		expect(snap.lastSeenAt).toBe(5000);
	});
});

describe('MOS (simplified E-model)', () => {
	it('is about 4.4 for a clean 20 ms link', () => {
		expect(mos(20, 0, 0)).toBeCloseTo(4.39, 2);
	});

	it('is 1 for a hopeless link', () => {
		expect(mos(2000, 500, 50)).toBe(1);
		expect(mos(100, 0, 100)).toBe(1);
	});

	it('drops with latency, jitter and loss, through the 160 ms bend', () => {
		expect(mos(150, 0, 0)).toBeGreaterThan(mos(200, 0, 0));
		expect(mos(20, 30, 0)).toBeLessThan(mos(20, 0, 0));
		expect(mos(20, 0, 5)).toBeLessThan(mos(20, 0, 1));
		// eff = 300: R = 93.2 - 18 = 75.2 → 1 + 2.632 + 7e-6·75.2·15.2·24.8 ≈ 3.83
		expect(mos(290, 0, 0)).toBeCloseTo(3.83, 2);
	});

	it('is reported from the window once RTT, jitter and loss have their evidence', () => {
		const {tracker} = feed(Array<number>(EVIDENCE.lossProbes).fill(20));
		expect(tracker.snapshot(EVIDENCE.lossProbes * 1000).mos).toBeCloseTo(4.39, 2);
		expect(feed([20, 20, 20, 20, 20]).tracker.snapshot(6000).mos).toBeNull(); // RTT yes, loss not yet
		expect(feed([null]).tracker.snapshot(2000).mos).toBeNull();
	});
});

describe('gradeOf', () => {
	const t = DEFAULT_THRESHOLDS;
	it('needs every measure within a level', () => {
		expect(gradeOf(150, 30, 1, t)).toBe('good');
		expect(gradeOf(151, 0, 0, t)).toBe('fair');
		expect(gradeOf(10, 31, 0, t)).toBe('fair');
		expect(gradeOf(10, 0, 1.5, t)).toBe('fair');
		expect(gradeOf(301, 0, 0, t)).toBe('poor');
		expect(gradeOf(10, 51, 0, t)).toBe('poor');
		expect(gradeOf(10, 0, 4.1, t)).toBe('poor');
	});
});

describe('up/down hysteresis', () => {
	it('comes up only after upAfter answered probes', () => {
		const one = feed([10]);
		expect(one.tracker.snapshot(1000).state).toBe('unknown');
		expect(one.changes).toEqual([]);
		const two = feed([10, 10]);
		expect(two.tracker.snapshot(2000).state).toBe('up');
		// Up, but two answers are no evidence of a grade: measuring.
		expect(two.changes).toEqual([{type: 'up', grade: 'measuring', previous: 'down'}]);
	});

	it('stays up after 2 lost then an answer', () => {
		const {tracker, changes} = feed([10, 10, null, null, 10]);
		expect(tracker.snapshot(6000).state).toBe('up');
		expect(changes.filter(c => c.type === 'down')).toEqual([]);
	});

	it('goes down on the 3rd consecutive lost probe, with the reason', () => {
		const {tracker, changes} = feed([10, 10, null, null, null]);
		const snap = tracker.snapshot(6000);
		expect(snap.state).toBe('down');
		expect(snap.grade).toBe('down');
		expect(snap.error).toEqual(linkReason('no-answer', {probes: 3}));
		expect(changes.at(-1)).toMatchObject({type: 'down', grade: 'down', reason: linkReason('no-answer', {probes: 3})});
		expect(tracker.isDown).toBe(true);
	});

	it('decides down from unknown too (a site that never answers)', () => {
		const {tracker, changes} = feed([null, null, null]);
		expect(tracker.snapshot(4000).state).toBe('down');
		expect(changes).toEqual([{type: 'down', grade: 'down', previous: 'down', reason: linkReason('no-answer', {probes: 3})}]);
	});

	it('after down: 1 answered is still down, 2 answered is up', () => {
		const {tracker} = feed([10, 10, null, null, null]);
		expect(tracker.sample(10, 6000)).toBeNull();
		expect(tracker.snapshot(6000).state).toBe('down');
		expect(tracker.sample(10, 7000)).toEqual({type: 'up', grade: 'poor', previous: 'down'}); // 3 lost of 7 in the window
		const snap = tracker.snapshot(7000);
		expect(snap.state).toBe('up');
		expect(snap.error).toBeNull();
	});

	it('an answer between losses restarts the count', () => {
		const {tracker} = feed([10, 10, null, null, 10, null, null]);
		expect(tracker.snapshot(8000).state).toBe('up');
	});

	it('goes down at once on a disconnect, and keeps the latest reason while down', () => {
		const {tracker} = feed([10, 10]);
		expect(tracker.disconnected(3000, linkReason('closed', {}))).toEqual({
			type: 'down',
			grade: 'down',
			previous: 'measuring',
			reason: linkReason('closed', {}),
		});
		expect(tracker.disconnected(4000, linkReason('connection-refused', {}))).toBeNull();
		expect(tracker.snapshot(4000).error).toEqual(linkReason('connection-refused', {}));
		expect(tracker.connected(5000)).toBeNull();
		expect(tracker.snapshot(5000).state).toBe('down');
	});

	it('keeps "no answer" when the prober then cuts the link for the same losses, but takes later news', () => {
		const {tracker} = feed([10, 10, null, null, null]);
		expect(tracker.disconnected(5001, linkReason('timeout', {}))).toBeNull();
		expect(tracker.snapshot(5001).error).toEqual(linkReason('no-answer', {probes: 3}));
		tracker.disconnected(6000, linkReason('connection-refused', {}));
		expect(tracker.snapshot(6000).error).toEqual(linkReason('connection-refused', {}));
		tracker.disconnected(7000, linkReason('timeout', {}));
		expect(tracker.snapshot(7000).error).toEqual(linkReason('timeout', {}));
	});

	it('a reconnect does not count answers from before the disconnect', () => {
		const {tracker} = feed([10, 10]);
		tracker.disconnected(3000, linkReason('closed', {}));
		tracker.connected(3500);
		expect(tracker.sample(10, 4000)).toBeNull();
		expect(tracker.sample(10, 5000)?.type).toBe('up');
	});

	it('honours custom downAfter and upAfter', () => {
		const {tracker} = feed([10, null, null, null, null], {downAfter: 5, upAfter: 1});
		expect(tracker.snapshot(5000).state).toBe('up'); // up on the first answer; 4 lost are not yet 5
		expect(tracker.sample(null, 6000)?.type).toBe('down');
		const up = feed([10], {upAfter: 1});
		expect(up.tracker.snapshot(1000).state).toBe('up');
	});
});

describe('grade hysteresis', () => {
	// Jitter limits out of the way so only the RTT p95 drives the grade here.
	const thresholds = {good: {rttMs: 150, jitterMs: 1000, lossPct: 1}, fair: {rttMs: 300, jitterMs: 1000, lossPct: 4}};
	const hold = {window: 5, improveHoldMs: 10_000, thresholds};
	// Five answers fill the window of 5: the evidence every figure needs (EVIDENCE, capped by the window).
	const warm = [10, 10, 10, 10, 10];

	it('is measured first: up as measuring, then the first grade, not a change of the line', () => {
		const {changes} = feed(warm, hold);
		expect(changes).toEqual([
			{type: 'up', grade: 'measuring', previous: 'down'},
			{type: 'measured', grade: 'good', previous: 'measuring'},
		]);
	});

	it('worsens at once', () => {
		const {tracker, changes} = feed([...warm, 200], hold);
		expect(changes.at(-1)).toEqual({type: 'grade', grade: 'fair', previous: 'good'});
		expect(tracker.snapshot(6000).grade).toBe('fair');
		expect(tracker.sample(400, 7000)).toEqual({type: 'grade', grade: 'poor', previous: 'fair'});
	});

	it('improves only after the better grade held for 10 s', () => {
		const {tracker} = feed([...warm, 400], hold); // poor from t=6 s
		let now = 6000;
		const changes: (LinkChange | null)[] = [];
		for (let i = 0; i < 5; i++) changes.push(tracker.sample(10, (now += 1000))); // 400 leaves the window at t=11 s
		expect(changes.every(c => c === null)).toBe(true);
		expect(tracker.snapshot(now).grade).toBe('poor');
		// Good since t=11 s: still poor at t=20 s, good at t=21 s.
		for (; now < 20_000; ) expect(tracker.sample(10, (now += 1000))).toBeNull();
		expect(tracker.snapshot(now).grade).toBe('poor');
		expect(tracker.sample(10, (now += 1000))).toEqual({type: 'grade', grade: 'good', previous: 'poor'});
	});

	it('a relapse during the hold restarts it', () => {
		const {tracker} = feed([...warm, 200], {...hold, window: 1}); // fair at 6 s
		let now = 6000;
		for (let i = 0; i < 5; i++) tracker.sample(10, (now += 1000)); // good since 4 s
		expect(tracker.sample(200, (now += 1000))).toBeNull(); // fair again (same as shown): hold restarts
		for (let i = 0; i < 10; i++) expect(tracker.sample(10, (now += 1000))).toBeNull(); // good since 10 s
		expect(tracker.snapshot(now).grade).toBe('fair');
		expect(tracker.sample(10, (now += 1000))).toEqual({type: 'grade', grade: 'good', previous: 'fair'});
	});

	it('improves only as far as the worst grade seen while holding', () => {
		const {tracker} = feed([...warm, 400], {...hold, window: 1}); // poor at 6 s
		let now = 6000;
		tracker.sample(10, (now += 1000)); // good from 4 s
		tracker.sample(200, (now += 1000)); // fair at 5 s: still better than poor
		for (let i = 0; i < 8; i++) expect(tracker.sample(10, (now += 1000))).toBeNull(); // up to 13 s
		expect(tracker.sample(10, (now += 1000))).toEqual({type: 'grade', grade: 'fair', previous: 'poor'});
	});

	it('after an outage, figures restart from new evidence: up as measuring, graded again once measured', () => {
		const {tracker} = feed([...warm, 10, 10, 10], hold);
		expect(tracker.snapshot(8000)).toMatchObject({grade: 'good', lossPct: 0});
		tracker.disconnected(9000, linkReason('closed', {}));
		expect(tracker.snapshot(9000)).toMatchObject({rttMs: null, jitterMs: null, lossPct: null, mos: null});
		tracker.connected(20_000);
		tracker.sample(10, 21_000);
		expect(tracker.sample(10, 22_000)).toEqual({type: 'up', grade: 'measuring', previous: 'down'});
		expect(tracker.snapshot(22_000)).toMatchObject({state: 'up', grade: 'measuring', rttMs: null, lossPct: null, mos: null});
		for (let now = 23_000; now < 25_000; now += 1000) expect(tracker.sample(10, now)).toBeNull();
		expect(tracker.sample(10, 25_000)).toEqual({type: 'measured', grade: 'good', previous: 'measuring'});
	});

	it('never shows good before the evidence: a lossy line reads measuring, then poor', () => {
		// One probe in three lost, 20 ms RTT: good on RTT, poor on loss.
		const samples = Array.from({length: 30}, (_, i) => (i % 3 === 2 ? null : 20));
		const tracker = new LinkTracker(base, 0);
		const grades: string[] = [];
		for (let i = 0; i < samples.length; i++) {
			tracker.sample(samples[i]!, (i + 1) * 1000);
			const snap = tracker.snapshot((i + 1) * 1000);
			if (snap.state === 'up') grades.push(snap.grade);
		}
		expect(grades).not.toContain('good');
		expect(grades).not.toContain('fair');
		expect(grades.at(-1)).toBe('poor');
	});

	it('a loss already beyond fair is poor at once, before RTT has its evidence', () => {
		const {tracker, changes} = feed([10, 10, null, null, 10, null, null, 10]);
		// 4 lost of 8: at least 4 / 20 = 20 % whatever the next probes do.
		expect(tracker.snapshot(8000)).toMatchObject({state: 'up', grade: 'poor', lossPct: 20, rttMs: null});
		expect(changes.some(c => c.grade === 'good')).toBe(false);
	});
});

describe('stalled samples (the hub lagged)', () => {
	it('are counted but never graded on', () => {
		const tracker = new LinkTracker(base, 0);
		const n = EVIDENCE.lossProbes;
		for (let i = 1; i <= n; i++) tracker.sample(10, i * 1000);
		expect(tracker.sample(900, (n + 1) * 1000, true)).toBeNull();
		expect(tracker.sample(null, (n + 2) * 1000, true)).toBeNull();
		const snap = tracker.snapshot((n + 2) * 1000);
		expect(snap.grade).toBe('good');
		expect(snap.rttMs).toEqual({last: 10, p50: 10, p95: 10, max: 10});
		expect(snap.lossPct).toBe(0);
		expect(snap.jitterMs).toBe(0);
		expect(snap.stalled).toBe(2);
		expect(tracker.history().rttMs).toEqual(Array<number>(n).fill(10));
	});

	it('stalled losses never bring a link down; a stalled answer breaks a run of losses', () => {
		const tracker = new LinkTracker(base, 0);
		tracker.sample(10, 1000);
		tracker.sample(10, 2000);
		for (let t = 3000; t <= 8000; t += 1000) tracker.sample(null, t, true);
		expect(tracker.snapshot(8000).state).toBe('up');
		tracker.sample(null, 9000);
		tracker.sample(null, 10_000);
		tracker.sample(50, 11_000, true);
		tracker.sample(null, 12_000);
		expect(tracker.snapshot(12_000).state).toBe('up');
	});
});

describe('availability', () => {
	it('is the share of time up since the first decision', () => {
		const tracker = new LinkTracker(base, 0);
		expect(tracker.snapshot(0).availabilityPct).toBeNull();
		tracker.sample(10, 1000);
		tracker.sample(10, 2000); // up at 2 s
		tracker.disconnected(8000, linkReason('closed', {})); // up 6 s
		expect(tracker.snapshot(14_000).availabilityPct).toBe(50);
		tracker.sample(10, 15_000);
		tracker.sample(10, 16_000); // up again
		expect(tracker.snapshot(20_000).availabilityPct).toBeCloseTo(55.556, 2); // 10 s of 18 s
	});

	it('is 0 for a site refused from the start', () => {
		const tracker = new LinkTracker(base, 0);
		tracker.disconnected(100, linkReason('connection-refused', {}));
		expect(tracker.snapshot(5000).availabilityPct).toBe(0);
	});
});

describe('history ring', () => {
	it('keeps lost probes as null, oldest first, and never grows past its capacity', () => {
		const tracker = new LinkTracker({...base, historySize: 4}, 0);
		const samples = [1, null, 3, 4, 5, null, 7];
		samples.forEach((rtt, i) => tracker.sample(rtt, (i + 1) * 1000));
		expect(tracker.history().rttMs).toEqual([4, 5, null, 7]);
		for (let i = 0; i < 10_000; i++) tracker.sample(i % 7 === 0 ? null : 5, 10_000 + i * 1000);
		expect(tracker.history().rttMs).toHaveLength(4);
	});

	it('marks the probe slots an outage cost as lost when it knows the interval', () => {
		const tracker = new LinkTracker({...base, intervalMs: 1000}, 0);
		tracker.sample(10, 1000);
		tracker.sample(10, 2000);
		tracker.disconnected(2500, linkReason('closed', {}));
		tracker.disconnected(4000, linkReason('connection-refused', {}));
		tracker.connected(5800);
		tracker.sample(12, 6000); // slots at 3, 4 and 5 s were never probed
		expect(tracker.history().rttMs).toEqual([10, 10, null, null, null, 12]);
		const snap = tracker.snapshot(6000);
		// Loss % counts probes, not the outage; and after the outage it restarts: one probe is no figure yet.
		expect([snap.sent, snap.lossPct]).toEqual([3, null]);
		// A gap without a disconnect (the hub lagged) is not blamed on the site.
		tracker.sample(12, 9000);
		expect(tracker.history().rttMs).toEqual([10, 10, null, null, null, 12, 12]);
	});

	it('defaults to 900 probes (15 min at 1 Hz)', () => {
		const {tracker} = feed(Array.from({length: 1000}, () => 10));
		expect(tracker.history().rttMs).toHaveLength(900);
	});
});

describe('ring helpers', () => {
	it('NumberRing reports what it pushes out', () => {
		const ring = new NumberRing(2);
		expect(ring.push(1)).toBeUndefined();
		expect(ring.push(2)).toBeUndefined();
		expect(ring.push(3)).toBe(1);
		expect(ring.last()).toBe(3);
		expect(() => new NumberRing(0)).toThrow(RangeError);
	});

	it('RttWindow percentiles match a sort of the same window', () => {
		const window = new RttWindow(50);
		const all: (number | null)[] = [];
		let seed = 7;
		for (let i = 0; i < 500; i++) {
			seed = (seed * 1103515245 + 12345) % 2 ** 31;
			const value = seed % 10 === 0 ? null : (seed % 1000) / 7;
			window.push(value);
			all.push(value);
			const answered = all
				.slice(-50)
				.filter((v): v is number => v !== null)
				.sort((a, b) => a - b);
			expect(window.percentile(95)).toBe(answered[Math.ceil(0.95 * answered.length) - 1]);
			expect(window.max()).toBe(answered.at(-1));
			expect(window.lost).toBe(all.slice(-50).filter(v => v === null).length);
		}
	});
});
