import {performance} from 'node:perf_hooks';
import {msToNextShownChange} from '../model/shown-times.js';
import type {JournalFailure, Refusal} from '../model/meeting/refusals.js';
import type {SiteChange, SiteLink} from '../hub/monitor.js';
import type {ProberStats} from '../../probes/probe-types.js';
import type {Plan} from '../model/plan/plan.js';
import type {SessionState} from '../model/meeting/session.js';
import type {SortOrder} from './view-state.js';
import {FrameScheduler} from '../hub/frame-scheduler.js';
import {SnapshotBuilder} from './snapshot-builder.js';
import type {Alert, DashboardSnapshot, SiteInfo} from './snapshot.js';

// One screen's store, outside React: the feed (links and meeting, local or attached) marks it
// dirty, the frame scheduler decides when, the snapshot builder builds. It also holds what is
// this screen's own: its sort order, its refusals and notices on the alert line.

/** What the store reads links from (the Monitor, or an attached screen's copy). */
export interface LinkSource {
	sites(now?: number): SiteLink[];
	onSample(listener: () => void): () => void;
	onChange(listener: (change: SiteChange) => void): () => void;
	prober?: {stats(): ProberStats};
}

/** What the store reads the meeting from (the Meeting, or an attached screen's copy). */
export interface MeetingSource {
	readonly state: SessionState;
	onChange(listener: () => void): () => void;
	readonly journalError: string | null;
	/** The same failure as data, worded in the screen's language (absent: only the English is known). */
	readonly journalFailure?: JournalFailure | null;
}

/** Options of the store. */
export interface DashboardStoreOptions {
	plan: Plan;
	links: LinkSource;
	meeting: MeetingSource;
	/** Frames a second at most (default 10). */
	maxFps?: number;
	/** Monotonic ms (default performance.now). */
	clock?: () => number;
	/** Wall clock, epoch ms (default Date.now): timers of the meeting are wall-clock. */
	wallClock?: () => number;
	sort?: SortOrder;
	/** How long a refused intent stays on the alert line (ms, default 8000). */
	refusalMs?: number;
	/** A frame at least this often, for the clocks (ms, default 1000). */
	tickMs?: number;
}

/** True when something other than link grades changed (the reducer replaces only what an event touches). */
function operatorChanged(before: SessionState, after: SessionState): boolean {
	return (
		before.items !== after.items ||
		before.current !== after.current ||
		before.attendance !== after.attendance ||
		before.notes !== after.notes ||
		before.startedAt !== after.startedAt ||
		before.endedAt !== after.endedAt
	);
}

/** What the App reads from: the store's snapshots (published at most ~10 a second) and plan facts. */
export interface DashboardSource {
	subscribe(listener: () => void): () => void;
	getSnapshot(): DashboardSnapshot;
	setSort(sort: SortOrder): void;
	siteInfo(id: string): SiteInfo | undefined;
	/** Display name of a site id (alerts). */
	nameOf(id: string): string;
	/** Widest site name in columns (the table's name column). */
	longestName: number;
}

/** Batches samples into snapshots for the App (implements its DashboardSource). */
export class DashboardStore implements DashboardSource {
	readonly longestName: number;
	private readonly options: Required<Omit<DashboardStoreOptions, 'sort'>>;
	private readonly builder: SnapshotBuilder;
	private readonly scheduler: FrameScheduler;
	private readonly listeners = new Set<() => void>();
	private readonly unsubscribe: Array<() => void> = [];
	private snapshot: DashboardSnapshot;
	private sort: SortOrder;
	private refusal: {alert: Alert; until: number} | null = null;
	private notices: Array<{text: string; until: number}> = [];
	private feedback: {text: string; until: number} | null = null;
	private coreLost = false;
	private backUntil = 0;
	private rate = {at: 0, sent: 0, perSec: 0};
	private linksReadAt = -Infinity;
	/** Milliseconds the last snapshot took to build (for --stats and the benchmark). */
	lastBuildMs = 0;

	constructor(options: DashboardStoreOptions) {
		this.options = {maxFps: 10, clock: () => performance.now(), wallClock: () => Date.now(), refusalMs: 8000, tickMs: 1000, ...options};
		this.sort = options.sort ?? 'worst';
		this.builder = new SnapshotBuilder(options.plan);
		this.longestName = this.builder.longestName;
		// With the default tick, frames land when a clock on screen turns (a test that sets tickMs wants no ticks).
		const nextTick =
			options.tickMs === undefined ? () => msToNextShownChange(this.options.meeting.state, this.options.wallClock()) : undefined;
		this.scheduler = new FrameScheduler({
			publish: urgent => this.publish(urgent),
			maxFps: this.options.maxFps,
			clock: this.options.clock,
			tickMs: this.options.tickMs,
			...(nextTick ? {nextTick} : {}),
		});
		this.snapshot = this.build();
	}

	/** Begin listening to links and meeting; a frame at least every second for the clocks. */
	start(): void {
		const dirty = () => this.invalidate();
		// An operator's action (or a failed journal write) shows at once; samples, and the link
		// events the meeting journals every 250 ms, wait for the next frame slot.
		let seen = {state: this.options.meeting.state, journalError: this.options.meeting.journalError};
		const meetingChanged = () => {
			const {state, journalError} = this.options.meeting;
			const urgent = journalError !== seen.journalError || operatorChanged(seen.state, state);
			seen = {state, journalError};
			this.invalidate(urgent);
		};
		this.unsubscribe.push(
			this.options.links.onSample(dirty),
			this.options.links.onChange(dirty),
			this.options.meeting.onChange(meetingChanged),
		);
		this.scheduler.start();
	}

