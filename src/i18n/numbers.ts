import type {Lang} from './catalog.js';

// How figures are written in each language, in one place: Vietnamese writes a decimal comma and a
// dot between thousands (0,4 ms; 1.500 kbit/s), English the other way round. Every figure a person
// reads in Vietnamese goes through here, so a screen, a table and a document never mix the two.

/** A number with a fixed count of decimals, in the language's notation; "—" when unknown. */
export function formatFixed(value: number | null | undefined, digits: number, lang: Lang): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return '—';
	// Table cells call this for every figure of every changed row: no arrays, and an English
	// figure under 10,000 is toFixed's own string.
	const fixed = Math.abs(value).toFixed(digits);
	const dot = fixed.indexOf('.');
	const wholeLength = dot < 0 ? fixed.length : dot;
	const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
	if (wholeLength <= 4 && sign === '' && (lang === 'en' || dot < 0)) return fixed;
	const whole = dot < 0 ? fixed : fixed.slice(0, dot);
	const grouped = wholeLength > 4 ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'vi' ? '.' : ',') : whole;
	if (dot < 0) return `${sign}${grouped}`;
	return `${sign}${grouped}${lang === 'vi' ? ',' : '.'}${fixed.slice(dot + 1)}`;
}

/** A percentage: one decimal under 10 (0,5%), whole above (12%). */
export function formatPercent(pct: number | null | undefined, lang: Lang): string {
	if (pct === null || pct === undefined || !Number.isFinite(pct)) return '—';
	return `${formatFixed(pct, pct < 10 ? 1 : 0, lang)}%`;
}

/**
 * Milliseconds: one decimal under 10 ms, whole above, seconds from one second up (with `unit`):
 * 0,4ms / 0.4ms, 83ms, 1,2s / 1.2s. Whole milliseconds are not grouped (a column of RTTs reads
 * 12345, as it always has in English).
 */
export function formatMillis(ms: number | null | undefined, lang: Lang, {unit = true}: {unit?: boolean} = {}): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	const suffix = unit ? 'ms' : '';
	if (ms < 10) return `${formatFixed(ms, 1, lang)}${suffix}`;
	if (ms < 1000 || !unit) return `${Math.round(ms)}${suffix}`;
	return `${formatFixed(ms / 1000, 1, lang)}s`;
}

/** A MOS score with one decimal: 4,4 / 4.4; "—" when unknown. */
export function formatMos(mos: number | null | undefined, lang: Lang): string {
	return formatFixed(mos, 1, lang);
}

/** A number as it was rounded (no fixed decimals, no grouping: 5.1, 1500), in the language's notation. */
export function formatNumber(value: number, lang: Lang): string {
	const text = String(value);
	return lang === 'vi' ? text.replace('.', ',') : text;
}

// A document's figures (the minutes, the rehearsal report): rounded to at most `fractionDigits`,
// grouped by thousands, in the language's notation (vi-VN "1.234,5", en-GB "1,234.5"), and a
// percentage with a space before the sign, as printed documents write it (99,2 %).

const DOCUMENT_LOCALE: Record<Lang, string> = {vi: 'vi-VN', en: 'en-GB'};

/** A document's number: vi "5,1", en "5.1". */
export function formatDocumentNumber(lang: Lang, value: number, fractionDigits = 1): string {
	return new Intl.NumberFormat(DOCUMENT_LOCALE[lang], {maximumFractionDigits: fractionDigits, minimumFractionDigits: 0}).format(value);
}

/** A document's percentage: vi "99,2 %", en "99.2 %". */
export function formatDocumentPercent(lang: Lang, value: number, fractionDigits = 1): string {
	return `${formatDocumentNumber(lang, value, fractionDigits)} %`;
}

// Durations, in one place for every document: a span as a clock writes it (11:30, 1:02:05 — the
// same in both languages), signed with the one minus sign the documents use (−1:30, +0:06), and a
// span or a count of minutes in words of the language (2 phút 10 giây / 2 min 10 s; −9 phút).

/** The minus sign of a signed duration: the typographic minus, as "−9 phút" beside "−1:30". */
const MINUS = '−';

/** The units of a span in words, per language: hours, minutes, seconds. */
const SPAN_UNITS: Record<Lang, readonly [string, string, string]> = {vi: ['giờ', 'phút', 'giây'], en: ['h', 'min', 's']};

/** 690 → "11:30", 3725 → "1:02:05" (the sign dropped: see formatSignedClock). */
export function formatClock(totalSeconds: number): string {
	const s = Math.abs(Math.round(totalSeconds));
	const hours = Math.floor(s / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const rest = String(s % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Over (+) or under (−) a plan, as a clock writes it: "+0:06", "−1:30"; "0:00" on time. */
export function formatSignedClock(totalSeconds: number): string {
	const s = Math.round(totalSeconds);
	if (s === 0) return '0:00';
	return `${s > 0 ? '+' : MINUS}${formatClock(s)}`;
}

/** A span in words of the language, sign dropped: "1 giờ 2 phút 5 giây" / "1 h 2 min 5 s"; "0 giây" / "0 s". */
export function formatSpanWords(totalSeconds: number, lang: Lang): string {
	const units = SPAN_UNITS[lang];
	const s = Math.abs(Math.round(totalSeconds));
	const parts = [
		Math.floor(s / 3600) && `${Math.floor(s / 3600)} ${units[0]}`,
		Math.floor((s % 3600) / 60) && `${Math.floor((s % 3600) / 60)} ${units[1]}`,
		s % 60 && `${s % 60} ${units[2]}`,
	];
	return parts.filter(Boolean).join(' ') || `0 ${units[2]}`;
}

/** Minutes added (+) or removed (−), in words of the language: "+1 phút", "−14 min". */
export function formatSignedMinutes(minutes: number, lang: Lang): string {
	return `${minutes > 0 ? '+' : MINUS}${Math.abs(minutes)} ${SPAN_UNITS[lang][1]}`;
}
