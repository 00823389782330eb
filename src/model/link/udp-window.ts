// Packet loss per direction from the UDP test stream's running totals (DESIGN.md "Truthful
// loss"). The prober reports each session's totals about once a second; a window is the
// difference between the latest report and the one at the window's start. Pure: pass `now`.

/** Where a site's UDP stream stands (`waiting`: started, no answer yet). */
export type UdpStreamState = 'waiting' | 'ok' | 'blocked' | 'off';

/** One report of a session's running totals (probes/udp-session.ts UdpReport extends it). */
export interface UdpCounters {
	/** Numbers each session of a site, so a new session's totals are never subtracted from an old one's. */
	session: number;
	state: UdpStreamState;
	upSent: number;
	upReceived: number;
	downSent: number;
	downReceived: number;
	duplicates: number;
	reorderedUp: number;
	reorderedDown: number;
	jitterUpMs: number | null;
	jitterDownMs: number | null;
	/** The last UDP round trip (reflector time excluded). */
	rttMs: number | null;
}

/** Packets a direction needs in the window before its loss is a figure (one lost of three is no 33 %). */
export const MIN_PACKETS = 20;

type Point = {at: number; upSent: number; upReceived: number; downSent: number; downReceived: number};

/** Totals over every session so far (a rehearsal's whole run). */
export interface UdpTotals {
	upSent: number;
	upLost: number;
	downSent: number;
	downLost: number;
	duplicates: number;
	reordered: number;
}

const ZERO: Omit<Point, 'at'> = {upSent: 0, upReceived: 0, downSent: 0, downReceived: 0};

/** A site's UDP stream: state, windowed loss per direction, jitter per direction, totals. */
export class UdpWindow {
	private points: Point[] = [];
	private session = -1;
	private last: UdpCounters | null = null;
	private done: UdpTotals = {upSent: 0, upLost: 0, downSent: 0, downLost: 0, duplicates: 0, reordered: 0};
	private live = false;
	// The packet loss of the last window measured while UDP passed (per direction), kept when the
	// stream goes blocked (this session or a later one): a stream that stops is no evidence the
	// line got better (DESIGN.md "Truthful loss").
	private held: {up: number; down: number} | null = null;
	// When the live session's first report came (monotonic ms).
	private sessionAt = Number.NaN;
	// What lossPct(), jitterMs() and totals() return, kept until the next report or the end of
	// the session (they are read for every frame, and change only with a report).
	private cached: {loss?: {up: number; down: number} | null; jitter?: {up: number; down: number} | null; totals?: UdpTotals} = {};

	constructor(private readonly spanMs: number) {}

	/** A report of the prober at `now`. */
	push(report: UdpCounters, now: number): void {
		if (report.session !== this.session) {
			this.endSession();
			this.session = report.session;
			this.sessionAt = now;
			this.points = [{at: now - 1000, ...ZERO}];
		}
		this.live = true;
		this.last = report;
		this.cached = {};
		this.points.push({
			at: now,
			upSent: report.upSent,
			upReceived: report.upReceived,
			downSent: report.downSent,
			downReceived: report.downReceived,
		});
		// Keep one point at or before the window's start to difference against.
		while (this.points.length > 2 && this.points[1]!.at <= now - this.spanMs) this.points.shift();
		if (report.state === 'ok') this.held = this.lossPct() ?? this.held;
	}

	/**
	 * True while a live stream may still bring its first loss figure: started less than a window
	 * ago. A stream too slow to carry MIN_PACKETS each way in a window (a short plan window, a low
	 * rate) stops being awaited then, and the probes' loss stands.
	 */
	awaited(now: number): boolean {
		return this.live && (this.state === 'waiting' || this.state === 'ok') && now - this.sessionAt < this.spanMs;
	}

	/**
	 * While the stream is blocked: the packet loss of the last window measured before it stopped
	 * passing (null when UDP never carried enough packets to measure one, or is not blocked).
	 */
	heldLossPct(): {up: number; down: number} | null {
		return this.state === 'blocked' ? this.held : null;
	}

	/** The connection ended: its session's totals are kept, its figures are not shown any more. */
	endSession(): void {
		if (this.last && this.live) {
			const t = this.totalsOf(this.last);
			this.done = add(this.done, t);
		}
		this.live = false;
		this.last = null;
		this.points = [];
		this.cached = {};
	}

	/** The stream's state: `off` when no session reports. */
	get state(): UdpStreamState {
		return this.live && this.last ? this.last.state : 'off';
	}

	/** Loss % per direction over the window, null unless UDP is ok with enough packets each way. */
	lossPct(): {up: number; down: number} | null {
		if (this.cached.loss === undefined) this.cached.loss = this.computeLoss();
		return this.cached.loss;
	}

	private computeLoss(): {up: number; down: number} | null {
		if (this.state !== 'ok' || this.points.length < 2) return null;
		const from = this.points[0]!;
		const to = this.points[this.points.length - 1]!;
		const upSent = to.upSent - from.upSent;
		const downSent = to.downSent - from.downSent;
		if (upSent < MIN_PACKETS || downSent < MIN_PACKETS) return null;
		const pct = (lost: number, sent: number) => Math.min(100, Math.max(0, (lost / sent) * 100));
		return {
			up: pct(upSent - (to.upReceived - from.upReceived), upSent),
			down: pct(downSent - (to.downReceived - from.downReceived), downSent),
		};
	}

	/** RFC 3550 jitter per direction (ms), null unless UDP is ok. */
	jitterMs(): {up: number; down: number} | null {
		if (this.cached.jitter !== undefined) return this.cached.jitter;
		const last = this.last;
		if (this.state !== 'ok' || !last || last.jitterUpMs === null || last.jitterDownMs === null) return (this.cached.jitter = null);
		return (this.cached.jitter = {up: last.jitterUpMs, down: last.jitterDownMs});
	}

	/** Totals of every session so far, the live one included. */
	totals(): UdpTotals {
		return (this.cached.totals ??= this.live && this.last ? add(this.done, this.totalsOf(this.last)) : this.done);
	}

	private totalsOf(r: UdpCounters): UdpTotals {
		return {
			upSent: r.upSent,
			upLost: Math.max(0, r.upSent - r.upReceived),
			downSent: r.downSent,
			downLost: Math.max(0, r.downSent - r.downReceived),
			duplicates: r.duplicates,
			reordered: r.reorderedUp + r.reorderedDown,
		};
	}
}

function add(a: UdpTotals, b: UdpTotals): UdpTotals {
	return {
		upSent: a.upSent + b.upSent,
		upLost: a.upLost + b.upLost,
		downSent: a.downSent + b.downSent,
		downLost: a.downLost + b.downLost,
		duplicates: a.duplicates + b.duplicates,
		reordered: a.reordered + b.reordered,
	};
}

/** Loss % of totals per direction, null with too few packets. */
export function totalsLossPct(t: UdpTotals): {up: number; down: number} | null {
	if (t.upSent < MIN_PACKETS || t.downSent < MIN_PACKETS) return null;
	return {up: (t.upLost / t.upSent) * 100, down: (t.downLost / t.downSent) * 100};
}
