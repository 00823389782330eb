/** Options of the reconnect back-off. */
export interface BackoffOptions {
	baseMs?: number; // first ceiling (default 250)
	capMs?: number; // ceiling never exceeds this (default 5000, at most 5000)
}

/**
 * Capped exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff and
 * Jitter"): wait a random 0..min(cap, base·2^attempt). Spreads the redials of many sites that all
 * lost the hub at once, instead of a synchronized storm.
 */
export class Backoff {
	private attempt = 0;
	readonly baseMs: number;
	readonly capMs: number;

	constructor(
		options: BackoffOptions = {},
		private readonly random: () => number = Math.random,
	) {
		this.baseMs = Math.max(1, options.baseMs ?? 250);
		this.capMs = Math.min(5000, Math.max(this.baseMs, options.capMs ?? 5000));
	}

	/** The delay before the next attempt; each call raises the ceiling until the cap. */
	next(): number {
		const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
		this.attempt++;
		return Math.floor(this.random() * ceiling);
	}

	/** Back to the first ceiling (after a connection that worked). */
	reset(): void {
		this.attempt = 0;
	}
}
