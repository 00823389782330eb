import {describe, expect, it} from 'vitest';
import {initialSession} from '../../src/model/session.js';
import {endSession, toggleItem} from '../../src/model/intents.js';
import {countdownMs, msToNextSecond, shownEnds} from '../../src/model/shown-times.js';
import {agendaData} from '../../src/dashboard/selectors.js';
import {apply, fixturePlan, MIN, SEC, T0} from '../helpers/session.js';

// One source for every time a screen shows: the ends to the minute with the difference of the
// two shown minutes, the countdown rounded up, the instant a timer shows its next second.

const fresh = () => initialSession(fixturePlan());
const started = () => apply(fresh(), toggleItem(fresh()), T0);

describe('shown ends', () => {
	it('rounds planned and projected end to the minute and takes the difference of those', () => {
		// Planned end 10:45 local (T0 + 165 min); 95 s into the meeting with nothing started: 1:35 late.
		const ends = shownEnds(fresh(), T0 + 95 * SEC);
		expect(ends.plannedEnd).toBe(T0 + 165 * MIN);
		expect(ends.projectedEnd).toBe(T0 + 167 * MIN); // 10:46:35 shows as 10:47
		expect(ends.deltaMs).toBe(2 * MIN); // so "+2", never "10:47 (+1)"
		expect(ends.endedAt).toBeNull();
	});

	it('after the end, the end itself whatever the clock says, and the dashboard reads the same', () => {
		let state = started();
		state = apply(state, endSession(state), T0 + 7 * MIN + 20 * SEC);
		for (const now of [T0 + 8 * MIN, T0 + 3 * 60 * MIN]) {
			const ends = shownEnds(state, now);
			expect(ends.projectedEnd).toBe(T0 + 7 * MIN);
			expect(ends.endedAt).toBe(T0 + 7 * MIN + 20 * SEC);
			const agenda = agendaData(state, now);
			expect(agenda).toMatchObject({ended: true, endedAt: T0 + 7 * MIN + 20 * SEC, projectedEnd: ends.projectedEnd, deltaMs: ends.deltaMs});
		}
	});
});

describe('timers', () => {
	it('counts down rounded up: 1.5 s into 6:00 leaves 5:59, past the end as it is', () => {
		expect(countdownMs(6 * MIN - 1500)).toBe(5 * MIN + 59 * SEC);
		expect(countdownMs(6 * MIN)).toBe(6 * MIN);
		expect(countdownMs(-2500)).toBe(-2500);
	});

	it('says when a timer shows its next second', () => {
		expect(msToNextSecond(0)).toBe(1000);
		expect(msToNextSecond(1200)).toBe(800);
		expect(msToNextSecond(59_999)).toBe(1);
	});
});
