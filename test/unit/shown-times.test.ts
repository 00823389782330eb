import {describe, expect, it} from 'vitest';
import {initialSession} from '../../src/model/meeting/session.js';
import {endSession, toggleItem} from '../../src/model/meeting/intents.js';
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

describe('when a screen redraws its clocks', () => {
	it('at the next instant any clock on screen turns: the wall clock, the item, the speaker', async () => {
		const {msToNextShownChange} = await import('../../src/model/shown-times.js');
		const {nextSpeaker, nextItem} = await import('../../src/model/meeting/intents.js');
		// Started at T0 + 300 ms: the item's second turns at .300, the wall clock's at .000.
		let state = apply(fresh(), toggleItem(fresh()), T0 + 300);
		expect(msToNextShownChange(state, T0 + 10_100)).toBe(200); // item: 9.8 s elapsed, turns in 0.2 s
		expect(msToNextShownChange(state, T0 + 10_500)).toBe(500); // wall clock turns at 11.000
		// A speaker called at .650 turns at .650 too.
		state = apply(state, nextItem(state), T0 + 1000);
		state = apply(state, nextItem(state), T0 + 2000);
		state = apply(state, nextSpeaker(state, []), T0 + 2650);
		expect(msToNextShownChange(state, T0 + 5600)).toBe(50);
	});

	it('the dashboard ticks then, not once a second at its own phase', async () => {
		const {FrameScheduler} = await import('../../src/hub/frame-scheduler.js');
		const {vi} = await import('vitest');
		vi.useFakeTimers({toFake: ['setTimeout', 'clearTimeout']});
		try {
			let now = 0;
			const frames: number[] = [];
			// A clock on screen that turns at 120 ms, then every second.
			const scheduler = new FrameScheduler({
				publish: () => frames.push(now),
				maxFps: 100,
				clock: () => now,
				nextTick: () => 1000 - ((now + 880) % 1000),
			});
			const step = (ms: number) => {
				for (let i = 0; i < ms; i++) {
					now++;
					vi.advanceTimersByTime(1);
				}
			};
			scheduler.start();
			step(1);
			expect(frames).toHaveLength(1); // the first frame at once
			step(130);
			// The next when the clock turned (a few ms after 120), not a second later.
			expect(frames).toHaveLength(2);
			expect(frames[1]).toBeGreaterThanOrEqual(120);
			expect(frames[1]).toBeLessThan(131);
			step(1000);
			expect(frames).toHaveLength(3);
			scheduler.stop();
		} finally {
			vi.useRealTimers();
		}
	});
});
