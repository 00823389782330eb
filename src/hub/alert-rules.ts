import type {LinkReason} from '../model/link/link-reasons.js';
import {wordAlert, type AlertText} from '../i18n/alert-words.js';
import type {Grade} from '../model/link/link-stats.js';

// When the hub raises an alert (DESIGN.md "Metrics and alerts"). Pure: link transitions
// go in with their monotonic time, `evaluate(now, facts)` says what to send. Thresholds as Gatus
// and Uptime Kuma keep them, so one lost probe pages no one:
// - site-down: a site down for `after` without a break; resolved when it is back. A site that
//   keeps coming back before `after` (flapping) never fires.
// - storm: half the sites or more (and at least 4) go down within 10 s and stay down for
//   `after`: one alert naming the hub's own line, instead of one per site. Their site-down alerts
//   are held back; when the storm ends, a site still down gets a fresh `after` before it fires.
// - speaker-link: the site on the floor is poor or down (the grade already has hysteresis).
// - item-overrun: the item in focus runs past its planned length.
// A firing alert is repeated every `remind` (0: never).

/** The four alerts of DESIGN.md "Outputs". */
export type AlertName = 'site-down' | 'speaker-link' | 'item-overrun' | 'storm';
export const ALERT_NAMES: readonly AlertName[] = ['site-down', 'speaker-link', 'item-overrun', 'storm'];

/** One alert to send (the hook JSON without its `at`, which the hub stamps). */
export interface AlertNotice {
	alert: AlertName;
	state: 'firing' | 'resolved';
	site: string | null;
	/** What it says, as a code (worded per language by alert-words.ts). */
	text: AlertText;
	/** The text in English (the journal's, the log's, `messageEn`). */
	message: string;
	/** A repeat of an alert still firing (sent to hooks, not journalled again). */
	reminder: boolean;
}

/** The plan's `alerts:` timings (ms) and the storm's shape. */
export interface AlertRuleOptions {
	afterMs: number;
	remindMs: number;
	/** Send a `resolved` notice when an alert ends. */
	resolved: boolean;
	/** Sites going down within this span count as one storm (default 10 s). */
	stormWindowMs?: number;
	/** Share of the sites that makes a storm (default 0.5). */
	stormShare?: number;
	/** Fewest sites that make a storm (default 4): a small plan alerts site by site. */
	stormMinSites?: number;
}

/** What the meeting says at `now`: who is speaking, which item runs over. */
export interface MeetingFacts {
	speaking: string | null;
	overrun: {item: string; title: string; plannedMs: number} | null;
}

interface SiteState {
	id: string;
	name: string;
	down: boolean;
	/** When the site went down (or came up); a storm's end restarts it for sites still down. */
	since: number;
	/** When the site last went down. */
	downAt: number;
	grade: Grade;
	reason: LinkReason | null;
	firing: boolean;
	firedAt: number;
	remindedAt: number;
	/** Held back by a storm. */
	inStorm: boolean;
	/** Seen up since the hub started (a site never up may simply not be switched on yet). */
	everUp: boolean;
}

interface Firing {
	key: string;
	since: number;
	remindedAt: number;
}

/** Alert state of one hub. */
export class AlertRules {
	private readonly options: Required<AlertRuleOptions>;
	private readonly sites = new Map<string, SiteState>();
	private downCount = 0;
	private stormPendingSince = Number.NaN;
	private storm: (Firing & {count: number}) | null = null;
	private speaker: (Firing & {site: string}) | null = null;
	private overrun: (Firing & {title: string}) | null = null;

	constructor(sites: ReadonlyArray<{id: string; name: string}>, options: AlertRuleOptions, now: number) {
		this.options = {stormWindowMs: 10_000, stormShare: 0.5, stormMinSites: 4, ...options};
		for (const site of sites) {
			this.sites.set(site.id, {
				id: site.id,
				name: site.name,
				down: false,
				since: now,
				downAt: now,
				grade: 'down',
				reason: null,
				firing: false,
				firedAt: 0,
				remindedAt: 0,
				inStorm: false,
				everUp: false,
			});
		}
	}

