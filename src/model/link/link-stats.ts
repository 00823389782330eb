import {gradeBadness, type Grade} from './grade.js';
import {linkReason, type LinkReason} from './link-reasons.js';
import {gradeOf, mos} from './mos.js';
import type {Thresholds} from '../plan/plan.js';
import {NumberRing, RttWindow} from './ring.js';
import {MIN_PACKETS, UdpWindow, type UdpCounters, type UdpStreamState, type UdpTotals} from './udp-window.js';

// One site's link quality (DESIGN.md "Link quality"). Pure: every method takes `now`
// (monotonic ms). Per sample the work is O(window) with no allocation beyond the returned
// change; snapshot() only reads values cached when the sample arrived.

export {gradeOf, mos} from './mos.js';

export type {Grade} from './grade.js';

/**
 * How much evidence each figure needs before it is shown and graded on (DESIGN.md "Link quality":
 * missing evidence never improves a grade). Until every figure a grade rests on has its evidence,
 * an up site is `measuring`. The counts restart when the link comes back after an outage.
 */
export const EVIDENCE = {
	/** Answered probes before RTT (last, p50, p95), jitter and MOS are figures: a p95 of two is no p95. */
	rttProbes: 5,
	/**
	 * Probes in the window before lost probes are a loss figure on their own: with 20, one lost
	 * probe is 5 %, already past `fair` (4 %), so a single loss is meaningful, not noise of a tiny sample.
	 */
	lossProbes: MIN_PACKETS,
	/** UDP packets each way in the window before packet loss is a figure (udp-window.ts MIN_PACKETS). */
	packets: MIN_PACKETS,
} as const;

/** Window and hysteresis settings (the plan's `probe` and `thresholds`). */
export interface LinkOptions {
	window: number;
	downAfter: number;
	upAfter: number;
	thresholds: Thresholds;
	/** A better grade must hold this long before it is shown (default 10 s). */
	improveHoldMs?: number;
	/** Probes kept for the sparkline (default 900 = 15 min at 1 Hz). */
	historySize?: number;
	/** Probe interval: when given, the sparkline marks the probes an outage cost as lost (×). */
	intervalMs?: number;
}

/** A transition worth telling the operator and the journal about. */
export type LinkChange = {type: 'down' | 'up' | 'grade' | 'measured'; grade: Grade; previous: Grade; reason?: LinkReason};
// `measured`: the first grade after `measuring` (the link came up and now has its evidence). Not a
// change of the line: nothing was claimed before it.

/** What a row of the dashboard, `status` and `rehearse` show for one site. */
export interface LinkSnapshot {
	state: 'up' | 'down' | 'unknown';
	grade: Grade;
	rttMs: {last: number | null; p50: number; p95: number; max: number} | null;
	jitterMs: number | null;
	/** The loss the grade and MOS use: the larger of lost probes and the worse direction's packet loss. */
	lossPct: number | null;
	/** Where lossPct comes from: lost probes, or UDP packets lost up (hub → site) or down (site → hub). */
	lossFrom: 'probes' | 'up' | 'down' | null;
	/**
	 * UDP is blocked after it measured packet loss: the worse direction's loss of the last window
	 * measured while it passed (%), which the grade keeps (lossPct includes it). Null otherwise.
	 */
	heldLossPct: number | null;
	/** Probes left unanswered for timeoutMs, % of the window. */
	probeLossPct: number | null;
	/** The UDP test stream: ok, blocked (no UDP answer while the WebSocket answers), off, or still waiting. */
	udp: UdpStreamState;
	/** UDP packet loss per direction over the window; null unless UDP is ok. */
	packetLossPct: {up: number; down: number} | null;
	/** RFC 3550 jitter of the UDP stream per direction; null unless UDP is ok. */
	udpJitterMs: {up: number; down: number} | null;
	/** UDP totals over every session so far (the rehearsal's whole run). */
	udpTotals: UdpTotals;
	mos: number | null;
	sent: number;
	received: number;
	availabilityPct: number | null;
	/** Monotonic ms of the last answered probe. */
	lastSeenAt: number | null;
	/** Why it is down, in plain words. */
	error: LinkReason | null;
	/** Monotonic ms of the last up/down transition (or of creation). */
	changedAt: number;
	/** Samples taken while the hub's event loop lagged: counted, never graded on. */
	stalled: number;
	/** Frames from the site that were dropped as bad. */
	badFrames: number;
}

