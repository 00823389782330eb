import type {Grade} from '../link/grade.js';
import type {LinkReason} from '../link/link-reasons.js';
import {speakerSites, type Plan} from '../plan/plan.js';

// The meeting as a fold of events (DESIGN.md "Session state"). Pure: no clock, no I/O.
// Every time is an epoch-ms wall-clock value carried by the events, so timers survive a
// restart: replaying the journal rebuilds the same state, and selectors (session-view.ts)
// derive elapsed and remaining times from these values and a `now` passed in.

/** What the session model needs from a plan; also stored in the journal header so a report needs no plan file. */
export interface MeetingPlan {
	session: {
		title: string;
		date: string;
		start: string;
		venue?: string;
		timeZone?: string;
		issuer?: string[];
		place?: string;
		signer?: {lines: string[]; name: string};
		chair?: string;
		secretary?: string;
		recipients?: string[];
	};
	hub: {id: string; name: string; roles: string[]};
	sites: Array<{id: string; name: string; roles: string[]}>;
	agenda: Array<{
		id: string;
		title: string;
		owner?: string;
		minutes: number;
		optional: boolean;
		speakers?: {perSpeakerMinutes: number; sites: string[]};
	}>;
}

export type AttendanceStatus = 'present' | 'late' | 'absent' | 'unmarked';
/** A link grade as journalled (the one grade type of ./grade.ts). */
export type LinkGrade = Grade;
export type ItemStatus = 'pending' | 'running' | 'paused' | 'ended' | 'skipped';

/** An event without its `seq` and `at` (what intents produce). */
export type SessionEventBody =
	| {type: 'session-started'}
	| {type: 'session-ended'}
	| {type: 'item-started'; item: string}
	| {type: 'item-paused'; item: string}
	| {type: 'item-resumed'; item: string}
	| {type: 'item-extended'; item: string; minutes: number}
	| {type: 'item-ended'; item: string}
	| {type: 'item-skipped'; item: string}
	/** Going back: `from` (the current item) returns to pending, `item` runs again. */
	| {type: 'item-reopened'; item: string; from: string}
	| {type: 'speaker-queued'; item: string; site: string}
	| {type: 'speaker-started'; item: string; site: string}
	| {type: 'speaker-ended'; item: string; site: string}
	/** The site is taken off the floor (or passed over in the queue) and requeued at the end. */
	/** `reason`: the English text, as journalled for scripts; `reasonCode`: the same as a code (journals before it have none). */
	| {type: 'speaker-skipped'; item: string; site: string; reason?: string; reasonCode?: LinkReason}
	| {type: 'speaker-moved'; item: string; site: string; to: number}
	| {type: 'speaker-dropped'; item: string; site: string}
	| {type: 'attendance-marked'; site: string; role: number; status: AttendanceStatus; reason?: string}
	| {
			type: 'link-down' | 'link-up' | 'link-grade' | 'link-measured';
			site: string;
			grade: LinkGrade;
			previous: LinkGrade;
			/** The reason's English text, as journalled for scripts. */
			reason?: string;
			/** The reason as a code (journals written before it have only `reason`). */
			reasonCode?: LinkReason;
	  }
	| {type: 'note'; text: string}
	/** The hub (dashboard or service) closed cleanly while the meeting ran. */
	| {type: 'hub-stopped'}
	/** The hub opened this journal again: written with the first event after a resume, `at` the time it opened. */
	| {type: 'hub-resumed'}
	/** The hub is alive: written when nothing else was for a while (Meeting's heartbeat); changes nothing, dates a crash. */
	| {type: 'heartbeat'}
	/** An alert raised or ended; changes nothing in the meeting, shown in the minutes' incidents. */
	| {
			type: 'alert';
			alert: 'site-down' | 'speaker-link' | 'item-overrun' | 'storm';
			state: 'firing' | 'resolved';
			site?: string;
			message: string;
	  };

/** One journal event: `seq` counts from 1, `at` is epoch ms (ISO-8601 in the journal file), `by` the screen that sent its intent. */
export type SessionEvent = SessionEventBody & {seq: number; at: number; by?: string};
export type SessionEventType = SessionEventBody['type'];

/** One speaking turn, or a skip of a queued site (startedAt null). */
export interface SpeakerTurn {
	site: string;
	startedAt: number | null;
	endedAt: number;
	elapsedMs: number;
	skipped: boolean;
	reason?: string;
	reasonCode?: LinkReason;
}

export interface CurrentSpeaker {
	site: string;
	startedAt: number;
	elapsedBeforeMs: number;
	/** Start of the open span; null while the item is paused. */
	runningSince: number | null;
}