	/** A link transition (the Monitor's onChange): down, up or a new grade, at monotonic `at`. */
	link(site: string, type: 'down' | 'up' | 'grade' | 'measured', grade: Grade, at: number, reason?: LinkReason): void {
		const state = this.sites.get(site);
		if (!state) return;
		state.grade = grade;
		if (type === 'down' && !state.down) {
			state.down = true;
			state.since = at;
			state.downAt = at;
			state.reason = reason ?? null;
			this.downCount++;
		}
		if (type === 'up') state.everUp = true;
		if (type === 'up' && state.down) {
			state.down = false;
			state.since = at;
			this.downCount--;
		}
	}

	/** The alerts to send at `now`, in order; call about once a second. */
	evaluate(now: number, facts: MeetingFacts): AlertNotice[] {
		const out: AlertNotice[] = [];
		this.evaluateStorm(now, out);
		this.evaluateSites(now, out);
		this.evaluateSpeaker(now, facts.speaking, out);
		this.evaluateOverrun(now, facts.overrun, out);
		return out;
	}

	/** Alerts firing now, by name (for /metrics and the alert line). */
	firingCounts(): Record<AlertName, number> {
		let sites = 0;
		for (const state of this.sites.values()) if (state.firing) sites++;
		return {'site-down': sites, 'speaker-link': this.speaker ? 1 : 0, 'item-overrun': this.overrun ? 1 : 0, storm: this.storm ? 1 : 0};
	}

	private get stormThreshold(): number {
		return Math.max(this.options.stormMinSites, Math.ceil(this.sites.size * this.options.stormShare));
	}

	private evaluateStorm(now: number, out: AlertNotice[]): void {
		const threshold = this.stormThreshold;
		const total = this.sites.size;
		if (this.storm) {
			if (this.downCount >= threshold) {
				for (const state of this.sites.values()) if (state.down) state.inStorm = true;
				this.remind(this.storm, now, () =>
					out.push(this.notice('storm', 'firing', null, {code: 'storm-still', down: this.downCount, total}, true)),
				);
				return;
			}
			this.storm = null;
			for (const state of this.sites.values()) {
				// A site still down when the storm ends gets its own `after` from now.
				if (state.inStorm && state.down) state.since = now;
				state.inStorm = false;
			}
			if (this.options.resolved) out.push(this.notice('storm', 'resolved', null, {code: 'storm-over', down: this.downCount, total}, false));
			return;
		}
		if (this.downCount < threshold) {
			this.stormPendingSince = Number.NaN;
			return;
		}
		if (Number.isNaN(this.stormPendingSince)) {
			if (this.burst() < threshold) return;
			this.stormPendingSince = now;
		}
		if (now - this.stormPendingSince < this.options.afterMs) return;
		this.stormPendingSince = Number.NaN;
		this.storm = {key: 'storm', since: now, remindedAt: now, count: this.downCount};
		for (const state of this.sites.values()) if (state.down) state.inStorm = true;
		const span = Math.round(this.options.stormWindowMs / 1000);
		let neverUp = 0;
		for (const state of this.sites.values()) if (state.down && !state.everUp) neverUp++;
		// At start-up, sites that never answered may just not be switched on yet: say so.
		const message: AlertText =
			neverUp * 2 > this.downCount
				? {code: 'storm-never-up', down: this.downCount, total}
				: {code: 'storm-burst', down: this.downCount, total, spanS: span};
		out.push(this.notice('storm', 'firing', null, message, false));
	}

	// The most sites that went down within stormWindowMs of each other, among those down now.
	private burst(): number {
		const times: number[] = [];
		for (const state of this.sites.values()) if (state.down) times.push(state.since);
		times.sort((a, b) => a - b);
		let best = 0;
		for (let lo = 0, hi = 0; hi < times.length; hi++) {
			while (times[hi]! - times[lo]! > this.options.stormWindowMs) lo++;
			best = Math.max(best, hi - lo + 1);
		}
		return best;
	}