const RANK = gradeBadness;

/** Rolling stats, grade and up/down hysteresis for one site's link. */
export class LinkTracker {
	private readonly options: Required<LinkOptions>;
	private window: RttWindow;
	private readonly ring: NumberRing;
	private state: LinkSnapshot['state'] = 'unknown';
	private grade: Grade = 'down';
	private error: LinkReason | null = null;
	private changedAt: number;
	private lostStreak = 0;
	private downForLoss = false;
	private answeredStreak = 0;
	private sent = 0;
	private received = 0;
	private stalled = 0;
	private badFrames = 0;
	private lastSeenAt: number | null = null;
	private lastRtt: number | null = null;
	// RFC 3550 jitter over consecutive answered RTTs.
	private jitter = 0;
	private previousRtt = Number.NaN;
	private jitterReady = false;
	// Figures restart from new evidence after an outage: answered probes since the link came back.
	private answeredSince = 0;
	// Cached per sample so snapshot() is cheap.
	private p50 = Number.NaN;
	private p95 = Number.NaN;
	private max = Number.NaN;
	private mean = Number.NaN;
	// The snapshot's RTT figures as one object, kept until the next sample changes them (a
	// 2,000-site dashboard reads every snapshot four times a second; most sites have not changed).
	private rttView: LinkSnapshot['rttMs'] = null;
	// Availability: time up over time since the first up/down decision.
	private decidedAt = Number.NaN;
	private upMs = 0;
	private upSince = Number.NaN;
	// A better grade waiting out improveHoldMs.
	private betterSince = Number.NaN;
	private betterGrade: Grade = 'good';
	private historyCache: (number | null)[] | null = null;
	private outageView: {base: (number | null)[]; missed: number; rttMs: (number | null)[]} | null = null;
	private lastSampleAt = Number.NaN;
	// Start of a disconnection whose missed probes the sparkline has not marked yet.
	private outageFrom = Number.NaN;
	private readonly udpWindow: UdpWindow;

	constructor(options: LinkOptions, now: number) {
		this.options = {improveHoldMs: 10_000, historySize: 900, intervalMs: 0, ...options};
		this.udpWindow = new UdpWindow(this.options.window * Math.max(1, this.options.intervalMs || 1000));
		this.window = new RttWindow(this.options.window);
		this.ring = new NumberRing(this.options.historySize);
		this.changedAt = now;
	}

	/** One probe result: RTT in ms or null when lost; `stalled` when the hub lagged while taking it. */
	sample(rttMs: number | null, now: number, stalled = false): LinkChange | null {
		if (stalled) {
			// A lagging hub inflates RTTs and fakes timeouts: an answer still proves the link is alive,
			// but neither its RTT nor a loss may count against the site.
			this.stalled++;
			if (rttMs === null) return null;
			this.sent++;
			this.received++;
			this.lastSeenAt = now;
			return this.answered(now);
		}
		this.sent++;
		this.window.push(rttMs);
		this.fillOutage(now);
		this.lastSampleAt = now;
		this.ring.push(rttMs ?? Number.NaN);
		this.historyCache = null;
		this.lastRtt = rttMs;
		if (rttMs !== null) {
			this.received++;
			this.lastSeenAt = now;
			this.answeredSince++;
			if (!Number.isNaN(this.previousRtt)) {
				const d = Math.abs(rttMs - this.previousRtt);
				this.jitter += (d - this.jitter) / 16;
			}
			this.previousRtt = rttMs;
			this.jitterReady = this.answeredSince >= this.rttNeeded;
		}
		this.p50 = this.window.percentile(50);
		this.p95 = this.window.percentile(95);
		this.max = this.window.max();
		this.mean = this.window.mean();
		this.rttView = null;
		if (rttMs !== null) return this.answered(now);
		this.answeredStreak = 0;
		this.lostStreak++;
		if (this.state !== 'down' && this.lostStreak >= this.options.downAfter) {
			const change = this.goDown(now, linkReason('no-answer', {probes: this.lostStreak}));
			this.downForLoss = true;
			return change;
		}
		return this.state === 'up' ? this.regrade(now) : null;
	}

