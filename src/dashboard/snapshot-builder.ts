import type {JournalFailure} from '../model/meeting/refusals.js';
import type {SiteLink} from '../hub/monitor.js';
import {displayGrade, gradeBadness, type DisplayGrade} from '../model/link/grade.js';
import type {LinkReason} from '../model/link/link-reasons.js';
import type {Plan} from '../model/plan/plan.js';
import type {SessionState} from '../model/meeting/session.js';
import {widestOf} from './format.js';
import type {SortOrder} from './view-state.js';
import {agendaData, attendanceBySite, meetingRunning, rollRows} from './selectors.js';
import {screenAlerts} from './screen-alerts.js';
import type {Alert, DashboardSnapshot, RollRow, SiteInfo, SiteRowData} from './snapshot.js';
import {ownDropsReadable} from '../../probes/udp-own-drops.js';

// A frame of the dashboard from what the hub knows at one instant: the session state, every
// site's link, and this screen's own lines. No timers, no listeners, no clock: `now` comes in,
// so the same input gives the same frame (tested alone, alert rules included). It keeps only
// caches: one row object per site updated in place, the roll call per attendance change.

/** Everything one frame is built from. */
export interface FrameInput {
	state: SessionState;
	/** Every site in plan order, as of `now`. */
	sites: readonly SiteLink[];
	/** Monotonic ms of the link figures (how long ago a site answered). */
	now: number;
	/** Wall clock, epoch ms, of the meeting's timers. */
	wallNow: number;
	journalError: string | null;
	/** The same failure as data, for the screen's language (absent: only the English is known). */
	journalFailure?: JournalFailure | null;
	/** This screen's own alert lines (a refused key, notices), already current. */
	screen: readonly Alert[];
	sort: SortOrder;
	/** The hub's own figures (shown with --stats), or null. */
	stats: DashboardSnapshot['stats'];
	/**
	 * Keep the previous frame's link figures and order (`sites` is not read): for a frame that an
	 * operator's action publishes at once, a few ms after a frame that read every link. Only the
	 * meeting's side of each row (attendance, who speaks) is brought up to date. Ignored when there
	 * is no previous frame of the same sort.
	 */
	reuseLinks?: boolean;
}

/**
 * A table row, one per site for the life of the builder and updated in place every frame (2,000
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
	declare lossFrom: SiteRowData['lossFrom'];
	declare udp: SiteRowData['udp'];
	declare packetLossPct: SiteRowData['packetLossPct'];
	declare heldLossPct: number | null;
	declare udpJitterMs: SiteRowData['udpJitterMs'];
	declare mos: number | null;
	declare availabilityPct: number | null;
	declare sent: number;
	declare received: number;
	declare seenAgoMs: number | null;
	declare present: number;
	declare expected: number;
	declare speaking: boolean;
	declare error: LinkReason | null;
	declare badness: number;
	declare link: SiteLink;
	get history(): readonly (number | null)[] {
		return this.link.history;
	}
}

/** Builds snapshots for one screen of one plan. */
export class SnapshotBuilder {
	/** Widest site name in columns (the table's name column). */
	readonly longestName: number;
	private readonly plan: Plan;
	private readonly infos = new Map<string, SiteInfo>();
	private readonly rowCache = new Map<string, Row>();
	private readonly nameRank = new Map<string, number>();
	private readonly names = new Map<string, string>();
	private seq = 0;
	private last: {
		rows: Row[];
		counts: Record<DisplayGrade, number>;
		grades: Map<string, DisplayGrade>;
		down: Array<{site: string; at: number; reason: LinkReason | null}>;
		sort: SortOrder;
	} | null = null;
	private rollCache: {attendance: SessionState['attendance']; rows: RollRow[]} | null = null;
	private attendanceCache: {attendance: SessionState['attendance']; counts: Map<string, {present: number; expected: number}>} | null = null;

	constructor(plan: Plan) {
		this.plan = plan;
		// A screen runs on the hub's machine (attached ones too): this system's answer is the hub's.
		const hubDropsReadable = ownDropsReadable();
		for (const site of plan.sites) {
			this.names.set(site.id, site.name);
			this.infos.set(site.id, {
				id: site.id,
				name: site.name,
				mode: site.mode,
				endpoint: site.endpoint ?? null,
				contact: site.contact ?? null,
				roster: site.roster.map(entry => entry.role),
				hubDropsReadable,
			});
		}
		this.names.set(plan.hub.id, plan.hub.name);
		const collator = new Intl.Collator('vi');
		[...plan.sites].sort((a, b) => collator.compare(a.name, b.name)).forEach((site, i) => this.nameRank.set(site.id, i));
		this.longestName = widestOf(plan.sites.map(site => site.name));
	}

	/** Plan facts of a site for the detail view. */
	siteInfo(id: string): SiteInfo | undefined {
		return this.infos.get(id);
	}

