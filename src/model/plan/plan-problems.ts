import type {z} from 'zod';
import {
	type Bound,
	PLAIN_PROBLEM_CODES,
	type PlanProblem,
	type PlanProblemMessage,
	type PlanWarning,
	PROBLEM_PARAM,
	planProblem,
	planWarning,
	type ValueKind,
} from './plan-problem-codes.js';

// A plan's problems in the tool's own terms: one problem a field, its path, and what to write
// instead, as a message (plan-problem-codes.ts) worded in each language by the catalog. zod's
// issues say what a library saw ("expected string, received undefined"); a technician needs
// "missing: write endpoint: ws://HOST:PORT/probe". Pure: data in, messages out.

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

/** `sites[3].endpoint` from zod's path array ('' for the top level). */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
	let out = '';
	for (const part of path) {
		if (typeof part === 'number') out += `[${part}]`;
		else out += out === '' ? String(part) : `.${String(part)}`;
	}
	return out;
}

/** An example to write for a field, where a bare "missing" would leave the user guessing. */
const EXAMPLES: Record<string, string> = {
	version: 'version: 1',
	session: 'session: {title: "…", date: 2026-12-01, start: "08:00"}',
	title: 'title: "…"',
	date: 'date: 2026-12-01',
	start: 'start: "08:00"',
	hub: 'hub: {id: thi-xa, name: "…"}',
	sites: 'sites: [{id: pho-an, name: "Xã Phổ An", endpoint: ws://10.0.0.5:7701/probe, token: {file: tokens/pho-an.token}}]',
	agenda: 'agenda: [{id: opening, title: "…", minutes: 10}]',
	id: 'id: pho-an',
	name: 'name: "…"',
	endpoint: 'endpoint: ws://10.0.0.5:7701/probe',
	role: 'role: "Chủ tịch HĐND"',
	minutes: 'minutes: 10',
	perSpeakerMinutes: 'perSpeakerMinutes: 6',
};

/** Levenshtein distance, small strings only (field names). */
function distance(a: string, b: string): number {
	const row = Array.from({length: b.length + 1}, (_, j) => j);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0]!;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const saved = row[j]!;
			row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = saved;
		}
	}
	return row[b.length]!;
}

/** The closest known name to a typo, when it is close enough to be what was meant. */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
	let best: string | undefined;
	let bestDistance = Number.POSITIVE_INFINITY;
	for (const candidate of known) {
		const d = distance(word.toLowerCase(), candidate.toLowerCase());
		if (d < bestDistance) {
			best = candidate;
			bestDistance = d;
		}
	}
	return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

function def(schema: AnySchema): Record<string, any> {
	return (schema as unknown as {_zod: {def: Record<string, any>}})._zod.def;
}

/** The schemas a value at this level may match, wrappers (optional, default, pipe…) removed. */
function unwrap(schema: AnySchema | undefined, depth = 0): AnySchema[] {
	if (!schema || depth > 20) return [];
	const d = def(schema);
	switch (d.type) {
		case 'optional':
		case 'nullable':
		case 'default':
		case 'prefault':
		case 'readonly':
		case 'catch':
			return unwrap(d.innerType, depth + 1);
		case 'pipe':
			return unwrap(d.in, depth + 1);
		case 'union':
			return (d.options as AnySchema[]).flatMap(option => unwrap(option, depth + 1));
		default:
			return [schema];
	}
}

/** The schema for the value at `path` (the first that fits), or undefined. */
export function schemaAt(root: AnySchema, path: ReadonlyArray<PropertyKey>): AnySchema | undefined {
	let level: AnySchema[] = unwrap(root);
	for (const part of path) {
		const next: AnySchema[] = [];
		for (const schema of level) {
			const d = def(schema);
			if (d.type === 'object' && typeof part === 'string' && d.shape[part]) next.push(...unwrap(d.shape[part]));
			else if (d.type === 'array' && typeof part === 'number') next.push(...unwrap(d.element));
		}
		if (next.length === 0) return undefined;
		level = next;
	}
	return level[0];
}

/** The field names an object at `path` takes. */
export function fieldsAt(root: AnySchema, path: ReadonlyArray<PropertyKey>): string[] {
	const schema = schemaAt(root, path);
	if (!schema) return [];
	const d = def(schema);
	return d.type === 'object' ? Object.keys(d.shape) : [];
}

/** `{name: "…", phone: "…"}`: the shape of an object field, to show what to write. */
function objectShape(schema: AnySchema): string {
	const d = def(schema);
	const fields = Object.entries(d.shape as Record<string, AnySchema>).map(([key, inner]) => {
		const kinds = unwrap(inner).map(s => def(s).type);
		return `${key}: ${kinds.includes('string') ? '"…"' : '…'}`;
	});
	return `{${fields.join(', ')}}`;
}

function valueAt(data: unknown, path: ReadonlyArray<PropertyKey>): unknown {
	let value = data;
	for (const part of path) {
		if (value === null || typeof value !== 'object') return undefined;
		value = (value as Record<PropertyKey, unknown>)[part];
	}
	return value;
}

/** What a value was, for "must be …, not <what it was>". */
export function kindOf(value: unknown): ValueKind {
	if (value === null) return {kind: 'null'};
	if (Array.isArray(value)) return {kind: 'list'};
	if (value instanceof Date) return {kind: 'date'};
	if (typeof value === 'string') return {kind: 'text', value: value.length > 40 ? `${value.slice(0, 40)}…` : value};
	if (typeof value === 'number') return {kind: 'number', value};
	if (typeof value === 'boolean') return {kind: 'boolean', value};
	return {kind: 'section'};
}

