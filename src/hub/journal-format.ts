import {parse as parseYaml} from 'yaml';
import {z} from 'zod';
import {journalFaultEnglish, says, type JournalFault} from '../i18n/error-words.js';
import type {Warning} from '../i18n/warning-words.js';
import {linkReasonOf} from '../i18n/link-reason-words.js';
import {DiemcauError} from '../cli/errors.js';
import type {PlanIdentity} from '../model/plan/plan.js';
import type {MeetingPlan, SessionEvent} from '../model/meeting/session.js';

// The journal's text format (DESIGN.md "Journal"): a header line, then one event a line,
// `{"seq":n,"at":"ISO-8601","type":"…",…}`. Parsing is strict about seq (1, 2, 3, … with no
// gap), so a line of garbage is found and named, and tolerant of one thing only: a last
// line without its newline, which is what a crash mid-write leaves.

/** The first line of a journal. `meeting` and `utcOffsetMinutes` let `report` work without the plan file. */
export interface JournalHeader {
	type: 'journal';
	v: 1;
	plan: PlanIdentity;
	meeting: MeetingPlan;
	utcOffsetMinutes: number;
	createdAt: string;
	/** The language the meeting was run in (journals before it was kept have none). */
	lang?: 'vi' | 'en';
}

const text = z.string().min(1);
const grade = z.enum(['good', 'fair', 'poor', 'measuring', 'down']);
const onItem = <T extends string>(type: T) => z.object({type: z.literal(type), item: text});
// A link reason's code as journalled; parseEvent drops one this version does not know (its English `reason` stays).
const reasonCode = z.unknown().optional();
const onSpeaker = <T extends string>(type: T) => z.object({type: z.literal(type), item: text, site: text});

const bodySchema = z.discriminatedUnion('type', [
	z.object({type: z.literal('session-started')}),
	z.object({type: z.literal('session-ended')}),
	onItem('item-started'),
	onItem('item-paused'),
	onItem('item-resumed'),
	onItem('item-extended').extend({minutes: z.number().int()}),
	onItem('item-ended'),
	onItem('item-skipped'),
	onItem('item-reopened').extend({from: text}),
	onSpeaker('speaker-queued'),
	onSpeaker('speaker-started'),
	onSpeaker('speaker-ended'),
	onSpeaker('speaker-skipped').extend({reason: z.string().optional(), reasonCode}),
	onSpeaker('speaker-moved').extend({to: z.number().int().nonnegative()}),
	onSpeaker('speaker-dropped'),
	z.object({
		type: z.literal('attendance-marked'),
		site: text,
		role: z.number().int().nonnegative(),
		status: z.enum(['present', 'late', 'absent', 'unmarked']),
		reason: z.string().optional(),
	}),
	z.object({
		type: z.enum(['link-down', 'link-up', 'link-grade', 'link-measured']),
		site: text,
		grade,
		previous: grade,
		reason: z.string().optional(),
		reasonCode,
	}),
	z.object({type: z.literal('note'), text: z.string()}),
	z.object({type: z.literal('hub-stopped')}),
	z.object({type: z.literal('hub-resumed')}),
	z.object({type: z.literal('heartbeat')}),
	z.object({
		type: z.literal('alert'),
		alert: z.enum(['site-down', 'speaker-link', 'item-overrun', 'storm']),
		state: z.enum(['firing', 'resolved']),
		site: text.optional(),
		message: z.string(),
	}),
]);

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** One event as its journal line (no newline): seq, at (ISO-8601 UTC), type, then its fields. */
export function formatEvent(event: SessionEvent): string {
	const {seq, at, type, ...fields} = event;
	return JSON.stringify({seq, at: new Date(at).toISOString(), type, ...fields});
}

/** A line's fault as its code, and in English words. */
function fault(code: JournalFault): {problem: string; fault: JournalFault} {
	return {problem: journalFaultEnglish(code), fault: code};
}