	/** The socket opened (and, for an agent, authenticated). The link is up only once probes answer. */
	connected(_now: number): LinkChange | null {
		this.lostStreak = 0;
		this.answeredStreak = 0;
		// A new connection (after an outage, or the first): its figures come from its own probes.
		if (this.state !== 'up') this.restartFigures();
		return null;
	}

	/** The socket closed or could not open: down at once, with its reason. */
	disconnected(now: number, reason: LinkReason): LinkChange | null {
		this.outageFrom = Number.isNaN(this.outageFrom) ? (Number.isNaN(this.lastSampleAt) ? now : this.lastSampleAt) : this.outageFrom;
		this.lostStreak = 0;
		this.answeredStreak = 0;
		this.udpWindow.endSession();
		this.restartFigures();
		if (this.state === 'down') {
			// The prober cuts a link after the same unanswered probes that brought it down here
			// ('timeout'): keep the plainer "no answer to N probes". Any other reason is news.
			if (!(this.downForLoss && reason.code === 'timeout')) {
				this.error = reason;
				this.downForLoss = false;
			}
			return null;
		}
		return this.goDown(now, reason);
	}

	/** A report of the UDP test stream (running totals of the connection's session). */
	udp(report: UdpCounters, now: number): LinkChange | null {
		this.udpWindow.push(report, now);
		return this.state === 'up' ? this.regrade(now) : null;
	}

	/** A frame the site sent was dropped as bad (counted; the prober keeps going). */
	badFrame(): void {
		this.badFrames++;
	}

	/** Current view of the link; reads cached values only. */
	snapshot(now: number): LinkSnapshot {
		const hasRtt = this.rttEvidence();
		const probeLossPct = this.window.size < this.lossNeeded ? null : (this.window.lost / this.window.size) * 100;
		const packetLossPct = this.udpWindow.lossPct();
		const {lossPct, lossFrom, heldLossPct} = this.loss(now);
		const jitterMs = hasRtt && this.jitterReady ? this.jitter : null;
		return {
			state: this.state,
			grade: this.grade,
			rttMs: hasRtt ? (this.rttView ??= {last: this.lastRtt, p50: this.p50, p95: this.p95, max: this.max}) : null,
			jitterMs,
			lossPct,
			lossFrom,
			heldLossPct,
			probeLossPct,
			udp: this.udpWindow.state,
			packetLossPct,
			udpJitterMs: this.udpWindow.jitterMs(),
			udpTotals: this.udpWindow.totals(),
			mos: hasRtt && jitterMs !== null && lossPct !== null ? mos(this.mean, jitterMs, lossPct) : null,
			sent: this.sent,
			received: this.received,
			availabilityPct: this.availability(now),
			lastSeenAt: this.lastSeenAt,
			error: this.error,
			changedAt: this.changedAt,
			stalled: this.stalled,
			badFrames: this.badFrames,
		};
	}

	/** The sparkline entries after the first `after` ever recorded, and how many were recorded in all. */
	historySince(after: number): {total: number; rttMs: (number | null)[]} {
		return {total: this.ring.pushed, rttMs: this.ring.since(after)};
	}

	/**
	 * Sparkline data, oldest first, null = lost; fixed capacity. Cached until the next sample.
	 * With `now`, the probe slots an outage in progress has cost so far are marked lost (×) at
	 * once, not only when the site comes back.
	 */
	history(now?: number): {rttMs: (number | null)[]} {
		this.historyCache ??= this.ring.toArray();
		const missed = now === undefined ? 0 : this.missedSlots(now);
		if (missed <= 0) return {rttMs: this.historyCache};
		if (this.outageView?.missed !== missed || this.outageView.base !== this.historyCache) {
			const rttMs = [...this.historyCache, ...new Array<null>(missed).fill(null)].slice(-this.options.historySize);
			this.outageView = {base: this.historyCache, missed, rttMs};
		}
		return {rttMs: this.outageView.rttMs};
	}

