import type {CheckinStatus, ConsoleGrade, ConsoleItemStatus, StateMessage} from './console-state.js';
import type {AgentNotice} from '../agent-notice.js';
import {warningThresholdMs, type TimingPhase} from './session-view.js';
import type {Refusal} from './refusals.js';

// The site console's view model (DESIGN.md "The site console"): the last `state` the hub sent,
// the connection to the hub and the console's own unacknowledged check-ins, folded into what the
// commune's screen shows at `now`. Pure: `now` and `receivedAt` are the console's monotonic ms;
// the hub sends durations only (never its clock), and a running timer moves on from the moment
// its state arrived.

/** A state older than this (while connected) is flagged as not live. */
export const STALE_AFTER_MS = 3000;

/** The agent's connection to the hub, as the wiring knows it. */
export interface ConsoleConnection {
	/** waiting: no hub yet (dial-in: none has called; dial-out: dialling); connected: authenticated; lost: it was, it is not. */
	state: 'waiting' | 'connected' | 'lost';
	/** Monotonic ms the connection entered this state. */
	since: number;
	/** The hub's address, when known. */
	hub?: string;
}

/** A check-in the console sent and the hub has not acknowledged yet. */
export interface PendingCheckin {
	id: string;
	role: number;
	status: CheckinStatus;
	reason?: string;
}

/** Everything the view is computed from. */
export interface ConsoleInput {
	site: {id: string; name: string};
	connection: ConsoleConnection;
	state: StateMessage | null;
	/** Monotonic ms `state` arrived. */
	receivedAt: number | null;
	pending: readonly PendingCheckin[];
	/** The last mark not taken (by the console itself or by the hub), shown until the next mark. */
	refusal?: ConsoleRefusal | null;
	/** The agent's own last word about its connection (a refused proof, a hub that cannot be reached), cleaned. */
	notice?: string | AgentNotice | null;
	now: number;
}

/** The site's own turn in the speaker queue, or why there is none. */
export type ConsoleTurn =
	| {kind: 'speaking'; elapsedMs: number; budgetMs: number; remainingMs: number; over: boolean; warning: boolean; paused: boolean}
	| {kind: 'queued'; ahead: number; speakerName: string | null}
	/** Not in the queue (`spoke`: it had its turn already); someone else may be on the floor. */
	| {kind: 'not-queued'; spoke: boolean; speakerName: string | null}
	| {kind: 'none'};

/** One role of the roll call. `pending` is a mark sent and not yet confirmed by the hub. */
export interface ConsoleRollRow {
	role: number;
	name: string;
	status: CheckinStatus | null;
	reason?: string;
	by?: 'site' | 'hub';
	pending: CheckinStatus | null;
}

/** What the site console shows. */
export interface ConsoleView {
	siteName: string;
	title: string | null;
	connection: {state: ConsoleConnection['state']; forMs: number; hub: string | null};
	/** Connected, but the last state is older than STALE_AFTER_MS (or none came yet): figures not live. */
	stale: boolean;
	/** Age of the state shown, ms; null when none. */
	stateAgeMs: number | null;
	link: {
		grade: ConsoleGrade;
		rttMs: number | null;
		lossUpPct: number | null;
		lossDownPct: number | null;
		probeLossPct: number | null;
		udp: 'ok' | 'blocked' | 'off';
		lastHeardMs: number | null;
	} | null;
	session: {started: boolean; ended: boolean};
	item: {
		index: number;
		count: number;
		title: string;
		status: ConsoleItemStatus;
		elapsedMs: number;
		plannedMs: number;
		remainingMs: number;
		phase: TimingPhase;
	} | null;
	turn: ConsoleTurn;
	roll: ConsoleRollRow[];
	counts: {present: number; late: number; absent: number; unmarked: number; total: number};
	refusal: ConsoleRefusal | null;
	/** Why the agent is not connected, in its log's words; shown only while not connected. */
	notice: string | AgentNotice | null;
}

/** A mark not taken: refused before sending (a code the screen words), or by the hub (its reason, cleaned). */
export type ConsoleRefusal = {by: 'console'; code: CheckinRefusal} | {by: 'hub'; reason: string; refusal?: Refusal};

function phaseOf(status: ConsoleItemStatus, elapsedMs: number, plannedMs: number): TimingPhase {
	if (status !== 'running') return status;
	if (elapsedMs > plannedMs) return 'overrun';
	return plannedMs - elapsedMs <= warningThresholdMs(plannedMs) ? 'warning' : 'running';
}

function turnOf(state: StateMessage, siteId: string, sinceMs: number): ConsoleTurn {
	const speakers = state.speakers;
	if (!speakers) return {kind: 'none'};
	const speaking = speakers.speaking;
	if (speaking && speaking.site === siteId) {
		const elapsedMs = speaking.elapsedMs + (speaking.running ? sinceMs : 0);
		const remainingMs = speakers.budgetMs - elapsedMs;
		return {
			kind: 'speaking',
			elapsedMs,
			budgetMs: speakers.budgetMs,
			remainingMs,
			over: remainingMs < 0,
			warning: remainingMs <= warningThresholdMs(speakers.budgetMs),
			paused: !speaking.running,
		};
	}
	if (speakers.ahead !== null) return {kind: 'queued', ahead: speakers.ahead, speakerName: speaking?.name ?? null};
	return {kind: 'not-queued', spoke: speakers.spoke, speakerName: speaking?.name ?? null};
}

