// When a screen draws: data changes only mark the frame dirty, and a frame is published at most
// `maxFps` times a second (2,000 sites probed at 1 Hz cost ten frames a second, not two thousand
// renders); an urgent change (an operator's action) publishes at once; a tick every second
// keeps the clocks moving when nothing else changes.

/** Options of the scheduler. */
export interface FrameSchedulerOptions {
	/** Builds and publishes one frame; `urgent` when an urgent change asked for it. */
	publish: (urgent: boolean) => void;
	/** Frames a second at most (default 10). */
	maxFps?: number;
	/** Monotonic ms (default performance.now). */
	clock?: () => number;
	/** A frame at least this often, for the clocks (default 1000 ms). */
	tickMs?: number;
}

/** Coalesces changes into frames. */
export class FrameScheduler {
	readonly #publish: (urgent: boolean) => void;
	readonly #gap: number;
	readonly #clock: () => number;
	readonly #tickMs: number;
	#timer: NodeJS.Timeout | null = null;
	#ticker: NodeJS.Timeout | null = null;
	#last = -Infinity;
	#urgent = false;

	constructor({publish, maxFps = 10, clock = () => performance.now(), tickMs = 1000}: FrameSchedulerOptions) {
		this.#publish = publish;
		this.#gap = 1000 / maxFps;
		this.#clock = clock;
		this.#tickMs = tickMs;
	}

	/** Tick every tickMs and publish the first frame soon. */
	start(): void {
		this.#ticker ??= setInterval(() => this.invalidate(), this.#tickMs);
		this.#ticker.unref?.();
		this.invalidate();
	}

	/** Clear every timer. */
	stop(): void {
		if (this.#timer) clearTimeout(this.#timer);
		if (this.#ticker) clearInterval(this.#ticker);
		this.#timer = null;
		this.#ticker = null;
	}

	/** Something changed: publish within one frame interval (never more often than maxFps), or at once when urgent. */
	invalidate(urgent = false): void {
		if (urgent) this.#urgent = true;
		if (this.#timer && !urgent) return;
		if (this.#timer) clearTimeout(this.#timer);
		const wait = urgent ? 0 : Math.max(0, this.#last + this.#gap - this.#clock());
		this.#timer = setTimeout(() => {
			this.#timer = null;
			this.publishNow();
		}, wait);
	}

	/** Publish a frame now (and count it for the rate cap). */
	publishNow(): void {
		const urgent = this.#urgent;
		this.#urgent = false;
		this.#last = this.#clock();
		this.#publish(urgent);
	}
}