/** Parse one event line; returns the problem (in words, and by code) when it is not a valid event. */
export function parseEvent(line: string): SessionEvent | {problem: string; fault: JournalFault} {
	let data: unknown;
	try {
		data = JSON.parse(line);
	} catch {
		return fault({code: 'not-json'});
	}
	if (data === null || typeof data !== 'object' || Array.isArray(data)) return fault({code: 'not-object'});
	const {seq, at, by, ...rest} = data as Record<string, unknown>;
	if (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1) return fault({code: 'seq'});
	const time = typeof at === 'string' && ISO.test(at) ? Date.parse(at) : Number.NaN;
	if (Number.isNaN(time)) return fault({code: 'at'});
	const body = bodySchema.safeParse(rest);
	if (!body.success) {
		const issue = body.error.issues[0]!;
		return fault({code: 'field', path: issue.path.join('.'), detail: issue.message});
	}
	if (by !== undefined && (typeof by !== 'string' || by.length === 0 || by.length > 64)) return fault({code: 'by'});
	const fields = body.data as Record<string, unknown>;
	if ('reasonCode' in fields) {
		const known = linkReasonOf(fields.reasonCode);
		if (known) fields.reasonCode = known;
		else delete fields.reasonCode;
	}
	return {...fields, seq, at: time, ...(by === undefined ? {} : {by})} as SessionEvent;
}

function isHeader(data: unknown): data is JournalHeader {
	if (data === null || typeof data !== 'object') return false;
	const header = data as Partial<JournalHeader>;
	return (
		header.type === 'journal' &&
		typeof header.plan === 'object' &&
		header.plan !== null &&
		Array.isArray(header.plan.sites) &&
		Array.isArray(header.plan.agenda) &&
		typeof header.meeting === 'object' &&
		header.meeting !== null &&
		typeof header.utcOffsetMinutes === 'number'
	);
}

/** What a journal file holds, read-only. */
export interface JournalContents {
	/** null when the file holds no complete line (created, then cut off before its header was written). */
	header: JournalHeader | null;
	events: SessionEvent[];
	/** Bytes up to the end of the last whole line: what is kept when a torn tail is dropped. */
	goodBytes: number;
	/** Bytes of a last line cut off mid-write (0 when the file ends with a newline). */
	tornBytes: number;
}

/** Parse a journal's bytes; throws DiemcauError (exit 2) naming the first bad line. */
export function parseJournal(bytes: Buffer, file: string): JournalContents {
	const lastNewline = bytes.lastIndexOf(0x0a);
	const goodBytes = lastNewline + 1;
	const tornBytes = bytes.length - goodBytes;
	const lines = bytes.subarray(0, goodBytes).toString('utf8').split('\n');
	lines.pop(); // after the last newline
	const corrupt = (line: number, why: JournalFault) =>
		new DiemcauError('DIEMCAU_JOURNAL_CORRUPT', says('journal-damaged', {file, line, why}));
	if (lines.length === 0) return {header: null, events: [], goodBytes: 0, tornBytes};
	let header: unknown;
	try {
		header = JSON.parse(lines[0]!);
	} catch {
		header = null;
	}
	if (!isHeader(header)) {
		// A journal's first line says `"type":"journal"`; one that does not is some other file,
		// and "damaged … fix that line" would have the user edit, say, their plan.
		const tagged = header !== null && typeof header === 'object' && (header as {type?: unknown}).type === 'journal';
		if (tagged) throw corrupt(1, {code: 'header-incomplete'});
		throw notAJournal(file, bytes);
	}
	if (header.v !== 1) throw corrupt(1, {code: 'version', version: String(header.v)});
	// An unknown language is no reason to refuse the meeting's record: it is as if none were kept.
	if (header.lang !== undefined && header.lang !== 'vi' && header.lang !== 'en') delete header.lang;
	const events: SessionEvent[] = [];
	for (let index = 1; index < lines.length; index++) {
		const parsed = parseEvent(lines[index]!);
		if ('problem' in parsed) throw corrupt(index + 1, parsed.fault);
		if (parsed.seq !== index) throw corrupt(index + 1, {code: 'sequence', expected: index, found: parsed.seq});
		events.push(parsed);
	}
	return {header, events, goodBytes, tornBytes};
}

/** Whether a file's text reads as a plan (YAML or JSON with a plan's sections). */
function looksLikePlan(bytes: Buffer): boolean {
	const text = bytes.subarray(0, 256 * 1024).toString('utf8');
	try {
		const data = parseYaml(text, {maxAliasCount: 100}) as Record<string, unknown> | null;
		return data !== null && typeof data === 'object' && ('sites' in data || 'agenda' in data || 'session' in data);
	} catch {
		return false;
	}
}

/** The error for a file that is not a journal at all, saying what it looks like and what to run. */
function notAJournal(file: string, bytes: Buffer): DiemcauError {
	return new DiemcauError('DIEMCAU_JOURNAL_CORRUPT', says('not-a-journal', {file, looksLikePlan: looksLikePlan(bytes)}));
}

/** The warning for a dropped torn tail. */
export function tornTailWarning(file: string, tornBytes: number): Warning {
	return {code: 'journal-torn', params: {file, bytes: tornBytes}};
}