/** Where a check raises its issues (zod's refinement context). */
interface IssueSink {
	addIssue(issue: {code: 'custom'; message: string; params: Record<string, unknown>; path?: PropertyKey[]}): void;
}

/** Raise a problem as a zod issue that carries its message (describeIssues reads it back, typed). */
export function raise(ctx: IssueSink, problem: PlanProblemMessage, path?: PropertyKey[]): void {
	ctx.addIssue({code: 'custom', message: problem.code, params: {[PROBLEM_PARAM]: problem}, ...(path ? {path} : {})});
}

/** The problem a check raised by its own code: a code without parameters as its message, or a message in its params. */
function ownProblem(issue: Issue): PlanProblemMessage | undefined {
	const carried = (issue as {params?: Record<string, unknown>}).params?.[PROBLEM_PARAM];
	if (carried) return carried as PlanProblemMessage;
	if (PLAIN_PROBLEM_CODES.has(issue.message)) return {code: issue.message, params: {}} as PlanProblemMessage;
	return undefined;
}

/** One issue as its problems (none when another one already says it). */
function describe(issue: Issue, root: AnySchema, data: unknown, suggested: Set<string>): PlanProblem[] {
	const where = formatPath(issue.path);
	const at = (message: PlanProblemMessage): PlanProblem[] => [{path: where, message}];
	const last = issue.path.at(-1);
	// A field missing because it was mistyped (`endpiont`) is said once, by the did-you-mean line.
	if (issue.code === 'custom' && suggested.has(where) && valueAt(data, issue.path) === undefined) return [];
	const own = ownProblem(issue);
	if (own) return at(own);
	switch (issue.code) {
		case 'unrecognized_keys': {
			const known = fieldsAt(root, issue.path);
			return issue.keys.map(key => {
				const suggestion = didYouMean(key, known);
				return {
					path: where,
					message: planProblem('unknown-field', {field: key, fields: suggestion ? [] : known, ...(suggestion ? {suggestion} : {})}),
				};
			});
		}
		case 'invalid_type': {
			const value = valueAt(data, issue.path);
			if (value === undefined) {
				if (suggested.has(where)) return [];
				const example = typeof last === 'string' ? EXAMPLES[last] : undefined;
				return at(planProblem('missing', example ? {example} : {}));
			}
			const schema = schemaAt(root, issue.path);
			if (issue.expected === 'object' && schema && def(schema).type === 'object') {
				return at(planProblem('write-section', {shape: objectShape(schema)}));
			}
			if (issue.expected === 'int') return at(planProblem('not-whole-number', {value: kindOf(value)}));
			return at(planProblem('wrong-type', {expected: issue.expected, value: kindOf(value)}));
		}
		case 'invalid_value': {
			const value = valueAt(data, issue.path);
			const options = issue.values.map(v => String(v));
			if (options.length === 1) return at(planProblem('must-equal', {value: options[0]!}));
			const suggestion = typeof value === 'string' ? didYouMean(value, options) : undefined;
			return at(planProblem('one-of', {options, value: kindOf(value), ...(suggestion ? {suggestion} : {})}));
		}
		case 'too_small':
		case 'too_big': {
			const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
			const inclusive = issue.inclusive !== false;
			const bound: Bound = issue.code === 'too_small' ? (inclusive ? 'min' : 'above') : inclusive ? 'max' : 'below';
			if (issue.origin === 'array') return at(planProblem('list-size', {bound, limit}));
			if (issue.origin === 'string') return at(planProblem('text-length', {bound, limit}));
			return at(planProblem('number-range', {bound, limit, value: kindOf(valueAt(data, issue.path))}));
		}
		case 'invalid_union':
			return at(planProblem('no-form', {}));
		default:
			return at(planProblem('other', {text: issue.message}));
	}
}

/** Every issue of a parse as its problems: path, what is wrong, what to write instead. */
export function describeIssues(issues: readonly Issue[], root: AnySchema, data: unknown): PlanProblem[] {
	// A typo of a required field makes two issues (unknown `endpiont`, missing `endpoint`): one line says both.
	const suggested = new Set<string>();
	for (const issue of issues) {
		if (issue.code !== 'unrecognized_keys') continue;
		const known = fieldsAt(root, issue.path);
		for (const key of issue.keys) {
			const guess = didYouMean(key, known);
			if (guess) suggested.add(formatPath([...issue.path, guess]));
		}
	}
	return issues.flatMap(issue => describe(issue, root, data, suggested));
}

/** What is wrong with an endpoint, or undefined when it is a ws:// or wss:// URL with a real port. */
export function endpointProblem(value: string): PlanProblemMessage | undefined {
	const match = /^([a-z][a-z0-9+.-]*):\/\/(\[[^\]]*\]|[^/:?#]*)(?::([^/?#]*))?([/?#].*)?$/i.exec(value.trim());
	if (!match) return planProblem('endpoint-not-url', {});
	const [, scheme, host, port] = match;
	if (scheme!.toLowerCase() !== 'ws' && scheme!.toLowerCase() !== 'wss') return planProblem('endpoint-scheme', {scheme: scheme!});
	if (!host) return planProblem('endpoint-no-host', {});
	if (port !== undefined) {
		if (!/^\d+$/.test(port)) return planProblem('endpoint-port-text', {port});
		const number = Number(port);
		if (number < 1 || number > 65_535) return planProblem('endpoint-port-range', {port});
	}
	try {
		new URL(value);
	} catch {
		return planProblem('endpoint-invalid', {});
	}
	return undefined;
}

/** A warning when the session's date is before `today` (both YYYY-MM-DD, the hub's local date). */
export function pastDateWarning(date: string, today: string): PlanWarning | undefined {
	if (date >= today) return undefined;
	return {path: 'session.date', message: planWarning('date-past', {date, today})};
}
