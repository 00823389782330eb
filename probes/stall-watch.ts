import {createHistogram, monitorEventLoopDelay, type IntervalHistogram, type RecordableHistogram} from 'node:perf_hooks';

/** A timer or a probe send later than this was taken during an event-loop stall. */
export const STALL_MS = 50;
const TICK_MS = 50;

/**
 * Watches the hub's own event loop: a busy loop delays every pong's handling and inflates every
 * RTT, so samples taken across a stall are flagged instead of blamed on the site.
 * One 50 ms ticker for the whole Prober (not one per site) plus Node's loop-delay histogram.
 */
export class StallWatch {
	private stallStart = -Infinity;
	private stallEnd = -Infinity;
	private expected = 0;
	private ticker: NodeJS.Timeout | undefined;
	private readonly histogram: IntervalHistogram;
	private readonly sendLate: RecordableHistogram = createHistogram();
	private p99 = 0;
	private sendP99 = 0;
	private resetAt = 0;

	constructor(private readonly clock: () => number) {
		this.histogram = monitorEventLoopDelay({resolution: 10});
	}

	/** Start the ticker and the histogram. */
	start(): void {
		if (this.ticker) return;
		this.histogram.enable();
		this.expected = this.clock() + TICK_MS;
		this.resetAt = this.clock();
		this.ticker = setInterval(() => {
			const now = this.clock();
			if (now - this.expected > STALL_MS) this.note(this.expected, now);
			this.expected = now + TICK_MS;
		}, TICK_MS);
		this.ticker.unref();
	}

	/** Stop the ticker and the histogram. */
	stop(): void {
		if (this.ticker) clearInterval(this.ticker);
		this.ticker = undefined;
		this.histogram.disable();
	}

	/** Record that the loop was stalled between `from` and `to` (monotonic ms). */
	note(from: number, to: number): void {
		this.stallStart = from;
		this.stallEnd = to;
	}

	/** True when the last stall overlaps [from, to]: a sample measured then is not to be trusted. */
	overlaps(from: number, to: number): boolean {
		return this.stallEnd >= from && this.stallStart <= to;
	}

	/** Record how late a probe left after its slot (ms; early counts as on time). */
	sent(lateMs: number): void {
		this.sendLate.record(Math.max(1, Math.round(lateMs * 1000))); // µs; the histogram takes integers ≥ 1
	}

	/** p99 of the event-loop delay and of the probe send lateness over the last ~10 s, in ms. */
	p99s(): {loopDelayP99Ms: number; sendLateP99Ms: number} {
		const now = this.clock();
		if (this.histogram.count > 0) this.p99 = Math.max(0, this.histogram.percentile(99) / 1e6 - 10); // minus the sampling resolution
		if (this.sendLate.count > 0) this.sendP99 = this.sendLate.percentile(99) / 1000;
		if (now - this.resetAt > 10_000) {
			this.histogram.reset();
			this.sendLate.reset();
			this.resetAt = now;
		}
		return {loopDelayP99Ms: Math.round(this.p99 * 10) / 10, sendLateP99Ms: Math.round(this.sendP99 * 10) / 10};
	}
}
