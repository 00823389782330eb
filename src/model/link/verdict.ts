import {verdictReason, type Direction, type LinkReason, type VerdictReason, type VerdictReasonCode} from './link-reasons.js';
import {DEFAULT_REHEARSAL, type Plan, type Thresholds} from '../plan/plan.js';
import type {TestError} from './test-errors.js';

// The rehearsal's verdict rules: per site pass | warn | fail, each reason a code with its figures
// (link-reasons.ts), worded by the catalog in plain words a technician can read out on the phone
// ("loss 6 % > 4 %"). Pure: figures in, verdict out.
// Link quality follows the grades: within `good` passes, within `fair` warns, beyond fails.
// Bandwidth and availability have their own pass/warn floors (plan `rehearsal:`).

/** A rehearsal verdict; the overall one is the worst of the sites'. */
export type Verdict = 'pass' | 'warn' | 'fail';

/** The limits a verdict is judged against: the plan's grade thresholds and its `rehearsal:` floors. */
export interface VerdictLimits {
	thresholds: Thresholds;
	bandwidthKbps: {pass: number; warn: number};
	availabilityPct: {pass: number; warn: number};
	/** RTT under load: warn / fail when its p95 exceeds the idle p95 by more than these (ms). */
	latencyUnderLoadMs: {warn: number; fail: number};
}

/** Probes a site needs before its figures are evidence. */
export const MIN_PROBES = 10;

/** What a rehearsal measured for one site. */
export interface SiteFigures {
	/** How long the site was watched (ms). */
	watchedMs: number;
	sent: number;
	received: number;
	rttMs: {p50: number; p95: number; max: number} | null;
	jitterMs: number | null;
	lossPct: number | null;
	availabilityPct: number | null;
	/** Times the link went down. */
	outages: number;
	/** Longest time without an answer around an outage (ms). */
	longestSilenceMs: number;
	/** Why the link was last down, the wire's reason (null when never). */
	error: LinkReason | null;
	/** Measured both ways, or why it could not be; null when not measured (ws-ping, skipped, cut short). */
	bandwidth: {upKbps: number; downKbps: number} | {error: TestError} | null;
	/** The UDP test stream over the idle run (absent: not known, as for ws-ping sites). */
	udp?: 'ok' | 'blocked' | 'off';
	/** UDP packet loss per direction over the idle run (while it passed, when it was blocked later). */
	packetLossPct?: {up: number; down: number} | null;
	/** RFC 3550 jitter of the UDP stream per direction. */
	udpJitterMs?: {up: number; down: number} | null;
	/** UDP round trips during the bandwidth test. */
	latencyUnderLoadMs?: {p50: number; p95: number} | null;
	/** The video-rate UDP load test, or why it could not run; null when not run. */
	videoLoad?:
		| {kbps: number; up: {lossPct: number; jitterMs: number | null}; down: {lossPct: number; jitterMs: number | null}}
		| {error: TestError}
		| null;
	/** The tests this site was asked for: without their figures it gets at best warn. */
	asked?: {bandwidth: boolean; video: boolean};
}

/** One reason and how much it weighs. */
export interface Finding {
	verdict: Exclude<Verdict, 'pass'>;
	reason: VerdictReason;
}

/** A site's verdict and its reasons, failures first. */
export interface SiteVerdict {
	verdict: Verdict;
	findings: Finding[];
}

type Add = (verdict: Finding['verdict'], reason: VerdictReason) => void;

const RANK: Record<Verdict, number> = {pass: 0, warn: 1, fail: 2};

/** The worse of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
	return RANK[b] > RANK[a] ? b : a;
}

/** The overall verdict: the worst of all; pass when there is none. */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
	return verdicts.reduce<Verdict>(worse, 'pass');
}

/** The limits of a plan. */
export function verdictLimits(plan: Pick<Plan, 'thresholds' | 'rehearsal'>): VerdictLimits {
	return {
		thresholds: plan.thresholds,
		bandwidthKbps: plan.rehearsal.bandwidthKbps,
		availabilityPct: plan.rehearsal.availabilityPct,
		latencyUnderLoadMs: plan.rehearsal.latencyUnderLoadMs ?? DEFAULT_REHEARSAL.latencyUnderLoadMs,
	};
}

