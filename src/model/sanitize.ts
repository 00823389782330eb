// Every string that comes from the far side (a site, a relay) or from a plan is data, never
// terminal control. Pure leaf module (no imports, no I/O): importable from probes/, src/ and
// components/. Apply it once where the string enters the program; sinks then only escape for
// their own format (Markdown: escapeMarkdown).

/** Longest reason (close reason, bandwidth error) kept, in characters. */
export const MAX_REASON_CHARS = 120;

// C0 controls, DEL, C1 controls; bidi embeddings/overrides/isolates and marks (the Trojan Source
// set); line and paragraph separators; zero-width joiners and the BOM, which hide text.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * One line of plain text: controls and bidi overrides removed (tabs and line breaks become
 * spaces), runs of spaces collapsed, trimmed, and cut to `max` characters with "…".
 */
export function cleanText(value: unknown, max = MAX_REASON_CHARS): string {
	const text = typeof value === 'string' ? value : String(value ?? '');
	// An escape sequence loses its ESC, so what is left ("[2J", "]0;title") is shown, not obeyed.
	const clean = text
		.replace(/[\t\n\r\u000b\u000c\u0085\u2028\u2029]/g, ' ')
		.replace(CONTROL, '')
		.replace(LONE_SURROGATE, '')
		.replace(/ {2,}/g, ' ')
		.trim();
	if (clean.length <= max) return clean;
	// Cut on a code point boundary.
	const points = Array.from(clean);
	return points.length <= max
		? clean
		: `${points
				.slice(0, Math.max(0, max - 1))
				.join('')
				.trimEnd()}…`;
}

/** A reason from the far side: cleanText capped at MAX_REASON_CHARS. */
export function cleanReason(value: unknown): string {
	return cleanText(value, MAX_REASON_CHARS);
}

/** True when `value` would pass through cleanText unchanged (no controls, no bidi, one line, within `max`). */
export function isClean(value: string, max = Number.POSITIVE_INFINITY): boolean {
	return cleanText(value, max) === value;
}

// What a renderer would make a link of, whatever the text around it: a URL with its scheme
// (GFM's autolinks), `mailto:`/`tel:`, an e-mail address, `www.…`, and a bare domain with a
// top-level domain linkify knows (`ubnd.quangngai.gov.vn`, not `TP.HCM`).
const TLD = '(?:[a-z]{2}|com|net|org|edu|gov|mil|int|info|biz|name|pro|xyz|online|site|app|dev|io)';
const LINK_LIKE = new RegExp(
	[
		'[a-z][a-z0-9+.-]*:\\/\\/[^\\s|`<>]*',
		'(?:mailto|xmpp|tel):[^\\s|`<>]+',
		'[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+',
		`(?<![\\p{L}\\p{N}.@-])(?:www\\.[^\\s|\`<>]+|(?:[\\p{L}\\p{N}-]+\\.)+${TLD}(?![\\p{L}\\p{N}-])(?:[/?#][^\\s|\`<>]*)?)`,
	].join('|'),
	'giu',
);

/** A link-like word without the punctuation after it ("https://x.vn)." → "https://x.vn"), as renderers end a link. */
function linkWord(word: string): string {
	let end = word.length;
	for (;;) {
		const last = word[end - 1];
		if (last !== undefined && '.,;:!?\'"'.includes(last)) end--;
		else if (last === ')' && [...word.slice(0, end)].filter(c => c === '(').length < [...word.slice(0, end)].filter(c => c === ')').length)
			end--;
		else return word.slice(0, end);
	}
}

/**
 * Markdown for a text that came from a plan, a site or an operator: link-like words (LINK_LIKE)
 * become code spans, which no renderer turns into a link; the rest goes through `escape`, with
 * `&` escaped too so that `&amp;` or `&#60;` is shown as written, never as the character.
 */
function escapeText(text: string, escape: (part: string) => string): string {
	let out = '';
	let from = 0;
	for (const match of text.matchAll(LINK_LIKE)) {
		if (match.index < from) continue;
		const word = linkWord(match[0]);
		out += escape(text.slice(from, match.index)).replace(/&/g, '\\&');
		out += `\`${word}\``;
		from = match.index + word.length;
	}
	return out + escape(text.slice(from)).replace(/&/g, '\\&');
}

/** Inline Markdown for one cell or value of a table or list: every character that makes markup escaped, links and entities defused (as escapeMarkdown, without the line-start rules). */
export function escapeMarkdownInline(value: string): string {
	return escapeText(cleanText(value, Number.POSITIVE_INFINITY), part => part.replace(/[\\`*_{}[\]<|~]/g, '\\$&'));
}

/**
 * Escape text for inline Markdown: the characters that make emphasis, code, links, HTML or
 * tables are backslash-escaped, and a line start that would open a list, quote or heading too
 * (a ">" inside a line, as in "210 ms > 150 ms", is left alone: only at the start is it a quote);
 * bare links are shown as code and entities as written (escapeText). Apply to already clean text (one line).
 */
export function escapeMarkdown(value: string): string {
	return escapeText(cleanText(value, Number.POSITIVE_INFINITY), part =>
		part
			.replace(/[\\`*_{}[\]|~#!]/g, '\\$&')
			// `<` only where it could open a tag or an autolink: "RTT 489 kbit/s < 800" stays readable.
			.replace(/<(?=[A-Za-z/!?])/g, '\\<'),
	)
		.replace(/^([-+=>])/, '\\$1')
		.replace(/^(\d+)([.)])/, '$1\\$2');
}
