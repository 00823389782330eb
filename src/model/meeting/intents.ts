import type {AttendanceStatus, ItemState, LinkGrade, SessionEventBody, SessionState} from './session.js';
import {currentItem, siteName} from './session-view.js';
import type {Refusal} from './refusals.js';
import {linkReason, type LinkReason} from '../link/link-reasons.js';

// What the operator asks for, checked against the state: the events to journal, or a refusal
// as a code with parameters (refusals.ts words it in each language; `reason` is its English
// text, for logs and scripts), never an exception. Pure; the Meeting (src/hub/meeting.ts) journals the events
// and only then reduces them.

/**
 * What the meeting tells the operator beside an accepted intent, as a code with parameters
 * (src/i18n/intent-notice-words.ts words it): the last speaker's turn ended and the queue is
 * empty; or queued sites were passed over (requeued at the end) for their link, by name.
 */
export type IntentNotice =
	| {code: 'last-speaker'; params: Record<string, never>}
	| {code: 'speakers-skipped'; params: {sites: string[]; reason: LinkReason}};

export type IntentResult = {ok: true; events: SessionEventBody[]; notice?: IntentNotice} | {ok: false; refusal: Refusal};

/**
 * Every operator intent as data: the one type from key to journal. A key of the keymap produces
 * it (src/dashboard/keymap.ts), the control socket carries it, the hub core checks it with
 * `decide` and the Meeting journals its events. Adding a key is one keymap row plus, for a new
 * kind of intent, one case here.
 */
export type Intent =
	| {type: 'toggle-item'}
	| {type: 'next-item'}
	| {type: 'previous-item'}
	| {type: 'extend-item'; minutes: 1 | -1}
	| {type: 'skip-item'}
	| {type: 'next-speaker'}
	| {type: 'end-speaker'}
	| {type: 'skip-speaker'}
	| {type: 'move-speaker'; site: string; delta: number}
	| {type: 'queue-speaker'; site: string}
	| {type: 'drop-speaker'; site: string}
	| {type: 'mark-attendance'; site: string; role: number; status: AttendanceStatus; reason?: string}
	| {type: 'note'; text: string}
	| {type: 'end-session'};

const refuse = (refusal: Refusal): IntentResult => ({ok: false, refusal});
const accept = (events: SessionEventBody[], notice?: IntentNotice): IntentResult =>
	notice ? {ok: true, events, notice} : {ok: true, events};

function closed(state: SessionState): IntentResult | null {
	return state.endedAt !== null ? refuse({code: 'session-ended'}) : null;
}

/** Start the item in focus (and the session), or pause it, or resume it. */
export function toggleItem(state: SessionState): IntentResult {
	const done = closed(state);
	if (done) return done;
	const item = currentItem(state);
	switch (item.status) {
		case 'pending':
			return accept([...(state.startedAt === null ? [{type: 'session-started'} as const] : []), {type: 'item-started', item: item.id}]);
		case 'running':
			return accept([{type: 'item-paused', item: item.id}]);
		case 'paused':
			return accept([{type: 'item-resumed', item: item.id}]);
		default:
			return refuse({code: 'nothing-to-run'});
	}
}

/** The speaker on the floor, ended (before an item stops). */
function endSpeakerEvents(item: ItemState): SessionEventBody[] {
	const speaker = item.speakers?.current;
	return speaker ? [{type: 'speaker-ended', item: item.id, site: speaker.site}] : [];
}

/** End the item in focus and start the next one not skipped. */
export function nextItem(state: SessionState): IntentResult {
	const done = closed(state);
	if (done) return done;
	const item = currentItem(state);
	if (item.status === 'pending') return refuse({code: 'item-not-started', item: item.title});
	const next = state.items.findIndex((candidate, index) => index > state.current && candidate.status === 'pending');
	if (next < 0) return refuse({code: 'last-item', item: item.title});
	const events = [...endSpeakerEvents(item)];
	if (item.status === 'running' || item.status === 'paused') events.push({type: 'item-ended', item: item.id});
	events.push({type: 'item-started', item: state.items[next]!.id});
	return accept(events);
}

/** Go back to the previous item not skipped: it runs again, the item in focus returns to pending. */
export function previousItem(state: SessionState): IntentResult {
	const done = closed(state);
	if (done) return done;
	const item = currentItem(state);
	let back = -1;
	for (let index = state.current - 1; index >= 0; index--) {
		if (state.items[index]!.status === 'ended') {
			back = index;
			break;
		}
	}
	if (back < 0) return refuse({code: 'first-item', item: item.title});
	return accept([...endSpeakerEvents(item), {type: 'item-reopened', item: state.items[back]!.id, from: item.id}]);
}

