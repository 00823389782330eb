import {z} from 'zod';
import {alertsSchema, metricsAddressSchema} from './alert-config.js';
import {describeIssues, endpointProblem, raise} from './plan-problems.js';
import {type PlanProblem, plainCode, planProblem} from './plan-problem-codes.js';
import {cleanText} from '../sanitize.js';
import {isTimeZone} from './time-zone.js';

export {formatPath} from './plan-problems.js';

// The plan file's schema (DESIGN.md "The plan file"). Field names are the contract:
// add fields, never rename these. Pure: no fs here, see src/plan/plan-file.ts.

const siteId = z.string().regex(/^[a-z0-9-]+$/, plainCode('id-format'));

const wsUrl = z.string().superRefine((value, ctx) => {
	const problem = endpointProblem(value);
	if (problem) raise(ctx, problem);
});

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, plainCode('time-format'));
const isoDate = z
	.union([z.string(), z.date()])
	.transform(value => (value instanceof Date ? value.toISOString().slice(0, 10) : value))
	.pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, plainCode('date-format')));

const nonEmpty = z.string().trim().min(1, plainCode('empty'));
// Names, titles, roles: shown on screens and in documents, so cleaned once here (no controls, no
// bidi overrides, one line, at most 200 characters); see src/model/sanitize.ts.
const planText = z
	.string()
	.transform(value => cleanText(value, 200))
	.pipe(z.string().min(1, plainCode('empty')));
const optionalText = z.string().transform(value => cleanText(value, 200));

/** Where a secret comes from; never the secret itself. Paths are relative to the plan file. */
export const secretRefSchema = z.union(
	[z.object({file: nonEmpty}).strict(), z.object({env: z.string().regex(/^[A-Za-z_]\w*$/, plainCode('env-name'))}).strict()],
	{error: plainCode('secret-ref')},
);

const thresholdSchema = z
	.object({
		rttMs: z.number().positive(),
		jitterMs: z.number().nonnegative(),
		lossPct: z.number().min(0).max(100),
	})
	.strict();

export const DEFAULT_THRESHOLDS = {
	good: {rttMs: 150, jitterMs: 30, lossPct: 1},
	fair: {rttMs: 300, jitterMs: 50, lossPct: 4},
} as const;

export const DEFAULT_PROBE = {intervalMs: 1000, timeoutMs: 2000, downAfter: 3, upAfter: 2, window: 60, udpRate: 5} as const;

export const DEFAULT_REHEARSAL = {
	bandwidthKbps: {pass: 1500, warn: 800},
	availabilityPct: {pass: 99, warn: 95},
	bandwidthSeconds: 5,
	latencyUnderLoadMs: {warn: 100, fail: 300},
} as const;

const rosterEntry = z.object({role: planText, name: optionalText.optional()}).strict();

const siteSchema = z
	.object({
		id: siteId,
		name: planText,
		// The 2025 units: commune (xã), ward (phường), special zone (đặc khu); other for anything else.
		kind: z.enum(['commune', 'ward', 'special-zone', 'other']).default('other'),
		endpoint: wsUrl.optional(),
		mode: z.enum(['agent', 'ws-ping']).default('agent'),
		// dial-in: the hub dials `endpoint`; dial-out: the site's agent calls the hub (hub.listen), behind NAT.
		connect: z.enum(['dial-in', 'dial-out']).default('dial-in'),
		token: secretRefSchema.optional(),
		ca: z.object({file: nonEmpty}).strict().optional(),
		contact: z.object({name: optionalText.optional(), phone: optionalText.optional()}).strict().optional(),
		roster: z.array(rosterEntry).default([]),
	})
	.strict()
	.superRefine((site, ctx) => {
		if (site.mode === 'agent' && !site.token) {
			raise(ctx, planProblem('token-needed', {}), ['token']);
		}
		if (site.connect === 'dial-in' && site.endpoint === undefined) {
			raise(ctx, planProblem('endpoint-needed', {}), ['endpoint']);
		}
		if (site.connect === 'dial-out' && site.endpoint !== undefined) {
			raise(ctx, planProblem('dial-out-endpoint', {}), ['endpoint']);
		}
		if (site.connect === 'dial-out' && site.mode !== 'agent') {
			raise(ctx, planProblem('dial-out-mode', {}), ['mode']);
		}
	});

const agendaItemSchema = z
	.object({
		id: siteId,
		title: planText,
		owner: optionalText.optional(),
		minutes: z
			.number()
			.positive()
			.max(24 * 60),
		optional: z.boolean().default(false),
		speakers: z
			.object({
				perSpeakerMinutes: z
					.number()
					.positive()
					.max(24 * 60),
				from: z.union([z.literal('sites'), z.array(siteId).min(1)]).default('sites'),
			})
			.strict()
			.optional(),
	})
	.strict();

