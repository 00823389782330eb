import {describe, expect, it} from 'vitest';
import {UDP_BUDGET_PPS, udpRateFor} from '../../src/model/link/udp-budget.js';
import {UDP_FULL_RATE_SITES} from '../../src/model/link/udp-budget.js';

// The plan's rate runs as written up to 3,321 sites at 5/s (the lean stream carries that,
// BENCHMARKS.md); only past that many packets a second in all is it shared, never under 1/s.

describe('the UDP stream rate a hub of N sites runs', () => {
	it('keeps 5/s from a town meeting to a national one of 3,321 sites', () => {
		for (const sites of [15, 400, 1000, 2000, UDP_FULL_RATE_SITES]) expect(udpRateFor(5, sites)).toEqual({rate: 5, lowered: false});
		expect(udpRateFor(0, 2000)).toEqual({rate: 0, lowered: false});
		expect(udpRateFor(0.5, 5000)).toEqual({rate: 0.5, lowered: false});
	});

	it('shares the budget only past it, never under 1/s', () => {
		expect(udpRateFor(5, 4000)).toEqual({rate: 4.15, lowered: true});
		expect(udpRateFor(50, 2000)).toEqual({rate: 8.3, lowered: true});
		expect(udpRateFor(5, 20_000)).toEqual({rate: 1, lowered: true});
		expect(udpRateFor(50, 2000).rate * 2000).toBeLessThanOrEqual(UDP_BUDGET_PPS);
	});
});