/** Lengthen or shorten the item in focus by a minute (never below one minute). */
export function extendItem(state: SessionState, minutes: 1 | -1): IntentResult {
	const done = closed(state);
	if (done) return done;
	const item = currentItem(state);
	if (item.status === 'ended' || item.status === 'skipped') return refuse({code: 'item-done', item: item.title, status: item.status});
	if (minutes !== 1 && minutes !== -1) return refuse({code: 'one-minute-steps'});
	if (minutes < 0 && item.plannedMs <= 60_000) return refuse({code: 'item-one-minute', item: item.title});
	return accept([{type: 'item-extended', item: item.id, minutes}]);
}

/** Skip the item in focus if not started yet, else the next pending one; only optional items. */
export function skipItem(state: SessionState): IntentResult {
	const done = closed(state);
	if (done) return done;
	const focus = currentItem(state);
	const index =
		focus.status === 'pending' ? state.current : state.items.findIndex((item, i) => i > state.current && item.status === 'pending');
	if (index < 0) return refuse({code: 'nothing-to-skip'});
	const target = state.items[index]!;
	if (!target.optional) return refuse({code: 'item-not-optional', item: target.title});
	return accept([{type: 'item-skipped', item: target.id}]);
}

function speakerItem(state: SessionState): {item: ItemState} | {refusal: IntentResult} {
	const done = closed(state);
	if (done) return {refusal: done};
	const item = currentItem(state);
	if (!item.speakers) return {refusal: refuse({code: 'no-speaker-queue', item: item.title})};
	return {item};
}

/**
 * End the speaker on the floor and give it to the first queued site whose link is up; every
 * queued site whose link is down is skipped (requeued at the end) on the way, with reason 'link down'.
 */
export function nextSpeaker(state: SessionState, downSites: readonly string[]): IntentResult {
	const found = speakerItem(state);
	if ('refusal' in found) return found.refusal;
	const {item} = found;
	if (item.status === 'pending') return refuse({code: 'item-not-started', item: item.title});
	if (item.status === 'paused') return refuse({code: 'item-paused', item: item.title});
	if (item.status === 'ended' || item.status === 'skipped') return refuse({code: 'item-done', item: item.title, status: item.status});
	const speakers = item.speakers!;
	const ended = endSpeakerEvents(item);
	if (speakers.queue.length === 0) {
		return ended.length > 0 ? accept(ended, {code: 'last-speaker', params: {}}) : refuse({code: 'queue-empty'});
	}
	const down = new Set(downSites);
	const up = speakers.queue.find(site => !down.has(site));
	if (up === undefined) return refuse({code: 'all-queued-down', count: speakers.queue.length});
	const skipped: SessionEventBody[] = [];
	const reason = linkReason('link-down', {});
	for (const site of speakers.queue) {
		if (site === up) break;
		skipped.push({type: 'speaker-skipped', item: item.id, site, reason: 'link down', reasonCode: reason});
	}
	const names = skipped.map(event => siteName(state, (event as {site: string}).site));
	const notice: IntentNotice | undefined = names.length > 0 ? {code: 'speakers-skipped', params: {sites: names, reason}} : undefined;
	return accept([...ended, ...skipped, {type: 'speaker-started', item: item.id, site: up}], notice);
}

/** End the turn of the site on the floor. */
export function endSpeaker(state: SessionState): IntentResult {
	const found = speakerItem(state);
	if ('refusal' in found) return found.refusal;
	const events = endSpeakerEvents(found.item);
	return events.length > 0 ? accept(events) : refuse({code: 'nobody-speaking'});
}

/** Skip the site on the floor, or else the first queued site; it is requeued at the end. */
export function skipSpeaker(state: SessionState): IntentResult {
	const found = speakerItem(state);
	if ('refusal' in found) return found.refusal;
	const speakers = found.item.speakers!;
	const site = speakers.current?.site ?? speakers.queue[0];
	if (site === undefined) return refuse({code: 'queue-empty'});
	return accept([{type: 'speaker-skipped', item: found.item.id, site}]);
}

/** Move a queued site up (delta < 0) or down the queue. */
export function moveSpeaker(state: SessionState, site: string, delta: number): IntentResult {
	const found = speakerItem(state);
	if ('refusal' in found) return found.refusal;
	const queue = found.item.speakers!.queue;
	const from = queue.indexOf(site);
	if (from < 0) return refuse({code: 'not-in-queue', site: siteName(state, site)});
	const to = Math.max(0, Math.min(queue.length - 1, from + Math.trunc(delta)));
	if (to === from) return refuse({code: from === 0 ? 'already-first' : 'already-last', site: siteName(state, site)});
	return accept([{type: 'speaker-moved', item: found.item.id, site, to}]);
}

/** Add a site (again) at the end of the queue. */
export function queueSpeaker(state: SessionState, site: string): IntentResult {
	const found = speakerItem(state);
	if ('refusal' in found) return found.refusal;
	const {item} = found;
	if (item.status === 'ended' || item.status === 'skipped') return refuse({code: 'item-done', item: item.title, status: item.status});
	if (site !== state.plan.hub.id && !state.plan.sites.some(known => known.id === site)) return refuse({code: 'unknown-site', site});
	if (item.speakers!.queue.includes(site)) return refuse({code: 'already-queued', site: siteName(state, site)});
	if (item.speakers!.current?.site === site) return refuse({code: 'speaking-now', site: siteName(state, site)});
	return accept([{type: 'speaker-queued', item: item.id, site}]);
}

