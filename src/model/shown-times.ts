import type {SessionState} from './meeting/session.js';
import {itemElapsedMs, projection} from './meeting/session-view.js';

// Every time a screen shows of the meeting, from one place: the operator's dashboard, a viewer,
// the room's projector and a commune's console read these, so no two screens can round one
// instant two ways. Pure: `now` is epoch ms (the console passes its own monotonic ms, which only
// matters as a difference).

const MINUTE = 60_000;
const SECOND = 1000;

/** The meeting's ends as every screen shows them. */
export interface ShownEnds {
	/** Planned end, to the minute. */
	plannedEnd: number;
	/** Projected end to the minute; once ended, the end itself (to the minute). */
	projectedEnd: number;
	/** projectedEnd - plannedEnd of the two shown minutes: "15:01 (+2 phút)" never means one minute. */
	deltaMs: number;
	/** When the meeting ended (epoch ms, unrounded), null while it has not. */
	endedAt: number | null;
}

const toMinute = (ms: number) => Math.round(ms / MINUTE) * MINUTE;

/** Planned and projected end as shown: both to the nearest minute, the difference of those. */
export function shownEnds(state: SessionState, now: number): ShownEnds {
	const {plannedEnd, projectedEnd} = projection(state, now);
	const planned = toMinute(plannedEnd);
	const projected = toMinute(projectedEnd);
	return {plannedEnd: planned, projectedEnd: projected, deltaMs: projected - planned, endedAt: state.endedAt};
}

/**
 * Time left as a countdown reads: rounded up to the second, so a 10-minute item shows 10:00 for
 * its first second and 0:00 only when it is over (planned minus the elapsed seconds shown).
 */
export function countdownMs(remainingMs: number): number {
	return remainingMs > 0 ? Math.ceil(remainingMs / SECOND) * SECOND : remainingMs;
}

/**
 * How long until a timer at `elapsedMs` shows its next second. A screen that redraws once a
 * second at its own phase shows a timer up to a second late; redrawing at this instant keeps it
 * in step with the hub's screen, which draws many times a second.
 */
export function msToNextSecond(elapsedMs: number): number {
	const into = ((elapsedMs % SECOND) + SECOND) % SECOND;
	return SECOND - into;
}

/**
 * How long until any clock a meeting screen shows turns a second: the wall clock, the session
 * clock, the item in focus and the speaker's turn each turn at their own instant.
 */
export function msToNextShownChange(state: SessionState, now: number): number {
	let next = msToNextSecond(now);
	if (state.startedAt !== null && state.endedAt === null) next = Math.min(next, msToNextSecond(now - state.startedAt));
	const item = state.items[state.current];
	if (item?.status === 'running') next = Math.min(next, msToNextSecond(itemElapsedMs(item, now)));
	const speaker = item?.speakers?.current;
	if (speaker && speaker.runningSince !== null)
		next = Math.min(next, msToNextSecond(speaker.elapsedBeforeMs + Math.max(0, now - speaker.runningSince)));
	return next;
}