/** Judge one site's figures. */
export function siteVerdict(figures: SiteFigures, limits: VerdictLimits): SiteVerdict {
	const findings: Finding[] = [];
	const add: Add = (verdict, reason) => findings.push({verdict, reason});
	const why = figures.error && !isPlainLoss(figures.error) ? figures.error : null;

	if (figures.received === 0) {
		// Nothing else can be judged; loss 100 % and availability 0 % would only repeat it.
		add('fail', verdictReason('no-answer', {seconds: shownSeconds(Math.max(figures.watchedMs, figures.longestSilenceMs)), why}));
		return finish(findings);
	}
	if (figures.outages > 0) {
		const seconds = shownSeconds(figures.longestSilenceMs);
		add(
			'warn',
			figures.outages === 1 ? verdictReason('no-answer', {seconds, why}) : verdictReason('outages', {times: figures.outages, seconds, why}),
		);
	}
	// No verdict without evidence: a handful of probes can pass nothing, nor can a figure never measured.
	if (figures.sent < MIN_PROBES || figures.rttMs === null || figures.jitterMs === null || figures.lossPct === null)
		add('warn', verdictReason('not-enough-data', {probes: figures.sent}));
	const {good, fair} = limits.thresholds;
	if (figures.rttMs) above(add, 'rtt-p95', figures.rttMs.p95, good.rttMs, fair.rttMs);
	if (figures.jitterMs !== null) above(add, 'jitter', figures.jitterMs, good.jitterMs, fair.jitterMs);
	if (figures.lossPct !== null) above(add, 'loss', figures.lossPct, good.lossPct, fair.lossPct);
	for (const way of ['up', 'down'] as const) {
		const measured = figures.packetLossPct?.[way];
		if (measured !== undefined)
			exceeds(add, measured, good.lossPct, fair.lossPct, (value, limit) => verdictReason('packet-loss', {direction: way, value, limit}));
	}
	// Blocked after it measured packet loss: that loss stands (judged above), and the reason says so.
	const measuredLoss = figures.packetLossPct;
	if (figures.udp === 'blocked')
		add(
			'warn',
			measuredLoss
				? verdictReason('udp-blocked-held', {value: Math.max(measuredLoss.up, measuredLoss.down)})
				: verdictReason('udp-blocked', {}),
		);
	const load = figures.latencyUnderLoadMs;
	if (load && figures.rttMs) {
		const idle = figures.rttMs.p95;
		const {warn, fail} = limits.latencyUnderLoadMs;
		exceeds(add, load.p95, idle + warn, idle + fail, p95 =>
			verdictReason('under-load', {p95, limit: load.p95 > idle + fail ? trim(fail) : trim(warn)}),
		);
	}
	judgeVideo(add, figures, limits);
	if (figures.availabilityPct !== null) {
		const {pass, warn} = limits.availabilityPct;
		const value = figures.availabilityPct;
		if (value < warn) add('fail', verdictReason('available', {value: distinct(value, warn, 'down'), limit: trim(warn)}));
		else if (value < pass) add('warn', verdictReason('available', {value: distinct(value, pass, 'down'), limit: trim(pass)}));
	}
	const bw = figures.bandwidth;
	if (!bw && figures.asked?.bandwidth) add('warn', verdictReason('bandwidth-missing', {}));
	if (bw && 'error' in bw) add('fail', verdictReason('bandwidth-failed', {why: bw.error}));
	else if (bw) {
		below(add, 'down', bw.downKbps, limits.bandwidthKbps);
		below(add, 'up', bw.upKbps, limits.bandwidthKbps);
	}
	return finish(findings);
}

/** Kilobits per second for people: "850 kbit/s", "1.1 Mbit/s". */
export function formatKbps(kbps: number): string {
	return kbps >= 1000 ? `${trim(kbps / 1000, 1)} Mbit/s` : `${Math.round(kbps)} kbit/s`;
}

/** Seconds for people: one decimal under 10 s ("1.4 s"), whole above ("12 s"). */
export function formatSeconds(ms: number): string {
	return `${shownSeconds(ms)} s`;
}