/** Take a site out of the queue (the operator's call after repeated skips). */
export function dropSpeaker(state: SessionState, site: string): IntentResult {
	const found = speakerItem(state);
	if ('refusal' in found) return found.refusal;
	if (!found.item.speakers!.queue.includes(site)) return refuse({code: 'not-in-queue', site: siteName(state, site)});
	return accept([{type: 'speaker-dropped', item: found.item.id, site}]);
}

const STATUSES: readonly AttendanceStatus[] = ['present', 'late', 'absent', 'unmarked'];

/**
 * Mark one roster role of a site as the operator said: present is present and late is late in
 * any item (the operator decides who came late, as the key line says); unmarked clears a mark.
 */
export function markAttendance(state: SessionState, site: string, role: number, status: AttendanceStatus, reason?: string): IntentResult {
	const done = closed(state);
	if (done) return done;
	const marks = state.attendance[site];
	if (!marks) return refuse({code: 'unknown-site', site});
	if (!Number.isInteger(role) || role < 0 || role >= marks.length)
		return refuse({code: 'no-role', site: siteName(state, site), role: role + 1});
	if (!STATUSES.includes(status)) return refuse({code: 'bad-attendance', status: String(status)});
	const resolved: AttendanceStatus = status;
	const before = marks[role];
	const why = resolved === 'absent' ? reason?.trim() || undefined : undefined;
	if ((before?.status ?? 'unmarked') === resolved && before?.reason === why)
		return refuse(resolved === 'unmarked' ? {code: 'not-marked'} : {code: 'already-marked', status: resolved});
	return accept([{type: 'attendance-marked', site, role, status: resolved, ...(why ? {reason: why} : {})}]);
}

/** A free-text note in the journal (allowed after the end too, for the minutes). */
export function note(state: SessionState, text: string): IntentResult {
	const trimmed = text.trim();
	if (!trimmed) return refuse({code: 'empty-note'});
	return accept([{type: 'note', text: trimmed}]);
}

/** End the session: the speaker on the floor and the item in focus end with it. */
export function endSession(state: SessionState): IntentResult {
	const done = closed(state);
	if (done) return done;
	if (state.startedAt === null) return refuse({code: 'session-not-started'});
	const item = currentItem(state);
	const events: SessionEventBody[] = [...endSpeakerEvents(item)];
	if (item.status === 'running' || item.status === 'paused') events.push({type: 'item-ended', item: item.id});
	events.push({type: 'session-ended'});
	return accept(events);
}

/**
 * A link transition from the Monitor, as a journal event (no refusal except after the end): its
 * reason as a code, and `reasonText`, the code's English as the journal keeps it for scripts.
 */
export function linkEvent(
	state: SessionState,
	change: {
		site: string;
		type: 'down' | 'up' | 'grade' | 'measured';
		grade: LinkGrade;
		previous: LinkGrade;
		reason?: LinkReason;
		reasonText?: string;
	},
): IntentResult {
	const done = closed(state);
	if (done) return done;
	return accept([
		{
			type: `link-${change.type}`,
			site: change.site,
			grade: change.grade,
			previous: change.previous,
			...(change.reasonText ? {reason: change.reasonText} : {}),
			...(change.reason ? {reasonCode: change.reason} : {}),
		},
	]);
}

/** What the hub knows beside the state when it decides (never sent by a screen). */
export interface IntentFacts {
	/** Sites whose link is down now: a speaker call skips (and requeues) them. */
	downSites?: readonly string[];
}

/** Dispatch an intent given as data. */
export function decide(state: SessionState, intent: Intent, facts: IntentFacts = {}): IntentResult {
	switch (intent.type) {
		case 'toggle-item':
			return toggleItem(state);
		case 'next-item':
			return nextItem(state);
		case 'previous-item':
			return previousItem(state);
		case 'extend-item':
			return extendItem(state, intent.minutes);
		case 'skip-item':
			return skipItem(state);
		case 'next-speaker':
			return nextSpeaker(state, facts.downSites ?? []);
		case 'end-speaker':
			return endSpeaker(state);
		case 'skip-speaker':
			return skipSpeaker(state);
		case 'move-speaker':
			return moveSpeaker(state, intent.site, intent.delta);
		case 'queue-speaker':
			return queueSpeaker(state, intent.site);
		case 'drop-speaker':
			return dropSpeaker(state, intent.site);
		case 'mark-attendance':
			return markAttendance(state, intent.site, intent.role, intent.status, intent.reason);
		case 'note':
			return note(state, intent.text);
		case 'end-session':
			return endSession(state);
	}
}