export const planSchema = z
	.object({
		version: z.literal(1, {error: 'must be 1'}),
		session: z
			.object({
				title: planText,
				date: isoDate,
				start: hhmm,
				venue: optionalText.optional(),
				/** IANA zone of the meeting (Asia/Ho_Chi_Minh); default the machine's. */
				timeZone: z.string().refine(isTimeZone, plainCode('time-zone')).optional(),
				/** The issuing body, one line each, as the minutes' header prints it (Nghị định 30/2020). */
				issuer: z.array(planText).min(1).max(4).optional(),
				/** The place of the place-and-date line ("Đức Phổ"). */
				place: planText.optional(),
				/** The signature block: role lines ("TM. THƯỜNG TRỰC HĐND", …) and the signer's name. */
				signer: z
					.object({lines: z.array(planText).min(1).max(5), name: planText})
					.strict()
					.optional(),
				/** Who chairs the meeting and who keeps its minutes: their names under CHỦ TỌA and THƯ KÝ (absent: a line to write on). */
				chair: planText.optional(),
				secretary: planText.optional(),
				/** "Nơi nhận:" of the minutes, one recipient a line. */
				recipients: z.array(planText).max(30).optional(),
			})
			.strict(),
		probe: z
			.object({
				intervalMs: z.number().int().min(100).max(60_000).default(DEFAULT_PROBE.intervalMs),
				timeoutMs: z.number().int().min(50).max(60_000).default(DEFAULT_PROBE.timeoutMs),
				downAfter: z.number().int().min(1).max(100).default(DEFAULT_PROBE.downAfter),
				upAfter: z.number().int().min(1).max(100).default(DEFAULT_PROBE.upAfter),
				window: z.number().int().min(5).max(3600).default(DEFAULT_PROBE.window),
				udpRate: z.number().min(0).max(200).default(DEFAULT_PROBE.udpRate),
			})
			.strict()
			.prefault({}),
		thresholds: z.object({good: thresholdSchema, fair: thresholdSchema}).strict().prefault(DEFAULT_THRESHOLDS),
		rehearsal: z
			.object({
				bandwidthKbps: z
					.object({pass: z.number().positive(), warn: z.number().nonnegative()})
					.strict()
					.prefault(DEFAULT_REHEARSAL.bandwidthKbps),
				availabilityPct: z
					.object({pass: z.number().min(0).max(100), warn: z.number().min(0).max(100)})
					.strict()
					.prefault(DEFAULT_REHEARSAL.availabilityPct),
				bandwidthSeconds: z.number().min(0).max(60).default(DEFAULT_REHEARSAL.bandwidthSeconds),
				// RTT under load (UDP probes during the bandwidth test): its p95 over the idle p95, in ms.
				latencyUnderLoadMs: z
					.object({warn: z.number().nonnegative(), fail: z.number().nonnegative()})
					.strict()
					.prefault(DEFAULT_REHEARSAL.latencyUnderLoadMs),
			})
			.strict()
			.prefault({}),
		ca: z.object({file: nonEmpty}).strict().optional(),
		hub: z
			.object({
				id: siteId,
				name: planText,
				// The hub's level: a province (tỉnh, thành phố), a district of the old three levels (huyện, thị xã), or a commune-level unit.
				kind: z.enum(['province', 'district', 'commune', 'ward', 'special-zone', 'other']).default('other'),
				roster: z.array(rosterEntry).default([]),
				metrics: metricsAddressSchema.optional(),
				listen: metricsAddressSchema.optional(),
			})
			.strict(),
		alerts: alertsSchema.optional(),
		sites: z.array(siteSchema).min(1, plainCode('no-sites')).max(5000),
		agenda: z.array(agendaItemSchema).min(1, plainCode('no-agenda')),
	})
	.strict()
	// Runs even when other fields are malformed (zod skips refinements by default then),
	// so one pass lists every problem; hence the defensive reads of possibly-bad input.
	.check(z.superRefine(crossChecks, {when: () => true}));

type Ctx = Parameters<Parameters<typeof z.superRefine>[0]>[1];

function entries(value: unknown): Array<[number, Record<string, unknown>]> {
	if (!Array.isArray(value)) return [];
	return value.flatMap(
		(entry, index): Array<[number, Record<string, unknown>]> =>
			entry !== null && typeof entry === 'object' ? [[index, entry as Record<string, unknown>]] : [],
	);
}

