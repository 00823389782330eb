// Fixed-capacity numeric buffers for per-sample link stats. Both allocate once, in the
// constructor, so 2,000 sites probed at 1 Hz never grow memory or churn the collector.

/** A ring of the last `capacity` values, NaN standing for "no value" (a lost probe). Never grows. */
export class NumberRing {
	readonly capacity: number;
	private readonly slots: Float64Array;
	private head = 0;
	private filled = 0;
	/** Values pushed since creation (a copy elsewhere asks for those after its own count). */
	pushed = 0;

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a whole number >= 1, not ${capacity}`);
		this.capacity = capacity;
		this.slots = new Float64Array(capacity);
	}

	/** How many values it holds (at most `capacity`). */
	get size(): number {
		return this.filled;
	}

	/** Add a value (NaN = none); returns the value pushed out, or undefined while not yet full. */
	push(value: number): number | undefined {
		const evicted = this.filled === this.capacity ? this.slots[this.head] : undefined;
		this.slots[this.head] = value;
		this.head = (this.head + 1) % this.capacity;
		if (this.filled < this.capacity) this.filled++;
		this.pushed++;
		return evicted;
	}

	/** The most recent value, or undefined when empty. */
	last(): number | undefined {
		if (this.filled === 0) return undefined;
		return this.slots[(this.head - 1 + this.capacity) % this.capacity];
	}

	/** The values pushed after the first `after` (at most the ring's content), oldest first, NaN as null. */
	since(after: number): (number | null)[] {
		const count = Math.min(this.filled, Math.max(0, this.pushed - after));
		const out = new Array<number | null>(count);
		const start = (this.head - count + this.capacity) % this.capacity;
		for (let i = 0; i < count; i++) {
			const value = this.slots[(start + i) % this.capacity]!;
			out[i] = Number.isNaN(value) ? null : value;
		}
		return out;
	}

	/** Oldest first, NaN as null; a new array each call. */
	toArray(): (number | null)[] {
		const out = new Array<number | null>(this.filled);
		const start = (this.head - this.filled + this.capacity) % this.capacity;
		for (let i = 0; i < this.filled; i++) {
			const value = this.slots[(start + i) % this.capacity]!;
			out[i] = Number.isNaN(value) ? null : value;
		}
		return out;
	}
}

/**
 * The last `capacity` probes of a link: a ring of RTTs (NaN = lost) plus the answered RTTs kept sorted,
 * so percentiles are O(1) to read and O(window) to update (binary search + one memmove).
 */
export class RttWindow {
	private readonly ring: NumberRing;
	private readonly sorted: Float64Array;
	private answered = 0;
	private lostCount = 0;
	private total = 0;

	constructor(capacity: number) {
		this.ring = new NumberRing(capacity);
		this.sorted = new Float64Array(capacity);
	}

	/** Probes in the window (answered + lost). */
	get size(): number {
		return this.ring.size;
	}

	/** Answered probes in the window. */
	get answeredCount(): number {
		return this.answered;
	}

	/** Lost probes in the window. */
	get lost(): number {
		return this.lostCount;
	}

	/** Record one probe: its RTT, or null when it was lost. */
	push(rttMs: number | null): void {
		const evicted = this.ring.push(rttMs ?? Number.NaN);
		if (evicted !== undefined) {
			if (Number.isNaN(evicted)) this.lostCount--;
			else this.remove(evicted);
		}
		if (rttMs === null) this.lostCount++;
		else this.insert(rttMs);
	}

	/** Nearest-rank percentile (0 < p <= 100) of the answered RTTs; NaN when none. */
	percentile(p: number): number {
		if (this.answered === 0) return Number.NaN;
		const rank = Math.min(this.answered, Math.max(1, Math.ceil((p / 100) * this.answered)));
		return this.sorted[rank - 1]!;
	}

	/** Largest answered RTT; NaN when none. */
	max(): number {
		return this.answered === 0 ? Number.NaN : this.sorted[this.answered - 1]!;
	}

	/** Mean of the answered RTTs; NaN when none. */
	mean(): number {
		return this.answered === 0 ? Number.NaN : this.total / this.answered;
	}

	private insert(value: number): void {
		// First index whose value is > value: equal values stay in arrival order.
		let lo = 0;
		let hi = this.answered;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.sorted[mid]! <= value) lo = mid + 1;
			else hi = mid;
		}
		this.sorted.copyWithin(lo + 1, lo, this.answered);
		this.sorted[lo] = value;
		this.answered++;
		this.total += value;
	}

	private remove(value: number): void {
		let lo = 0;
		let hi = this.answered;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.sorted[mid]! < value) lo = mid + 1;
			else hi = mid;
		}
		// The value is there: it was inserted by push() and the ring held it until now.
		this.sorted.copyWithin(lo, lo + 1, this.answered);
		this.answered--;
		// Recompute the sum when the window empties so floating-point drift cannot accumulate forever.
		this.total = this.answered === 0 ? 0 : this.total - value;
	}
}
