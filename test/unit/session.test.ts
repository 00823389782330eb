import {describe, expect, it} from 'vitest';
import {initialSession, reduceSession, type SessionState} from '../../src/model/meeting/session.js';
import {currentItem, itemTiming, projection, sessionElapsedMs, speakerTiming} from '../../src/model/meeting/session-view.js';
import {endSession, extendItem, nextItem, note, previousItem, skipItem, toggleItem} from '../../src/model/meeting/intents.js';
import {parsePlan} from '../../src/model/plan/plan.js';
import {apply, fixturePlan, MIN, refusal, T0} from '../helpers/session.js';

const fresh = () => initialSession(fixturePlan());
/** Session started at T0 with the opening item running. */
const started = () => apply(fresh(), toggleItem(fresh()), T0);

describe('initial session', () => {
	it('has the five items of the 2021 plan pending, the first in focus, the discussion queue of 15 sites', () => {
		const state = fresh();
		expect(state.items.map(item => item.id)).toEqual(['opening', 'topics', 'discussion', 'remarks', 'conclusion']);
		expect(state.items.every(item => item.status === 'pending')).toBe(true);
		expect(currentItem(state).id).toBe('opening');
		const speakers = state.items[2]!.speakers!;
		expect(speakers.queue).toHaveLength(15);
		expect(speakers.queue[0]).toBe('nguyen-nghiem');
		expect(speakers.budgetMs).toBe(6 * MIN);
		expect(state.attendance['pho-an']).toHaveLength(7);
		expect(state.attendance['thi-xa']).toHaveLength(7);
	});

	it('projects the end as if it started now, planned end 10:45 local', () => {
		const state = fresh();
		const now = T0 + 30 * MIN;
		const view = projection(state, now);
		expect(view.plannedStart).toBe(T0);
		expect(view.plannedEnd).toBe(T0 + 165 * MIN);
		expect(view.projectedEnd).toBe(now + 165 * MIN);
		expect(view.deltaMs).toBe(30 * MIN);
	});
});

describe('item timers', () => {
	it('starts the session and the first item, elapsed from event times', () => {
		const state = started();
		expect(state.startedAt).toBe(T0);
		expect(itemTiming(state, 0, T0 + 3 * MIN)).toMatchObject({
			elapsedMs: 3 * MIN,
			plannedMs: 10 * MIN,
			remainingMs: 7 * MIN,
			phase: 'running',
		});
		expect(sessionElapsedMs(state, T0 + 3 * MIN)).toBe(3 * MIN);
	});

	it('warns when remaining ≤ max(60 s, 20 %) and overruns past 100 %', () => {
		const state = started();
		expect(itemTiming(state, 0, T0 + 8 * MIN - 1).phase).toBe('running');
		expect(itemTiming(state, 0, T0 + 8 * MIN).phase).toBe('warning');
		expect(itemTiming(state, 0, T0 + 10 * MIN).phase).toBe('warning');
		expect(itemTiming(state, 0, T0 + 10 * MIN + 1)).toMatchObject({phase: 'overrun', overrun: true, remainingMs: -1});
	});

	it('warns a minute before the end of a short item (60 s beats 20 %)', () => {
		let state = started();
		for (let i = 0; i < 7; i++) state = apply(state, extendItem(state, -1), T0);
		expect(state.items[0]!.plannedMs).toBe(3 * MIN);
		expect(itemTiming(state, 0, T0 + 2 * MIN - 1).phase).toBe('running');
		expect(itemTiming(state, 0, T0 + 2 * MIN).phase).toBe('warning');
	});

	it('excludes pauses from elapsed, also across an overrun', () => {
		let state = started();
		state = apply(state, toggleItem(state), T0 + 9 * MIN); // pause at 9:00
		expect(itemTiming(state, 0, T0 + 20 * MIN)).toMatchObject({elapsedMs: 9 * MIN, phase: 'paused', warning: true, overrun: false});
		state = apply(state, toggleItem(state), T0 + 20 * MIN); // resume
		expect(itemTiming(state, 0, T0 + 21 * MIN)).toMatchObject({elapsedMs: 10 * MIN, phase: 'warning'});
		expect(itemTiming(state, 0, T0 + 23 * MIN)).toMatchObject({elapsedMs: 12 * MIN, phase: 'overrun'});
		state = apply(state, toggleItem(state), T0 + 23 * MIN); // pause while over
		expect(itemTiming(state, 0, T0 + 40 * MIN)).toMatchObject({elapsedMs: 12 * MIN, phase: 'paused', overrun: true});
		state = apply(state, toggleItem(state), T0 + 40 * MIN);
		expect(itemTiming(state, 0, T0 + 41 * MIN)).toMatchObject({elapsedMs: 13 * MIN, phase: 'overrun'});
	});

	it('extending during the warning gives the minute back and clears the warning', () => {
		let state = started();
		expect(itemTiming(state, 0, T0 + 8.5 * MIN).phase).toBe('warning');
		state = apply(state, extendItem(state, 1), T0 + 8.5 * MIN);
		expect(itemTiming(state, 0, T0 + 8.5 * MIN)).toMatchObject({plannedMs: 11 * MIN, remainingMs: 2.5 * MIN, phase: 'running'});
		state = apply(state, extendItem(state, -1), T0 + 8.5 * MIN);
		expect(itemTiming(state, 0, T0 + 8.5 * MIN).phase).toBe('warning');
	});

	it('never shortens an item below one minute', () => {
		let state = started();
		for (let i = 0; i < 9; i++) state = apply(state, extendItem(state, -1), T0);
		expect(state.items[0]!.plannedMs).toBe(MIN);
		expect(refusal(extendItem(state, -1))).toMatch(/already one minute/);
		// The reducer clamps too, whatever the journal says.
		const clamped = reduceSession(state, {seq: state.seq + 1, at: T0, type: 'item-extended', item: 'opening', minutes: -5});
		expect(clamped.items[0]!.plannedMs).toBe(MIN);
	});
});

