// Ink 6 builds a new `Output` for every frame, and with it new caches of each line's styled
// characters and widths: every line of every frame is tokenised and measured again, about a
// quarter of a millisecond a line on a 2-core hub, though most lines are the same as in the frame
// before (the header, the agenda, the key line, every site row whose figures did not change).
// Here the frames share one set of those caches, emptied whenever it holds more than `limit`
// lines, so a long meeting's ever-new figures cannot make it grow. The cached values are read,
// never changed, by Ink's `Output.get` (it places the same character objects in its rows), so a
// shared cache draws the same frames. Ink's `Output` is not exported: it is found beside Ink's
// entry point, and if it is not where Ink 6.8 keeps it (another Ink, or the one-file agent, where
// Ink is bundled), nothing is changed and frames are drawn as Ink draws them.

/** What `shareInkFrameCaches` did, and how the shared caches are used (for tests and benches). */
export interface InkFrameCaches {
	/** False when Ink's Output was not found (nothing was changed). */
	readonly shared: boolean;
	/** Lines held now (styled-character entries), and how often the caches were emptied. */
	stats(): {lines: number; widths: number; resets: number; frames: number};
}

interface OutputCaches {
	widths: Map<string, number>;
	blockWidths: Map<string, number>;
	styledChars: Map<string, unknown>;
}

interface OutputClass {
	new (options: {width: number; height: number}): {caches: OutputCaches};
	prototype: {get: (this: {caches: OutputCaches}) => unknown};
}

const NOT_SHARED: InkFrameCaches = {shared: false, stats: () => ({lines: 0, widths: 0, resets: 0, frames: 0})};
let installed: InkFrameCaches | null = null;

function looksLikeCaches(value: unknown): value is OutputCaches {
	const caches = value as Partial<OutputCaches> | undefined;
	return caches?.widths instanceof Map && caches.blockWidths instanceof Map && caches.styledChars instanceof Map;
}

/** Make every Ink frame of this process share its line caches (once; later calls return the same). */
export async function shareInkFrameCaches(limit = 500): Promise<InkFrameCaches> {
	if (installed) return installed;
	let Output: OutputClass | undefined;
	try {
		const entry = import.meta.resolve('ink');
		({default: Output} = (await import(new URL('output.js', entry).href)) as {default?: OutputClass});
	} catch {
		Output = undefined;
	}
	const probe = typeof Output === 'function' ? new Output({width: 1, height: 1}) : null;
	if (!Output || !probe || !looksLikeCaches(probe.caches) || typeof Output.prototype.get !== 'function') {
		installed = NOT_SHARED;
		return installed;
	}
	const Caches = probe.caches.constructor as new () => OutputCaches;
	const get = Output.prototype.get;
	let caches = new Caches();
	let resets = 0;
	let frames = 0;
	Output.prototype.get = function (this: {caches: OutputCaches}) {
		if (caches.styledChars.size > limit || caches.widths.size > limit * 4 || caches.blockWidths.size > limit) {
			caches = new Caches();
			resets++;
		}
		frames++;
		this.caches = caches;
		return get.call(this);
	};
	installed = {shared: true, stats: () => ({lines: caches.styledChars.size, widths: caches.widths.size, resets, frames})};
	return installed;
}
