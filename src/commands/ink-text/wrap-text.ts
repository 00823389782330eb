// Stands in for Ink 6.8's wrap-text.js: the same wrapping and truncating, but its cache bounded
// (Ink's own keeps every text it ever wrapped, for the life of the process).
// Ink's own dependencies, resolved as Ink resolves them (ink-text-hooks.ts).
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';
import {inkTextCaches} from './generation-cache.js';

type WrapType = 'wrap' | 'end' | 'middle' | 'truncate' | 'truncate-end' | 'truncate-middle' | 'truncate-start';

function wrap(text: string, maxWidth: number, wrapType: WrapType): string {
	if (wrapType === 'wrap') return wrapAnsi(text, maxWidth, {trim: false, hard: true});
	if (wrapType.startsWith('truncate')) {
		const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
		return cliTruncate(text, maxWidth, {position});
	}
	return text;
}

/** `text` wrapped or truncated to `maxWidth` columns. */
export default function wrapText(text: string, maxWidth: number, wrapType: WrapType): string {
	// The key as Ink builds it.
	return inkTextCaches.wrapText.get(text + String(maxWidth) + String(wrapType), () => wrap(text, maxWidth, wrapType));
}