export interface SpeakerState {
	budgetMs: number;
	queue: string[];
	current: CurrentSpeaker | null;
	turns: SpeakerTurn[];
	/** How many times each site was skipped (a site skipped twice stays queued: the operator decides). */
	skips: Record<string, number>;
}

export interface ItemState {
	id: string;
	title: string;
	optional: boolean;
	/** The plan's length; `plannedMs` is it after extensions (never below one minute). */
	originalMs: number;
	plannedMs: number;
	status: ItemStatus;
	startedAt: number | null;
	endedAt: number | null;
	/** Run time of closed spans (pauses excluded). */
	elapsedBeforeMs: number;
	runningSince: number | null;
	speakers: SpeakerState | null;
}

export interface AttendanceMark {
	status: Exclude<AttendanceStatus, 'unmarked'>;
	reason?: string;
	at: number;
	/** 'site': marked from the site's own console (the event's `by` is "site"); absent: by the hub's operator. */
	by?: 'site';
}

/** The `by` of events a site's console caused (a roll-call mark): the hub's screens are "local", "attach-N". */
export const SITE_ORIGIN = 'site';

export interface SessionState {
	plan: MeetingPlan;
	/** Offset of the meeting's local time from UTC, in minutes (Asia/Ho_Chi_Minh: 420). */
	utcOffsetMinutes: number;
	/** The seq of the last event applied (0: none). */
	seq: number;
	lastAt: number | null;
	startedAt: number | null;
	endedAt: number | null;
	/** Index of the item in focus: items before it are ended or skipped, items after it pending or skipped. */
	current: number;
	items: ItemState[];
	/** Per site id (the hub included), one mark per roster role; null = unmarked. */
	attendance: Record<string, Array<AttendanceMark | null>>;
	links: Record<string, LinkGrade>;
	notes: Array<{at: number; text: string}>;
}

export const MINUTE_MS = 60_000;

/** The parts of a plan the session needs (names, rosters, agenda), with speaker queues resolved. */
export function meetingPlanOf(plan: Plan): MeetingPlan {
	const roles = (roster: Array<{role: string}>) => roster.map(entry => entry.role);
	return {
		session: {
			title: plan.session.title,
			date: plan.session.date,
			start: plan.session.start,
			...(plan.session.venue ? {venue: plan.session.venue} : {}),
			...(plan.session.timeZone ? {timeZone: plan.session.timeZone} : {}),
			...(plan.session.issuer ? {issuer: plan.session.issuer} : {}),
			...(plan.session.place ? {place: plan.session.place} : {}),
			...(plan.session.signer ? {signer: plan.session.signer} : {}),
			...(plan.session.chair ? {chair: plan.session.chair} : {}),
			...(plan.session.secretary ? {secretary: plan.session.secretary} : {}),
			...(plan.session.recipients ? {recipients: plan.session.recipients} : {}),
		},
		hub: {id: plan.hub.id, name: plan.hub.name, roles: roles(plan.hub.roster)},
		sites: plan.sites.map(site => ({id: site.id, name: site.name, roles: roles(site.roster)})),
		agenda: plan.agenda.map(item => ({
			id: item.id,
			title: item.title,
			...(item.owner ? {owner: item.owner} : {}),
			minutes: item.minutes,
			optional: item.optional,
			...(item.speakers ? {speakers: {perSpeakerMinutes: item.speakers.perSpeakerMinutes, sites: speakerSites(plan, item)}} : {}),
		})),
	};
}

function isPlan(plan: Plan | MeetingPlan): plan is Plan {
	return 'version' in plan;
}

/** The state before any event: first item in focus and pending, queues from the plan, nobody marked. */
export function initialSession(plan: Plan | MeetingPlan, options: {utcOffsetMinutes?: number} = {}): SessionState {
	const meeting = isPlan(plan) ? meetingPlanOf(plan) : plan;
	const attendance: SessionState['attendance'] = {[meeting.hub.id]: meeting.hub.roles.map(() => null)};
	for (const site of meeting.sites) attendance[site.id] = site.roles.map(() => null);
	return {
		plan: meeting,
		utcOffsetMinutes: options.utcOffsetMinutes ?? 420,
		seq: 0,
		lastAt: null,
		startedAt: null,
		endedAt: null,
		current: 0,
		items: meeting.agenda.map(item => ({
			id: item.id,
			title: item.title,
			optional: item.optional,
			originalMs: item.minutes * MINUTE_MS,
			plannedMs: item.minutes * MINUTE_MS,
			status: 'pending',
			startedAt: null,
			endedAt: null,
			elapsedBeforeMs: 0,
			runningSince: null,
			speakers: item.speakers
				? {budgetMs: item.speakers.perSpeakerMinutes * MINUTE_MS, queue: [...item.speakers.sites], current: null, turns: [], skips: {}}
				: null,
		})),
		attendance,
		links: {},
		notes: [],
	};
}

