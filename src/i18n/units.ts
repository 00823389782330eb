import type {Lang} from './catalog.js';
import {formatMillis} from './numbers.js';

// How a duration in milliseconds is written, the same on every screen and in every table:
// one decimal under 10 ms (loopback and LAN links), whole milliseconds above; with the unit,
// seconds from one second up. The tables whose column title says "ms" leave the unit out.
// The notation is the language's (src/i18n/numbers.ts): 0,2ms in Vietnamese, 0.2ms in English.

/** 0.2ms, 83ms, 1.2s (or 0.2, 83, 1234 with `unit: false`); "—" when unknown. */
export function formatMs(ms: number | null | undefined, {unit = true, lang = 'en'}: {unit?: boolean; lang?: Lang} = {}): string {
	return formatMillis(ms, lang, {unit});
}
