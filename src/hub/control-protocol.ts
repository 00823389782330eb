import {Buffer} from 'node:buffer';
import path from 'node:path';
import {z} from 'zod';
import {DiemcauError} from '../cli/errors.js';
import type {IntentOutcome} from './meeting.js';
import type {Intent} from '../model/meeting/intents.js';
import type {LinkSnapshot} from '../model/link/link-stats.js';
import type {Plan, PlanIdentity} from '../model/plan/plan.js';
import type {SessionEvent, SessionState} from '../model/meeting/session.js';

// The control socket's protocol: JSON lines over a Unix socket next to the journal. A screen
// says hello with its role; the core answers with everything a screen draws from (the plan, the
// meeting's state, every link) and then streams what changes: journalled event batches at
// once, link figures at most a few times a second. Only operator screens send intents.

/** Names the protocol in the hello and the welcome: anything else on the socket is not a diemcau hub. */
export const CONTROL_PROTOCOL = 'diemcau.control.v1';
/** Longest line a screen may send (intents are small). */
export const MAX_CLIENT_LINE = 64 * 1024;
/** Longest line the core may send (the welcome of 2,000 sites is a few MB). */
export const MAX_SERVER_LINE = 64 * 1024 * 1024;
/** Sparkline entries per site in the welcome (the table draws at most 60; later frames add to it). */
export const WELCOME_HISTORY = 240;
/** Longest a Unix socket path may be on Linux (sun_path is 108 bytes with its NUL). */
export const MAX_SOCKET_PATH = 107;

/** A screen's role: an operator's keys change the meeting, a viewer's never do. */
export type Role = 'operator' | 'viewer';

/** One site's link on the wire: the snapshot (monotonic times are the core's) and new sparkline entries. */
export interface WireSite {
	id: string;
	link: LinkSnapshot;
	/** Sparkline entries recorded since the previous frame (all kept ones in the welcome), oldest first. */
	history: (number | null)[];
	/** Entries recorded in all (to tell a repeat from a new one). */
	total: number;
}

/** What a screen sends. */
export type ClientMessage = {type: 'hello'; protocol: string; role: Role; name?: string} | {type: 'intent'; id: number; intent: Intent};

/** What the core sends. */
export type ServerMessage =
	| {type: 'welcome'; protocol: string; screen: string; role: Role; identity: PlanIdentity; plan: Plan; journal: string; state: SessionState; journalError: string | null; now: number; sites: WireSite[]}
	| {type: 'events'; events: SessionEvent[]}
	| {type: 'meeting'; journalError: string | null}
	| {type: 'links'; now: number; sites: WireSite[]}
	| {type: 'outcome'; id: number; outcome: IntentOutcome}
	| {type: 'refused'; why: string}
	| {type: 'bye'; why: string};

const site = z.string().min(1).max(200);
const intentSchema = z.discriminatedUnion('type', [
	z.object({type: z.literal('toggle-item')}),
	z.object({type: z.literal('next-item')}),
	z.object({type: z.literal('previous-item')}),
	z.object({type: z.literal('extend-item'), minutes: z.union([z.literal(1), z.literal(-1)])}),
	z.object({type: z.literal('skip-item')}),
	z.object({type: z.literal('next-speaker')}),
	z.object({type: z.literal('end-speaker')}),
	z.object({type: z.literal('skip-speaker')}),
	z.object({type: z.literal('move-speaker'), site, delta: z.number().int().min(-10_000).max(10_000)}),
	z.object({type: z.literal('queue-speaker'), site}),
	z.object({type: z.literal('drop-speaker'), site}),
	z.object({type: z.literal('mark-attendance'), site, role: z.number().int().nonnegative(), status: z.enum(['present', 'late', 'absent', 'unmarked']), reason: z.string().max(500).optional()}),
	z.object({type: z.literal('note'), text: z.string().max(2000)}),
	z.object({type: z.literal('end-session')}),
]);
const clientSchema = z.discriminatedUnion('type', [
	z.object({type: z.literal('hello'), protocol: z.string().max(100), role: z.enum(['operator', 'viewer']), name: z.string().max(100).optional()}),
	z.object({type: z.literal('intent'), id: z.number().int().nonnegative(), intent: intentSchema}),
]);

/** A screen's line as a message, or why it is not one. */
export function parseClientMessage(line: string): ClientMessage | {problem: string} {
	let data: unknown;
	try {
		data = JSON.parse(line);
	} catch {
		return {problem: 'not JSON'};
	}
	const parsed = clientSchema.safeParse(data);
	if (!parsed.success) return {problem: parsed.error.issues[0]?.message ?? 'not a message'};
	return parsed.data as ClientMessage;
}

/** The core's line as a message, or null when it is not one (a foreign socket). */
export function parseServerMessage(line: string): ServerMessage | null {
	let data: unknown;
	try {
		data = JSON.parse(line);
	} catch {
		return null;
	}
	if (data === null || typeof data !== 'object' || typeof (data as {type?: unknown}).type !== 'string') return null;
	return data as ServerMessage;
}

/** The control socket beside a journal: the same name with `.sock` for `.jsonl`. */
export function controlPathFor(journal: string): string {
	const file = path.resolve(journal);
	return file.endsWith('.jsonl') ? `${file.slice(0, -'.jsonl'.length)}.sock` : `${file}.sock`;
}

/** Refuse a socket path the kernel cannot bind (too long), saying what to do. */
export function checkSocketPath(file: string): void {
	const bytes = Buffer.byteLength(file);
	if (bytes > MAX_SOCKET_PATH) {
		throw new DiemcauError('DIEMCAU_CONTROL_PATH', `the control socket path ${file} is ${bytes} bytes, more than a Unix socket takes (${MAX_SOCKET_PATH}): choose a shorter one with --control PATH.`);
	}
}

/**
 * Split a stream into lines of at most `max` bytes: `onLine` for each, `onOverflow` once when a
 * line grows past the limit (the peer is then cut off, so memory stays bounded).
 */
export function lineSplitter(max: number, onLine: (line: string) => void, onOverflow: () => void): (chunk: Buffer) => void {
	let parts: Buffer[] = [];
	let size = 0;
	let dead = false;
	return chunk => {
		if (dead) return;
		let start = 0;
		for (;;) {
			const end = chunk.indexOf(10, start);
			if (end < 0) break;
			const piece = chunk.subarray(start, end);
			if (size + piece.length > max) {
				dead = true;
				onOverflow();
				return;
			}
			const line = parts.length === 0 ? piece.toString('utf8') : Buffer.concat([...parts, piece]).toString('utf8');
			parts = [];
			size = 0;
			start = end + 1;
			if (line.length > 0) onLine(line);
			if (dead) return;
		}
		const rest = chunk.subarray(start);
		if (rest.length === 0) return;
		if (size + rest.length > max) {
			dead = true;
			onOverflow();
			return;
		}
		parts.push(Buffer.from(rest));
		size += rest.length;
	};
}
