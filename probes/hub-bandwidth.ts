import type {LinkReason} from '../src/model/link/link-reasons.js';
import {randomBytes} from 'node:crypto';
import {testError, type TestError} from '../src/model/link/test-errors.js';
import {cleanReason} from '../src/model/sanitize.js';
import {BULK_CHUNK} from './agent-bandwidth.js';
import {encode, encodeData, MAX_BW_BYTES, type BwErrorMessage, type Message} from './protocol.js';

// The hub's side of the bandwidth test, one direction over a connection of its own (the Prober
// opens it; the probe connection holds its pings meanwhile). Down (site → hub): ask for data,
// count what arrives. Up (hub → site): stream with at most WINDOW unacknowledged (the agent
// paces its acks by --rate-kbps), count what the agent acknowledged. Time-bounded like iperf3:
// `seconds` each way, whatever the line carries (or a fixed byte count, for tests).
//
// The rate is the bytes that arrived between the first and the last arrival of the window, over
// the time between them: exact at both ends (a whole chunk had just arrived), so it is not rounded
// down to whole chunks, does not count the request's trip and the first chunk's filling as time
// without data, and does not count as lost the bytes TCP already holds but cannot hand over yet
// when the window ends in a retransmission stall (on a 2 Mbit/s tbf line: up to 18 % low).

// Upload: unacknowledged bytes at most. Enough to keep a slow line busy through a retransmission
// stall (the receiver holds what arrives behind the hole, so no ack comes): at 4 chunks (240 KiB)
// the hub ran dry in those stalls and a 1 Mbit/s tbf line read 819–947 kbit/s; at 1 MiB, 935–948.
const WINDOW = 1024 * 1024;

/** The socket side the test needs (a SiteLink). */
export interface BandwidthLink {
	send(message: Message | string, callback?: (error?: Error) => void): boolean;
	bandwidth: HubBandwidth | null;
}

/** Result of a bandwidth test; `underLoadRttMs`: UDP round trips during it (the bufferbloat figure), when there were any. */
export type BandwidthResult =
	| {upKbps: number; downKbps: number; underLoadRttMs?: {p50: number; p95: number; samples: number}}
	| {error: TestError};

/** One arrival: when, and how many bytes had arrived (down) or been acknowledged (up) by then. */
type Mark = {at: number; bytes: number};

type Run = {
	id: string;
	kind: 'down' | 'up';
	bytes: number;
	t0: number;
	moved: number;
	sent: number;
	timeBounded: boolean;
	first: Mark | null;
	last: Mark | null;
	resolve: (kbps: number | TestError) => void;
};

/**
 * kbit/s of a test that started at `t0` and ended at `now`: over [first, last] arrival when they
 * span at least half the test (a lone burst after a stall says nothing of the rate), else all
 * bytes over the whole time.
 */
export function rateKbps(t0: number, now: number, bytes: number, first: Mark | null, last: Mark | null): number {
	const whole = Math.max(0.001, now - t0);
	if (first && last && last.at - first.at >= whole / 2) return ((last.bytes - first.bytes) * 8) / (last.at - first.at);
	return (bytes * 8) / whole; // bits per ms = kbit/s
}

/** One running test on one site; routes that site's bw-* messages. */
export class HubBandwidth {
	private run: Run | null = null;
	private timer: NodeJS.Timeout | undefined;

	constructor(
		private readonly link: BandwidthLink,
		private readonly clock: () => number,
	) {}

	/** One direction: for `seconds` (default 5), or until a fixed `bytes` arrived. Resolves kbit/s or why not. */
	one(kind: 'down' | 'up', opts: {bytes?: number; seconds?: number}): Promise<number | TestError> {
		if (opts.bytes) return this.transfer(kind, Math.min(MAX_BW_BYTES, Math.max(1, Math.floor(opts.bytes))), 120_000);
		return this.transfer(kind, MAX_BW_BYTES, Math.max(0.2, opts.seconds ?? 5) * 1000, true);
	}

	/** A bw-* message of this site; false when it belongs to no running test. */
	onMessage(message: Message): boolean {
		const run = this.run;
		if (!run || !('id' in message) || message.id !== run.id) return false;
		switch (message.type) {
			case 'bw-data':
				if (run.kind !== 'down') return false;
				this.arrived(run, run.moved + message.data.length);
				return true;
			case 'bw-done':
				if (run.kind === 'down') this.finish(run.moved);
				return run.kind === 'down';
			case 'bw-ack':
				if (run.kind !== 'up') return false;
				this.arrived(run, Math.max(run.moved, message.bytes));
				this.pump(run);
				return true;
			case 'bw-result':
				if (run.kind !== 'up') return false;
				this.arrived(run, Math.max(run.moved, message.bytes));
				this.finish(run.moved);
				return true;
			case 'bw-error':
				this.end(refusal(message));
				return true;
			default:
				return false;
		}
	}

	/** The connection ended: the running test fails with that reason. */
	abort(reason: LinkReason | null): void {
		this.end(testError('disconnected', {reason}));
	}

	private transfer(kind: 'down' | 'up', bytes: number, limitMs: number, timeBounded = false): Promise<number | TestError> {
		return new Promise(resolve => {
			const run: Run = {
				id: randomBytes(6).toString('hex'),
				kind,
				bytes,
				t0: this.clock(),
				moved: 0,
				sent: 0,
				timeBounded,
				first: null,
				last: null,
				resolve,
			};
			this.run = run;
			// Time-bounded: what moved in the time is the figure; a fixed size must finish in time.
			this.timer = setTimeout(() => (timeBounded ? this.finish(run.moved) : this.end(testError('timeout'))), limitMs);
			if (!this.link.send(encode({type: kind === 'down' ? 'bw-down' : 'bw-up', id: run.id, bytes})))
				return this.end(testError('not-connected'));
			if (kind === 'up') this.pump(run);
		});
	}

	private arrived(run: Run, moved: number): void {
		if (moved <= run.moved && run.first) return;
		run.moved = moved;
		const mark = {at: this.clock(), bytes: moved};
		if (!run.first) run.first = mark;
		else run.last = mark;
	}

	private pump(run: Run): void {
		while (this.run === run && run.sent < run.bytes && run.sent - run.moved < WINDOW) {
			const size = Math.min(BULK_CHUNK, run.bytes - run.sent);
			run.sent += size;
			if (!this.link.send(encodeData(run.id, size))) return this.end(testError('not-connected'));
		}
	}

	private finish(bytes: number): void {
		const run = this.run;
		if (!run) return;
		this.end(rateKbps(run.t0, this.clock(), bytes, run.first, run.last));
	}

	private end(outcome: number | TestError): void {
		const run = this.run;
		if (!run) return;
		clearTimeout(this.timer);
		this.run = null;
		run.resolve(outcome);
	}
}

/** Why the agent refused a test: by its code; an agent without codes, in its own words (no controls, capped). */
export function refusal(message: BwErrorMessage): TestError {
	if (message.code === 'busy') return testError('site-busy');
	const {waitS, maxBytes} = message;
	if (message.code === 'rate-limited' && Number.isInteger(waitS) && waitS! >= 0 && waitS! <= 3600)
		return testError('site-rate-limited', {waitS: waitS!});
	if (message.code === 'too-large' && Number.isSafeInteger(maxBytes) && maxBytes! > 0)
		return testError('site-too-large', {maxBytes: maxBytes!});
	return testError('site-refused', {reason: cleanReason(message.reason)});
}
