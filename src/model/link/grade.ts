// The one grade type and the one worst-first order (DESIGN.md "Link quality"). Every table that
// sorts or compares grades (the dashboard, the rehearsal's live view, the link tracker's
// hysteresis) reads this file, so they cannot disagree about where a site stands.

/**
 * A link's quality; `down` whenever the link is not up; `measuring` while it is up but its figures
 * do not yet rest on enough evidence to claim any grade (DESIGN.md "Link quality": missing evidence
 * never improves a grade, see EVIDENCE in link-stats.ts).
 */
export type Grade = 'good' | 'fair' | 'poor' | 'measuring' | 'down';

/** One symbol per grade, so a grade reads without colour (colour-blind safe, NO_COLOR); `status` and the screens share it. */
export const GRADE_SYMBOL: Readonly<Record<Grade, string>> = {good: '●', fair: '◐', poor: '○', measuring: '◌', down: '✖'};

/** Symbol of a link not yet decided up or down. */
export const UNKNOWN_SYMBOL = '…';

/** A grade as drawn on screen: `unknown` before the first answer or the first loss. */
export type DisplayGrade = Grade | 'unknown';

/**
 * Worst first. `unknown` (never answered yet, not yet counted down) and `measuring` (up, too little
 * evidence yet) rank between down and poor: a site whose line is not known yet is not to be shown
 * as fine, but a site known to be down is worse.
 */
export const WORST_FIRST: readonly DisplayGrade[] = ['down', 'unknown', 'measuring', 'poor', 'fair', 'good'];

/** Badness of a grade: larger is worse (good 0 … down 5). */
export const gradeBadness: Readonly<Record<DisplayGrade, number>> = {down: 5, unknown: 4, measuring: 3, poor: 2, fair: 1, good: 0};

/** True for a grade that is a claim about the line's quality (not `measuring`, not `down`). */
export function isMeasuredGrade(grade: DisplayGrade): grade is 'good' | 'fair' | 'poor' {
	return grade === 'good' || grade === 'fair' || grade === 'poor';
}

/** Compare for a worst-first sort. */
export function worseFirst(a: DisplayGrade, b: DisplayGrade): number {
	return gradeBadness[b] - gradeBadness[a];
}

/** The grade a screen shows for a link state and grade. */
export function displayGrade(link: {state: 'up' | 'down' | 'unknown'; grade: Grade}): DisplayGrade {
	return link.state === 'unknown' ? 'unknown' : link.grade;
}
