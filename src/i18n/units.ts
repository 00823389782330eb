// How a duration in milliseconds is written, the same on every screen and in every table:
// one decimal under 10 ms (loopback and LAN links), whole milliseconds above; with the unit,
// seconds from one second up. The tables whose column title says "ms" leave the unit out.

/** 0.2ms, 83ms, 1.2s (or 0.2, 83, 1234 with `unit: false`); "—" when unknown. */
export function formatMs(ms: number | null | undefined, {unit = true}: {unit?: boolean} = {}): string {
	if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
	const suffix = unit ? 'ms' : '';
	if (ms < 10) return `${ms.toFixed(1)}${suffix}`;
	if (ms < 1000 || !unit) return `${Math.round(ms)}${suffix}`;
	return `${(ms / 1000).toFixed(1)}s`;
}