	private evaluateSites(now: number, out: AlertNotice[]): void {
		const holding = this.storm !== null || !Number.isNaN(this.stormPendingSince);
		for (const state of this.sites.values()) {
			if (state.firing) {
				if (!state.down) {
					state.firing = false;
					if (this.options.resolved)
						out.push(
							this.notice(
								'site-down',
								'resolved',
								state.id,
								{code: 'site-back', site: label(state), downMs: state.since - state.downAt},
								false,
							),
						);
				} else if (this.options.remindMs > 0 && now - state.remindedAt >= this.options.remindMs) {
					state.remindedAt = now;
					out.push(
						this.notice(
							'site-down',
							'firing',
							state.id,
							{code: 'site-still-down', site: label(state), downMs: now - state.downAt, reason: state.reason},
							true,
						),
					);
				}
				continue;
			}
			if (!state.down || holding || state.inStorm || now - state.since < this.options.afterMs) continue;
			state.firing = true;
			state.firedAt = now;
			state.remindedAt = now;
			out.push(
				this.notice(
					'site-down',
					'firing',
					state.id,
					{code: 'site-down', site: label(state), downMs: now - state.downAt, reason: state.reason},
					false,
				),
			);
		}
	}

	private evaluateSpeaker(now: number, speaking: string | null, out: AlertNotice[]): void {
		const state = speaking === null ? undefined : this.sites.get(speaking);
		// A firing alert holds while its site is back but still measuring: no evidence yet that the line is better.
		const held = state !== undefined && state.grade === 'measuring' && this.speaker?.site === state.id;
		const bad = state !== undefined && (state.down || state.grade === 'poor' || state.grade === 'down' || held);
		if (this.speaker && (!bad || this.speaker.site !== state!.id)) {
			const was = this.sites.get(this.speaker.site);
			const site = was ? label(was) : this.speaker.site;
			const text: AlertText =
				state?.id === this.speaker.site ? {code: 'speaker-link-back', site, grade: state.grade} : {code: 'speaker-stopped', site};
			if (this.options.resolved) out.push(this.notice('speaker-link', 'resolved', this.speaker.site, text, false));
			this.speaker = null;
		}
		if (!bad) return;
		if (!this.speaker) {
			this.speaker = {key: state.id, site: state.id, since: now, remindedAt: now};
			out.push(
				this.notice('speaker-link', 'firing', state.id, {code: 'speaker-bad', site: label(state), down: state.down, still: false}, false),
			);
			return;
		}
		this.remind(this.speaker, now, () =>
			out.push(
				this.notice('speaker-link', 'firing', state.id, {code: 'speaker-bad', site: label(state), down: state.down, still: true}, true),
			),
		);
	}

	private evaluateOverrun(now: number, overrun: MeetingFacts['overrun'], out: AlertNotice[]): void {
		if (this.overrun && this.overrun.key !== overrun?.item) {
			if (this.options.resolved)
				out.push(this.notice('item-overrun', 'resolved', null, {code: 'overrun-over', item: this.overrun.title}, false));
			this.overrun = null;
		}
		if (!overrun) return;
		if (!this.overrun) {
			this.overrun = {key: overrun.item, title: overrun.title, since: now, remindedAt: now};
			out.push(
				this.notice(
					'item-overrun',
					'firing',
					null,
					{code: 'overrun', item: overrun.title, plannedMs: overrun.plannedMs, still: false},
					false,
				),
			);
			return;
		}
		this.remind(this.overrun, now, () =>
			out.push(
				this.notice(
					'item-overrun',
					'firing',
					null,
					{code: 'overrun', item: overrun.title, plannedMs: overrun.plannedMs, still: true},
					true,
				),
			),
		);
	}

	private remind(firing: Firing, now: number, send: () => void): void {
		if (this.options.remindMs <= 0 || now - firing.remindedAt < this.options.remindMs) return;
		firing.remindedAt = now;
		send();
	}

	private notice(alert: AlertName, state: AlertNotice['state'], site: string | null, text: AlertText, reminder: boolean): AlertNotice {
		return {alert, state, site, text, message: wordAlert(text, 'en'), reminder};
	}
}

function label(state: SiteState): string {
	return state.name === state.id ? state.id : `${state.name} (${state.id})`;
}
