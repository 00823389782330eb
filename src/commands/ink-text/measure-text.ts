// Stands in for Ink 6.8's measure-text.js (Yoga's measure of a text node): the same result, but
// its cache bounded (Ink's own keeps every text it ever measured, for the life of the process).
import widestLine from './widest-line.js';
import {inkTextCaches} from './generation-cache.js';

const EMPTY = {width: 0, height: 0};
const measure = (text: string) => ({width: widestLine(text), height: text.split('\n').length});

/** The columns and lines `text` takes. */
export default function measureText(text: string): {width: number; height: number} {
	// Ink gives a fresh object for the empty text; no caller changes it.
	if (text.length === 0) return {...EMPTY};
	return inkTextCaches.measureText.get(text, measure);
}
