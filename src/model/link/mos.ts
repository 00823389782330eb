import type {Thresholds} from '../plan/plan.js';

/**
 * Mean opinion score (1..~4.4) from the simplified E-model that PingPlotter and NetBeez use
 * (DESIGN.md "Link quality"): RTT and jitter in ms, loss in percent.
 */
export function mos(rttMs: number, jitterMs: number, lossPct: number): number {
	const effective = rttMs + 2 * jitterMs + 10;
	let r = effective < 160 ? 93.2 - effective / 40 : 93.2 - (effective - 120) / 10;
	r -= 2.5 * lossPct;
	r = Math.min(100, Math.max(0, r));
	return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r);
}

/** Quality grade from the window's RTT p95, jitter and loss against the plan's thresholds (all must hold). */
export function gradeOf(p95: number, jitter: number, lossPct: number, t: Thresholds): 'good' | 'fair' | 'poor' {
	if (p95 <= t.good.rttMs && jitter <= t.good.jitterMs && lossPct <= t.good.lossPct) return 'good';
	if (p95 <= t.fair.rttMs && jitter <= t.fair.jitterMs && lossPct <= t.fair.lossPct) return 'fair';
	return 'poor';
}
