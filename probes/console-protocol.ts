// The site console's messages on diemcau.v1, after auth only (DESIGN.md "The site console"):
// hub → agent `state` (at most about once a second, small: what the town hall sees of this one
// site) and `checkin-ack`; agent → hub `checkin` for the site's own roster. Apart from
// protocol.ts so the console can grow without touching the probing hot path. Hand-written
// validation like protocol.ts; every string from the far side is cleaned here, once, before
// anything can show it on a terminal.

import type {
	ConsoleGrade,
	ConsoleItemStatus,
	CheckinStatus,
	ConsoleLink,
	ConsoleItem,
	ConsoleSpeakers,
	ConsoleRosterEntry,
	StateMessage,
	ConsoleCheckinMessage,
	CheckinAckMessage,
	ConsoleOpenMessage,
} from '../src/model/meeting/console-state.js';

export type {
	ConsoleGrade,
	ConsoleItemStatus,
	CheckinStatus,
	ConsoleLink,
	ConsoleItem,
	ConsoleSpeakers,
	ConsoleRosterEntry,
	StateMessage,
	ConsoleCheckinMessage,
	CheckinAckMessage,
	ConsoleMessage,
	ConsoleOpenMessage,
} from '../src/model/meeting/console-state.js';

import {cleanText as sanitize} from '../src/model/sanitize.js';
import {CHECKIN_REFUSALS} from '../src/model/meeting/console-state.js';
import type {CheckinField, Refusal} from '../src/model/meeting/refusals.js';

/** The hub sends a site's console at most one `state` per this many ms. */
export const STATE_MIN_INTERVAL_MS = 1000;
/** Roster entries a `state` may carry (a commune's roster is 5–10 people). */
export const MAX_ROSTER = 64;
/** Longest text field (titles, names, roles, reasons) in characters after cleaning. */
export const MAX_TEXT = 200;
/** Longest checkin id. */
export const MAX_ID = 40;

/** A valid message (cleaned), or why it is not one, in plain words (never throws). */
export type ConsoleParse<T> = {ok: true; message: T} | {ok: false; reason: string};
/** A checkin's parse: when refused, also which part of it (the hub's refusal carries it as a code). */
export type CheckinParse = {ok: true; message: ConsoleCheckinMessage} | {ok: false; reason: string; field: CheckinField};

