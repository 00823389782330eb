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
