// Simulated link conditions for demos and tests. The delay is applied *before* the agent stamps
// t1 (as if the network held the ping), so the hub's RTT = (t3-t0)-(t2-t1) includes it.

/** The named profiles of `--simulate`. */
export const PROFILES = ['good', 'slow', 'jittery', 'lossy', 'flapping', 'dead'] as const;
export type Profile = (typeof PROFILES)[number];

/** Resolved simulation: what happens to each ping. */
export interface Simulation {
	profile: Profile;
	delayMs: number; // added to every answer
	jitterMs: number; // each answer held a further random 0..3×jitterMs, which gives an RFC 3550 jitter of about jitterMs
	lossPct: number; // share of pongs dropped
	flap?: {periodMs: number; silentMs: number}; // silent for silentMs at the end of every periodMs
	dead: boolean; // authenticates, never answers a ping
}

/**
 * Profile figures, chosen so the default thresholds (good ≤150 ms p95, ≤30 ms jitter, ≤1 % loss;
 * fair ≤300/≤50/≤4) grade them as named: good → good, slow (200 ms) → fair,
 * jittery (jitter ≈ 60 ms, p95 ≈ 170 ms) → poor, lossy (8 % lost) → poor,
 * flapping → down for ~10 s of every 30 s, dead → down.
 */
const BASE: Record<Profile, Omit<Simulation, 'profile'>> = {
	good: {delayMs: 0, jitterMs: 0, lossPct: 0, dead: false},
	slow: {delayMs: 200, jitterMs: 0, lossPct: 0, dead: false},
	jittery: {delayMs: 0, jitterMs: 60, lossPct: 0, dead: false},
	lossy: {delayMs: 0, jitterMs: 0, lossPct: 8, dead: false},
	flapping: {delayMs: 0, jitterMs: 0, lossPct: 0, flap: {periodMs: 30_000, silentMs: 10_000}, dead: false},
	dead: {delayMs: 0, jitterMs: 0, lossPct: 0, dead: true},
};

/** Help text lines describing the profiles (kept beside the figures). */
export const PROFILE_HELP = [
	'good      answers at once                                   → good',
	'slow      +200 ms on every answer                           → fair',
	'jittery   each answer held a random 0-180 ms (jitter ~60)   → poor',
	'lossy     drops 8 % of answers                              → poor',
	'flapping  silent for 10 s of every 30 s, then answers again → down, up',
	'dead      authenticates but never answers a ping            → down',
];

/** True when `name` is a profile. */
export function isProfile(name: string): name is Profile {
	return (PROFILES as readonly string[]).includes(name);
}

/** A profile plus the knobs, which add to what the profile sets. */
export function makeSimulation(profile: Profile = 'good', knobs: {delayMs?: number; jitterMs?: number; lossPct?: number} = {}): Simulation {
	const base = BASE[profile];
	return {
		...base,
		profile,
		delayMs: base.delayMs + (knobs.delayMs ?? 0),
		jitterMs: base.jitterMs + (knobs.jitterMs ?? 0),
		lossPct: Math.min(100, base.lossPct + (knobs.lossPct ?? 0)),
	};
}

/**
 * What to do with one ping at `sinceStartMs` of the agent's life: null = no answer,
 * otherwise how long to hold it before answering.
 */
export function decide(sim: Simulation, sinceStartMs: number, random: () => number = Math.random): number | null {
	if (sim.dead) return null;
	if (sim.flap && sinceStartMs % sim.flap.periodMs >= sim.flap.periodMs - sim.flap.silentMs) return null;
	if (sim.lossPct > 0 && random() * 100 < sim.lossPct) return null;
	// E|U1-U2| for U uniform on [0, 3J] is J: the RFC 3550 estimator then settles near J.
	return sim.delayMs + (sim.jitterMs > 0 ? random() * 3 * sim.jitterMs : 0);
}