	/** Stop timers and listeners. */
	stop(): void {
		for (const off of this.unsubscribe.splice(0)) off();
		this.scheduler.stop();
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): DashboardSnapshot => this.snapshot;

	setSort(sort: SortOrder): void {
		if (sort === this.sort) return;
		this.sort = sort;
		this.invalidate();
	}

	siteInfo(id: string): SiteInfo | undefined {
		return this.builder.siteInfo(id);
	}

	readonly nameOf = (id: string): string => this.builder.nameOf(id);

	/** Show a notice (a journal repaired on resume, a token file others can read) on the alert line for a while. */
	notice(text: string, ms = 20_000): void {
		this.notices.push({text, until: this.options.clock() + ms});
		this.invalidate(true);
	}

	/** Say what the last key did (replacing what the one before said) on the alert line for a while. */
	done(text: string, ms = 8000): void {
		this.feedback = {text, until: this.options.clock() + ms};
		if (text) this.refusal = null;
		this.invalidate(true);
	}

	/** Show why an intent was refused on the alert line for a while. */
	refused(why: string, refusal?: Refusal): void {
		this.refusal = {alert: {kind: 'refused', why, ...(refusal ? {refusal} : {})}, until: this.options.clock() + this.options.refusalMs};
		this.invalidate(true);
	}

	/** The core went away (an attached screen): said first on the alert line until it is back. */
	setCoreLost(lost: boolean): void {
		if (lost === this.coreLost) return;
		this.coreLost = lost;
		if (!lost) this.backUntil = this.options.clock() + 8000;
		this.invalidate(true);
	}

	/** Say on the alert line that this screen only views (a meeting key was pressed). */
	viewerRefused(): void {
		this.refusal = {alert: {kind: 'viewer'}, until: this.options.clock() + this.options.refusalMs};
		this.invalidate(true);
	}

	/** Something changed: publish within one frame interval (never more often than maxFps), or at once when urgent. */
	invalidate(urgent = false): void {
		this.scheduler.invalidate(urgent);
	}

	/** Build and publish a snapshot now (`urgent`: for an operator's action, a notice, a refusal). */
	publish(urgent = false): void {
		// A frame an operator's action publishes at once, within a frame interval of one that read
		// every link, keeps that frame's link figures (at 2,000 sites, reading them all again was a
		// key's longest wait on an attached screen); the next frame in its slot reads them anew.
		const reuseLinks = urgent && this.options.clock() - this.linksReadAt < 1000 / this.options.maxFps;
		this.snapshot = this.build(reuseLinks);
		for (const listener of this.listeners) listener();
		if (reuseLinks) this.scheduler.invalidate();
	}

	/** Build a snapshot without publishing it (the render-cost test and the benchmark time this). */
	build(reuseLinks = false): DashboardSnapshot {
		const started = performance.now();
		const now = this.options.clock();
		const {links, meeting} = this.options;
		if (!reuseLinks) this.linksReadAt = now;
		const snapshot = this.builder.build({
			state: meeting.state,
			sites: reuseLinks ? [] : links.sites(now),
			reuseLinks,
			now,
			wallNow: this.options.wallClock(),
			journalError: meeting.journalError,
			journalFailure: meeting.journalFailure ?? null,
			screen: this.screenAlerts(now),
			sort: this.sort,
			stats: this.stats(now),
		});
		this.lastBuildMs = performance.now() - started;
		return snapshot;
	}

	private screenAlerts(now: number): Alert[] {
		const alerts: Alert[] = this.coreLost ? [{kind: 'coreLost'}] : this.backUntil > now ? [{kind: 'coreBack'}] : [];
		if (this.refusal && this.refusal.until > now) alerts.push(this.refusal.alert);
		const udp = this.options.links.prober?.stats().udp;
		if (udp?.lowered) alerts.push({kind: 'udpLowered', ...udp.lowered});
		if (this.feedback && this.feedback.until > now) alerts.push({kind: 'done', text: this.feedback.text});
		if (this.notices.length > 0) {
			this.notices = this.notices.filter(notice => notice.until > now);
			for (const notice of this.notices) alerts.push({kind: 'notice', text: notice.text});
		}
		return alerts;
	}

	private stats(now: number): DashboardSnapshot['stats'] {
		const prober = this.options.links.prober;
		if (!prober) return null;
		const {probesSent, loopDelayP99Ms, sendLateP99Ms} = prober.stats();
		// Probe rate over the last second or more, so the figure does not jump every frame.
		if (now - this.rate.at >= 1000) {
			this.rate.perSec = this.rate.at === 0 ? 0 : ((probesSent - this.rate.sent) * 1000) / (now - this.rate.at);
			this.rate = {at: now, sent: probesSent, perSec: this.rate.perSec};
		}
		return {loopDelayP99Ms, sendLateP99Ms, probesPerSec: this.rate.perSec};
	}
}