	// Probe slots lost to the outage in progress as of `now` (the same count fillOutage pushes on reconnect).
	private missedSlots(now: number): number {
		if (Number.isNaN(this.outageFrom) || !(this.options.intervalMs > 0)) return 0;
		return Math.min(this.options.historySize, Math.round((now - this.outageFrom) / this.options.intervalMs) - 1);
	}

	/** True when the link is down (not when it is still unknown). */
	get isDown(): boolean {
		return this.state === 'down';
	}

	private answered(now: number): LinkChange | null {
		this.lostStreak = 0;
		this.answeredStreak++;
		if (this.state === 'up') return this.regrade(now);
		if (this.answeredStreak < this.options.upAfter) return null;
		const previous = this.grade;
		if (Number.isNaN(this.decidedAt)) this.decidedAt = now;
		this.state = 'up';
		this.upSince = now;
		this.changedAt = now;
		this.error = null;
		this.grade = this.rawGrade(now);
		this.betterSince = Number.NaN;
		return {type: 'up', grade: this.grade, previous};
	}

	private goDown(now: number, reason: LinkReason): LinkChange {
		const previous = this.grade;
		if (Number.isNaN(this.decidedAt)) this.decidedAt = now;
		if (this.state === 'up') this.upMs += now - this.upSince;
		this.state = 'down';
		this.grade = 'down';
		this.error = reason;
		this.changedAt = now;
		this.betterSince = Number.NaN;
		this.downForLoss = false;
		return {type: 'down', grade: 'down', previous, reason};
	}

	// Worse at once; better only after the better grade has held improveHoldMs (no flapping on screen).
	private regrade(now: number): LinkChange | null {
		const raw = this.rawGrade(now);
		const previous = this.grade;
		// Evidence that is missing claims nothing: a graded link keeps its grade, a measuring one waits.
		if (raw === 'measuring') return null;
		if (previous === 'measuring') {
			// The first grade the evidence allows: at once (nothing better was shown), and not a change of the line.
			this.grade = raw;
			this.betterSince = Number.NaN;
			return {type: 'measured', grade: raw, previous};
		}
		if (RANK[raw] >= RANK[previous]) {
			this.betterSince = Number.NaN;
			if (raw === previous) return null;
			this.grade = raw;
			return {type: 'grade', grade: raw, previous};
		}
		if (Number.isNaN(this.betterSince)) {
			this.betterSince = now;
			this.betterGrade = raw;
		} else if (RANK[raw] > RANK[this.betterGrade]) {
			this.betterGrade = raw; // improve only as far as the worst grade seen while holding
		}
		if (now - this.betterSince < this.options.improveHoldMs) return null;
		this.grade = this.betterGrade;
		this.betterSince = Number.NaN;
		return {type: 'grade', grade: this.grade, previous};
	}

	// No probes go out while the socket is down, yet the sparkline is a time line: mark each probe
	// slot the outage cost as lost. Only after a disconnect, so a lagging hub's skipped slots are not blamed on the site.
	private fillOutage(now: number): void {
		if (Number.isNaN(this.outageFrom)) return;
		const from = this.outageFrom;
		this.outageFrom = Number.NaN;
		if (!(this.options.intervalMs > 0)) return;
		const missed = Math.min(this.options.historySize, Math.round((now - from) / this.options.intervalMs) - 1);
		for (let i = 0; i < missed; i++) this.ring.push(Number.NaN);
	}

	// The grade the evidence allows: `measuring` until RTT, jitter and loss each have theirs (EVIDENCE).
	private rawGrade(now: number): Exclude<Grade, 'down'> {
		const {lossPct} = this.loss(now);
		// A loss already beyond `fair` makes the grade poor whatever RTT and jitter turn out to be: said at once.
		if (lossPct !== null && lossPct > this.options.thresholds.fair.lossPct) return 'poor';
		if (!this.rttEvidence() || !this.jitterReady) return 'measuring';
		if (lossPct === null) return 'measuring';
		return gradeOf(this.p95, this.jitter, lossPct, this.options.thresholds);
	}