	/** Display name of a site id (or the hub's), the id itself when unknown. */
	readonly nameOf = (id: string): string => this.names.get(id) ?? id;

	/** One frame. */
	build(input: FrameInput): DashboardSnapshot {
		const {state, now, wallNow} = input;
		const attendance = this.attendance(state);
		const current = state.items[state.current];
		const speakingSite = current?.speakers?.current?.site ?? null;
		const version = this.seq + 1; // the snapshot this build becomes
		const last = input.reuseLinks && this.last?.sort === input.sort ? this.last : null;
		if (last) {
			const rows = last.rows.slice();
			for (const row of rows) {
				const att = attendance.get(row.id);
				row.version = version;
				row.present = att?.present ?? 0;
				row.expected = att?.expected ?? 0;
				row.speaking = row.id === speakingSite;
			}
			return this.finish(input, version, rows, last.counts, last.grades, last.down);
		}
		const linkSites = input.sites;
		const counts: Record<DisplayGrade, number> = {good: 0, fair: 0, poor: 0, down: 0, unknown: 0, measuring: 0};
		const rows = new Array<Row>(linkSites.length);
		const grades = new Map<string, DisplayGrade>();
		const down: Array<{site: string; at: number; reason: LinkReason | null}> = [];
		for (let i = 0; i < linkSites.length; i++) {
			const site = linkSites[i]!;
			const link = site.link;
			const grade = displayGrade(link);
			counts[grade]++;
			grades.set(site.id, grade);
			if (link.state === 'down') down.push({site: site.id, at: link.changedAt, reason: link.error});
			const p95 = link.rttMs?.p95 ?? 0;
			const att = attendance.get(site.id);
			let row = this.rowCache.get(site.id);
			if (!row) this.rowCache.set(site.id, (row = new Row()));
			row.version = version;
			row.link = site;
			row.id = site.id;
			row.name = site.name;
			row.index = i;
			row.grade = grade;
			row.state = link.state;
			// A site that is down shows no figures: its last good RTT and MOS would be stale (they read —).
			const live = link.state !== 'down';
			row.rttMs = live ? (link.rttMs?.last ?? null) : null;
			row.p50Ms = live ? (link.rttMs?.p50 ?? null) : null;
			row.p95Ms = live ? (link.rttMs?.p95 ?? null) : null;
			row.maxMs = live ? (link.rttMs?.max ?? null) : null;
			row.jitterMs = live ? link.jitterMs : null;
			row.lossPct = live ? link.lossPct : null;
			row.lossFrom = live ? link.lossFrom : null;
			row.udp = link.udp;
			row.packetLossPct = live ? link.packetLossPct : null;
			row.heldLossPct = live ? link.heldLossPct : null;
			row.udpJitterMs = live ? link.udpJitterMs : null;
			row.mos = live ? link.mos : null;
			row.availabilityPct = link.availabilityPct;
			row.sent = link.sent;
			row.received = link.received;
			row.seenAgoMs = link.lastSeenAt === null ? null : Math.max(0, now - link.lastSeenAt);
			row.present = att?.present ?? 0;
			row.expected = att?.expected ?? 0;
			row.speaking = site.id === speakingSite;
			row.error = link.error;
			// Grade first (the one worst-first order), then loss, then the p95 RTT.
			row.badness = gradeBadness[grade] * 1e9 + (link.lossPct ?? 0) * 1e6 + Math.min(p95, 999_999);
			rows[i] = row;
		}
		this.sortRows(rows, input.sort);
		this.last = {rows, counts, grades, down, sort: input.sort};
		return this.finish(input, version, rows, counts, grades, down);
	}

	private finish(
		input: FrameInput,
		version: number,
		rows: Row[],
		counts: Record<DisplayGrade, number>,
		grades: Map<string, DisplayGrade>,
		down: Array<{site: string; at: number; reason: LinkReason | null}>,
	): DashboardSnapshot {
		const {state, wallNow} = input;
		const agenda = agendaData(state, wallNow, site => grades.get(site) ?? 'unknown');
		const roll = () => this.roll(state);
		this.seq = version;
		return {
			seq: version,
			wallNow,
			utcOffsetMinutes: state.utcOffsetMinutes,
			title: this.plan.session.title,
			sites: rows,
			counts,
			agenda,
			// Lazy: built on first read per attendance change (a view showing it, or a key acting on it).
			get roll() {
				return roll();
			},
			alerts: screenAlerts({
				journalError: input.journalError,
				journalFailure: input.journalFailure ?? null,
				screen: input.screen,
				agenda,
				down,
			}),
			stats: input.stats,
			running: meetingRunning(state),
			sparkMaxMs: this.plan.thresholds.fair.rttMs,
		};
	}

	private sortRows(rows: SiteRowData[], sort: SortOrder): void {
		if (sort === 'plan') return;
		if (sort === 'name') {
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
}
