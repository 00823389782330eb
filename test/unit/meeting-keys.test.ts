import {describe, expect, it} from 'vitest';
import {handleKey, inputMode, type KeyContext} from '../../src/dashboard/key-handler.js';
import {strings} from '../../src/i18n/strings.js';
import {initialViewState, type ViewState} from '../../src/dashboard/view-state.js';
import {intentFeedback} from '../../src/dashboard/intent-feedback.js';
import type {IntentOutcome} from '../../src/hub/meeting.js';
import type {IntentNotice} from '../../src/model/meeting/intents.js';
import type {RollRow, SiteRowData} from '../../src/dashboard/snapshot.js';
import {fixturePlan, T0} from '../helpers/session.js';

// The keys a new technician needed: ending the meeting, clearing a mark, notes and
// the speaker queue on the selected site; and what the alert line says after a mark.

const site = (id: string): SiteRowData => ({
	id,
	name: id,
	index: 0,
	grade: 'good',
	state: 'up',
	rttMs: 1,
	p50Ms: 1,
	p95Ms: 1,
	maxMs: 1,
	jitterMs: 0,
	lossPct: 0,
	mos: 4.4,
	availabilityPct: 100,
	sent: 1,
	received: 1,
	seenAgoMs: 0,
	history: [],
	present: 0,
	expected: 2,
	speaking: false,
	error: null,
	badness: 0,
});
const roll: RollRow[] = [
	{site: 'pho-an', siteName: 'Phổ An', role: 0, roleName: 'Chủ tịch', status: null, reason: null, first: true},
	{site: 'pho-an', siteName: 'Phổ An', role: 1, roleName: 'Phó Chủ tịch', status: 'present', reason: null, first: false},
];
const context: KeyContext = {
	sites: ['pho-an', 'pho-chau', 'pho-cuong'].map(site),
	roll,
	tableRows: 3,
	rollRows: 3,
	running: true,
	queue: ['pho-chau'],
};

function press(keys: string[], state: ViewState = initialViewState(), ctx: KeyContext = context) {
	const effects = [];
	for (const key of keys) {
		const step = handleKey(state, key, ctx);
		state = step.state;
		effects.push(...step.effects);
	}
	return {state, effects};
}

describe('ending the meeting', () => {
	it('e asks y/n; y sends end-session, n sends nothing', () => {
		const asked = press(['e']);
		expect(inputMode(asked.state)).toBe('confirm');
		expect(asked.effects).toEqual([]);
		expect(press(['y'], asked.state).effects).toEqual([{type: 'intent', intent: {type: 'end-session'}}]);
		expect(press(['y'], asked.state).state.confirmEnd).toBe(false);
		const no = press(['n'], asked.state);
		expect(no.effects).toEqual([]);
		expect(inputMode(no.state)).toBe('main');
	});

	it('n on the last item offers the end instead of a refusal; elsewhere it is the next item', () => {
		const last = press(['n'], initialViewState(), {...context, onLastItem: true});
		expect(last.state.confirmEnd).toBe(true);
		expect(last.effects).toEqual([]);
		expect(press(['n']).effects).toEqual([{type: 'intent', intent: {type: 'next-item'}}]);
	});

	it('e before the start or after the end asks nothing: the core says why not', () => {
		expect(press(['e'], initialViewState(), {...context, running: false}).effects).toEqual([
			{type: 'intent', intent: {type: 'end-session'}},
		]);
	});

	it('after the end (not running) q quits without asking', () => {
		expect(press(['q'], initialViewState(), {...context, running: false}).effects).toEqual([{type: 'quit'}]);
	});
});

