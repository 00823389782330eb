import {performance} from 'node:perf_hooks';
import type {SiteChange, SiteLink} from './monitor.js';
import type {ProberStats} from '../probes/prober.js';
import type {Plan} from './model/plan.js';
import type {SessionState} from './model/session.js';
import {agendaData, attendanceBySite, meetingRunning, rollRows} from '../components/selectors.js';
import type {Alert, DashboardSnapshot, RollRow, SiteInfo, SiteRowData} from '../components/snapshot.js';
import type {DisplayGrade} from '../components/theme.js';
import type {SortOrder} from '../components/view-state.js';
import type {DashboardSource} from '../components/App.js';
import {widestOf} from '../components/format.js';

// The dashboard's store, outside React: probe samples and meeting changes only mark it dirty;
// it builds and publishes a snapshot at most `maxFps` times a second, so 2,000 sites probed at
// 1 Hz cost ten frames a second, not two thousand renders.

/** What the store reads links from (the Monitor). */
export interface LinkSource {
	sites(now?: number): SiteLink[];
	onSample(listener: () => void): () => void;
	onChange(listener: (change: SiteChange) => void): () => void;
	prober?: {stats(): ProberStats};
}

/** What the store reads the meeting from (the Meeting). */
export interface MeetingSource {
	readonly state: SessionState;
	onChange(listener: () => void): () => void;
	readonly journalError: string | null;
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
}

/**
 * A table row, one per site for the life of the store and updated in place every frame (2,000
 * fresh rows ten times a second were most of the dashboard's garbage). The 900-probe history is
 * read, through the getter, only for rows on screen.
 */
class Row implements SiteRowData {
	declare version: number;
	declare id: string;
	declare name: string;
	declare index: number;
	declare grade: DisplayGrade;
	declare state: SiteRowData['state'];
	declare rttMs: number | null;
	declare p50Ms: number | null;
	declare p95Ms: number | null;
	declare maxMs: number | null;
	declare jitterMs: number | null;
	declare lossPct: number | null;
	declare mos: number | null;
	declare availabilityPct: number | null;
	declare sent: number;
	declare received: number;
	declare seenAgoMs: number | null;
	declare present: number;
	declare expected: number;
	declare speaking: boolean;
	declare error: string | null;
	declare badness: number;
	declare link: SiteLink;
	get history(): readonly (number | null)[] {
		return this.link.history;
	}
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

const rank: Record<DisplayGrade, number> = {down: 4, unknown: 3, poor: 2, fair: 1, good: 0};

/** Batches samples into snapshots for the App (implements its DashboardSource). */
export class DashboardStore implements DashboardSource {
	readonly longestName: number;
	private readonly options: Required<Omit<DashboardStoreOptions, 'sort'>>;
	private readonly listeners = new Set<() => void>();
	private readonly infos = new Map<string, SiteInfo>();
	private readonly rowCache = new Map<string, Row>();
	private readonly nameRank = new Map<string, number>();
	private readonly names = new Map<string, string>();
	private readonly unsubscribe: Array<() => void> = [];
	private snapshot: DashboardSnapshot;
	private sort: SortOrder;
	private timer: NodeJS.Timeout | null = null;
	private ticker: NodeJS.Timeout | null = null;
	private lastPublish = -Infinity;
	private seq = 0;
	private refusal: {why: string; until: number} | null = null;
	private notices: Array<{text: string; until: number}> = [];
	private rollCache: {attendance: SessionState['attendance']; rows: RollRow[]} | null = null;
	private attendanceCache: {attendance: SessionState['attendance']; counts: Map<string, {present: number; expected: number}>} | null = null;
	private rate = {at: 0, sent: 0, perSec: 0};
	/** Milliseconds the last snapshot took to build (for --stats and the benchmark). */
	lastBuildMs = 0;