	private rttEvidence(): boolean {
		return this.window.answeredCount >= this.rttNeeded && this.answeredSince >= this.rttNeeded;
	}

	// The evidence counts, never more than the plan's window holds.
	private get rttNeeded(): number {
		return Math.min(EVIDENCE.rttProbes, this.options.window);
	}

	private get lossNeeded(): number {
		return Math.min(EVIDENCE.lossProbes, this.options.window);
	}

	/**
	 * The loss the grade uses (DESIGN.md "Truthful loss"): the larger of lost probes and the worse
	 * direction's packet loss; while UDP is blocked after it measured loss, that last window's loss
	 * stands. Lost probes count alone once the window holds EVIDENCE.lossProbes (or the whole window,
	 * when the plan's is smaller); before that, beside a measured packet loss, as lost / that count
	 * (what the full count can only exceed).
	 * Null while neither is measured.
	 */
	private loss(now: number): {lossPct: number | null; lossFrom: LinkSnapshot['lossFrom']; heldLossPct: number | null} {
		const live = this.udpWindow.lossPct();
		const held = live ? null : this.udpWindow.heldLossPct();
		const packet = live ?? held;
		const size = this.window.size;
		const enoughProbes = size >= this.lossNeeded;
		// Before the window holds enough probes, lost / the probes needed is what the full count can only exceed.
		const probeLossPct = (this.window.lost / Math.max(size, this.lossNeeded)) * 100;
		// A UDP stream on its way (waiting for its first answer, or too few packets yet, for at most
		// a window): TCP hides loss, so lost probes alone cannot say there is none; the packet loss is awaited.
		const awaited = !packet && this.udpWindow.awaited(now);
		// Too few probes (or a stream awaited) and no packet loss: no figure, unless the lost ones are already beyond `fair`.
		if ((!enoughProbes || awaited) && !packet && !(probeLossPct > this.options.thresholds.fair.lossPct))
			return {lossPct: null, lossFrom: null, heldLossPct: null};
		const {lossPct, lossFrom} = gradedLoss(probeLossPct, packet);
		return {lossPct, lossFrom, heldLossPct: held ? Math.max(held.up, held.down) : null};
	}

	// After an outage (or before a new connection) the figures restart: nothing of the window before
	// it may stand for the line now. The sparkline, totals and availability are kept.
	private restartFigures(): void {
		this.window = new RttWindow(this.options.window);
		this.answeredSince = 0;
		this.jitter = 0;
		this.jitterReady = false;
		this.previousRtt = Number.NaN;
		this.lastRtt = null;
		this.p50 = this.p95 = this.max = this.mean = Number.NaN;
		this.rttView = null;
	}

	private availability(now: number): number | null {
		if (Number.isNaN(this.decidedAt)) return null;
		const span = now - this.decidedAt;
		const up = this.upMs + (this.state === 'up' ? now - this.upSince : 0);
		if (span <= 0) return this.state === 'up' ? 100 : 0;
		return Math.min(100, (up / span) * 100);
	}
}

/** The loss a grade uses: the larger of lost probes and the worse direction's packet loss (DESIGN.md "Truthful loss"). */
export function gradedLoss(
	probeLossPct: number | null,
	packetLossPct: {up: number; down: number} | null,
): {lossPct: number | null; lossFrom: LinkSnapshot['lossFrom']} {
	let lossPct = probeLossPct;
	let lossFrom: LinkSnapshot['lossFrom'] = probeLossPct === null ? null : 'probes';
	if (packetLossPct) {
		const worse = packetLossPct.down > packetLossPct.up ? 'down' : 'up';
		const value = packetLossPct[worse];
		if (lossPct === null || value > lossPct) {
			lossPct = value;
			lossFrom = worse;
		}
	}
	return {lossPct, lossFrom};
}
