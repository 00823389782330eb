import type {JournalFailure} from '../model/meeting/refusals.js';
import type {LinkReason} from '../model/link/link-reasons.js';
import type {AgendaData, Alert} from './snapshot.js';

// The alert line's rules, pure: what the operator must see now, most urgent first. A failed
// journal write first (the meeting is not being recorded), then this screen's own refusal and
// notices, then the speaking site's link, then every other site down (latest first), then an
// item past its time.

/** What the alert rules read. */
export interface AlertInput {
	journalError: string | null;
	journalFailure?: JournalFailure | null;
	/** The screen's own lines (a refused key, a notice), already current. */
	screen: readonly Alert[];
	agenda: AgendaData;
	/** Sites whose link is down, with the monotonic time they went down. */
	down: ReadonlyArray<{site: string; at: number; reason?: LinkReason | null}>;
}

/** The alerts of one frame, in the order the alert line shows them. */
export function screenAlerts({journalError, journalFailure, screen, agenda, down}: AlertInput): Alert[] {
	const alerts: Alert[] = [];
	if (journalError) alerts.push({kind: 'journal', why: journalError, ...(journalFailure ? {failure: journalFailure} : {})});
	alerts.push(...screen);
	const speaker = agenda.speaker;
	if (speaker && (speaker.grade === 'poor' || speaker.grade === 'down'))
		alerts.push({kind: 'speaker', site: speaker.site, grade: speaker.grade});
	const speakingSite = speaker?.site ?? null;
	for (const entry of [...down].sort((a, b) => b.at - a.at))
		if (entry.site !== speakingSite) alerts.push({kind: 'down', site: entry.site, ...(entry.reason ? {reason: entry.reason} : {})});
	const item = agenda.currentIndex === null ? undefined : agenda.items[agenda.currentIndex];
	if (item && item.phase === 'overrun') alerts.push({kind: 'overrun', item: item.title, byMs: -item.remainingMs});
	return alerts;
}
