import {linkReason} from '../../src/model/link/link-reasons.js';
import {describe, expect, it} from 'vitest';
import {DEFAULT_REHEARSAL, DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {
	formatKbps,
	formatSeconds,
	overallVerdict,
	siteVerdict as judgeSite,
	verdictLimits,
	worse,
	type SiteFigures,
	type VerdictLimits,
} from '../../src/model/link/verdict.js';
import {verdictReasons} from '../../src/i18n/link-words.js';
import {testError} from '../../src/model/link/test-errors.js';

// Every verdict rule at its edges, with the default limits: grades good ≤150 ms / ≤30 ms / ≤1 %,
// fair ≤300 / ≤50 / ≤4; bandwidth pass ≥1500 kbit/s, warn ≥800; availability pass ≥99 %, warn ≥95 %.

const limits = verdictLimits({thresholds: DEFAULT_THRESHOLDS, rehearsal: DEFAULT_REHEARSAL});

/** A perfect site; each test spoils one figure. */
function figures(change: Partial<SiteFigures> = {}): SiteFigures {
	return {
		watchedMs: 60_000,
		sent: 60,
		received: 60,
		rttMs: {p50: 20, p95: 30, max: 40},
		jitterMs: 2,
		lossPct: 0,
		availabilityPct: 100,
		outages: 0,
		longestSilenceMs: 0,
		error: null,
		bandwidth: {upKbps: 5000, downKbps: 5000},
		...change,
	};
}

/** The verdict with its reasons in English, as `rehearse --json` gives them. */
function siteVerdict(figures: SiteFigures, limits: VerdictLimits) {
	const verdict = judgeSite(figures, limits);
	return {...verdict, reasons: verdictReasons(verdict, 'en')};
}

const judge = (change: Partial<SiteFigures>) => siteVerdict(figures(change), limits);

describe('verdict rules', () => {
	it('passes a clean site with no reasons', () => {
		expect(judge({})).toEqual({verdict: 'pass', reasons: [], findings: []});
	});

	it('needs its evidence: a figure never measured cannot pass', () => {
		for (const missing of [{rttMs: null}, {jitterMs: null}, {lossPct: null}] as const) {
			expect(judge(missing)).toMatchObject({verdict: 'warn', reasons: ['not enough data: 60 probes']});
		}
	});

	it('UDP blocked after it measured packet loss: that loss is judged, and the reason says so', () => {
		expect(judge({udp: 'blocked', packetLossPct: {up: 8.2, down: 6}})).toMatchObject({
			verdict: 'fail',
			reasons: ['packet loss up 8.2 % > 4 %', 'packet loss down 6 % > 4 %', 'UDP blocked — last measured loss 8.2 %'],
		});
		// Blocked from the start: nothing measured over UDP, the probes' loss only.
		expect(judge({udp: 'blocked', packetLossPct: null})).toMatchObject({
			verdict: 'warn',
			reasons: ['UDP blocked — loss measured over TCP only'],
		});
		expect(verdictReasons(judge({udp: 'blocked', packetLossPct: {up: 8.2, down: 6}}), 'vi').at(-1)).toBe(
			'UDP bị chặn — lần đo gần nhất mất 8,2 % gói tin',
		);
	});

	it('RTT p95: at the good limit passes, just above warns, at the fair limit warns, above fails', () => {
		const rtt = (p95: number) => judge({rttMs: {p50: 10, p95, max: p95}});
		expect(rtt(150).verdict).toBe('pass');
		expect(rtt(150.4)).toMatchObject({verdict: 'warn', reasons: ['RTT p95 150.4 ms > 150 ms']});
		expect(rtt(200)).toMatchObject({verdict: 'warn', reasons: ['RTT p95 200 ms > 150 ms']});
		expect(rtt(300).verdict).toBe('warn');
		expect(rtt(320)).toMatchObject({verdict: 'fail', reasons: ['RTT p95 320 ms > 300 ms']});
		expect(rtt(300.0001).reasons).toEqual(['RTT p95 300.001 ms > 300 ms']);
	});

	it('jitter: 30 passes, 31 warns, 50 warns, 51 fails', () => {
		expect(judge({jitterMs: 30}).verdict).toBe('pass');
		expect(judge({jitterMs: 31})).toMatchObject({verdict: 'warn', reasons: ['jitter 31 ms > 30 ms']});
		expect(judge({jitterMs: 50}).verdict).toBe('warn');
		expect(judge({jitterMs: 51})).toMatchObject({verdict: 'fail', reasons: ['jitter 51 ms > 50 ms']});
	});

	it('loss: 1 % passes, above warns, 4 % warns, 6 % fails', () => {
		expect(judge({lossPct: 1}).verdict).toBe('pass');
		expect(judge({lossPct: 1.7})).toMatchObject({verdict: 'warn', reasons: ['loss 2 % > 1 %']});
		expect(judge({lossPct: 1.2})).toMatchObject({verdict: 'warn', reasons: ['loss 1.2 % > 1 %']});
		expect(judge({lossPct: 4}).verdict).toBe('warn');
		expect(judge({lossPct: 6})).toMatchObject({verdict: 'fail', reasons: ['loss 6 % > 4 %']});
	});

	it('availability: 99 passes, below warns, 95 warns, below fails', () => {
		expect(judge({availabilityPct: 99}).verdict).toBe('pass');
		expect(judge({availabilityPct: 98.99})).toMatchObject({verdict: 'warn', reasons: ['available 98.99 % < 99 %']});
		expect(judge({availabilityPct: 95}).verdict).toBe('warn');
		expect(judge({availabilityPct: 80})).toMatchObject({verdict: 'fail', reasons: ['available 80 % < 95 %']});
		expect(judge({availabilityPct: null}).verdict).toBe('pass');
	});

	it('bandwidth each way: 1500 passes, 1499 warns, 800 warns, 799 fails; the unit follows the limit', () => {
		const bw = (downKbps: number, upKbps = 5000) => judge({bandwidth: {downKbps, upKbps}});
		expect(bw(1500).verdict).toBe('pass');
		expect(bw(1499)).toMatchObject({verdict: 'warn', reasons: ['down 1.499 Mbit/s < 1.5']});
		expect(bw(1100)).toMatchObject({verdict: 'warn', reasons: ['down 1.1 Mbit/s < 1.5']});
		expect(bw(800).verdict).toBe('warn');
		expect(bw(799)).toMatchObject({verdict: 'fail', reasons: ['down 799 kbit/s < 800']});
		expect(bw(5000, 500)).toMatchObject({verdict: 'fail', reasons: ['up 500 kbit/s < 800']});
		expect(bw(500, 1200)).toMatchObject({verdict: 'fail', reasons: ['down 500 kbit/s < 800', 'up 1.2 Mbit/s < 1.5']});
	});

	it('bandwidth not measured: nothing said when skipped, a failure when the test itself failed', () => {
		expect(judge({bandwidth: null}).verdict).toBe('pass');
		expect(judge({bandwidth: {error: testError('timeout')}})).toMatchObject({
			verdict: 'fail',
			reasons: ['bandwidth not measured: timeout'],
		});
	});

	it('a site that never answered fails with that alone, and the reason it gave', () => {
		const dead = judge({
			sent: 30,
			received: 0,
			rttMs: null,
			jitterMs: null,
			lossPct: 100,
			availabilityPct: 0,
			outages: 1,
			longestSilenceMs: 12_000,
			watchedMs: 12_000,
			error: linkReason('no-answer', {probes: 3}),
			bandwidth: {error: testError('not-connected')},
		});
		expect(dead).toMatchObject({verdict: 'fail', reasons: ['no answer for 12 s']});
		const refused = judge({
			sent: 0,
			received: 0,
			rttMs: null,
			lossPct: null,
			availabilityPct: 0,
			outages: 1,
			watchedMs: 6000,
			error: linkReason('connection-refused', {}),
			bandwidth: null,
		});
		expect(refused).toMatchObject({verdict: 'fail', reasons: ['no answer for 6 s (connection refused)']});
	});

	it('a silence whose reason is only the silence (its code: no answer, never answered, timeout) adds nothing after it', () => {
		for (const error of [linkReason('no-answer', {probes: 3}), linkReason('never-answered', {}), linkReason('timeout', {})]) {
			const silent = judge({sent: 0, received: 0, rttMs: null, lossPct: null, availabilityPct: 0, outages: 1, watchedMs: 6000, error});
			expect(silent, error.code).toMatchObject({verdict: 'fail', reasons: ['no answer for 6 s']});
		}
	});

	it('an outage warns with the longest silence, even when availability still passes', () => {
		expect(judge({outages: 1, longestSilenceMs: 3400, availabilityPct: 99.2, error: linkReason('no-answer', {probes: 3})})).toMatchObject({
			verdict: 'warn',
			reasons: ['no answer for 3.4 s'],
		});
		expect(judge({outages: 3, longestSilenceMs: 12_300, availabilityPct: 80, error: linkReason('closed', {})})).toMatchObject({
			verdict: 'fail',
			reasons: ['available 80 % < 95 %', 'down 3 times, longest no answer for 12 s (closed)'],
		});
	});

	it('lists failures before warnings and takes the worst', () => {
		const site = judge({rttMs: {p50: 100, p95: 200, max: 400}, lossPct: 6});
		expect(site.verdict).toBe('fail');
		expect(site.reasons).toEqual(['loss 6 % > 4 %', 'RTT p95 200 ms > 150 ms']);
		expect(site.findings.map(f => f.verdict)).toEqual(['fail', 'warn']);
	});

	it('follows limits from the plan', () => {
		const strict = verdictLimits({
			thresholds: {good: {rttMs: 50, jitterMs: 5, lossPct: 0}, fair: {rttMs: 100, jitterMs: 10, lossPct: 0.5}},
			rehearsal: {
				bandwidthKbps: {pass: 10_000, warn: 4000},
				availabilityPct: {pass: 100, warn: 100},
				bandwidthSeconds: 5,
				latencyUnderLoadMs: {warn: 100, fail: 300},
			},
		});
		const site = siteVerdict(figures({rttMs: {p50: 20, p95: 60, max: 70}, availabilityPct: 99.9}), strict);
		expect(site.reasons).toEqual(['available 99.9 % < 100 %', 'RTT p95 60 ms > 50 ms', 'down 5 Mbit/s < 10', 'up 5 Mbit/s < 10']);
		expect(site.verdict).toBe('fail');
	});
});

describe('overall verdict and formats', () => {
	it('is the worst of the sites, pass when empty', () => {
		expect(overallVerdict([])).toBe('pass');
		expect(overallVerdict(['pass', 'pass'])).toBe('pass');
		expect(overallVerdict(['pass', 'warn', 'pass'])).toBe('warn');
		expect(overallVerdict(['warn', 'fail', 'pass'])).toBe('fail');
		expect(worse('fail', 'warn')).toBe('fail');
	});

	it('formats rates and durations for people', () => {
		expect(formatKbps(512.4)).toBe('512 kbit/s');
		expect(formatKbps(1000)).toBe('1 Mbit/s');
		expect(formatKbps(12_345)).toBe('12.3 Mbit/s');
		expect(formatSeconds(1440)).toBe('1.4 s');
		expect(formatSeconds(12_400)).toBe('12 s');
	});
});
