import type {DisplayGrade} from '../model/link/grade.js';
import type {LinkReason} from '../model/link/link-reasons.js';
import type {JournalFailure, Refusal} from '../model/meeting/refusals.js';

// The data the components render, built outside React by the dashboard store. Components
// only read these plain objects; they never see sockets, files or the session's events.

/** One site as a table row. */
export interface SiteRowData {
	/** Bumped whenever the row's figures are refreshed (a row object may be updated in place). */
	version?: number;
	id: string;
	name: string;
	/** Position in the plan (for "plan order" and stable ties). */
	index: number;
	grade: DisplayGrade;
	state: 'up' | 'down' | 'unknown';
	rttMs: number | null;
	p50Ms: number | null;
	p95Ms: number | null;
	maxMs: number | null;
	jitterMs: number | null;
	lossPct: number | null;
	/** What set lossPct: lost probes, or UDP packets lost up (hub → site) or down (site → hub). */
	lossFrom?: 'probes' | 'up' | 'down' | null;
	/** The UDP test stream: ok, blocked (loss measured over TCP only), off, waiting. */
	udp?: 'ok' | 'blocked' | 'off' | 'waiting';
	/** UDP packet loss and jitter per direction, null unless UDP is ok. */
	packetLossPct?: {up: number; down: number} | null;
	/** UDP blocked after it measured packet loss: the worse direction's loss of its last window, which the grade keeps (%). */
	heldLossPct?: number | null;
	udpJitterMs?: {up: number; down: number} | null;
	mos: number | null;
	availabilityPct: number | null;
	sent: number;
	received: number;
	/** How long since the last answer (ms), null when never answered. */
	seenAgoMs: number | null;
	history: readonly (number | null)[];
	present: number;
	expected: number;
	speaking: boolean;
	/** Why the link is down, as a code the screen words in its language. */
	error: LinkReason | null;
	/** Larger is worse; sorting 2,000 rows compares numbers only. */
	badness: number;
}

/** Phase of an agenda item or a speaker turn. */
export type Phase = 'pending' | 'running' | 'paused' | 'warning' | 'overrun' | 'ended' | 'skipped';

/** One agenda item as shown. */
export interface AgendaItemData {
	id: string;
	title: string;
	owner: string | null;
	optional: boolean;
	hasSpeakers: boolean;
	plannedMs: number;
	elapsedMs: number;
	remainingMs: number;
	phase: Phase;
}

/** The speaking site and its own timer. */
export interface SpeakerData {
	site: string;
	name: string;
	elapsedMs: number;
	budgetMs: number;
	phase: Phase;
	grade: DisplayGrade;
}

/** The agenda panel's data. */
export interface AgendaData {
	started: boolean;
	ended: boolean;
	/** Since the session started (ms), null before. */
	sessionElapsedMs: number | null;
	currentIndex: number | null;
	items: AgendaItemData[];
	speaker: SpeakerData | null;
	queue: {site: string; name: string}[];
	/** Planned and projected end to the minute and their difference, as every screen shows them (src/model/shown-times.ts). */
	plannedEnd: number;
	projectedEnd: number;
	deltaMs: number;
	/** When the meeting ended (epoch ms); null while it has not. Optional in older frames. */
	endedAt?: number | null;
}

/** One line of the roll call: a role at a site. */
export interface RollRow {
	site: string;
	siteName: string;
	role: number;
	roleName: string;
	status: 'present' | 'late' | 'absent' | null;
	reason: string | null;
	/** Marked from the site's own console (its journalled event is by "site"), not by the hub. */
	bySite?: true;
	/** First role of its site: the site name is drawn above it. */
	first: boolean;
}

/** Something the operator must see now. */
export type Alert =
	| {kind: 'down'; site: string; reason?: LinkReason | null}
	| {kind: 'speaker'; site: string; grade: DisplayGrade}
	| {kind: 'overrun'; item: string; byMs: number}
	/** why: the English text; failure: the same as data, worded in the screen's language. */
	| {kind: 'journal'; why: string; failure?: JournalFailure}
	/** why: the English text; refusal: its code, worded in the screen's language. */
	| {kind: 'refused'; why: string; refusal?: Refusal}
	/** The hub core this screen is attached to is gone (the frame is its last), or just came back. */
	| {kind: 'coreLost'}
	| {kind: 'coreBack'}
	/** The hub measured its own UDP socket dropping and lowered the test stream's rate. */
	| {kind: 'udpLowered'; from: number; to: number; drops: number}
	/** A meeting key pressed on a viewer's screen: nothing was sent. */
	| {kind: 'viewer'}
	/** What the last key did, when the screen alone would not show it (who was marked what). */
	| {kind: 'done'; text: string}
	| {kind: 'notice'; text: string};

/** Extra plan facts shown by the detail view. */
export interface SiteInfo {
	id: string;
	name: string;
	mode: string;
	/** null: the site's agent dials out to the hub (connect: dial-out). */
	endpoint: string | null;
	contact: {name?: string; phone?: string} | null;
	roster: string[];
	/** False where the hub cannot read its own UDP drops (no /proc: Windows): the ↓ loss may include them. */
	hubDropsReadable: boolean;
}

/** One published frame of the dashboard. */
export interface DashboardSnapshot {
	seq: number;
	/** Wall clock (epoch ms) of the frame. */
	wallNow: number;
	/** The meeting's time zone, as a UTC offset in minutes: every clock is shown in it. */
	utcOffsetMinutes: number;
	title: string;
	/** Sites sorted as the operator chose; only the visible window is drawn. */
	sites: SiteRowData[];
	counts: Record<DisplayGrade, number>;
	agenda: AgendaData;
	roll: RollRow[];
	alerts: Alert[];
	/** Hub self-monitoring (shown with --stats). */
	stats: {loopDelayP99Ms: number; sendLateP99Ms: number; probesPerSec: number} | null;
	/** True while the session has started and not ended (quit then asks y/n). */
	running: boolean;
	/** RTT that fills a sparkline cell (the plan's "fair" threshold). */
	sparkMaxMs: number;
}
