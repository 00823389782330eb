import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type {Warning} from '../i18n/warning-words.js';
import {DiemcauError} from '../cli/errors.js';
import {Journal, defaultJournalPath, type JournalHeader} from './journal.js';
import {rememberJournal} from './last-journal.js';
import {decide, linkEvent, type Intent, type IntentFacts, type IntentNotice, type IntentResult} from '../model/meeting/intents.js';
import {planIdentity, type Plan} from '../model/plan/plan.js';
import {zoneOffsetAtLocal} from '../model/plan/time-zone.js';
import type {JournalFailure, Refusal} from '../model/meeting/refusals.js';
import {wordJournalFailure, wordRefusal} from '../i18n/refusal-words.js';
import {wordIntentNotice} from '../i18n/intent-notice-words.js';
import {reasonText} from '../i18n/link-reason-words.js';
import type {LinkReason} from '../model/link/link-reasons.js';
import {
	initialSession,
	meetingPlanOf,
	replaySession,
	type LinkGrade,
	type SessionEvent,
	type SessionEventBody,
	type SessionState,
} from '../model/meeting/session.js';

// The meeting at the hub: intents are checked against the state, their events written to the
// journal and datasynced, and only then folded into the state the screen shows. So the state
// is never ahead of the journal, and a crash at any point resumes (by replay) at or after the
// last state shown. Link transitions are batched (flushed within `linkFlushMs`) since they are
// frequent and not the operator's; they ride along with the next operator write when sooner.

export interface MeetingOptions {
	/** Journal file (--journal); default: one file per plan identity in the data dir. */
	journal?: string;
	/** Start over (--fresh): the old journal is renamed aside, never deleted. */
	fresh?: boolean;
	/** Base folder for the default journal path (default: env-paths('diemcau').data). */
	dataDir?: string;
	/** Wall-clock epoch ms; default performance.timeOrigin + performance.now() (monotonic within the run). */
	clock?: () => number;
	/** Local time of the plan's date and start, minutes east of UTC; default the plan's `session.timeZone`, else the system zone's. Kept in the journal. */
	utcOffsetMinutes?: number;
	/** Longest a link event waits before it is written (default 250 ms, at most 1000). */
	linkFlushMs?: number;
	/** While the meeting runs, a heartbeat is journalled after this long without a write (default 10 s; 0: none). */
	heartbeatMs?: number;
	/** The language the meeting is run in, kept in a new journal's header (the minutes default to it). */
	lang?: 'vi' | 'en';
}

/** How long a running meeting's journal goes without a line before the hub writes a heartbeat. */
export const HEARTBEAT_MS = 10_000;

/**
 * What an intent method resolves to (after the journal write is durable when ok). The English
 * `notice`/`reason` is for scripts and the English log; screens word `noticeCode`/`refusal`, the
 * codes, in their own language.
 */
export type IntentOutcome = {ok: true; notice?: string; noticeCode?: IntentNotice} | {ok: false; reason: string; refusal: Refusal};

/** A link transition as the Monitor reports it (its monotonic `at`, if any, is ignored: the journal stamps wall time). */
export interface LinkRecord {
	site: string;
	/** `measured`: the first grade after `measuring` (journalled as `link-measured`, not as a change). */
	type: 'down' | 'up' | 'grade' | 'measured';
	grade: LinkGrade;
	previous: LinkGrade;
	reason?: LinkReason;
}

const MAX_PENDING_LINKS = 10_000;

/** Why a journal write failed, as data: the journal's own error's parameters, or the system's error. */
function journalFailure(error: unknown, file: string): JournalFailure {
	if (error instanceof DiemcauError) {
		const {words} = error;
		if (words.code === 'journal-closed') return {file: words.params.file, closed: true};
		if (words.code === 'journal-write')
			return {file: words.params.file, ...(words.params.code ? {errno: words.params.code} : {}), error: words.params.error};
	}
	const errno = (error as NodeJS.ErrnoException).code;
	return {file, ...(typeof errno === 'string' ? {errno} : {}), error: (error as Error).message};
}