/** A far-side string made safe for a terminal, once (src/model/sanitize.ts), NFC so widths hold, capped at MAX_TEXT. */
export function cleanText(value: string): string {
	return sanitize(value.normalize('NFC'), MAX_TEXT);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isMs = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < 1e12;
const isPct = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 100;
const orNull =
	<T>(check: (value: unknown) => value is T) =>
	(value: unknown): value is T | null =>
		value === null || check(value);
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= 4 * MAX_TEXT;
const isSiteId = (value: unknown): value is string => typeof value === 'string' && /^[a-z0-9-]{1,64}$/.test(value);
const GRADES: readonly ConsoleGrade[] = ['good', 'fair', 'poor', 'measuring', 'down', 'unknown'];
const ITEM_STATUSES: readonly ConsoleItemStatus[] = ['pending', 'running', 'paused', 'ended', 'skipped'];
const CHECKIN_STATUSES: readonly CheckinStatus[] = ['present', 'late', 'absent'];
const isGrade = (value: unknown): value is ConsoleGrade => GRADES.includes(value as ConsoleGrade);
const isCheckinStatus = (value: unknown): value is CheckinStatus => CHECKIN_STATUSES.includes(value as CheckinStatus);

function parseLink(link: unknown): ConsoleLink | string {
	if (!isObject(link)) return 'state.link must be an object';
	const loss = link.lossPct;
	if (!isGrade(link.grade)) return 'state.link.grade must be good, fair, poor, down or unknown';
	if (!orNull(isMs)(link.rttMs)) return 'state.link.rttMs must be a duration or null';
	if (!isObject(loss) || !orNull(isPct)(loss.up) || !orNull(isPct)(loss.down))
		return 'state.link.lossPct must be {up, down}, each 0–100 or null';
	if (!orNull(isPct)(link.probeLossPct)) return 'state.link.probeLossPct must be 0–100 or null';
	if (!orNull(isMs)(link.lastHeardMs)) return 'state.link.lastHeardMs must be a duration or null';
	if (link.udp !== 'ok' && link.udp !== 'blocked' && link.udp !== 'off') return 'state.link.udp must be ok, blocked or off';
	return {
		grade: link.grade,
		rttMs: link.rttMs,
		lossPct: {up: loss.up, down: loss.down},
		probeLossPct: link.probeLossPct,
		lastHeardMs: link.lastHeardMs,
		udp: link.udp,
	};
}

function parseItem(item: unknown): ConsoleItem | null | string {
	if (item === null) return null;
	if (!isObject(item)) return 'state.item must be an object or null';
	if (!isCount(item.index) || !isCount(item.count) || item.index >= item.count) return 'state.item needs index < count';
	if (!isText(item.title)) return 'state.item.title must be text';
	if (!ITEM_STATUSES.includes(item.status as ConsoleItemStatus)) return 'state.item.status is not an item status';
	if (!isMs(item.elapsedMs) || !isMs(item.plannedMs)) return 'state.item needs elapsedMs and plannedMs';
	return {
		index: item.index,
		count: item.count,
		title: cleanText(item.title),
		status: item.status as ConsoleItemStatus,
		elapsedMs: item.elapsedMs,
		plannedMs: item.plannedMs,
	};
}

function parseSpeakers(speakers: unknown): ConsoleSpeakers | null | string {
	if (speakers === null) return null;
	if (!isObject(speakers)) return 'state.speakers must be an object or null';
	if (!isMs(speakers.budgetMs) || !isCount(speakers.queueLength) || typeof speakers.spoke !== 'boolean')
		return 'state.speakers needs budgetMs, queueLength and spoke';
	if (!orNull(isCount)(speakers.ahead) || (speakers.ahead !== null && speakers.ahead >= speakers.queueLength))
		return 'state.speakers.ahead must be a place in the queue or null';
	const speaking = speakers.speaking;
	if (speaking !== null) {
		if (
			!isObject(speaking) ||
			!isSiteId(speaking.site) ||
			!isText(speaking.name) ||
			!isMs(speaking.elapsedMs) ||
			typeof speaking.running !== 'boolean'
		) {
			return 'state.speakers.speaking needs site, name, elapsedMs and running';
		}
	}
	return {
		budgetMs: speakers.budgetMs,
		queueLength: speakers.queueLength,
		ahead: speakers.ahead,
		spoke: speakers.spoke,
		speaking:
			speaking === null
				? null
				: {
						site: speaking.site as string,
						name: cleanText(speaking.name as string),
						elapsedMs: speaking.elapsedMs as number,
						running: speaking.running as boolean,
					},
	};
}

function parseRoster(roster: unknown): ConsoleRosterEntry[] | string {
	if (!Array.isArray(roster) || roster.length > MAX_ROSTER) return `state.roster must be a list of at most ${MAX_ROSTER}`;
	const out: ConsoleRosterEntry[] = [];
	for (const [index, entry] of roster.entries()) {
		if (!isObject(entry) || !isText(entry.role)) return `state.roster[${index}] needs a role`;
		if (entry.status !== null && !isCheckinStatus(entry.status))
			return `state.roster[${index}].status must be present, late, absent or null`;
		if (entry.reason !== undefined && !isText(entry.reason)) return `state.roster[${index}].reason must be text`;
		if (entry.by !== undefined && entry.by !== 'site' && entry.by !== 'hub') return `state.roster[${index}].by must be site or hub`;
		const clean: ConsoleRosterEntry = {role: cleanText(entry.role), status: entry.status};
		if (entry.reason !== undefined && entry.status === 'absent') clean.reason = cleanText(entry.reason);
		if (entry.by !== undefined) clean.by = entry.by;
		out.push(clean);
	}
	return out;
}

/** Validate (and clean) a `state` frame already parsed from JSON. */
export function parseStateMessage(data: unknown): ConsoleParse<StateMessage> {
	if (!isObject(data) || data.type !== 'state') return {ok: false, reason: 'not a state message'};
	if (data.v !== 1) return {ok: false, reason: 'state: unsupported version'};
	if (!isCount(data.seq)) return {ok: false, reason: 'state.seq must be a whole number'};
	const session = data.session;
	if (!isObject(session) || !isText(session.title) || typeof session.started !== 'boolean' || typeof session.ended !== 'boolean') {
		return {ok: false, reason: 'state.session needs title, started and ended'};
	}
	const link = parseLink(data.link);
	if (typeof link === 'string') return {ok: false, reason: link};
	const item = parseItem(data.item);
	if (typeof item === 'string') return {ok: false, reason: item};
	const speakers = parseSpeakers(data.speakers);
	if (typeof speakers === 'string') return {ok: false, reason: speakers};
	const roster = parseRoster(data.roster);
	if (typeof roster === 'string') return {ok: false, reason: roster};
	if (data.name !== undefined && !isText(data.name)) return {ok: false, reason: 'state.name must be text'};
	const name = typeof data.name === 'string' && cleanText(data.name) ? {name: cleanText(data.name)} : {};
	return {
		ok: true,
		message: {
			type: 'state',
			v: 1,
			seq: data.seq,
			...name,
			session: {title: cleanText(session.title), started: session.started, ended: session.ended},
			link,
			item,
			speakers,
			roster,
		},
	};
}

/** Validate a `checkin` from a site's console; `rosterSize` is the site's own roster, the only one it may mark. */
export function parseCheckin(data: unknown, rosterSize: number): CheckinParse {
	if (!isObject(data) || data.type !== 'checkin') return {ok: false, reason: 'not a checkin message', field: 'message'};
	if (typeof data.id !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(data.id))
		return {ok: false, reason: `checkin.id must be 1–${MAX_ID} letters, digits, - or _`, field: 'id'};
	if (!isCount(data.role) || data.role >= rosterSize)
		return {ok: false, reason: `checkin.role must be a role of this site's roster (0–${rosterSize - 1})`, field: 'role'};
	if (!isCheckinStatus(data.status)) return {ok: false, reason: 'checkin.status must be present, late or absent', field: 'status'};
	if (data.reason !== undefined && !isText(data.reason)) return {ok: false, reason: 'checkin.reason must be text', field: 'reason'};
	const message: ConsoleCheckinMessage = {type: 'checkin', id: data.id, role: data.role, status: data.status};
	if (data.status === 'absent' && typeof data.reason === 'string' && cleanText(data.reason)) message.reason = cleanText(data.reason);
	return {ok: true, message};
}

const MARKS: readonly string[] = ['present', 'late', 'absent'];
const CHECKIN_FIELDS: readonly CheckinField[] = ['message', 'id', 'role', 'status', 'reason'];

/** A checkin refusal's code and parameters, when it is one the console can word (else null: it shows `reason`). */
export function parseRefusal(value: unknown): Refusal | null {
	if (!isObject(value) || !(CHECKIN_REFUSALS as readonly unknown[]).includes(value.code)) return null;
	const text = (key: string) => (isText(value[key]) ? cleanText(value[key] as string) : null);
	switch (value.code as (typeof CHECKIN_REFUSALS)[number]) {
		case 'session-ended':
		case 'not-marked':
		case 'hub-stopping':
			return {code: value.code as 'session-ended' | 'not-marked' | 'hub-stopping'};
		case 'no-role': {
			const site = text('site');
			return site !== null && isCount(value.role) ? {code: 'no-role', site, role: value.role} : null;
		}
		case 'already-marked':
			return MARKS.includes(value.status as string)
				? {code: 'already-marked', status: value.status as 'present' | 'late' | 'absent'}
				: null;
		case 'unknown-site': {
			const site = text('site');
			return site !== null ? {code: 'unknown-site', site} : null;
		}
		case 'journal-write-failed': {
			const failure = isObject(value.failure) ? value.failure : null;
			const field = (key: string) => (failure && isText(failure[key]) ? cleanText(failure[key] as string) : null);
			const file = field('file');
			if (file === null) return null;
			if (failure!.closed === true) return {code: 'journal-write-failed', failure: {file, closed: true}};
			const error = field('error');
			const errno = field('errno');
			return error !== null ? {code: 'journal-write-failed', failure: {file, error, ...(errno ? {errno} : {})}} : null;
		}
		case 'bad-checkin':
			return (CHECKIN_FIELDS as readonly unknown[]).includes(value.field)
				? {code: 'bad-checkin', field: value.field as CheckinField}
				: null;
	}
}

/** Validate a `checkin-ack` from the hub. */
export function parseCheckinAck(data: unknown): ConsoleParse<CheckinAckMessage> {
	if (!isObject(data) || data.type !== 'checkin-ack') return {ok: false, reason: 'not a checkin-ack message'};
	if (typeof data.id !== 'string' || data.id.length === 0 || data.id.length > MAX_ID)
		return {ok: false, reason: 'checkin-ack.id must be a checkin id'};
	if (data.ok === true) {
		if (!isCount(data.role) || !isCheckinStatus(data.status)) return {ok: false, reason: 'checkin-ack needs role and status'};
		return {ok: true, message: {type: 'checkin-ack', id: data.id, ok: true, role: data.role, status: data.status}};
	}
	if (data.ok === false && isText(data.reason)) {
		const refusal = parseRefusal(data.refusal);
		return {
			ok: true,
			message: {type: 'checkin-ack', id: data.id, ok: false, reason: cleanText(data.reason), ...(refusal ? {refusal} : {})},
		};
	}
	return {ok: false, reason: 'checkin-ack needs ok, and a reason when refused'};
}

/** Validate a `console` (open/closed) notice from an agent. */
export function parseConsoleOpen(data: unknown): ConsoleParse<ConsoleOpenMessage> {
	if (!isObject(data) || data.type !== 'console' || typeof data.open !== 'boolean')
		return {ok: false, reason: 'console needs open: true or false'};
	return {ok: true, message: {type: 'console', open: data.open}};
}