describe('the roll call', () => {
	const inRoll = press(['a']).state;

	it('u clears the mark under the cursor and leaves the cursor there', () => {
		const down = press(['down'], inRoll).state;
		const cleared = press(['u'], down);
		expect(cleared.effects).toEqual([{type: 'intent', intent: {type: 'mark-attendance', site: 'pho-an', role: 1, status: 'unmarked'}}]);
		expect(cleared.state.roll.selected).toBe(1);
	});

	it('space and l move the cursor down after the mark', () => {
		const marked = press(['space'], inRoll);
		expect(marked.effects).toEqual([{type: 'intent', intent: {type: 'mark-attendance', site: 'pho-an', role: 0, status: 'present'}}]);
		expect(marked.state.roll.selected).toBe(1);
	});

	it('the alert line names the role, the site and the mark, in the screen language', () => {
		const plan = fixturePlan();
		const clock = {now: T0, utcOffsetMinutes: 420};
		const vi = strings('vi');
		expect(intentFeedback({type: 'mark-attendance', site: 'pho-an', role: 1, status: 'present'}, {ok: true}, plan, vi, clock)).toBe(
			'Phó Chủ tịch HĐND — Xã Phổ An: có mặt',
		);
		expect(
			intentFeedback({type: 'mark-attendance', site: 'pho-an', role: 1, status: 'unmarked'}, {ok: true}, plan, strings('en'), clock),
		).toBe('Phó Chủ tịch HĐND — Xã Phổ An: not marked');
		expect(
			intentFeedback({type: 'mark-attendance', site: 'pho-an', role: 2, status: 'absent', reason: 'ốm'}, {ok: true}, plan, vi, clock),
		).toMatch(/: vắng \(ốm\)$/);
		expect(intentFeedback({type: 'end-session'}, {ok: true}, plan, strings('en'), clock)).toBe(
			'The meeting has ended (08:00): q quits, `diemcau report` writes the minutes',
		);
		// Sites passed over on a speaker call: named, with why, in the screen's language.
		const noticeCode = {
			code: 'speakers-skipped',
			params: {sites: ['Xã Phổ Châu'], reason: {code: 'link-down', params: {}}},
		} satisfies IntentNotice;
		const skipped: IntentOutcome = {ok: true, notice: 'skipped (link down, requeued): Xã Phổ Châu', noticeCode};
		expect(intentFeedback({type: 'next-speaker'}, skipped, plan, vi, clock)).toBe(
			'bỏ qua vì đường truyền mất kết nối, xếp lại cuối danh sách: Xã Phổ Châu',
		);
		expect(intentFeedback({type: 'next-speaker'}, skipped, plan, strings('en'), clock)).toBe('skipped (link down, requeued): Xã Phổ Châu');
		expect(
			intentFeedback({type: 'toggle-item'}, {ok: false, reason: 'x', refusal: {code: 'other', text: 'x'}}, plan, vi, clock),
		).toBeNull();
	});
});

describe('intents that had no key', () => {
	it('m takes a note for the minutes; Enter sends it, Esc drops it', () => {
		const typing = press(['m', 'M', 'ấ', 't', 'space', 'đ', 'i', 'ệ', 'n']);
		expect(inputMode(typing.state)).toBe('prompt');
		expect(press(['return'], typing.state).effects).toEqual([{type: 'intent', intent: {type: 'note', text: 'Mất điện'}}]);
		expect(press(['escape'], typing.state).effects).toEqual([]);
	});

	it('r puts the selected site in the queue or takes it out; [ and ] move it', () => {
		expect(press(['r']).effects).toEqual([{type: 'intent', intent: {type: 'queue-speaker', site: 'pho-an'}}]);
		const onChau = press(['down']).state;
		expect(press(['r'], onChau).effects).toEqual([{type: 'intent', intent: {type: 'drop-speaker', site: 'pho-chau'}}]);
		expect(press(['[', ']'], onChau).effects).toEqual([
			{type: 'intent', intent: {type: 'move-speaker', site: 'pho-chau', delta: -1}},
			{type: 'intent', intent: {type: 'move-speaker', site: 'pho-chau', delta: 1}},
		]);
	});

	it('a viewer screen refuses them all', () => {
		for (const key of ['e', 'm', 'r', '[', ']'])
			expect(press([key], initialViewState(), {...context, viewer: true}).effects).toEqual([{type: 'viewerRefused'}]);
	});
});
