// The one grade type and the one worst-first order (DESIGN.md "Link quality"). Every table that
// sorts or compares grades (the dashboard, the rehearsal's live view, the link tracker's
// hysteresis) reads this file, so they cannot disagree about where a site stands.

/** A link's quality; `down` whenever the link is not up. */
export type Grade = 'good' | 'fair' | 'poor' | 'down';

/** A grade as drawn on screen: `unknown` before the first answer or the first loss. */
export type DisplayGrade = Grade | 'unknown';

/**
 * Worst first. `unknown` (never answered yet, not yet counted down) ranks between down and poor:
 * a site nobody has heard from is not to be shown as fine, but a site known to be down is worse.
 */
export const WORST_FIRST: readonly DisplayGrade[] = ['down', 'unknown', 'poor', 'fair', 'good'];

/** Badness of a grade: larger is worse (good 0 … down 4). */
export const gradeBadness: Readonly<Record<DisplayGrade, number>> = {down: 4, unknown: 3, poor: 2, fair: 1, good: 0};

/** Compare for a worst-first sort. */
export function worseFirst(a: DisplayGrade, b: DisplayGrade): number {
	return gradeBadness[b] - gradeBadness[a];
}

/** The grade a screen shows for a link state and grade. */
export function displayGrade(link: {state: 'up' | 'down' | 'unknown'; grade: Grade}): DisplayGrade {
	return link.state === 'unknown' ? 'unknown' : link.grade;
}
