// The site console's messages as data (DESIGN.md "The site console"): what the hub sends one
// site (`state`, `checkin-ack`) and what the site sends back (`checkin`). Types only, in the model
// so the view model and the hub's builder use them; the wire's validators are in
// probes/console-protocol.ts.

import type {Refusal, RefusalCode} from './refusals.js';

/** A link grade as the hub shows it; 'unknown' before its first answered probe, 'measuring' while up without enough evidence for a grade. */
export type ConsoleGrade = 'good' | 'fair' | 'poor' | 'measuring' | 'down' | 'unknown';
export type ConsoleItemStatus = 'pending' | 'running' | 'paused' | 'ended' | 'skipped';
export type CheckinStatus = 'present' | 'late' | 'absent';

/** The refusal codes a checkin-ack may carry (what the hub's core can answer a site's mark). */
export const CHECKIN_REFUSALS = [
	'session-ended',
	'no-role',
	'already-marked',
	'not-marked',
	'unknown-site',
	'hub-stopping',
	'journal-write-failed',
	'bad-checkin',
] as const satisfies readonly RefusalCode[];

/** This site's link as the hub measures it. Durations are as of sending; the console adds its own elapsed time. */
export interface ConsoleLink {
	grade: ConsoleGrade;
	/** Last RTT in ms, null before any answer. */
	rttMs: number | null;
	/** UDP packet loss, up = hub → site, down = site → hub; null where not measured. */
	lossPct: {up: number | null; down: number | null};
	/** Probes not answered in time, % of the window; null before any probe. */
	probeLossPct: number | null;
	/** How long before sending the hub last heard this site (ms); null: never. */
	lastHeardMs: number | null;
	udp: 'ok' | 'blocked' | 'off';
}

/** The item in focus at the hub. */
export interface ConsoleItem {
	/** 0-based position in the agenda, and the agenda's length. */
	index: number;
	count: number;
	title: string;
	status: ConsoleItemStatus;
	/** Run time (pauses excluded) and planned length, as of sending. */
	elapsedMs: number;
	plannedMs: number;
}

/** The speaker queue of the item in focus, seen from this site. */
export interface ConsoleSpeakers {
	budgetMs: number;
	queueLength: number;
	/** Sites that speak before this one; null when this site is not queued. */
	ahead: number | null;
	/** This site has had its turn in this item (it may be queued again after a skip). */
	spoke: boolean;
	/** The site on the floor (perhaps this one), its time as of sending; `running` false while the item is paused. */
	speaking: {site: string; name: string; elapsedMs: number; running: boolean} | null;
}

/** One role of this site's roster and its mark at the hub. */
export interface ConsoleRosterEntry {
	role: string;
	status: CheckinStatus | null;
	reason?: string;
	/** Who made the mark: the site's own console or the hub's operator. */
	by?: 'site' | 'hub';
}

/** Hub → agent: what the town hall sees of this site, now. */
export interface StateMessage {
	type: 'state';
	v: 1;
	/** Increases with every state the hub sends this site; an older one is ignored. */
	seq: number;
	/** This site's name in the plan (the agent knows only its id); absent from hubs before it was added. */
	name?: string;
	session: {title: string; started: boolean; ended: boolean};
	link: ConsoleLink;
	item: ConsoleItem | null;
	speakers: ConsoleSpeakers | null;
	roster: ConsoleRosterEntry[];
}

/** Agent → hub: a mark of one role of the site's own roster (role = index in the roster). */
export interface ConsoleCheckinMessage {
	type: 'checkin';
	id: string;
	role: number;
	status: CheckinStatus;
	reason?: string;
}

/**
 * Hub → agent: the checkin `id` was journalled (ok) or refused, with why: `reason` in English,
 * and `refusal` as a code with parameters (src/model/meeting/refusals.ts) the console words in its own
 * language (one of CHECKIN_REFUSALS; a console that does not know the code shows `reason`).
 */
export type CheckinAckMessage =
	| {type: 'checkin-ack'; id: string; ok: true; role: number; status: CheckinStatus}
	| {type: 'checkin-ack'; id: string; ok: false; reason: string; refusal?: Refusal};

/**
 * Agent → hub: the site's console opened (or closed). The hub sends `state` only to agents whose
 * console is open, so thousands of quiet agents cost it nothing.
 */
export interface ConsoleOpenMessage {
	type: 'console';
	open: boolean;
}

export type ConsoleMessage = StateMessage | ConsoleCheckinMessage | CheckinAckMessage | ConsoleOpenMessage;
