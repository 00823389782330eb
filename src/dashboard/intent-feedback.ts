import type {IntentOutcome} from '../hub/meeting.js';
import type {Intent} from '../model/meeting/intents.js';
import type {Plan} from '../model/plan/plan.js';
import {formatClock} from './format.js';
import type {Strings} from '../i18n/strings.js';

// What the alert line says after an intent is journalled: who was marked what ("Phó Chủ tịch
// HĐND — Xã Phổ An: có mặt", so a mark on the wrong row is seen at once), that the meeting has
// ended, or the model's own notice (sites skipped on a speaker call). Pure: text in, text out.

/** The line to show after `intent` succeeded, or null when the screen itself shows enough. */
export function intentFeedback(
	intent: Intent,
	outcome: IntentOutcome,
	plan: Plan,
	t: Strings,
	clock: {now: number; utcOffsetMinutes: number},
): string | null {
	if (!outcome.ok) return null;
	if (intent.type === 'mark-attendance') {
		const site = intent.site === plan.hub.id ? plan.hub : plan.sites.find(candidate => candidate.id === intent.site);
		const role = site?.roster[intent.role]?.role ?? `#${intent.role + 1}`;
		const status =
			intent.status === 'unmarked'
				? t.notMarked
				: intent.status === 'absent' && intent.reason
					? `${t.absent} (${intent.reason})`
					: t[intent.status];
		return t.marked(role, site?.name ?? intent.site, status);
	}
	if (intent.type === 'note') return t.noteSaved(intent.text);
	if (intent.type === 'end-session') return t.meetingEnded(formatClock(clock.now, clock.utcOffsetMinutes, false));
	return outcome.noticeCode ? t.intentNotice(outcome.noticeCode) : null;
}