/** Close an open span at `at` (pauses, ends, going back). */
function stopItem(item: ItemState, at: number): ItemState {
	if (item.runningSince === null) return item;
	const speakers = item.speakers?.current ? {...item.speakers, current: stopSpeaker(item.speakers.current, at)} : item.speakers;
	return {...item, elapsedBeforeMs: item.elapsedBeforeMs + Math.max(0, at - item.runningSince), runningSince: null, speakers};
}

function stopSpeaker(speaker: CurrentSpeaker, at: number): CurrentSpeaker {
	if (speaker.runningSince === null) return speaker;
	return {...speaker, elapsedBeforeMs: speaker.elapsedBeforeMs + Math.max(0, at - speaker.runningSince), runningSince: null};
}

/** The finished turn of the speaker on the floor, its time frozen at `at`. */
function turnOf(speaker: CurrentSpeaker, at: number, skipped: boolean, reason?: string, reasonCode?: LinkReason): SpeakerTurn {
	const stopped = stopSpeaker(speaker, at);
	return {
		site: speaker.site,
		startedAt: speaker.startedAt,
		endedAt: at,
		elapsedMs: stopped.elapsedBeforeMs,
		skipped,
		...(reason ? {reason} : {}),
		...(reasonCode ? {reasonCode} : {}),
	};
}

function endCurrentSpeaker(speakers: SpeakerState | null, at: number): SpeakerState | null {
	if (!speakers?.current) return speakers;
	return {...speakers, current: null, turns: [...speakers.turns, turnOf(speakers.current, at, false)]};
}

function withItem(state: SessionState, id: string, update: (item: ItemState, index: number) => ItemState): SessionState {
	const index = state.items.findIndex(item => item.id === id);
	if (index < 0) return state;
	const items = state.items.slice();
	items[index] = update(items[index]!, index);
	return {...state, items};
}

function withSpeakers(state: SessionState, id: string, update: (speakers: SpeakerState) => SpeakerState): SessionState {
	return withItem(state, id, item => (item.speakers ? {...item, speakers: update(item.speakers)} : item));
}

function firstUnskippedFrom(items: ItemState[], from: number): number {
	for (let index = from; index < items.length; index++) if (items[index]!.status !== 'skipped') return index;
	return -1;
}

/** Apply one event. Total: an event naming an unknown item or site changes nothing (never throws). */
export function reduceSession(state: SessionState, event: SessionEvent): SessionState {
	const next = applyEvent(state, event);
	return {...next, seq: event.seq, lastAt: event.at};
}

