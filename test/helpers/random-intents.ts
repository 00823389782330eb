import type {Intent, IntentFacts} from '../../src/model/meeting/intents.js';
import type {AttendanceStatus, SessionState} from '../../src/model/meeting/session.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same meeting. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

const WEIGHTS: Array<[Intent['type'], number]> = [
	['toggle-item', 8],
	['next-item', 5],
	['previous-item', 1.5],
	['extend-item', 3],
	['skip-item', 1.5],
	['next-speaker', 12],
	['end-speaker', 3],
	['skip-speaker', 3],
	['move-speaker', 3],
	['queue-speaker', 1],
	['drop-speaker', 1],
	['mark-attendance', 14],
	['note', 1],
	['end-session', 0.3],
];
const TOTAL = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
const STATUSES: AttendanceStatus[] = ['present', 'present', 'late', 'absent', 'unmarked'];

/** Random hub facts beside an intent: about one site in seven down. */
export function randomFacts(state: SessionState, rand: () => number): IntentFacts {
	return {downSites: [state.plan.hub.id, ...state.plan.sites.map(site => site.id)].filter(() => rand() < 0.15)};
}

/** A random intent for this state: often refused, which is part of the test (refusals must change nothing). */
export function randomIntent(state: SessionState, rand: () => number): Intent {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
	const sites = [state.plan.hub.id, ...state.plan.sites.map(site => site.id)];
	const queue = state.items[state.current]!.speakers?.queue ?? [];
	let roll = rand() * TOTAL;
	let type: Intent['type'] = 'note';
	for (const [candidate, weight] of WEIGHTS) {
		roll -= weight;
		if (roll <= 0) {
			type = candidate;
			break;
		}
	}
	switch (type) {
		case 'extend-item':
			return {type, minutes: rand() < 0.6 ? 1 : -1};
		case 'next-speaker':
			return {type};
		case 'move-speaker':
			return {type, site: queue.length > 0 ? pick(queue) : pick(sites), delta: pick([-2, -1, 1, 3])};
		case 'queue-speaker':
		case 'drop-speaker':
			return {type, site: pick(sites)};
		case 'mark-attendance': {
			const site = pick(sites);
			const status = pick(STATUSES);
			return {
				type,
				site,
				role: Math.floor(rand() * ((state.attendance[site]?.length ?? 1) + 1)),
				status,
				...(status === 'absent' && rand() < 0.7 ? {reason: pick(['ốm', 'đi công tác', 'việc gia đình'])} : {}),
			};
		}
		case 'note':
			return {type, text: pick(['Mất tiếng ở điểm cầu', 'Chủ trì nhắc thời gian', '  '])};
		default:
			return {type} as Intent;
	}
}