/** The seconds a person is shown: one decimal under 10 s (1.4), whole above (12). */
export function shownSeconds(ms: number): number {
	const s = ms / 1000;
	return s < 10 ? trim(s, 1) : Math.round(s);
}

// A loss-driven outage's reason says nothing the silence does not.
function isPlainLoss(error: LinkReason): boolean {
	return error.code === 'no-answer' || error.code === 'never-answered' || error.code === 'timeout';
}

function above(add: Add, code: Extract<VerdictReasonCode, 'rtt-p95' | 'jitter' | 'loss'>, value: number, pass: number, warn: number): void {
	// At the limit passes (DESIGN.md: good ≤ 150 ms), like the link grades.
	if (value > warn) add('fail', verdictReason(code, {value: distinct(value, warn, 'up'), limit: trim(warn)}));
	else if (value > pass) add('warn', verdictReason(code, {value: distinct(value, pass, 'up'), limit: trim(pass)}));
}

// Like above(), the reason made by `reason(value, limit)`.
function exceeds(add: Add, value: number, pass: number, warn: number, reason: (value: number, limit: number) => VerdictReason): void {
	if (value > warn) add('fail', reason(distinct(value, warn, 'up', 1), trim(warn)));
	else if (value > pass) add('warn', reason(distinct(value, pass, 'up', 1), trim(pass)));
}

// The video-rate load test: its loss and jitter per direction against the grade limits.
function judgeVideo(add: Add, figures: SiteFigures, limits: VerdictLimits): void {
	const video = figures.videoLoad;
	if (!video) {
		if (figures.asked?.video) add('warn', verdictReason('video-missing', {why: null}));
		return;
	}
	if ('error' in video) return add('warn', verdictReason('video-missing', {why: video.error}));
	const {good, fair} = limits.thresholds;
	for (const way of ['up', 'down'] as const satisfies readonly Direction[]) {
		const {lossPct, jitterMs} = video[way];
		if (lossPct > good.lossPct)
			add(
				lossPct > fair.lossPct ? 'fail' : 'warn',
				verdictReason('video-lost', {direction: way, pct: lossPct >= 10 ? Math.round(lossPct) : Number(lossPct.toFixed(1))}),
			);
		if (jitterMs !== null)
			exceeds(add, jitterMs, good.jitterMs, fair.jitterMs, (value, limit) => verdictReason('video-jitter', {direction: way, value, limit}));
	}
}

function below(add: Add, way: Direction, kbps: number, floor: {pass: number; warn: number}): void {
	const limit = kbps < floor.warn ? floor.warn : kbps < floor.pass ? floor.pass : null;
	if (limit === null) return;
	// The unit follows the limit, so both numbers read alike: "down 1.1 Mbit/s < 1.5", "up 500 kbit/s < 800".
	const mega = limit >= 1000;
	const scale = mega ? 1000 : 1;
	const reason = verdictReason('bandwidth-low', {
		direction: way,
		value: distinct(kbps / scale, limit / scale, 'down', mega ? 1 : 0),
		unit: mega ? 'Mbit/s' : 'kbit/s',
		limit: trim(limit / scale),
	});
	add(kbps < floor.warn ? 'fail' : 'warn', reason);
}

/** The value with as few decimals as show it on the right side of the limit (never "150 ms > 150 ms"). */
function distinct(value: number, limit: number, side: 'up' | 'down', decimals = 0): number {
	for (let d = decimals; d <= 3; d++) {
		const rounded = Number(value.toFixed(d));
		if (side === 'up' ? rounded > limit : rounded < limit) return rounded;
	}
	// Closer than 0.001: round away from the limit rather than print a false comparison.
	return (side === 'up' ? Math.ceil(value * 1000) : Math.floor(value * 1000)) / 1000;
}

/** A number rounded, shown without trailing zeros: 1.5, 4, 0.8. */
function trim(value: number, decimals = 2): number {
	return Number(value.toFixed(decimals));
}

function finish(findings: Finding[]): SiteVerdict {
	const ordered = [...findings.filter(f => f.verdict === 'fail'), ...findings.filter(f => f.verdict === 'warn')];
	return {verdict: overallVerdict(ordered.map(f => f.verdict)), findings: ordered};
}
