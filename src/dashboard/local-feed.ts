import type {HubCore} from '../hub/core.js';
import {strings, type Lang} from '../i18n/strings.js';
import type {ScreenFeed} from '../commands/dashboard-screen.js';

// The feed of the screen in the core's own process (`run`, `demo`): the store reads the
// Monitor and the Meeting directly; intents go to the core as from the screen "local".

/** A screen feed over a core in this process. */
export function localFeed(core: HubCore, lang: Lang): ScreenFeed {
	const {meeting, monitor} = core;
	const t = strings(lang);
	// Warnings show on the alert line, since the dashboard's screen hides the terminal: the
	// operator must see that the meeting resumed, or a journal was repaired. Many token warnings
	// (a copied plan folder) make one notice, not a wall of them.
	const notices: string[] = [];
	if (meeting.state.seq > 0) notices.push(t.resumed(meeting.state.seq, meeting.journalPath));
	notices.push(...core.warnings.map(t.startWarning));
	if (monitor.warnings.length === 1) notices.push(t.startWarning(monitor.warnings[0]!));
	else if (monitor.warnings.length > 1) notices.push(t.manyWarnings(monitor.warnings.length, t.startWarning(monitor.warnings[0]!)));
	return {
		plan: core.plan,
		links: monitor,
		meeting,
		wallClock: () => meeting.now(),
		send: intent => core.apply(intent, {screen: 'local'}),
		notices,
		// Link figures refresh 10 times a second, 4 above 500 sites (where a frame costs more and
		// nobody reads 2,000 rows that fast); operator actions show at once either way.
		maxFps: core.plan.sites.length > 500 ? 4 : 10,
	};
}
