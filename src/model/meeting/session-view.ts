import {MINUTE_MS, type ItemState, type SessionState, type SpeakerState} from './session.js';

// Selectors over the session state. Pure: every time-dependent answer takes `now` (epoch ms),
// so the dashboard re-renders from the same state with a new clock and tests pass any instant.

export type TimingPhase = 'pending' | 'running' | 'paused' | 'warning' | 'overrun' | 'ended' | 'skipped';

/** Elapsed (pauses excluded) against planned; remainingMs is negative once over. */
export interface Timing {
	elapsedMs: number;
	plannedMs: number;
	remainingMs: number;
	phase: TimingPhase;
	/** Remaining ≤ max(60 s, 20 % of planned), over or not; true while paused too. */
	warning: boolean;
	/** Past 100 % of planned, whatever the status (a paused or ended item can be over). */
	overrun: boolean;
}

/** The warning threshold of a planned length: max(60 s, 20 %). */
export function warningThresholdMs(plannedMs: number): number {
	return Math.max(MINUTE_MS, plannedMs * 0.2);
}

function timing(elapsedMs: number, plannedMs: number, status: ItemState['status']): Timing {
	const remainingMs = plannedMs - elapsedMs;
	const overrun = elapsedMs > plannedMs;
	const warning = remainingMs <= warningThresholdMs(plannedMs);
	let phase: TimingPhase = status;
	if (status === 'running') phase = overrun ? 'overrun' : warning ? 'warning' : 'running';
	return {elapsedMs, plannedMs, remainingMs, phase, warning: status === 'pending' || status === 'skipped' ? false : warning, overrun};
}

/** Run time of an item at `now`, pauses excluded. */
export function itemElapsedMs(item: ItemState, now: number): number {
	return item.elapsedBeforeMs + (item.runningSince === null ? 0 : Math.max(0, now - item.runningSince));
}

/** The item in focus. */
export function currentItem(state: SessionState): ItemState {
	return state.items[state.current]!;
}

/** Timing of the item at `index`. */
export function itemTiming(state: SessionState, index: number, now: number): Timing {
	const item = state.items[index]!;
	return timing(itemElapsedMs(item, now), item.plannedMs, item.status);
}

/** The speaker queue of the item in focus, or null when that item has none. */
export function speakerQueue(state: SessionState): SpeakerState | null {
	return currentItem(state).speakers;
}

/** Timing of the site on the floor against its budget, or null when nobody is speaking. */
export function speakerTiming(state: SessionState, now: number): (Timing & {site: string}) | null {
	const item = currentItem(state);
	const speaker = item.speakers?.current;
	if (!item.speakers || !speaker) return null;
	const elapsedMs = speaker.elapsedBeforeMs + (speaker.runningSince === null ? 0 : Math.max(0, now - speaker.runningSince));
	return {site: speaker.site, ...timing(elapsedMs, item.speakers.budgetMs, speaker.runningSince === null ? 'paused' : 'running')};
}

/** Epoch ms of a local date ("2021-11-25") and time ("08:00") at a UTC offset in minutes. */
export function localTimeMs(date: string, time: string, utcOffsetMinutes: number): number {
	const [year, month, day] = date.split('-').map(Number) as [number, number, number];
	const [hour, minute] = time.split(':').map(Number) as [number, number];
	return Date.UTC(year, month - 1, day, hour, minute) - utcOffsetMinutes * MINUTE_MS;
}

export interface Projection {
	plannedStart: number;
	/** Planned start + every item's planned length from the plan (optional items included). */
	plannedEnd: number;
	/** now + what remains planned of the item in focus (0 if over) + later items not skipped; the end time once ended. */
	projectedEnd: number;
	/** projectedEnd - plannedEnd: positive = running late. */
	deltaMs: number;
}

/** Planned and projected end. Before the session starts, it is assumed to start now. */
export function projection(state: SessionState, now: number): Projection {
	const plannedStart = localTimeMs(state.plan.session.date, state.plan.session.start, state.utcOffsetMinutes);
	const plannedEnd = plannedStart + state.items.reduce((sum, item) => sum + item.originalMs, 0);
	let projectedEnd: number;
	if (state.endedAt !== null) {
		projectedEnd = state.endedAt;
	} else {
		projectedEnd = now;
		state.items.forEach((item, index) => {
			if (index < state.current || item.status === 'skipped' || item.status === 'ended') return;
			projectedEnd += Math.max(0, item.plannedMs - itemElapsedMs(item, now));
		});
	}
	return {plannedStart, plannedEnd, projectedEnd, deltaMs: projectedEnd - plannedEnd};
}

/** Time since the session started (pauses included: it is the wall clock of the meeting), 0 before. */
export function sessionElapsedMs(state: SessionState, now: number): number {
	if (state.startedAt === null) return 0;
	return Math.max(0, (state.endedAt ?? now) - state.startedAt);
}

export interface AttendanceCount {
	expected: number;
	present: number;
	late: number;
	absent: number;
	unmarked: number;
	/** present + late. */
	attended: number;
}

/** Attendance per site (hub first, then plan order) and overall. */
export function attendanceTotals(state: SessionState): {sites: Array<{site: string} & AttendanceCount>; overall: AttendanceCount} {
	const overall: AttendanceCount = {expected: 0, present: 0, late: 0, absent: 0, unmarked: 0, attended: 0};
	const ids = [state.plan.hub.id, ...state.plan.sites.map(site => site.id)];
	// Written out field by field: a /metrics scrape reads this for every site.
	const sites = ids.map(site => {
		let expected = 0;
		let present = 0;
		let late = 0;
		let absent = 0;
		let unmarked = 0;
		for (const mark of state.attendance[site] ?? []) {
			expected++;
			if (mark === null) unmarked++;
			else if (mark.status === 'present') present++;
			else if (mark.status === 'late') late++;
			else absent++;
		}
		const attended = present + late;
		overall.expected += expected;
		overall.present += present;
		overall.late += late;
		overall.absent += absent;
		overall.unmarked += unmarked;
		overall.attended += attended;
		return {site, expected, present, late, absent, unmarked, attended};
	});
	return {sites, overall};
}

/** Display name of a site or the hub, from the plan (the id if unknown). */
export function siteName(state: SessionState, id: string): string {
	if (id === state.plan.hub.id) return state.plan.hub.name;
	return state.plan.sites.find(site => site.id === id)?.name ?? id;
}
