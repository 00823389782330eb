import type {JournalHeader} from '../hub/journal-format.js';
import {initialSession, replaySession, type LinkGrade, type SessionEvent} from '../model/meeting/session.js';
import {attendanceTotals, itemElapsedMs, projection} from '../model/meeting/session-view.js';
import {zoneOffsetMinutes} from '../model/plan/time-zone.js';
import {linkStory, siteAvailability} from './report-links.js';
import {journalReason} from '../i18n/link-reason-words.js';
import type {LinkReason} from '../model/link/link-reasons.js';

// The meeting's timeline from its journal (DESIGN.md "Outputs"): the JSON of `report --format json`
// and the minutes a town office pastes into its report. Built by replaying the journal with the
// plan stored in its header, so no plan file is needed. Times are the meeting's local time: in
// the plan's `session.timeZone` when it has one, else at the UTC offset the journal was opened with.

/** `report --format json` (stable: add fields, never rename). Times ISO-8601 with the meeting's UTC offset; durations in whole seconds. */
export interface Report {
	session: {
		title: string;
		date: string;
		plannedStart: string;
		startedAt: string | null;
		endedAt: string | null;
		plannedEnd: string;
		projectedEnd: string;
		timeZone: string | null;
	};
	/** plannedS: the plan's length; adjustedS: after the operator's +/-; overrunS: actual - adjusted (what the screen showed). */
	items: Array<{
		id: string;
		title: string;
		plannedS: number;
		adjustedS: number;
		startedAt: string | null;
		endedAt: string | null;
		actualS: number | null;
		overrunS: number | null;
		skipped: boolean;
	}>;
	speakers: Array<{
		site: string;
		startedAt: string | null;
		endedAt: string | null;
		actualS: number;
		budgetS: number;
		skipped: boolean;
		reason: string | null;
	}>;
	attendance: Array<{site: string; expected: number; present: number; late: number; absent: number}>;
	/**
	 * Link events that are incidents (a site's first connection, at start or after the hub resumed,
	 * is not one), and alerts (`type: "alert"`, grade null, `site` the hub's id for storm
	 * and item-overrun).
	 */
	incidents: Array<{
		site: string;
		type: 'down' | 'up' | 'grade' | 'alert';
		at: string;
		grade: LinkGrade | null;
		previous?: LinkGrade;
		reason?: string | null;
		alert?: string;
		state?: 'firing' | 'resolved';
	}>;
	/** One row per outage: to null while the site is not back; reason the wire's English text. */
	outages: Array<{site: string; from: string; to: string | null; durationS: number; reason: string | null}>;
	/** The hub's own gaps: closed (clean: from its stop) or crashed (from its last sign of life, the journal's last line before it: a heartbeat at most 10 s old while the meeting ran), to its resume. */
	hubGaps: Array<{from: string; to: string; durationS: number; clean: boolean}>;
	/** Per site during the meeting (start to end, or to the last event), the hub's gaps left out. */
	availability: Array<{site: string; downS: number; availabilityPct: number | null}>;
}

/** What the minutes show beyond the JSON: names, reasons, notes. */
export interface ReportDetails {
	venue?: string;
	utcOffsetMinutes: number;
	/** The plan's session: place, issuer, signer, recipients for the administrative layout. */
	session: JournalHeader['meeting']['session'];
	names: Record<string, string>;
	/** Why each turn of `speakers` was skipped, as a code (null: not skipped for a reason). */
	speakerReasons: Array<LinkReason | null>;
	/** Why each of `outages` began, as a code (null: no reason journalled). */
	outageReasons: Array<LinkReason | null>;
	absences: Array<{site: string; role: string; reason?: string}>;
	incidentReasons: Array<string | undefined>;
	notes: Array<{at: string; text: string}>;
	unmarked: Record<string, number>;
	/** Time of the last event: the report's "as of" when the session has not ended. */
	asOf: string | null;
}

const seconds = (ms: number) => Math.round(ms / 1000);

