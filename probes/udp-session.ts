import type {UdpCounters, UdpStreamState} from '../src/model/link/udp-window.js';
import type {TestError, UdpOff} from '../src/model/link/test-errors.js';
import {FLAG_LOAD, type UdpPacket, ReplayWindow} from './udp-packet.js';

// The hub's accounting of one site's UDP test stream. Every reflection carries the reflector's
// count of test packets received and its own reflection number, so:
//   up (hub → site) lost   = highest test seq echoed − the reflector's count received by then
//   down (site → hub) lost = highest reflection number seen − reflections received
// both as running totals, which a consumer turns into a window by differences. Jitter per
// direction is RFC 3550's estimator over the one-way transit differences (clock offsets cancel).

/** After this long without a UDP answer while the WebSocket answers, UDP is `blocked`. */
export const UDP_BLOCKED_MS = 5000;

/** Where a site's UDP stream stands. `waiting`: started, no answer yet (and not 5 s silent). */
export type UdpState = UdpStreamState;

/** Running totals of one session, as the prober reports them (about once a second). */
export interface UdpReport extends UdpCounters {
	/** Why UDP is off, when it is. */
	reason: UdpOff | null;
	sent: number;
}

/** Loss and jitter of a video-rate load test, per direction. */
export type VideoLoadResult =
	| {kbps: number; up: {lossPct: number; jitterMs: number | null}; down: {lossPct: number; jitterMs: number | null}}
	| {error: TestError};

/** RFC 3550 jitter over the transit times of packets in arrival order. */
class Jitter {
	private previous = Number.NaN;
	private value = 0;
	private ready = false;

	push(transit: number): void {
		if (!Number.isNaN(this.previous)) {
			this.value += (Math.abs(transit - this.previous) - this.value) / 16;
			this.ready = true;
		}
		this.previous = transit;
	}

	get ms(): number | null {
		return this.ready ? this.value : null;
	}
}

/** Totals of one site's UDP session at the hub. */
export class UdpTally {
	sent = 0;
	upSent = 0;
	upReceived = 0;
	downSent = 0;
	downReceived = 0;
	duplicates = 0;
	reorderedUp = 0;
	reorderedDown = 0;
	rttMs: number | null = null;
	lastAnswerAt: number | null = null;
	private readonly down = new ReplayWindow();
	private readonly jitter = {up: new Jitter(), down: new Jitter()};
	private readonly loadJitter = {up: new Jitter(), down: new Jitter()};
	private rtts: number[] | null = null;
	// The down totals as of the last report known clean (or left out), and what of them was left
	// out: every interval in which the hub's own socket may have dropped datagrams, whole
	// (report(..., excuse, confirmed)).
	private clean = {sent: 0, received: 0};
	private excused = {sent: 0, received: 0};

	/** Whether a reflection numbered `rSeq` was never counted (a replay or a repeat is not). Changes nothing. */
	fresh(rSeq: number): boolean {
		return this.down.fresh(rSeq);
	}

	/** Whether `rSeq` is newer than every reflection counted so far (only such a one may move the session's peer). */
	newest(rSeq: number): boolean {
		return rSeq > this.down.max;
	}

	/** A repeated or replayed reflection, dropped. */
	repeated(): void {
		this.duplicates++;
	}

	/** A verified reflection that arrived at `t3` (the fields are read, not kept). */
	reflection(packet: UdpPacket, t3: number): void {
		if (!this.down.accept(packet.rSeq)) {
			this.duplicates++;
			return;
		}
		if (packet.rSeq < this.down.max) this.reorderedDown++;
		this.downReceived++;
		this.downSent = Math.max(this.downSent, packet.rSeq);
		if (packet.seq >= this.upSent) {
			this.upSent = packet.seq;
			this.upReceived = packet.rCount;
			this.reorderedUp = Math.max(this.reorderedUp, packet.rReordered);
		}
		const jitter = packet.flags & FLAG_LOAD ? this.loadJitter : this.jitter;
		jitter.up.push(packet.t1 - packet.t0);
		jitter.down.push(t3 - packet.t2);
		const rtt = t3 - packet.t0 - Math.max(0, packet.t2 - packet.t1);
		this.rttMs = rtt;
		this.rtts?.push(rtt);
		this.lastAnswerAt = t3;
	}

