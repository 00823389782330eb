import {attendanceTotals, itemTiming, sessionElapsedMs, speakerTiming} from '../model/meeting/session-view.js';
import {shownEnds} from '../model/shown-times.js';
import type {SessionState} from '../model/meeting/session.js';
import type {AgendaData, AgendaItemData, RollRow} from './snapshot.js';
import type {DisplayGrade} from '../model/link/grade.js';

// Selectors from the session state (MEETING's reducer) to what the panels draw. Pure; `now`
// is epoch ms. The store calls them once per frame, the component tests call them directly.

/** The agenda panel's data at `now`; `gradeOf` gives the speaking site's link grade. */
export function agendaData(state: SessionState, now: number, gradeOf: (site: string) => DisplayGrade = () => 'unknown'): AgendaData {
	const names = siteNames(state);
	const items: AgendaItemData[] = state.items.map((item, index) => {
		const timing = itemTiming(state, index, now);
		const planned = state.plan.agenda[index];
		return {
			id: item.id,
			title: item.title,
			owner: planned?.owner ?? null,
			optional: item.optional,
			hasSpeakers: item.speakers !== null,
			plannedMs: timing.plannedMs,
			elapsedMs: timing.elapsedMs,
			remainingMs: timing.remainingMs,
			phase: timing.phase,
		};
	});
	const current = state.items[state.current];
	const speaking = speakerTiming(state, now);
	const ends = shownEnds(state, now);
	return {
		started: state.startedAt !== null,
		ended: state.endedAt !== null,
		sessionElapsedMs: state.startedAt === null ? null : sessionElapsedMs(state, now),
		currentIndex: current ? state.current : null,
		items,
		speaker: speaking
			? {
					site: speaking.site,
					name: names.get(speaking.site) ?? speaking.site,
					elapsedMs: speaking.elapsedMs,
					budgetMs: speaking.plannedMs,
					phase: speaking.phase,
					grade: gradeOf(speaking.site),
				}
			: null,
		queue: (current?.speakers?.queue ?? []).map(site => ({site, name: names.get(site) ?? site})),
		plannedEnd: ends.plannedEnd,
		projectedEnd: ends.projectedEnd,
		deltaMs: ends.deltaMs,
		endedAt: ends.endedAt,
	};
}

const namesCache = new WeakMap<SessionState['plan'], Map<string, string>>();

function siteNames(state: SessionState): Map<string, string> {
	let names = namesCache.get(state.plan);
	if (!names) {
		names = new Map([[state.plan.hub.id, state.plan.hub.name], ...state.plan.sites.map(site => [site.id, site.name] as [string, string])]);
		namesCache.set(state.plan, names);
	}
	return names;
}

/** Present (present + late) and expected per site id, the hub included. */
export function attendanceBySite(state: SessionState): Map<string, {present: number; expected: number}> {
	const out = new Map<string, {present: number; expected: number}>();
	for (const count of attendanceTotals(state).sites) out.set(count.site, {present: count.attended, expected: count.expected});
	return out;
}

/** The roll call: one row per role, hub first, then the sites in plan order. */
export function rollRows(state: SessionState): RollRow[] {
	const rows: RollRow[] = [];
	const places = [{id: state.plan.hub.id, name: state.plan.hub.name, roles: state.plan.hub.roles}, ...state.plan.sites];
	for (const place of places) {
		const marks = state.attendance[place.id] ?? [];
		place.roles.forEach((roleName, role) => {
			const mark = marks[role] ?? null;
			rows.push({
				site: place.id,
				siteName: place.name,
				role,
				roleName,
				status: mark ? mark.status : null,
				reason: mark?.reason ?? null,
				...(mark?.by === 'site' ? {bySite: true as const} : {}),
				first: role === 0,
			});
		});
	}
	return rows;
}

/** True while the meeting runs: started and not ended (quitting then asks first). */
export function meetingRunning(state: SessionState): boolean {
	return state.startedAt !== null && state.endedAt === null;
}
