import {linkReason} from '../../src/model/link/link-reasons.js';
import {describe, expect, it} from 'vitest';
import {initialSession} from '../../src/model/meeting/session.js';
import {attendanceTotals} from '../../src/model/meeting/session-view.js';
import {decide, linkEvent, markAttendance, nextItem, note, toggleItem} from '../../src/model/meeting/intents.js';
import {apply, fixturePlan, MIN, refusal, T0} from '../helpers/session.js';

describe('attendance', () => {
	it('marks what the operator says in any item (present is present, late is late), absent with a reason, or clears', () => {
		let state = initialSession(fixturePlan());
		state = apply(state, markAttendance(state, 'pho-an', 0, 'present'), T0 - 5 * MIN); // before the start
		state = apply(state, toggleItem(state), T0);
		state = apply(state, markAttendance(state, 'pho-an', 1, 'present'), T0 + MIN);
		state = apply(state, markAttendance(state, 'pho-an', 2, 'absent', ' ốm '), T0 + 2 * MIN);
		state = apply(state, markAttendance(state, 'thi-xa', 0, 'present'), T0 + 2 * MIN);
		state = apply(state, nextItem(state), T0 + 10 * MIN); // roll call over
		// After the first item, `space` (present) still records present: it used to become "late"
		// while the key line said present; `l` is how the operator says late.
		const present = markAttendance(state, 'pho-an', 4, 'present');
		expect(present.ok && present.events).toEqual([{type: 'attendance-marked', site: 'pho-an', role: 4, status: 'present'}]);
		const late = markAttendance(state, 'pho-an', 3, 'late');
		expect(late.ok && late.events).toEqual([{type: 'attendance-marked', site: 'pho-an', role: 3, status: 'late'}]);
		state = apply(state, late, T0 + 15 * MIN);
		state = apply(state, markAttendance(state, 'pho-chau', 0, 'absent'), T0 + 15 * MIN);
		expect(state.attendance['pho-an']!.slice(0, 4)).toEqual([
			{status: 'present', at: T0 - 5 * MIN},
			{status: 'present', at: T0 + MIN},
			{status: 'absent', reason: 'ốm', at: T0 + 2 * MIN},
			{status: 'late', at: T0 + 15 * MIN},
		]);
		const totals = attendanceTotals(state);
		expect(totals.sites[0]).toMatchObject({site: 'thi-xa', expected: 7, present: 1, attended: 1, unmarked: 6});
		expect(totals.sites.find(row => row.site === 'pho-an')).toEqual({
			site: 'pho-an',
			expected: 7,
			present: 2,
			late: 1,
			absent: 1,
			unmarked: 3,
			attended: 3,
		});
		expect(totals.overall).toEqual({expected: 16 * 7, present: 3, late: 1, absent: 2, unmarked: 16 * 7 - 6, attended: 4});
		state = apply(state, markAttendance(state, 'pho-an', 2, 'unmarked'), T0 + 16 * MIN);
		expect(state.attendance['pho-an']![2]).toBeNull();
	});

	it('refuses unknown sites and roles, and a mark that changes nothing', () => {
		let state = initialSession(fixturePlan());
		expect(refusal(markAttendance(state, 'ha-noi', 0, 'present'))).toBe('no site has id "ha-noi"');
		expect(refusal(markAttendance(state, 'pho-an', 7, 'present'))).toBe('Xã Phổ An has no role number 8');
		expect(refusal(markAttendance(state, 'pho-an', 0, 'unmarked'))).toBe('not marked yet');
		state = apply(state, markAttendance(state, 'pho-an', 0, 'present'), T0);
		expect(refusal(markAttendance(state, 'pho-an', 0, 'present'))).toBe('already marked present');
		expect(refusal(markAttendance(state, 'pho-an', 0, 'gone' as never))).toMatch(/present, late, absent or unmarked/);
	});
});

describe('refusals in plain words', () => {
	it('explains every refusal instead of throwing', () => {
		const state = initialSession(fixturePlan());
		const reasons = [
			decide(state, {type: 'next-item'}),
			decide(state, {type: 'previous-item'}),
			decide(state, {type: 'skip-item'}),
			decide(state, {type: 'next-speaker'}),
			decide(state, {type: 'end-speaker'}),
			decide(state, {type: 'move-speaker', site: 'pho-an', delta: 1}),
			decide(state, {type: 'end-session'}),
			decide(state, {type: 'note', text: '   '}),
		].map(refusal);
		expect(reasons).toEqual([
			'“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” has not started yet: start it first',
			'“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” is the first item: there is nothing to go back to',
			'“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” is not optional: only optional items can be skipped',
			'“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” has no speaker queue',
			'“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” has no speaker queue',
			'“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” has no speaker queue',
			'the session has not started',
			'a note needs some text',
		]);
	});

	it('turns a link change into a journal event', () => {
		const state = initialSession(fixturePlan());
		const result = linkEvent(state, {
			site: 'pho-an',
			type: 'down',
			grade: 'down',
			previous: 'fair',
			reason: linkReason('timeout', {}),
			reasonText: 'timeout',
		});
		expect(result.ok && result.events).toEqual([
			{type: 'link-down', site: 'pho-an', grade: 'down', previous: 'fair', reason: 'timeout', reasonCode: {code: 'timeout', params: {}}},
		]);
		expect(note(state, 'x').ok).toBe(true);
	});
});