/** The system zone's offset at a local date and time, in minutes east of UTC. */
export function systemUtcOffsetMinutes(date: string, time: string): number {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const [hour, minute] = time.split(':').map(Number) as [number, number];
	return -new Date(year, month - 1, day, hour, minute).getTimezoneOffset();
}

/** The journal file a meeting of `plan` uses: --journal, else the plan's default one in the data dir. */
export function journalFileFor(plan: Plan, options: Pick<MeetingOptions, 'journal' | 'dataDir'> = {}): string {
	return options.journal ? path.resolve(options.journal) : defaultJournalPath(planIdentity(plan), options.dataDir);
}

/** The live meeting: state from the journal, intents that journal before they show. */
export class Meeting {
	readonly journalPath: string;
	#journal: Journal;
	#state: SessionState;
	#clock: () => number;
	#lastAt: number;
	#queue: Promise<unknown> = Promise.resolve();
	#pendingLinks: Array<{body: SessionEventBody; at: number}> = [];
	#linkTimer: NodeJS.Timeout | null = null;
	#linkFlushMs: number;
	#listeners = new Set<(state: SessionState) => void>();
	#eventListeners = new Set<(events: readonly SessionEvent[]) => void>();
	#journalFailure: JournalFailure | null = null;
	#closing = false;
	#resumedAt: number | null = null;
	#heartbeatMs = 0;
	#heartbeatTimer: NodeJS.Timeout | null = null;

	private constructor(journal: Journal, state: SessionState, clock: () => number, linkFlushMs: number) {
		this.#journal = journal;
		this.journalPath = journal.file;
		this.#state = state;
		this.#clock = clock;
		this.#lastAt = state.lastAt ?? Number.NEGATIVE_INFINITY;
		this.#linkFlushMs = linkFlushMs;
	}

	/** Open the plan's journal (creating it, or resuming by replay); warnings say what was repaired or kept. */
	static async open(loaded: {plan: Plan}, options: MeetingOptions = {}): Promise<{meeting: Meeting; warnings: Warning[]}> {
		const {plan} = loaded;
		const clock = options.clock ?? (() => performance.timeOrigin + performance.now());
		const identity = planIdentity(plan);
		const file = journalFileFor(plan, options);
		const header: JournalHeader = {
			type: 'journal',
			v: 1,
			plan: identity,
			meeting: meetingPlanOf(plan),
			utcOffsetMinutes:
				options.utcOffsetMinutes ??
				(plan.session.timeZone
					? zoneOffsetAtLocal(plan.session.timeZone, plan.session.date, plan.session.start)
					: systemUtcOffsetMinutes(plan.session.date, plan.session.start)),
			createdAt: new Date(clock()).toISOString(),
			...(options.lang ? {lang: options.lang} : {}),
		};
		const {journal, events, warnings} = await Journal.open(file, header, {fresh: options.fresh, now: clock()});
		rememberJournal(journal.file, options.dataDir);
		const state = replaySession(initialSession(plan, {utcOffsetMinutes: journal.header.utcOffsetMinutes}), events);
		const flush = Math.max(1, Math.min(1000, options.linkFlushMs ?? 250));
		const meeting = new Meeting(journal, state, clock, flush);
		// A resume is the hub's own gap, not the sites': the minutes need to know when it came back.
		// The marker rides with the first event written, so opening a journal to look changes nothing.
		if (events.length > 0 && state.endedAt === null) meeting.#resumedAt = meeting.#stamp();
		// A crash leaves no word; the last line written dates it. While the meeting runs, a quiet
		// journal gets a heartbeat so the minutes can say when the hub was last alive.
		meeting.#heartbeatMs = Math.max(0, options.heartbeatMs ?? HEARTBEAT_MS);
		meeting.#armHeartbeat();
		return {meeting, warnings};
	}