	/** Start keeping every round trip (latency under load); the returned function stops and gives them. */
	collectRtts(): () => number[] {
		const rtts: number[] = [];
		this.rtts = rtts;
		return () => {
			if (this.rtts === rtts) this.rtts = null;
			return rtts;
		};
	}

	/** A fresh load-test jitter pair, and the totals to difference against at its end. */
	startLoad(): () => VideoLoadResult & {kbps: number} {
		this.loadJitter.up = new Jitter();
		this.loadJitter.down = new Jitter();
		const from = {upSent: this.upSent, upReceived: this.upReceived, downSent: this.downSent, downReceived: this.downReceived};
		return () => {
			const upSent = this.upSent - from.upSent;
			const downSent = this.downSent - from.downSent;
			const pct = (lost: number, sent: number) => (sent > 0 ? Math.max(0, (lost / sent) * 100) : 100);
			return {
				kbps: 0,
				up: {lossPct: pct(upSent - (this.upReceived - from.upReceived), upSent), jitterMs: this.loadJitter.up.ms},
				down: {lossPct: pct(downSent - (this.downReceived - from.downReceived), downSent), jitterMs: this.loadJitter.down.ms},
			};
		};
	}

	/**
	 * The report at `now`; `wsAnsweredAt` is the site's last WebSocket answer, `startedAt` when
	 * sending began. `excuse`: the hub's own socket dropped datagrams since the last report (a full
	 * receive buffer), so what the agent sent down since is left out, the reflections read and the
	 * ones missing alike: the interval was not measured. Leaving out only the missing ones would
	 * count the interval's arrivals and none of its losses, and read a lossy line as lossless.
	 * `confirmed`: the hub knows its socket dropped nothing up to now (it read the kernel's count
	 * this round). Until then the down totals since the last confirmed report are held back, not
	 * reported: an excuse that comes later leaves them out too (the drops it finds may have happened
	 * any time since the read before), and the totals reported never go back.
	 */
	report(
		session: number,
		now: number,
		startedAt: number | null,
		wsAnsweredAt: number,
		off: UdpOff | null,
		excuse = false,
		confirmed = true,
	): UdpReport {
		if (excuse) {
			this.excused.sent += this.downSent - this.clean.sent;
			this.excused.received += this.downReceived - this.clean.received;
		}
		if (excuse || confirmed) {
			this.clean.sent = this.downSent;
			this.clean.received = this.downReceived;
		}
		let state: UdpState;
		if (off !== null) state = 'off';
		else {
			const since = this.lastAnswerAt ?? startedAt ?? now;
			const silent = now - since >= UDP_BLOCKED_MS && wsAnsweredAt > now - UDP_BLOCKED_MS;
			// A silence while the hub's own socket dropped is no evidence that the line blocks UDP
			// (the answers may be among the hub's own drops), nor that it passes: not known, `waiting`.
			state = silent ? (excuse ? 'waiting' : 'blocked') : this.lastAnswerAt === null ? 'waiting' : 'ok';
		}
		return {
			session,
			state,
			reason: off,
			sent: this.sent,
			upSent: this.upSent,
			upReceived: this.upReceived,
			downSent: this.clean.sent - this.excused.sent,
			downReceived: this.clean.received - this.excused.received,
			duplicates: this.duplicates,
			reorderedUp: this.reorderedUp,
			reorderedDown: this.reorderedDown,
			jitterUpMs: this.jitter.up.ms,
			jitterDownMs: this.jitter.down.ms,
			rttMs: this.rttMs,
		};
	}
}
