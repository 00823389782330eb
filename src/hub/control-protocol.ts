import type {JournalFailure} from '../model/meeting/refusals.js';
import {Buffer} from 'node:buffer';
import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';
import path from 'node:path';
import {z} from 'zod';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import type {IntentOutcome} from './meeting.js';
import type {Intent} from '../model/meeting/intents.js';
import {cleanText} from '../model/sanitize.js';
import type {LinkSnapshot} from '../model/link/link-stats.js';
import type {Plan, PlanIdentity} from '../model/plan/plan.js';
import type {SessionEvent, SessionState} from '../model/meeting/session.js';

// The control channel's protocol: JSON lines over a Unix socket (Linux, macOS) or a named pipe
// (Windows), at an address derived from the journal's path and the user's control key (see
// controlAddresses). A screen says hello with its role and a fresh nonce; the core answers with a
// challenge, a fresh nonce of its own; the screen answers with its proof, an HMAC under the user's
// control key over the role and both nonces; only then does the core answer with its own proof
// over the same (so each side knows the other holds the key, and a proof recorded on one
// connection is worth nothing on the next, whose nonces are new) and everything a screen draws
// from (the plan, the meeting's state, every link), then streams what changes: journalled event
// batches at once, link figures at most a few times a second. Only operator screens send intents.
// The same exchange on a Unix socket and on a Windows named pipe.

/** Names the protocol in the hello and the welcome: anything else on the socket is not a diemcau hub. */
export const CONTROL_PROTOCOL = 'diemcau.control.v3';
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
export type ClientMessage =
	| {type: 'hello'; protocol: string; role: Role; name?: string; nonce?: string}
	| {type: 'proof'; proof: string}
	| {type: 'intent'; id: number; intent: Intent};