	constructor(options: DashboardStoreOptions) {
		this.options = {maxFps: 10, clock: () => performance.now(), wallClock: () => Date.now(), refusalMs: 8000, ...options};
		this.sort = options.sort ?? 'worst';
		const {plan} = options;
		for (const site of plan.sites) {
			this.names.set(site.id, site.name);
			this.infos.set(site.id, {
				id: site.id,
				name: site.name,
				mode: site.mode,
				endpoint: site.endpoint,
				contact: site.contact ?? null,
				roster: site.roster.map(entry => entry.role),
			});
		}
		this.names.set(plan.hub.id, plan.hub.name);
		const collator = new Intl.Collator('vi');
		[...plan.sites].sort((a, b) => collator.compare(a.name, b.name)).forEach((site, i) => this.nameRank.set(site.id, i));
		this.longestName = widestOf(plan.sites.map(site => site.name));
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
		this.unsubscribe.push(this.options.links.onSample(dirty), this.options.links.onChange(dirty), this.options.meeting.onChange(meetingChanged));
		this.ticker = setInterval(dirty, 1000);
		this.ticker.unref?.();
		this.invalidate();
	}

	/** Stop timers and listeners. */
	stop(): void {
		for (const off of this.unsubscribe.splice(0)) off();
		if (this.timer) clearTimeout(this.timer);
		if (this.ticker) clearInterval(this.ticker);
		this.timer = null;
		this.ticker = null;
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

	setRollNeeded(_needed: boolean): void {
		// The roll call is built lazily on first read; nothing to schedule.
	}

	siteInfo(id: string): SiteInfo | undefined {
		return this.infos.get(id);
	}

	readonly nameOf = (id: string): string => this.names.get(id) ?? id;

	/** Show a notice (a journal repaired on resume, a token file others can read) on the alert line for a while. */
	notice(text: string, ms = 20_000): void {
		this.notices.push({text, until: this.options.clock() + ms});
		this.invalidate(true);
	}

	/** Show why an intent was refused on the alert line for a while. */
	refused(why: string): void {
		this.refusal = {why, until: this.options.clock() + this.options.refusalMs};
		this.invalidate(true);
	}

	/** Something changed: publish within one frame interval (never more often than maxFps), or at once when urgent. */
	invalidate(urgent = false): void {
		if (this.timer && !urgent) return;
		if (this.timer) clearTimeout(this.timer);
		const gap = 1000 / this.options.maxFps;
		const wait = urgent ? 0 : Math.max(0, this.lastPublish + gap - this.options.clock());
		this.timer = setTimeout(() => {
			this.timer = null;
			this.publish();
		}, wait);
	}

	/** Build and publish a snapshot now. */
	publish(): void {
		this.lastPublish = this.options.clock();
		this.snapshot = this.build();
		for (const listener of this.listeners) listener();
	}

	/** Build a snapshot without publishing it (the render-cost test and the benchmark time this). */
	build(): DashboardSnapshot {
		const started = performance.now();
		const now = this.options.clock();
		const wallNow = this.options.wallClock();
		const {plan, links, meeting} = this.options;
		const state = meeting.state;
		const linkSites = links.sites(now);
		const attendance = this.attendance(state);
		const current = state.items[state.current];
		const speakingSite = current?.speakers?.current?.site ?? null;
		const counts: Record<DisplayGrade, number> = {good: 0, fair: 0, poor: 0, down: 0, unknown: 0};
		const rows = new Array<Row>(linkSites.length);
		const grades = new Map<string, DisplayGrade>();
		const downSites: Array<{site: string; at: number}> = [];
		for (let i = 0; i < linkSites.length; i++) {
			const site = linkSites[i]!;
			const link = site.link;
			const grade: DisplayGrade = link.state === 'unknown' ? 'unknown' : link.grade;
			counts[grade]++;
			grades.set(site.id, grade);
			if (link.state === 'down') downSites.push({site: site.id, at: link.changedAt});
			const p95 = link.rttMs?.p95 ?? 0;
			const att = attendance.get(site.id);
			let row = this.rowCache.get(site.id);
			if (!row) this.rowCache.set(site.id, (row = new Row()));
			row.version = this.seq + 1; // the snapshot this build becomes
			row.link = site;
			row.id = site.id;
			row.name = site.name;
			row.index = i;
			row.grade = grade;
			row.state = link.state;
			row.rttMs = link.rttMs?.last ?? null;
			row.p50Ms = link.rttMs?.p50 ?? null;
			row.p95Ms = link.rttMs?.p95 ?? null;
			row.maxMs = link.rttMs?.max ?? null;
			row.jitterMs = link.jitterMs;
			row.lossPct = link.lossPct;
			row.mos = link.mos;
			row.availabilityPct = link.availabilityPct;
			row.sent = link.sent;
			row.received = link.received;
			row.seenAgoMs = link.lastSeenAt === null ? null : Math.max(0, now - link.lastSeenAt);
			row.present = att?.present ?? 0;
			row.expected = att?.expected ?? 0;
			row.speaking = site.id === speakingSite;
			row.error = link.error;
			row.badness = rank[grade] * 1e9 + (link.lossPct ?? 0) * 1e6 + Math.min(p95, 999_999);
			rows[i] = row;
		}
		this.sortRows(rows);
		const agenda = agendaData(state, wallNow, site => grades.get(site) ?? 'unknown');
		const alerts: Alert[] = [];
		if (meeting.journalError) alerts.push({kind: 'journal', why: meeting.journalError});
		if (this.refusal && this.refusal.until > now) alerts.push({kind: 'refused', why: this.refusal.why});
		if (this.notices.length > 0) {
			this.notices = this.notices.filter(notice => notice.until > now);
			for (const notice of this.notices) alerts.push({kind: 'notice', text: notice.text});
		}
		if (agenda.speaker && (agenda.speaker.grade === 'poor' || agenda.speaker.grade === 'down')) {
			alerts.push({kind: 'speaker', site: agenda.speaker.site, grade: agenda.speaker.grade});
		}
		downSites.sort((a, b) => b.at - a.at);
		for (const down of downSites) if (down.site !== speakingSite) alerts.push({kind: 'down', site: down.site});
		const item = agenda.currentIndex === null ? undefined : agenda.items[agenda.currentIndex];
		if (item && item.phase === 'overrun') alerts.push({kind: 'overrun', item: item.title, byMs: -item.remainingMs});
		const roll = () => this.roll(state);
		const snapshot: DashboardSnapshot = {
			seq: ++this.seq,
			wallNow,
			utcOffsetMinutes: state.utcOffsetMinutes,
			title: plan.session.title,
			sites: rows,
			counts,
			agenda,
			// Lazy: built on first read per attendance change (a view showing it, or a key acting on it).
			get roll() {
				return roll();
			},
			alerts,
			stats: this.stats(now),
			running: meetingRunning(state),
			sparkMaxMs: plan.thresholds.fair.rttMs,
		};
		this.lastBuildMs = performance.now() - started;
		return snapshot;
	}

	private sortRows(rows: SiteRowData[]): void {
		if (this.sort === 'plan') return;
		if (this.sort === 'name') {
			const ranks = this.nameRank;
			rows.sort((a, b) => (ranks.get(a.id) ?? 0) - (ranks.get(b.id) ?? 0));
			return;
		}
		rows.sort((a, b) => b.badness - a.badness || a.index - b.index);
	}

	private attendance(state: SessionState) {
		if (this.attendanceCache?.attendance !== state.attendance) {
			this.attendanceCache = {attendance: state.attendance, counts: attendanceBySite(state)};
		}
		return this.attendanceCache.counts;
	}

	private roll(state: SessionState): RollRow[] {
		if (this.rollCache?.attendance !== state.attendance) this.rollCache = {attendance: state.attendance, rows: rollRows(state)};
		return this.rollCache.rows;
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