function applyEvent(state: SessionState, event: SessionEvent): SessionState {
	const at = event.at;
	switch (event.type) {
		case 'session-started':
			return state.startedAt === null ? {...state, startedAt: at} : state;
		case 'session-ended': {
			const items = state.items.map(item =>
				item.status === 'running' || item.status === 'paused'
					? {...stopItem(item, at), status: 'ended' as const, endedAt: at, speakers: endCurrentSpeaker(item.speakers, at)}
					: item,
			);
			return {...state, items, endedAt: at};
		}
		case 'item-started': {
			const started = withItem(state, event.item, item => ({
				...item,
				status: 'running',
				startedAt: item.startedAt ?? at,
				endedAt: null,
				runningSince: at,
			}));
			const index = state.items.findIndex(item => item.id === event.item);
			return index < 0 ? state : {...started, current: index};
		}
		case 'item-paused':
			return withItem(state, event.item, item => (item.status === 'running' ? {...stopItem(item, at), status: 'paused'} : item));
		case 'item-resumed':
			return withItem(state, event.item, item => {
				if (item.status !== 'paused') return item;
				const speakers = item.speakers?.current ? {...item.speakers, current: {...item.speakers.current, runningSince: at}} : item.speakers;
				return {...item, status: 'running', runningSince: at, speakers};
			});
		case 'item-extended':
			return withItem(state, event.item, item => ({...item, plannedMs: Math.max(MINUTE_MS, item.plannedMs + event.minutes * MINUTE_MS)}));
		case 'item-ended':
			return withItem(state, event.item, item => ({
				...stopItem(item, at),
				status: 'ended',
				endedAt: at,
				speakers: endCurrentSpeaker(item.speakers, at),
			}));
		case 'item-skipped': {
			const skipped = withItem(state, event.item, item => ({
				...stopItem(item, at),
				status: 'skipped',
				speakers: endCurrentSpeaker(item.speakers, at),
			}));
			const index = state.items.findIndex(item => item.id === event.item);
			if (index !== state.current) return skipped;
			// Skipping the item in focus moves the focus on; skipping the last one leaves it there.
			const following = firstUnskippedFrom(skipped.items, index + 1);
			return following < 0 ? skipped : {...skipped, current: following};
		}
		case 'item-reopened': {
			const back = state.items.findIndex(item => item.id === event.item);
			if (back < 0) return state;
			const left = withItem(state, event.from, item => ({
				...stopItem(item, at),
				status: 'pending',
				speakers: endCurrentSpeaker(item.speakers, at),
			}));
			const reopened = withItem(left, event.item, item => ({...item, status: 'running', endedAt: null, runningSince: at}));
			return {...reopened, current: back};
		}
		case 'speaker-queued':
			return withSpeakers(state, event.item, speakers =>
				speakers.queue.includes(event.site) ? speakers : {...speakers, queue: [...speakers.queue, event.site]},
			);
		case 'speaker-started':
			return withItem(state, event.item, item => {
				if (!item.speakers) return item;
				const speakers = endCurrentSpeaker(item.speakers, at)!;
				const current: CurrentSpeaker = {
					site: event.site,
					startedAt: at,
					elapsedBeforeMs: 0,
					runningSince: item.status === 'running' ? at : null,
				};
				return {...item, speakers: {...speakers, queue: speakers.queue.filter(site => site !== event.site), current}};
			});
		case 'speaker-ended':
			return withSpeakers(state, event.item, speakers =>
				speakers.current?.site === event.site ? endCurrentSpeaker(speakers, at)! : speakers,
			);
		case 'speaker-skipped':
			return withSpeakers(state, event.item, speakers => {
				const onFloor = speakers.current?.site === event.site;
				const turn: SpeakerTurn = onFloor
					? turnOf(speakers.current!, at, true, event.reason, event.reasonCode)
					: {
							site: event.site,
							startedAt: null,
							endedAt: at,
							elapsedMs: 0,
							skipped: true,
							...(event.reason ? {reason: event.reason} : {}),
							...(event.reasonCode ? {reasonCode: event.reasonCode} : {}),
						};
				return {
					...speakers,
					current: onFloor ? null : speakers.current,
					queue: [...speakers.queue.filter(site => site !== event.site), event.site],
					turns: [...speakers.turns, turn],
					skips: {...speakers.skips, [event.site]: (speakers.skips[event.site] ?? 0) + 1},
				};
			});
		case 'speaker-moved':
			return withSpeakers(state, event.item, speakers => {
				const from = speakers.queue.indexOf(event.site);
				if (from < 0) return speakers;
				const queue = speakers.queue.filter(site => site !== event.site);
				queue.splice(Math.max(0, Math.min(queue.length, event.to)), 0, event.site);
				return {...speakers, queue};
			});
		case 'speaker-dropped':
			return withSpeakers(state, event.item, speakers => ({...speakers, queue: speakers.queue.filter(site => site !== event.site)}));
		case 'attendance-marked': {
			const marks = state.attendance[event.site];
			if (!marks || event.role < 0 || event.role >= marks.length) return state;
			const updated = marks.slice();
			updated[event.role] =
				event.status === 'unmarked'
					? null
					: {
							status: event.status,
							at,
							...(event.reason ? {reason: event.reason} : {}),
							...(event.by === SITE_ORIGIN ? {by: SITE_ORIGIN} : {}),
						};
			return {...state, attendance: {...state.attendance, [event.site]: updated}};
		}
		case 'link-down':
		case 'link-up':
		case 'link-grade':
		case 'link-measured':
			return {...state, links: {...state.links, [event.site]: event.grade}};
		case 'note':
			return {...state, notes: [...state.notes, {at, text: event.text}]};
		default:
			return state;
	}
}

/** Fold events onto a state (replay, or a batch just journalled). Same result as reducing one by one. */
export function replaySession(state: SessionState, events: Iterable<SessionEvent>): SessionState {
	let folded = state;
	// A run of link events (2,000 sites coming up at start) copies the links record once, not once each.
	let links: Record<string, LinkGrade> | null = null;
	for (const event of events) {
		if (event.type === 'link-down' || event.type === 'link-up' || event.type === 'link-grade' || event.type === 'link-measured') {
			links ??= {...folded.links};
			links[event.site] = event.grade;
			folded = {...folded, links, seq: event.seq, lastAt: event.at};
			continue;
		}
		links = null;
		folded = reduceSession(folded, event);
	}
	return folded;
}