function crossChecks(raw: unknown, ctx: Ctx): void {
	const plan = (raw ?? {}) as Record<string, any>;
	const seen = new Map<unknown, number>();
	for (const [index, site] of entries(plan.sites)) {
		if (typeof site.id !== 'string') continue;
		const first = seen.get(site.id);
		if (first === undefined) seen.set(site.id, index);
		else raise(ctx, planProblem('id-taken', {id: site.id, first: `sites[${first}]`}), ['sites', index, 'id']);
	}
	// Two sites on one endpoint would each be probed at the other's agent: a copy-paste slip.
	const endpoints = new Map<string, number>();
	for (const [index, site] of entries(plan.sites)) {
		if (typeof site.endpoint !== 'string' || endpointProblem(site.endpoint)) continue;
		const key = site.endpoint.trim().toLowerCase().replace(/\/+$/, '');
		const first = endpoints.get(key);
		if (first === undefined) endpoints.set(key, index);
		else raise(ctx, planProblem('endpoint-taken', {endpoint: site.endpoint, first: `sites[${first}]`}), ['sites', index, 'endpoint']);
	}
	const seenItems = new Map<unknown, number>();
	for (const [index, item] of entries(plan.agenda)) {
		if (typeof item.id === 'string') {
			const first = seenItems.get(item.id);
			if (first === undefined) seenItems.set(item.id, index);
			else raise(ctx, planProblem('id-taken', {id: item.id, first: `agenda[${first}]`}), ['agenda', index, 'id']);
		}
		const from = (item.speakers as {from?: unknown} | undefined)?.from;
		if (Array.isArray(from)) {
			from.forEach((id, j) => {
				if (typeof id === 'string' && !seen.has(id)) {
					raise(ctx, planProblem('no-such-site', {id}), ['agenda', index, 'speakers', 'from', j]);
				}
			});
		}
	}
	const good = plan.thresholds?.good;
	const fair = plan.thresholds?.fair;
	for (const level of ['rttMs', 'jitterMs', 'lossPct'] as const) {
		if (typeof good?.[level] === 'number' && typeof fair?.[level] === 'number' && good[level] > fair[level]) {
			raise(ctx, planProblem('not-above', {other: `thresholds.fair.${level}`}), ['thresholds', 'good', level]);
		}
	}
	const bandwidth = plan.rehearsal?.bandwidthKbps;
	if (typeof bandwidth?.warn === 'number' && typeof bandwidth?.pass === 'number' && bandwidth.warn > bandwidth.pass) {
		raise(ctx, planProblem('not-above', {other: 'rehearsal.bandwidthKbps.pass'}), ['rehearsal', 'bandwidthKbps', 'warn']);
	}
}

export type Plan = z.infer<typeof planSchema>;
export type PlanSite = Plan['sites'][number];
export type PlanAgendaItem = Plan['agenda'][number];
export type Thresholds = Plan['thresholds'];
export type ProbeSettings = Plan['probe'];
export type SecretRef = z.infer<typeof secretRefSchema>;

/** A plan, or every problem of it as a message with its field path (worded by src/i18n/plan-problem-words.ts). */
export type PlanResult = {ok: true; plan: Plan} | {ok: false; problems: PlanProblem[]};

/** Validate parsed plan data; Unicode strings are normalised to NFC so widths hold. Reports every problem. */
export function parsePlan(data: unknown): PlanResult {
	const result = planSchema.safeParse(normalizeStrings(data));
	if (result.success) return {ok: true, plan: result.data};
	const problems = describeIssues(result.error.issues, planSchema, data);
	return {ok: false, problems};
}

// A plan nests 5 levels at most. Deeper data is left as it is (the schema refuses it at the
// shallow level where it stops matching), so a deeply nested JSON file cannot overflow the stack.
const MAX_NORMALIZE_DEPTH = 64;

function normalizeStrings(value: unknown, depth = 0): unknown {
	if (typeof value === 'string') return value.normalize('NFC');
	if (depth >= MAX_NORMALIZE_DEPTH) return value;
	if (Array.isArray(value)) return value.map(inner => normalizeStrings(inner, depth + 1));
	if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
		const out: Record<string, unknown> = {};
		for (const [key, inner] of Object.entries(value)) out[key] = normalizeStrings(inner, depth + 1);
		return out;
	}
	return value;
}

/** What makes two plan files the same meeting: title, date, site ids, agenda ids (not endpoints or tokens). */
export interface PlanIdentity {
	title: string;
	date: string;
	sites: string[];
	agenda: string[];
}

export function planIdentity(plan: Plan): PlanIdentity {
	return {
		title: plan.session.title,
		date: plan.session.date,
		sites: plan.sites.map(site => site.id),
		agenda: plan.agenda.map(item => item.id),
	};
}

export function sameIdentity(a: PlanIdentity, b: PlanIdentity): boolean {
	return JSON.stringify(a) === JSON.stringify(b);
}

/** Sites that speak in an item, in plan order. */
export function speakerSites(plan: Plan, item: PlanAgendaItem): string[] {
	if (!item.speakers) return [];
	return item.speakers.from === 'sites' ? plan.sites.map(site => site.id) : [...item.speakers.from];
}

/** The planned total in minutes, optional items included. */
export function plannedMinutes(plan: Plan): number {
	return plan.agenda.reduce((sum, item) => sum + item.minutes, 0);
}
