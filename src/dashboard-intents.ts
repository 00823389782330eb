import type {IntentOutcome, Meeting} from './meeting.js';
import type {Intent} from '../components/key-handler.js';

/**
 * Carry out a dashboard key's intent on the meeting (journalled before it shows). `downSites`
 * is asked only when a speaker is called, so a site whose link is down is skipped and requeued.
 */
export function applyIntent(meeting: Meeting, intent: Intent, downSites: () => string[]): Promise<IntentOutcome> {
	switch (intent.type) {
		case 'toggleItem':
			return meeting.toggleItem();
		case 'nextItem':
			return meeting.nextItem();
		case 'previousItem':
			return meeting.previousItem();
		case 'extend':
			return meeting.extendItem(intent.minutes);
		case 'skipItem':
			return meeting.skipItem();
		case 'nextSpeaker':
			return meeting.nextSpeaker(downSites());
		case 'skipSpeaker':
			return meeting.skipSpeaker();
		case 'mark':
			return meeting.markAttendance(intent.site, intent.role, intent.status, intent.reason);
	}
}