/** ISO-8601 at a UTC offset, to the second: 2021-11-25T08:02:10+07:00. */
export function isoLocal(ms: number, utcOffsetMinutes: number): string {
	const shifted = new Date(Math.round(ms / 1000) * 1000 + utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
	const sign = utcOffsetMinutes < 0 ? '-' : '+';
	const abs = Math.abs(utcOffsetMinutes);
	return `${shifted}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Replay a journal into its report. */
export function buildReport(header: JournalHeader, events: readonly SessionEvent[]): {report: Report; details: ReportDetails} {
	const offset = header.utcOffsetMinutes;
	const zone = header.meeting.session.timeZone;
	const iso = (ms: number) => isoLocal(ms, zone ? zoneOffsetMinutes(zone, ms) : offset);
	const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));
	const state = replaySession(initialSession(header.meeting, {utcOffsetMinutes: offset}), events);
	const asOf = state.lastAt;
	const view = projection(state, asOf ?? 0);
	const names: Record<string, string> = {[header.meeting.hub.id]: header.meeting.hub.name};
	for (const site of header.meeting.sites) names[site.id] = site.name;

	const items = state.items.map(item => {
		const started = item.startedAt !== null;
		const actualS = started ? seconds(itemElapsedMs(item, asOf ?? 0)) : null;
		const adjustedS = seconds(item.plannedMs);
		return {
			id: item.id,
			title: item.title,
			plannedS: seconds(item.originalMs),
			adjustedS,
			startedAt: isoOrNull(item.startedAt),
			endedAt: isoOrNull(item.status === 'ended' ? item.endedAt : null),
			actualS,
			overrunS: actualS === null ? null : actualS - adjustedS,
			skipped: item.status === 'skipped',
		};
	});

	const speakers: Report['speakers'] = [];
	const speakerReasons: Array<LinkReason | null> = [];
	for (const item of state.items) {
		if (!item.speakers) continue;
		const budgetS = seconds(item.speakers.budgetMs);
		for (const turn of item.speakers.turns) {
			speakers.push({
				site: turn.site,
				startedAt: isoOrNull(turn.startedAt),
				endedAt: iso(turn.endedAt),
				actualS: seconds(turn.elapsedMs),
				budgetS,
				skipped: turn.skipped,
				reason: turn.reason ?? null,
			});
			speakerReasons.push(journalReason(turn));
		}
		const current = item.speakers.current;
		if (current) {
			const elapsed = current.elapsedBeforeMs + (current.runningSince === null ? 0 : (asOf ?? 0) - current.runningSince);
			speakers.push({
				site: current.site,
				startedAt: iso(current.startedAt),
				endedAt: null,
				actualS: seconds(elapsed),
				budgetS,
				skipped: false,
				reason: null,
			});
			speakerReasons.push(null);
		}
	}

	const totals = attendanceTotals(state);
	const attendance = totals.sites.map(({site, expected, present, late, absent}) => ({site, expected, present, late, absent}));
	const unmarked = Object.fromEntries(totals.sites.map(row => [row.site, row.unmarked]));
	const absences: ReportDetails['absences'] = [];
	for (const [site, roles] of [
		[header.meeting.hub.id, header.meeting.hub.roles],
		...header.meeting.sites.map(s => [s.id, s.roles] as const),
	] as const) {
		state.attendance[site]?.forEach((mark, index) => {
			if (mark?.status === 'absent')
				absences.push({site, role: roles[index] ?? `#${index + 1}`, ...(mark.reason ? {reason: mark.reason} : {})});
		});
	}

	const story = linkStory(events);
	const incidents: Report['incidents'] = [];
	const incidentReasons: Array<string | undefined> = [];
	for (const event of story.incidents) {
		if (event.type === 'link-down' || event.type === 'link-up' || event.type === 'link-grade') {
			incidents.push({
				site: event.site,
				type: event.type.slice(5) as 'down' | 'up' | 'grade',
				at: iso(event.at),
				grade: event.grade,
				previous: event.previous,
				reason: event.reason ?? null,
			});
			incidentReasons.push(event.reason);
		} else if (event.type === 'alert') {
			incidents.push({
				site: event.site ?? header.meeting.hub.id,
				type: 'alert',
				at: iso(event.at),
				grade: null,
				alert: event.alert,
				state: event.state,
			});
			incidentReasons.push(event.message);
		}
	}
	const windowEnd = state.endedAt ?? asOf ?? 0;
	const outages = story.outages.map(outage => ({
		site: outage.site,
		from: iso(outage.from),
		to: isoOrNull(outage.to),
		durationS: seconds((outage.to ?? windowEnd) - outage.from),
		reason: outage.reason ?? null,
	}));
	const hubGaps = story.hubGaps.map(gap => ({
		from: iso(gap.from),
		to: iso(gap.to),
		durationS: seconds(gap.to - gap.from),
		clean: gap.clean,
	}));
	const availability =
		state.startedAt === null
			? []
			: siteAvailability(
					story,
					header.meeting.sites.map(site => site.id),
					state.startedAt,
					windowEnd,
				).map(row => ({
					site: row.site,
					downS: seconds(row.downMs),
					availabilityPct: row.availabilityPct === null ? null : Math.round(row.availabilityPct * 10) / 10,
				}));

	const report: Report = {
		session: {
			title: header.meeting.session.title,
			date: header.meeting.session.date,
			plannedStart: iso(view.plannedStart),
			startedAt: isoOrNull(state.startedAt),
			endedAt: isoOrNull(state.endedAt),
			plannedEnd: iso(view.plannedEnd),
			projectedEnd: iso(state.startedAt === null && asOf === null ? view.plannedEnd : view.projectedEnd),
			timeZone: zone ?? null,
		},
		items,
		speakers,
		attendance,
		incidents,
		outages,
		hubGaps,
		availability,
	};
	const details: ReportDetails = {
		...(header.meeting.session.venue ? {venue: header.meeting.session.venue} : {}),
		utcOffsetMinutes: zone ? zoneOffsetMinutes(zone, state.startedAt ?? view.plannedStart) : offset,
		session: header.meeting.session,
		names,
		speakerReasons,
		outageReasons: story.outages.map(outage => journalReason(outage)),
		absences,
		incidentReasons,
		notes: state.notes.map(note => ({at: iso(note.at), text: note.text})),
		unmarked,
		asOf: isoOrNull(asOf),
	};
	return {report, details};
}

/** The site's display name as the plan gives it. */
export function nameOf(details: ReportDetails, site: string): string {
	return details.names[site] ?? site;
}
