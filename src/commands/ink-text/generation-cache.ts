// A cache of what Ink measures per frame, bounded by two generations: when the newer holds more
// than `limit` entries it becomes the older and a fresh one starts; an entry found in the older is
// carried into the newer. A meeting's ever-new figures cannot make it grow, and emptying it never
// makes a whole frame measure every line again (the lines still on screen are in the older).

/** A two-generation cache of a pure function's results. */
export class GenerationCache<V> {
	#newer = new Map<string, V>();
	#older = new Map<string, V>();
	#turns = 0;

	constructor(readonly limit: number) {}

	/** The value for `key`, computed by `make` when neither generation has it. */
	get(key: string, make: (key: string) => V): V {
		let value = this.#newer.get(key);
		if (value !== undefined) return value;
		value = this.#older.get(key);
		if (value === undefined) value = make(key);
		if (this.#newer.size >= this.limit) {
			this.#older = this.#newer;
			this.#newer = new Map();
			this.#turns++;
		}
		this.#newer.set(key, value);
		return value;
	}

	/** Entries held in both generations, and how often the newer was turned into the older. */
	stats(): {entries: number; turns: number} {
		return {entries: this.#newer.size + this.#older.size, turns: this.#turns};
	}
}

/** Every cache the replacements below hold, by the Ink module each stands in for. */
export const inkTextCaches = {
	widestLine: new GenerationCache<number>(2000),
	measureText: new GenerationCache<{width: number; height: number}>(2000),
	wrapText: new GenerationCache<string>(2000),
};