	/** The state as last made durable. */
	get state(): SessionState {
		return this.#state;
	}

	/** The last failed journal write in English (logs, scripts), or null (cleared by the next successful write). */
	get journalError(): string | null {
		return this.#journalFailure && wordJournalFailure(this.#journalFailure, 'en');
	}

	/** The last failed journal write as data (screens word it in their language), or null. */
	get journalFailure(): JournalFailure | null {
		return this.#journalFailure;
	}

	/** Now, on the meeting's clock (epoch ms): pass it to the session-view selectors. */
	now(): number {
		return this.#clock();
	}

	/**
	 * Called with every batch of events once it is durable, before `onChange` listeners (attached
	 * screens fold the same events into their copy of the state); returns the unsubscribe function.
	 */
	onEvents(listener: (events: readonly SessionEvent[]) => void): () => void {
		this.#eventListeners.add(listener);
		return () => this.#eventListeners.delete(listener);
	}

	/** Called after every change of `state` or `journalError`; returns the unsubscribe function. */
	onChange(listener: (state: SessionState) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/**
	 * Check an intent, journal its events (datasync), then apply them. Never rejects. Intents are
	 * serialised: two screens' keys are decided one after the other, each on the state the
	 * previous one left. `facts` are the hub's own (which links are down), never a screen's;
	 * `by` names the screen that sent it, journalled with each of its events.
	 */
	intent(intent: Intent, facts: IntentFacts = {}, by?: string): Promise<IntentOutcome> {
		return this.#serial(async () => {
			const result: IntentResult = decide(this.#state, intent, facts);
			// The control socket and the logs carry the refusal's English beside its code, for scripts.
			if (!result.ok) return {ok: false, reason: wordRefusal(result.refusal, 'en'), refusal: result.refusal};
			const at = this.#stamp();
			const written = await this.#commit(result.events.map(body => ({body, at, ...(by ? {by} : {})})));
			if (!written.ok) return written;
			return result.notice ? {ok: true, notice: wordIntentNotice(result.notice, 'en'), noticeCode: result.notice} : {ok: true};
		});
	}

	/** Queue a link transition for the journal; written within linkFlushMs (or with the next operator event). */
	recordLink(change: LinkRecord): void {
		const result = linkEvent(this.#state, change.reason ? {...change, reasonText: reasonText(change.reason)} : change);
		if (!result.ok) return;
		if (this.#pendingLinks.length >= MAX_PENDING_LINKS) this.#pendingLinks.shift();
		for (const body of result.events) this.#pendingLinks.push({body, at: this.#stamp()});
		this.#scheduleLinkFlush();
	}

	/** Queue an alert for the journal, like a link event (it changes nothing in the meeting). */
	recordAlert(alert: {
		alert: 'site-down' | 'speaker-link' | 'item-overrun' | 'storm';
		state: 'firing' | 'resolved';
		site: string | null;
		message: string;
	}): void {
		const body: SessionEventBody = {
			type: 'alert',
			alert: alert.alert,
			state: alert.state,
			...(alert.site === null ? {} : {site: alert.site}),
			message: alert.message,
		};
		if (this.#pendingLinks.length >= MAX_PENDING_LINKS) this.#pendingLinks.shift();
		this.#pendingLinks.push({body, at: this.#stamp()});
		this.#scheduleLinkFlush();
	}

	/** Write the queued link events now (kept queued, and retried, if the write fails). */
	flush(): Promise<void> {
		return this.#serial(async () => {
			const written = await this.#commit([]);
			if (!written.ok && !this.#closing) this.#scheduleLinkFlush();
		});
	}

	#scheduleLinkFlush(): void {
		this.#linkTimer ??= setTimeout(() => {
			this.#linkTimer = null;
			void this.flush();
		}, this.#linkFlushMs);
	}