/** The console's screen at `now`. */
export function siteConsoleView(input: ConsoleInput): ConsoleView {
	const {state, now} = input;
	const sinceMs = state && input.receivedAt !== null ? Math.max(0, now - input.receivedAt) : 0;
	const connected = input.connection.state === 'connected';
	const item = state?.item ?? null;
	const itemElapsed = item ? item.elapsedMs + (item.status === 'running' ? sinceMs : 0) : 0;
	const pendingByRole = new Map<number, PendingCheckin>();
	for (const mark of input.pending) pendingByRole.set(mark.role, mark); // the latest mark of a role wins
	const roll: ConsoleRollRow[] = (state?.roster ?? []).map((entry, role) => {
		const mark = pendingByRole.get(role);
		// A mark the hub already shows is no longer pending, acknowledged or not.
		const pending =
			mark && !(mark.status === entry.status && (mark.status !== 'absent' || (mark.reason ?? '') === (entry.reason ?? '')))
				? mark.status
				: null;
		const row: ConsoleRollRow = {role, name: entry.role, status: entry.status, pending};
		if (entry.reason !== undefined) row.reason = entry.reason;
		if (entry.by !== undefined) row.by = entry.by;
		return row;
	});
	const counts = {present: 0, late: 0, absent: 0, unmarked: 0, total: roll.length};
	for (const row of roll) counts[row.status ?? 'unmarked']++;
	const link = state?.link;
	return {
		siteName: state?.name ?? input.site.name,
		title: state?.session.title ?? null,
		connection: {state: input.connection.state, forMs: Math.max(0, now - input.connection.since), hub: input.connection.hub ?? null},
		stale: connected && (state === null || sinceMs > STALE_AFTER_MS),
		stateAgeMs: state ? sinceMs : null,
		link: link
			? {
					grade: connected ? link.grade : 'unknown',
					rttMs: link.rttMs,
					lossUpPct: link.lossPct.up,
					lossDownPct: link.lossPct.down,
					probeLossPct: link.probeLossPct,
					udp: link.udp,
					lastHeardMs: link.lastHeardMs === null ? null : link.lastHeardMs + sinceMs,
				}
			: null,
		session: {started: state?.session.started ?? false, ended: state?.session.ended ?? false},
		item: item
			? {
					index: item.index,
					count: item.count,
					title: item.title,
					status: item.status,
					elapsedMs: itemElapsed,
					plannedMs: item.plannedMs,
					remainingMs: item.plannedMs - itemElapsed,
					phase: phaseOf(item.status, itemElapsed, item.plannedMs),
				}
			: null,
		turn: state ? turnOf(state, input.site.id, sinceMs) : {kind: 'none'},
		roll,
		counts,
		refusal: input.refusal ?? null,
		notice: connected ? null : (input.notice ?? null),
	};
}

/** What the console asks of the hub: a mark of one of its own roster's roles. */
export interface CheckinIntent {
	type: 'checkin';
	role: number;
	status: CheckinStatus;
	reason?: string;
}

/** Everything the console's keys can ask: a mark of its own roster, or to close the screen. */
export type ConsoleIntent = CheckinIntent | {type: 'quit'};

/** Why the console will not send a mark (the screen words it in its language). */
export type CheckinRefusal = 'not-connected' | 'ended' | 'no-role' | 'already' | 'waiting';
/** Every refusal of decideCheckin (the wording test walks them). */
export const CHECKIN_REFUSALS: readonly CheckinRefusal[] = ['not-connected', 'ended', 'no-role', 'already', 'waiting'];

/**
 * Check a roll-call mark before sending it: the intent to send, or why not. The hub checks again
 * and journals it; this only spares the wire what cannot be accepted.
 */
export function decideCheckin(
	view: ConsoleView,
	intent: CheckinIntent,
): {ok: true; intent: CheckinIntent} | {ok: false; refusal: CheckinRefusal} {
	const refuse = (refusal: CheckinRefusal) => ({ok: false, refusal}) as const;
	if (view.connection.state !== 'connected') return refuse('not-connected');
	if (view.session.ended) return refuse('ended');
	const row = view.roll[intent.role];
	if (!row) return refuse('no-role');
	const reason = intent.status === 'absent' ? intent.reason?.trim() || undefined : undefined;
	if (row.pending === intent.status) return refuse('waiting');
	if (row.pending === null && row.status === intent.status && (intent.status !== 'absent' || row.reason === reason))
		return refuse('already');
	return {
		ok: true,
		intent: reason
			? {type: 'checkin', role: intent.role, status: intent.status, reason}
			: {type: 'checkin', role: intent.role, status: intent.status},
	};
}
