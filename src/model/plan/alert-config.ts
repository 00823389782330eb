import {z} from 'zod';
import {parseHostPort} from './host-port.js';

// The plan's `alerts:` and `hub.metrics` fields (DESIGN.md "Metrics and alerts"). Durations are
// written as people write them ("30s", "10m", "1h30m") or as a number of seconds. Pure.

/** Milliseconds of "30s", "10m", "1h30m", "500ms" (or a number of seconds); null when it is none of these. */
export function parseDuration(value: string | number): number | null {
	if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value * 1000 : null;
	const text = value.trim();
	if (text === '0') return 0;
	const unit = {ms: 1, s: 1000, m: 60_000, h: 3_600_000} as const;
	let total = 0;
	let rest = text;
	if (rest === '') return null;
	while (rest !== '') {
		const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)/.exec(rest);
		if (!match) return null;
		total += Number(match[1]) * unit[match[2] as keyof typeof unit];
		rest = rest.slice(match[0].length);
	}
	return total;
}

const duration = (min: number, max: number, what: string) =>
	z.union([z.string(), z.number()]).transform((value, ctx) => {
		const ms = parseDuration(value);
		if (ms === null) {
			ctx.addIssue({code: 'custom', message: `must be a duration like "30s", "10m" or "1h" (${what})`});
			return z.NEVER;
		}
		if (ms < min || ms > max) {
			ctx.addIssue({code: 'custom', message: `must be between ${min / 1000} s and ${max / 60_000} min (${what})`});
			return z.NEVER;
		}
		return ms;
	});

const httpUrl = z.string().refine(value => {
	try {
		const url = new URL(value);
		return url.protocol === 'http:' || url.protocol === 'https:';
	} catch {
		return false;
	}
}, 'must be an http:// or https:// URL');

/** `alerts:` — when absent, no alert is raised, journalled or sent. Durations become ms. */
export const alertsSchema = z
	.object({
		/** A site is alerted only after it has been down this long (not one lost probe). */
		after: duration(1000, 3_600_000, 'how long a site must stay down').default(30_000),
		/** Repeat a firing alert this often; 0 = never. */
		remind: duration(0, 86_400_000, 'how often a firing alert is repeated; 0 for never').default(600_000),
		/** Also send when the alert is over. */
		resolved: z.boolean().default(true),
		/** A program and its arguments; the alert's JSON arrives on its stdin. */
		command: z.array(z.string().min(1, 'must not be empty')).min(1, 'must name a program: ["notify-send", "diemcau"]').optional(),
		/** A URL the alert's JSON is POSTed to. */
		webhook: httpUrl.optional(),
	})
	.strict();

/** The plan's alerts with defaults applied (durations in ms). */
export type AlertSettings = z.infer<typeof alertsSchema>;

/** `hub.metrics`: where /metrics listens. */
export const metricsAddressSchema = z.string().superRefine((value, ctx) => {
	const parsed = parseHostPort(value);
	if (typeof parsed === 'string') ctx.addIssue({code: 'custom', message: parsed});
});
