import {describe, expect, it} from 'vitest';
import {UDP_BUDGET_PPS, udpRateFor} from '../../src/model/link/udp-budget.js';

// The UDP stream shares one budget at a hub: at 2,000 sites 5/s a site made the prober drop its
// own reflections and report them as the sites' loss (test/bench/udp.ts).

describe('the UDP stream rate a hub of N sites runs', () => {
	it('keeps the plan rate for a town meeting and lowers it for a national one, never under 1/s', () => {
		expect(udpRateFor(5, 15)).toEqual({rate: 5, lowered: false});
		expect(udpRateFor(5, 400)).toEqual({rate: 5, lowered: false});
		expect(udpRateFor(5, 1000)).toEqual({rate: 2, lowered: true});
		expect(udpRateFor(5, 2000)).toEqual({rate: 1, lowered: true});
		expect(udpRateFor(5, 5000)).toEqual({rate: 1, lowered: true});
		expect(udpRateFor(0.5, 5000)).toEqual({rate: 0.5, lowered: false});
		expect(udpRateFor(0, 2000)).toEqual({rate: 0, lowered: false});
		expect(udpRateFor(5, 1000).rate * 1000).toBeLessThanOrEqual(UDP_BUDGET_PPS);
	});
});