	/** (Re)start the wait for a heartbeat: after every write, and only while the meeting runs. */
	#armHeartbeat(): void {
		if (this.#heartbeatTimer) clearTimeout(this.#heartbeatTimer);
		this.#heartbeatTimer = null;
		if (this.#heartbeatMs === 0 || this.#closing || this.#state.startedAt === null || this.#state.endedAt !== null) return;
		this.#heartbeatTimer = setTimeout(() => {
			this.#heartbeatTimer = null;
			void this.heartbeat().then(written => {
				// A failed write is the journal error the screen shows; try again after another wait.
				if (!written) this.#armHeartbeat();
			});
		}, this.#heartbeatMs);
		this.#heartbeatTimer.unref();
	}

	/** Journal a heartbeat now (no datasync): the hub was alive at this time. Resolves false when the write failed. */
	heartbeat(): Promise<boolean> {
		return this.#serial(async () => {
			if (this.#closing) return true;
			return (await this.#commit([{body: {type: 'heartbeat'}, at: this.#stamp()}])).ok;
		});
	}

	/** Flush and close the journal; the meeting cannot be used afterwards. */
	async close(): Promise<void> {
		this.#closing = true;
		if (this.#heartbeatTimer) clearTimeout(this.#heartbeatTimer);
		this.#heartbeatTimer = null;
		if (this.#linkTimer) clearTimeout(this.#linkTimer);
		this.#linkTimer = null;
		await this.flush();
		// A clean stop while the meeting runs: the minutes show the hub's gap from here.
		if (this.#state.seq > 0 && this.#state.endedAt === null)
			await this.#serial(() => this.#commit([{body: {type: 'hub-stopped'}, at: this.#stamp()}]));
		await this.#serial(() => this.#journal.close());
	}

	/** Wall time, never earlier than the last event (a clock stepped back must not give negative durations). */
	#stamp(): number {
		this.#lastAt = Math.max(this.#lastAt, Math.round(this.#clock()));
		return this.#lastAt;
	}

	/** Journal pending links + these events in one durable write, then fold them in. */
	async #commit(operator: Array<{body: SessionEventBody; at: number; by?: string}>): Promise<IntentOutcome> {
		const links = this.#pendingLinks;
		this.#pendingLinks = [];
		const resumed: Array<{body: SessionEventBody; at: number; by?: string}> =
			this.#resumedAt === null ? [] : [{body: {type: 'hub-resumed'}, at: this.#resumedAt}];
		const stamped: Array<{body: SessionEventBody; at: number; by?: string}> = [...resumed, ...links, ...operator];
		if (stamped.length === 0) return {ok: true};
		let seq = this.#state.seq;
		const batch = stamped.map(({body, at, by}) => ({...body, seq: ++seq, at, ...(by ? {by} : {})}) as SessionEvent);
		try {
			// A heartbeat alone needs no datasync: the next real write syncs it along.
			await this.#journal.append(batch, {sync: batch.some(event => event.type !== 'heartbeat')});
		} catch (error) {
			this.#pendingLinks = [...links, ...this.#pendingLinks].slice(-MAX_PENDING_LINKS);
			const failure = journalFailure(error, this.#journal.file);
			this.#journalFailure = failure;
			this.#notify();
			return {ok: false, reason: wordJournalFailure(failure, 'en'), refusal: {code: 'journal-write-failed', failure}};
		}
		this.#state = replaySession(this.#state, batch);
		this.#resumedAt = null;
		this.#journalFailure = null;
		this.#armHeartbeat();
		for (const listener of this.#eventListeners) listener(batch);
		this.#notify();
		return {ok: true};
	}

	#serial<T>(task: () => Promise<T>): Promise<T> {
		const run = this.#queue.then(task);
		this.#queue = run.catch(() => undefined);
		return run;
	}

	#notify(): void {
		for (const listener of this.#listeners) listener(this.#state);
	}
}
