import {describe, expect, it} from 'vitest';
import {initialSession, type SessionState} from '../../src/model/meeting/session.js';
import {itemTiming, speakerQueue, speakerTiming} from '../../src/model/meeting/session-view.js';
import {
	dropSpeaker,
	endSpeaker,
	moveSpeaker,
	nextItem,
	nextSpeaker,
	previousItem,
	queueSpeaker,
	skipSpeaker,
	toggleItem,
} from '../../src/model/meeting/intents.js';
import {apply, fixturePlan, MIN, refusal, SEC, T0} from '../helpers/session.js';

/** The discussion item running since D (opening and topics done on time). */
const D = T0 + 30 * MIN;
function discussion(): SessionState {
	let state = initialSession(fixturePlan());
	state = apply(state, toggleItem(state), T0);
	state = apply(state, nextItem(state), T0 + 10 * MIN);
	return apply(state, nextItem(state), D);
}
const queue = (state: SessionState) => speakerQueue(state)!.queue;

describe('speaker queue', () => {
	it('refuses speaker actions outside a speaker item', () => {
		const state = initialSession(fixturePlan());
		expect(refusal(nextSpeaker(state, []))).toMatch(/has no speaker queue/);
		expect(refusal(skipSpeaker(state))).toMatch(/has no speaker queue/);
		expect(refusal(endSpeaker(state))).toMatch(/has no speaker queue/);
	});

	it('calls speakers in plan order, each with the 6-minute budget, warning and overrun of its own', () => {
		let state = discussion();
		state = apply(state, nextSpeaker(state, []), D);
		expect(speakerTiming(state, D + 4 * MIN)).toMatchObject({
			site: 'nguyen-nghiem',
			elapsedMs: 4 * MIN,
			plannedMs: 6 * MIN,
			phase: 'running',
		});
		// 20 % of 6 min = 72 s > 60 s.
		expect(speakerTiming(state, D + 6 * MIN - 73 * SEC)!.phase).toBe('running');
		expect(speakerTiming(state, D + 6 * MIN - 72 * SEC)!.phase).toBe('warning');
		expect(speakerTiming(state, D + 6 * MIN + SEC)!.phase).toBe('overrun');
		state = apply(state, nextSpeaker(state, []), D + 7 * MIN);
		expect(speakerQueue(state)!.turns).toEqual([
			{site: 'nguyen-nghiem', startedAt: D, endedAt: D + 7 * MIN, elapsedMs: 7 * MIN, skipped: false},
		]);
		expect(speakerTiming(state, D + 7 * MIN)).toMatchObject({site: 'pho-hoa', elapsedMs: 0});
		expect(queue(state)).toHaveLength(13);
	});

	it('skips every site whose link is down with reason "link down", requeues them, and starts the first site up', () => {
		let state = discussion();
		const result = nextSpeaker(state, ['nguyen-nghiem', 'pho-hoa', 'pho-ninh']);
		expect(result.ok && result.notice).toEqual({
			code: 'speakers-skipped',
			params: {sites: ['Phường Nguyễn Nghiêm', 'Phường Phổ Hòa'], reason: {code: 'link-down', params: {}}},
		});
		state = apply(state, result, D);
		expect(speakerTiming(state, D)!.site).toBe('pho-minh');
		expect(queue(state).slice(-2)).toEqual(['nguyen-nghiem', 'pho-hoa']);
		expect(speakerQueue(state)!.turns.map(turn => [turn.site, turn.skipped, turn.reason])).toEqual([
			['nguyen-nghiem', true, 'link down'],
			['pho-hoa', true, 'link down'],
		]);
	});

	it('refuses when every queued site is down, and says so when the queue is empty', () => {
		let state = discussion();
		expect(refusal(nextSpeaker(state, queue(state)))).toBe('every site left in the queue (15) has its link down');
		for (const site of [...queue(state)].slice(1)) state = apply(state, dropSpeaker(state, site), D);
		state = apply(state, nextSpeaker(state, []), D);
		const last = nextSpeaker(state, []);
		expect(last.ok && last.notice).toEqual({code: 'last-speaker', params: {}});
		state = apply(state, last, D + MIN);
		expect(speakerTiming(state, D + MIN)).toBeNull();
		expect(refusal(nextSpeaker(state, []))).toBe('the speaker queue is empty');
		expect(refusal(skipSpeaker(state))).toBe('the speaker queue is empty');
		expect(refusal(endSpeaker(state))).toBe('nobody is speaking');
	});

	it('a skipped speaker is requeued at the end and called again; skipped twice it stays queued', () => {
		let state = discussion();
		state = apply(state, nextSpeaker(state, []), D);
		state = apply(state, skipSpeaker(state), D + 30 * SEC); // mic trouble at Nguyễn Nghiêm
		expect(speakerTiming(state, D + 30 * SEC)).toBeNull();
		expect(queue(state).at(-1)).toBe('nguyen-nghiem');
		expect(speakerQueue(state)!.turns[0]).toMatchObject({site: 'nguyen-nghiem', elapsedMs: 30 * SEC, skipped: true});
		state = apply(state, skipSpeaker(state), D + 40 * SEC); // pho-hoa, not yet called, passed over
		expect(queue(state).slice(-2)).toEqual(['nguyen-nghiem', 'pho-hoa']);
		for (let i = 0; i < 13; i++) state = apply(state, nextSpeaker(state, []), D + (i + 1) * MIN);
		expect(speakerTiming(state, D + 14 * MIN)!.site).toBe('pho-thuan');
		state = apply(state, nextSpeaker(state, []), D + 20 * MIN);
		expect(speakerTiming(state, D + 20 * MIN)!.site).toBe('nguyen-nghiem');
		state = apply(state, skipSpeaker(state), D + 21 * MIN);
		expect(speakerQueue(state)!.skips['nguyen-nghiem']).toBe(2);
		expect(queue(state)).toEqual(['pho-hoa', 'nguyen-nghiem']);
	});

	it('moves a site up and down the queue, refusing past either end', () => {
		let state = discussion();
		state = apply(state, moveSpeaker(state, 'pho-thuan', -3), D);
		expect(queue(state).slice(-4)).toEqual(['pho-thuan', 'pho-khanh', 'pho-nhon', 'pho-phong']);
		state = apply(state, moveSpeaker(state, 'pho-hoa', -1), D);
		expect(queue(state).slice(0, 2)).toEqual(['pho-hoa', 'nguyen-nghiem']);
		expect(refusal(moveSpeaker(state, 'pho-hoa', -1))).toMatch(/already first/);
		expect(refusal(moveSpeaker(state, 'pho-phong', 1))).toMatch(/already last/);
		expect(refusal(moveSpeaker(state, 'thi-xa', 1))).toMatch(/not in the speaker queue/);
		state = apply(state, queueSpeaker(state, 'thi-xa'), D);
		expect(queue(state).at(-1)).toBe('thi-xa');
		expect(refusal(queueSpeaker(state, 'thi-xa'))).toMatch(/already in the queue/);
	});

	it('a pause freezes the speaker too; resuming mid-speaker continues the turn', () => {
		let state = discussion();
		expect(refusal(nextSpeaker(initialSession(fixturePlan()), []))).toMatch(/has no speaker queue/);
		state = apply(state, nextSpeaker(state, []), D);
		state = apply(state, toggleItem(state), D + 2 * MIN); // pause
		expect(refusal(nextSpeaker(state, []))).toMatch(/is paused: resume it first/);
		expect(speakerTiming(state, D + 9 * MIN)).toMatchObject({elapsedMs: 2 * MIN, phase: 'paused'});
		state = apply(state, toggleItem(state), D + 9 * MIN); // resume
		expect(speakerTiming(state, D + 10 * MIN)).toMatchObject({site: 'nguyen-nghiem', elapsedMs: 3 * MIN, phase: 'running'});
		expect(itemTiming(state, 2, D + 10 * MIN).elapsedMs).toBe(3 * MIN);
	});

	it('ending the item ends its speaker; going back ends the speaker too', () => {
		let state = discussion();
		state = apply(state, nextSpeaker(state, []), D);
		state = apply(state, nextItem(state), D + 5 * MIN);
		expect(state.items[2]!.speakers!.current).toBeNull();
		expect(state.items[2]!.speakers!.turns).toEqual([
			{site: 'nguyen-nghiem', startedAt: D, endedAt: D + 5 * MIN, elapsedMs: 5 * MIN, skipped: false},
		]);
		state = apply(state, previousItem(state), D + 6 * MIN);
		state = apply(state, nextSpeaker(state, []), D + 6 * MIN);
		state = apply(state, previousItem(state), D + 7 * MIN);
		expect(state.items[2]!.speakers).toMatchObject({current: null});
		expect(state.items[2]!.speakers!.turns.at(-1)).toMatchObject({site: 'pho-hoa', elapsedMs: MIN});
	});
});
