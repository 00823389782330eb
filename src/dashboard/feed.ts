import type {IntentOutcome} from '../hub/meeting.js';
import type {Intent} from '../model/meeting/intents.js';
import type {Plan} from '../model/plan/plan.js';
import type {Lang} from '../i18n/strings.js';
import type {View} from './keymap.js';
import type {PrefsStore} from './prefs.js';
import type {LinkSource, MeetingSource} from './store.js';

// What a screen is given: its feed (the core in this process, or one over the control socket)
// and its options. src/commands/dashboard-screen.ts mounts the screen on them.

/** Where a screen's data comes from and where its intents go. */
export interface ScreenFeed {
	plan: Plan;
	links: LinkSource;
	meeting: MeetingSource;
	/** The meeting's wall clock, epoch ms. */
	wallClock: () => number;
	/** Send an operator intent to the core; resolves once it is journalled, or refused. */
	send(intent: Intent): Promise<IntentOutcome>;
	/** Lines the operator must see at once (resumed, a journal repaired). */
	notices?: string[];
	/** Frames a second at most. */
	maxFps?: number;
	/** Monotonic ms of the frames (an attached screen stops it while the core is gone). */
	clock?: () => number;
	/** Tells when the core goes away (true) and comes back (false): attached screens only. */
	onStatus?(listener: (lost: boolean) => void): () => void;
	/** Lines to show as they come (the hub's alert hooks failing); returns the unsubscribe function. */
	onNotice?(listener: (line: string) => void): () => void;
}

/** Options of a screen. */
export interface ScreenOptions {
	lang: Lang;
	stats?: boolean;
	prefs: PrefsStore;
	/** A viewer's meeting keys are refused on its alert line and send nothing (default operator). */
	role?: 'operator' | 'viewer';
	/** Remember sort and view in the preferences (default true; attached screens keep theirs to themselves). */
	remember?: boolean;
	/** The view to open with (default: the one remembered). */
	view?: View;
}
