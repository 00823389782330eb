import type {ConsoleLink, StateMessage} from './console-state.js';
import type {SessionState} from './session.js';
import {currentItem, itemTiming, siteName, speakerTiming} from './session-view.js';

// What the hub tells one site's console (the `state` message, probes/console-protocol.ts), built
// from the meeting's state. Pure, with `now` in the session's epoch ms: only durations leave the
// hub, so the site's clock never matters. Small by design: one site's link, the item in focus,
// this site's place in the queue, its own roster (never another site's people).

/** The `state` for `site` at `now`; `link` is the prober's view of it; `seq` counts this site's states. */
export function siteStateFor(session: SessionState, site: string, link: ConsoleLink, seq: number, now: number): StateMessage {
	const item = currentItem(session);
	const timing = itemTiming(session, session.current, now);
	const speakers = item.speakers;
	const speaker = speakerTiming(session, now);
	const roles = session.plan.sites.find(entry => entry.id === site)?.roles ?? (site === session.plan.hub.id ? session.plan.hub.roles : []);
	const marks = session.attendance[site] ?? [];
	const at = speakers ? speakers.queue.indexOf(site) : -1;
	return {
		type: 'state',
		v: 1,
		seq,
		name: siteName(session, site),
		session: {title: session.plan.session.title, started: session.startedAt !== null, ended: session.endedAt !== null},
		link,
		item: {
			index: session.current,
			count: session.items.length,
			title: item.title,
			status: item.status,
			elapsedMs: Math.round(timing.elapsedMs),
			plannedMs: item.plannedMs,
		},
		speakers: speakers
			? {
					budgetMs: speakers.budgetMs,
					queueLength: speakers.queue.length,
					ahead: at >= 0 ? at : null,
					spoke: speakers.turns.some(turn => turn.site === site && !turn.skipped),
					speaking: speaker
						? {
								site: speaker.site,
								name: siteName(session, speaker.site),
								elapsedMs: Math.round(speaker.elapsedMs),
								running: speaker.phase !== 'paused',
							}
						: null,
				}
			: null,
		roster: roles.map((role, index) => {
			const mark = marks[index] ?? null;
			if (!mark) return {role, status: null};
			// Old journals have no `by`: every mark in them is the hub operator's.
			return {role, status: mark.status, ...(mark.reason ? {reason: mark.reason} : {}), by: mark.by === 'site' ? 'site' : 'hub'};
		}),
	};
}
