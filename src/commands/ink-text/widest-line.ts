// Stands in for `widest-line` where Ink 6.8 draws a text node (render-node-to-output.js): Ink
// measures the full text of every text node on screen, every frame, with no cache, and most of
// them did not change since the frame before. Same result, remembered (generation-cache.ts).
// Ink's own dependency, resolved as Ink resolves it (ink-text-hooks.ts).
import widestLineOfInk from 'widest-line';
import {inkTextCaches} from './generation-cache.js';

/** The width in columns of the widest line of `text`. */
export default function widestLine(text: string): number {
	return inkTextCaches.widestLine.get(text, widestLineOfInk);
}