/** What the core sends. */
export type ServerMessage =
	| {type: 'challenge'; protocol: string; nonce: string}
	| {
			type: 'welcome';
			protocol: string;
			proof: string;
			screen: string;
			role: Role;
			identity: PlanIdentity;
			plan: Plan;
			journal: string;
			state: SessionState;
			journalError: string | null;
			/** The failure as data, for the screen's own language (absent from a hub of an older version). */
			journalFailure?: JournalFailure | null;
			now: number;
			sites: WireSite[];
	  }
	| {type: 'events'; events: SessionEvent[]}
	| {type: 'meeting'; journalError: string | null; journalFailure?: JournalFailure | null}
	| {type: 'links'; now: number; sites: WireSite[]}
	| {type: 'outcome'; id: number; outcome: IntentOutcome}
	| {type: 'refused'; why: string; code?: 'protocol' | 'key' | 'full'}
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
	z.object({
		type: z.literal('mark-attendance'),
		site,
		role: z.number().int().nonnegative(),
		status: z.enum(['present', 'late', 'absent', 'unmarked']),
		reason: z.string().max(500).optional(),
	}),
	z.object({type: z.literal('note'), text: z.string().max(2000)}),
	z.object({type: z.literal('end-session')}),
]);
const clientSchema = z.discriminatedUnion('type', [
	z.object({
		type: z.literal('hello'),
		protocol: z.string().max(100),
		role: z.enum(['operator', 'viewer']),
		name: z.string().max(100).optional(),
		nonce: z
			.string()
			.regex(/^[0-9a-f]{32,128}$/)
			.optional(),
	}),
	z.object({type: z.literal('proof'), proof: z.string().regex(/^[0-9a-f]{64}$/)}),
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

/** Where this system keeps a user's runtime files (see controlPlace in control-channel.ts). */
export interface ControlPlace {
	platform: NodeJS.Platform;
	/** $XDG_RUNTIME_DIR when set (Linux: /run/user/UID, a 0700 folder the system empties at logout). */
	runtimeDir?: string;
	/** The temporary folder (os.tmpdir(): $TMPDIR, else /tmp). */
	tmpDir: string;
	/** The user's id (POSIX), in the temporary folder's name. */
	uid?: number;
}

/** A place a hub's control channel can be: a Unix socket in a per-user folder, or a named pipe. */
export type ControlAddress = {kind: 'unix'; path: string; folder: string} | {kind: 'pipe'; path: string};

/** A named pipe's path (`\\.\pipe\NAME`), which has no file behind it to check. */
export function isPipePath(file: string): boolean {
	return /^[\\/]{2}[.?][\\/]pipe[\\/]/i.test(file);
}

/**
 * The channel's name for a journal: an HMAC of the journal's absolute path under the user's
 * control key. It is short (20 hex digits), the same for the hub and `attach` of one user and one
 * journal, different for every journal, and another user cannot work it out (the key is theirs
 * to read only), so they cannot take the name first. Windows paths are compared without case.
 */
export function controlName(key: string, journal: string, platform: NodeJS.Platform): string {
	const normal = platform === 'win32' ? path.win32.normalize(journal).toLowerCase() : path.posix.normalize(journal);
	return createHmac('sha256', key).update(`diemcau control channel\0${normal}`).digest('hex').slice(0, 20);
}

/**
 * Every place a hub's control channel for `journal` may be, in the order a hub tries them and
 * `attach` looks: on Windows the named pipe `\\.\pipe\diemcau-NAME`; elsewhere `NAME.sock` in
 * the runtime folder ($XDG_RUNTIME_DIR/diemcau), else in `/tmp/diemcau-UID`, else in the
 * temporary folder's `diemcau-UID`. Never derived from the journal's folder, so never longer
 * than a Unix socket takes (places that would be are left out). Pure: `journal` is absolute.
 */
export function controlAddresses(journal: string, key: string, place: ControlPlace): ControlAddress[] {
	const name = controlName(key, journal, place.platform);
	if (place.platform === 'win32') return [{kind: 'pipe', path: `\\\\.\\pipe\\diemcau-${name}`}];
	const user = `diemcau-${place.uid ?? 'user'}`;
	const folders = [
		...(place.runtimeDir && path.posix.isAbsolute(place.runtimeDir) ? [path.posix.join(place.runtimeDir, 'diemcau')] : []),
		path.posix.join('/tmp', user),
		...(path.posix.isAbsolute(place.tmpDir) ? [path.posix.join(place.tmpDir, user)] : []),
	];
	return [...new Set(folders)]
		.map(folder => ({kind: 'unix' as const, folder, path: path.posix.join(folder, `${name}.sock`)}))
		.filter(address => Buffer.byteLength(address.path) <= MAX_SOCKET_PATH);
}

/** One connection's exchange: the role the screen asked for, the screen's nonce (its hello's), the hub's (its challenge's). */
export interface ControlExchange {
	role: Role;
	screen: string;
	hub: string;
}

/** A fresh nonce for a hello or a challenge (16 random bytes, hex). */
export function controlNonce(): string {
	return randomBytes(16).toString('hex');
}

/**
 * A side's proof for one connection: HMAC-SHA256 under the user's control key over the side, the
 * role and both nonces. The screen's goes in its `proof` line, the hub's in its welcome; each
 * answers the other side's fresh nonce, so neither can be replayed on another connection, and
 * the side in it keeps one side's proof from passing as the other's.
 */
export function controlProof(key: string, side: 'screen' | 'hub', exchange: ControlExchange): string {
	return createHmac('sha256', key).update(`diemcau control ${side}\0${exchange.role}\0${exchange.screen}\0${exchange.hub}`).digest('hex');
}

/** True when `proof` is the side's proof for the exchange (compared in constant time). */
export function proofMatches(key: string, side: 'screen' | 'hub', exchange: ControlExchange, proof: unknown): boolean {
	if (typeof proof !== 'string') return false;
	const expected = Buffer.from(controlProof(key, side, exchange));
	const given = Buffer.from(proof);
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Refuse a socket path the kernel cannot bind (too long), saying what to do. */
export function checkSocketPath(file: string): void {
	if (isPipePath(file)) return;
	const bytes = Buffer.byteLength(file);
	if (bytes > MAX_SOCKET_PATH) {
		throw new DiemcauError('DIEMCAU_CONTROL_PATH', says('control-path-long', {file, bytes, max: MAX_SOCKET_PATH}));
	}
}

/**
 * Every text in a message from the control channel, made safe for a terminal: a string with a
 * control character, bidi override or lone surrogate goes through the one sanitiser (cleanText);
 * the others are kept as they are, so names and titles still compare equal to the plan's.
 */
export function cleanWire<T>(value: T): T {
	if (typeof value === 'string') return (UNSAFE.test(value) ? cleanText(value, Number.POSITIVE_INFINITY) : value) as T;
	if (Array.isArray(value)) {
		let copy: unknown[] | null = null;
		for (let i = 0; i < value.length; i++) {
			const item: unknown = value[i];
			const clean = cleanWire(item);
			if (clean !== item) (copy ??= [...value])[i] = clean;
		}
		return (copy ?? value) as T;
	}
	if (value !== null && typeof value === 'object') {
		let copy: Record<string, unknown> | null = null;
		for (const [field, item] of Object.entries(value as Record<string, unknown>)) {
			const cleanField = cleanWire(field);
			const clean = cleanWire(item);
			if (clean !== item || cleanField !== field) {
				copy ??= {...(value as Record<string, unknown>)};
				if (cleanField !== field) delete copy[field];
				copy[cleanField] = clean;
			}
		}
		return (copy ?? value) as T;
	}
	return value;
}

// What cleanText would remove: C0/C1 controls, DEL, bidi marks, overrides and isolates, line and
// paragraph separators, zero-width characters and the BOM, and surrogates (checked by cleanText).
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/;

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
