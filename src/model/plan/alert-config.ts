import {parseDuration} from '../duration.js';
import {z} from 'zod';
import {hostPortProblem} from './host-port.js';
import {type DurationField, plainCode, planProblem} from './plan-problem-codes.js';
import {raise} from './plan-problems.js';

// The plan's `alerts:` and `hub.metrics` fields (DESIGN.md "Metrics and alerts"). Durations are
// written as people write them ("30s", "10m", "1h30m") or as a number of seconds. Pure.

/** Durations are read the one way the command line reads them too (src/model/duration.ts). */
export {parseDuration};

const duration = (min: number, max: number, field: DurationField) =>
	z.union([z.string(), z.number()]).transform((value, ctx) => {
		const ms = parseDuration(value);
		if (ms === null) {
			raise(ctx, planProblem('duration-format', {field}));
			return z.NEVER;
		}
		if (ms < min || ms > max) {
			raise(ctx, planProblem('duration-range', {field, minSeconds: min / 1000, maxMinutes: max / 60_000}));
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
}, plainCode('webhook-url'));

/** `alerts:` — when absent, no alert is raised, journalled or sent. Durations become ms. */
export const alertsSchema = z
	.object({
		/** A site is alerted only after it has been down this long (not one lost probe). */
		after: duration(1000, 3_600_000, 'after').default(30_000),
		/** Repeat a firing alert this often; 0 = never. */
		remind: duration(0, 86_400_000, 'remind').default(600_000),
		/** Also send when the alert is over. */
		resolved: z.boolean().default(true),
		/** A program and its arguments; the alert's JSON arrives on its stdin. */
		command: z
			.array(z.string().min(1, plainCode('empty')))
			.min(1, plainCode('command-empty'))
			.optional(),
		/** A URL the alert's JSON is POSTed to. */
		webhook: httpUrl.optional(),
	})
	.strict();

/** The plan's alerts with defaults applied (durations in ms). */
export type AlertSettings = z.infer<typeof alertsSchema>;

/** `hub.metrics`: where /metrics listens. */
export const metricsAddressSchema = z.string().superRefine((value, ctx) => {
	const problem = hostPortProblem(value);
	if (problem) raise(ctx, problem);
});