describe('moving through the agenda', () => {
	it('next ends the item and starts the following one; the projection follows the overrun', () => {
		let state = started();
		state = apply(state, nextItem(state), T0 + 12 * MIN);
		expect(state.items[0]).toMatchObject({status: 'ended', startedAt: T0, endedAt: T0 + 12 * MIN});
		expect(currentItem(state)).toMatchObject({id: 'topics', status: 'running', startedAt: T0 + 12 * MIN});
		const view = projection(state, T0 + 12 * MIN);
		expect(view.projectedEnd).toBe(T0 + 12 * MIN + 155 * MIN);
		expect(view.deltaMs).toBe(2 * MIN);
	});

	it('refuses next before the first item starts, and after the last item', () => {
		expect(refusal(nextItem(fresh()))).toMatch(/has not started yet/);
		let state = started();
		for (let i = 1; i <= 4; i++) state = apply(state, nextItem(state), T0 + i * MIN);
		expect(currentItem(state).id).toBe('conclusion');
		expect(refusal(nextItem(state))).toMatch(/is the last item: end the session/);
	});

	it('going back reopens the previous item, keeps its elapsed time, and returns the current one to pending', () => {
		let state = started();
		state = apply(state, nextItem(state), T0 + 10 * MIN);
		state = apply(state, previousItem(state), T0 + 11 * MIN);
		expect(currentItem(state).id).toBe('opening');
		expect(itemTiming(state, 0, T0 + 12 * MIN)).toMatchObject({elapsedMs: 11 * MIN, phase: 'overrun'});
		expect(state.items[1]).toMatchObject({status: 'pending', elapsedBeforeMs: MIN, startedAt: T0 + 10 * MIN});
		state = apply(state, nextItem(state), T0 + 12 * MIN);
		expect(itemTiming(state, 1, T0 + 13 * MIN).elapsedMs).toBe(2 * MIN);
		expect(state.items[0]!.endedAt).toBe(T0 + 12 * MIN);
		expect(refusal(previousItem(started()))).toMatch(/first item/);
	});

	it('skips only optional items; next then passes over the skipped one', () => {
		let state = started();
		expect(refusal(skipItem(state))).toMatch(/is not optional/);
		state = apply(state, nextItem(state), T0 + 10 * MIN);
		state = apply(state, nextItem(state), T0 + 30 * MIN); // discussion
		const before = projection(state, T0 + 30 * MIN).projectedEnd;
		state = apply(state, skipItem(state), T0 + 30 * MIN); // remarks (optional)
		expect(state.items[3]!.status).toBe('skipped');
		expect(projection(state, T0 + 30 * MIN).projectedEnd).toBe(before - 20 * MIN);
		expect(refusal(skipItem(state))).toMatch(/not optional/); // conclusion
		state = apply(state, nextItem(state), T0 + 130 * MIN);
		expect(currentItem(state).id).toBe('conclusion');
		expect(itemTiming(state, 3, T0 + 140 * MIN).phase).toBe('skipped');
	});

	it('skipping the last item leaves nothing after it: next refuses, end works', () => {
		const result = parsePlan({
			...rawPlan(),
			agenda: [
				{id: 'a', title: 'A', minutes: 5},
				{id: 'b', title: 'B', minutes: 5, optional: true},
			],
		});
		if (!result.ok) throw new Error(result.problems.map(problem => `${problem.path}: ${problem.message.code}`).join('; '));
		let state = initialSession(result.plan);
		state = apply(state, toggleItem(state), T0);
		state = apply(state, skipItem(state), T0 + MIN);
		expect(state.items[1]!.status).toBe('skipped');
		expect(refusal(nextItem(state))).toMatch(/last item/);
		expect(refusal(skipItem(state))).toMatch(/no item is left to skip/);
		expect(projection(state, T0 + MIN).projectedEnd).toBe(T0 + 5 * MIN);
		state = apply(state, endSession(state), T0 + 6 * MIN);
		expect(state.endedAt).toBe(T0 + 6 * MIN);
		expect(state.items[0]).toMatchObject({status: 'ended', endedAt: T0 + 6 * MIN});
	});

	it('skipping the optional item in focus before it starts moves the focus on', () => {
		const result = parsePlan({
			...rawPlan(),
			agenda: [
				{id: 'a', title: 'A', minutes: 5, optional: true},
				{id: 'b', title: 'B', minutes: 5},
			],
		});
		if (!result.ok) throw new Error(result.problems.map(problem => `${problem.path}: ${problem.message.code}`).join('; '));
		let state = initialSession(result.plan);
		state = apply(state, skipItem(state), T0);
		expect(currentItem(state).id).toBe('b');
		expect(state.startedAt).toBeNull();
	});

	it('ending the session ends the running item; afterwards only notes are taken', () => {
		let state = started();
		expect(refusal(endSession(fresh()))).toMatch(/has not started/);
		state = apply(state, endSession(state), T0 + 4 * MIN);
		expect(state).toMatchObject({endedAt: T0 + 4 * MIN});
		expect(state.items[0]).toMatchObject({status: 'ended', endedAt: T0 + 4 * MIN});
		expect(projection(state, T0 + 99 * MIN).projectedEnd).toBe(T0 + 4 * MIN);
		expect(sessionElapsedMs(state, T0 + 99 * MIN)).toBe(4 * MIN);
		for (const result of [toggleItem(state), nextItem(state), endSession(state)])
			expect(refusal(result)).toBe('the meeting has ended: nothing in it can change now (q quits)');
		state = apply(state, note(state, '  Hội nghị kết thúc lúc 08:04 '), T0 + 5 * MIN);
		expect(state.notes).toEqual([{at: T0 + 5 * MIN, text: 'Hội nghị kết thúc lúc 08:04'}]);
	});

	it('records link transitions and ignores events naming unknown items (the fold never throws)', () => {
		let state = fresh();
		state = reduceSession(state, {seq: 1, at: T0, type: 'link-down', site: 'pho-an', grade: 'down', previous: 'good', reason: 'timeout'});
		expect(state.links['pho-an']).toBe('down');
		const same: SessionState = reduceSession(state, {seq: 2, at: T0, type: 'item-started', item: 'nope'});
		expect(same.items).toBe(state.items);
		expect(same.seq).toBe(2);
		expect(speakerTiming(same, T0)).toBeNull();
	});
});

function rawPlan() {
	return {
		version: 1,
		session: {title: 'Thử', date: '2021-11-25', start: '08:00'},
		hub: {id: 'hub', name: 'Hub'},
		sites: [{id: 'x', name: 'X', endpoint: 'ws://127.0.0.1:1/probe', mode: 'ws-ping'}],
	};
}
