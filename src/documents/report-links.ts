import type {LinkReason} from '../model/link/link-reasons.js';
import type {LinkGrade, SessionEvent} from '../model/meeting/session.js';

// The links' story in the journal, told as a reader of the minutes needs it: outages as
// intervals (site, from, to, reason), the hub's own gaps (dashboard closed or crashed, then
// resumed), and per site the time down during the meeting. A site's first connection after the
// hub starts or resumes is no incident: the hub simply had not looked yet. Pure.

/** One outage of a site: from its down to its next up (to null: not back when the journal ends). */
export interface Outage {
	site: string;
	from: number;
	to: number | null;
	/** The reason's English text, as journalled. */
	reason?: string;
	/** The reason as a code (journals written before it have only `reason`). */
	reasonCode?: LinkReason;
}

/** A span when the hub itself was not running: from a clean stop (or the last event before a crash) to its resume. */
export interface HubGap {
	from: number;
	to: number;
	/** true: the hub was closed (q, a signal); false: it stopped without a word (crash, power cut, kill). */
	clean: boolean;
}

/** A change of grade while up (the link stayed, its quality moved). */
export interface GradeChange {
	site: string;
	at: number;
	grade: LinkGrade;
	previous: LinkGrade;
}

export interface LinkStory {
	outages: Outage[];
	hubGaps: HubGap[];
	grades: GradeChange[];
	/** The link events that are incidents (first connections left out) and the alerts, in journal order. */
	incidents: SessionEvent[];
}

/** Outages, hub gaps and grade changes from the journal's events (in order). */
export function linkStory(events: readonly SessionEvent[]): LinkStory {
	const outages: Outage[] = [];
	const hubGaps: HubGap[] = [];
	const grades: GradeChange[] = [];
	const incidents: SessionEvent[] = [];
	const open = new Map<string, Outage>();
	// Sites the hub has decided on since it (re)started: before that, an "up" is a first connection.
	let seen = new Set<string>();
	let stoppedAt: number | null = null;
	let lastAt: number | null = null;
	for (const event of events) {
		switch (event.type) {
			case 'hub-stopped':
				stoppedAt = event.at;
				break;
			case 'hub-resumed':
				hubGaps.push({from: stoppedAt ?? lastAt ?? event.at, to: event.at, clean: stoppedAt !== null});
				stoppedAt = null;
				seen = new Set();
				break;
			case 'link-down': {
				seen.add(event.site);
				const outage = open.get(event.site);
				if (outage) {
					// Still down (a new reason, or down again after the hub resumed): the same outage.
					if (outage.reason === undefined && outage.reasonCode === undefined) {
						if (event.reason) outage.reason = event.reason;
						if (event.reasonCode) outage.reasonCode = event.reasonCode;
					}
					break;
				}
				const started: Outage = {
					site: event.site,
					from: event.at,
					to: null,
					...(event.reason ? {reason: event.reason} : {}),
					...(event.reasonCode ? {reasonCode: event.reasonCode} : {}),
				};
				open.set(event.site, started);
				outages.push(started);
				incidents.push(event);
				break;
			}
			case 'link-up': {
				const first = !seen.has(event.site);
				seen.add(event.site);
				const outage = open.get(event.site);
				if (outage) {
					outage.to = event.at;
					open.delete(event.site);
					incidents.push(event);
				} else if (!first) incidents.push(event);
				break;
			}
			case 'link-measured':
				// The first grade after the link came up (or the hub started): nothing was claimed
				// before it, so it is no change of the line and no incident.
				seen.add(event.site);
				break;
			case 'link-grade':
				seen.add(event.site);
				grades.push({site: event.site, at: event.at, grade: event.grade, previous: event.previous});
				incidents.push(event);
				break;
			case 'alert':
				incidents.push(event);
				break;
			default:
				break;
		}
		if (event.type !== 'hub-resumed') lastAt = event.at;
	}
	return {outages, hubGaps, grades, incidents};
}

/** Milliseconds of [from, to) inside [start, end). */
function overlap(from: number, to: number, start: number, end: number): number {
	return Math.max(0, Math.min(to, end) - Math.max(from, start));
}

/**
 * Per site: time down during [start, end) and availability, the hub's own gaps left out of both
 * (while the hub was not running nobody measured the site). availability null when nothing was measured.
 */
export function siteAvailability(
	story: LinkStory,
	sites: readonly string[],
	start: number,
	end: number,
): Array<{site: string; downMs: number; availabilityPct: number | null}> {
	const gapMs = (from: number, to: number) => story.hubGaps.reduce((sum, gap) => sum + overlap(gap.from, gap.to, from, to), 0);
	const measured = Math.max(0, end - start - gapMs(start, end));
	return sites.map(site => {
		let downMs = 0;
		for (const outage of story.outages) {
			if (outage.site !== site) continue;
			const to = outage.to ?? end;
			const from = Math.max(outage.from, start);
			const until = Math.min(to, end);
			if (until > from) downMs += until - from - gapMs(from, until);
		}
		return {site, downMs, availabilityPct: measured > 0 ? Math.max(0, Math.min(100, 100 * (1 - downMs / measured))) : null};
	});
}
