import stringWidth from 'string-width';
import type {Lang} from '../i18n/catalog.js';
import {formatMos as formatMosIn, formatPercent} from '../i18n/numbers.js';

// Display helpers shared by the components and the store. Widths are measured with
// string-width (never `.length`) so Vietnamese names keep their columns.

const printableAscii = /^[\x20-\x7e]*$/;
const segmenter = new Intl.Segmenter(undefined, {granularity: 'grapheme'});

// Names and labels repeat every frame: their widths are cached (bounded, cleared when full).
const widthCache = new Map<string, number>();

/** Terminal columns a string takes. */
export function widthOf(text: string): number {
	if (printableAscii.test(text)) return text.length;
	let width = widthCache.get(text);
	if (width === undefined) {
		width = stringWidth(text);
		if (widthCache.size >= 20_000) widthCache.clear();
		widthCache.set(text, width);
	}
	return width;
}

/** Widest of some strings in terminal columns. */
export function widestOf(texts: Iterable<string>): number {
	let widest = 0;
	for (const text of texts) widest = Math.max(widest, widthOf(text));
	return widest;
}

/** Cut a string to at most `width` columns, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
	if (width <= 0) return '';
	if (widthOf(text) <= width) return text;
	if (width === 1) return '…';
	let out = '';
	let used = 0;
	for (const {segment} of segmenter.segment(text)) {
		const w = widthOf(segment);
		if (used + w > width - 1) break;
		out += segment;
		used += w;
	}
	return `${out}…`;
}

/**
 * A prompt and what is being typed in `width` columns, the end kept: the cursor is at the end,
 * so a long note shows "Note: …the last words▏" rather than its beginning.
 */
export function promptLine(prompt: string, typed: string, width: number, cursor = '▏'): string {
	const whole = `${prompt}${typed}${cursor}`;
	if (widthOf(whole) <= width) return whole;
	const room = width - widthOf(prompt) - 1 - widthOf(cursor);
	if (room < 4) return truncate(whole, width);
	const segments = [...segmenter.segment(typed)].map(part => part.segment);
	let tail = '';
	let used = 0;
	for (let i = segments.length - 1; i >= 0; i--) {
		const w = widthOf(segments[i]!);
		if (used + w > room) break;
		tail = segments[i]! + tail;
		used += w;
	}
	return `${prompt}…${tail}${cursor}`;
}

/** Truncate then pad with spaces to exactly `width` columns (left-aligned). */
export function fit(text: string, width: number): string {
	const cut = truncate(text, width);
	const pad = width - widthOf(cut);
	return pad > 0 ? cut + ' '.repeat(pad) : cut;
}

/** Truncate then pad on the left to exactly `width` columns (right-aligned, for numbers). */
export function fitRight(text: string, width: number): string {
	const cut = truncate(text, width);
	const pad = width - widthOf(cut);
	return pad > 0 ? ' '.repeat(pad) + cut : cut;
}

export {formatMs} from '../i18n/units.js';

/** 0.5%, 12% (0,5% in Vietnamese). */
export function formatPct(pct: number | null | undefined, lang: Lang = 'en'): string {
	return formatPercent(pct, lang);
}

/** MOS with one decimal (4,4 in Vietnamese). */
export function formatMos(mos: number | null | undefined, lang: Lang = 'en'): string {
	return formatMosIn(mos, lang);
}

/** Time left as a countdown reads (src/model/shown-times.ts): every screen shows time left through it. */
export {countdownMs} from '../model/shown-times.js';

/** A duration as m:ss or h:mm:ss; negative durations get a sign. */
export function formatDuration(ms: number): string {
	const sign = ms < 0 ? '-' : '';
	const total = Math.floor(Math.abs(ms) / 1000);
	const h = Math.floor(total / 3600);
	const m = Math.floor((total % 3600) / 60);
	const s = total % 60;
	const ss = String(s).padStart(2, '0');
	return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

/** "+12m" / "-3m" / "±0m" (hours, then days, when large) for a projected end against the planned one. */
export function formatDelta(ms: number, units: {minute: string; hour: string; day: string} = {minute: 'm', hour: 'h', day: 'd'}): string {
	const minutes = Math.round(ms / 60_000);
	if (minutes === 0) return `±0${units.minute}`;
	const sign = minutes > 0 ? '+' : '-';
	const abs = Math.abs(minutes);
	if (abs < 120) return `${sign}${abs}${units.minute}`;
	if (abs < 48 * 60) return `${sign}${Math.round(abs / 60)}${units.hour}`;
	return `${sign}${Math.round(abs / 1440)}${units.day}`;
}

/** Wall-clock time HH:MM:SS (or HH:MM) of an epoch ms in the meeting's time zone (UTC offset in minutes). */
export function formatClock(epochMs: number, utcOffsetMinutes: number, seconds = true): string {
	const d = new Date(epochMs + utcOffsetMinutes * 60_000);
	const hh = String(d.getUTCHours()).padStart(2, '0');
	const mm = String(d.getUTCMinutes()).padStart(2, '0');
	if (!seconds) return `${hh}:${mm}`;
	return `${hh}:${mm}:${String(d.getUTCSeconds()).padStart(2, '0')}`;
}

/** How long ago, short: 3s, 2m, 1h; `now` under a second ("now", "vừa"); "—" when never. */
export function formatAgo(ms: number | null, now = 'now', units: {minute: string; hour: string} = {minute: 'm', hour: 'h'}): string {
	if (ms === null || !Number.isFinite(ms)) return '—';
	if (ms < 1000) return now;
	if (ms < 60_000) return `${Math.floor(ms / 1000)}s`;
	if (ms < 3_600_000) return `${Math.floor(ms / 60_000)}${units.minute}`;
	return `${Math.floor(ms / 3_600_000)}${units.hour}`;
}

const bars = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** The last `width` samples as block characters scaled to `maxMs`; lost probes are "×", no data is " ". */
export function sparkline(history: readonly (number | null)[], width: number, maxMs: number): string {
	if (width <= 0) return '';
	let out = '';
	const start = Math.max(0, history.length - width);
	for (let i = start; i < history.length; i++) {
		const value = history[i];
		if (value === null || value === undefined) {
			out += '×';
			continue;
		}
		const level = Math.min(bars.length - 1, Math.max(0, Math.floor((value / maxMs) * bars.length)));
		out += bars[level];
	}
	const missing = width - (history.length - start);
	return missing > 0 ? ' '.repeat(missing) + out : out;
}

/** A progress bar of `width` cells, filled to `fraction` (clamped to 0..1). */
export function progressBar(fraction: number, width: number): string {
	if (width <= 0) return '';
	const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
	return '█'.repeat(filled) + '░'.repeat(width - filled);
}

/** A title with its "(optional)" tag, unless the title already says so (the 2021 plan's "(nếu có)"). */
export function withOptionalTag(title: string, optional: boolean, tag: string): string {
	return optional && !title.includes(`(${tag})`) ? `${title} (${tag})` : title;
}
