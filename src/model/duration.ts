// The one way a duration is written, in a plan (`alerts.after: 1h30m`) and on the command line
// (`--duration 1h30m`): whole or decimal numbers each followed by a unit, ms, s, m or h, summed
// (`90s`, `3m`, `1h30m`, `1.5h`, `500ms`, `1m 30s`); a bare number is seconds. Pure.

const UNIT_MS = {ms: 1, s: 1000, m: 60_000, h: 3_600_000} as const;
const PART = /^(\d+(?:\.\d+)?)(ms|s|m|h)\s*/;

/** Milliseconds of a duration (a number is seconds), or null when it is not one. Never negative. */
export function parseDuration(value: string | number): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : null;
	const text = value.trim();
	if (/^\d+(?:\.\d+)?$/.test(text)) return Number(text) * 1000;
	if (text === '') return null;
	let total = 0;
	let rest = text;
	while (rest !== '') {
		const match = PART.exec(rest);
		if (!match) return null;
		total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
		rest = rest.slice(match[0].length);
	}
	return total;
}
