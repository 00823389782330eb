import {describe, expect, it} from 'vitest';
import {
	cleanText,
	MAX_ROSTER,
	MAX_TEXT,
	parseCheckin,
	parseCheckinAck,
	parseConsoleOpen,
	parseStateMessage,
	type StateMessage,
} from '../../probes/console-protocol.js';

// The console's wire messages: what passes, what is refused with a reason, and that far-side text
// is made safe for a terminal before anything can show it.

const state = (over: Partial<Record<keyof StateMessage, unknown>> = {}): Record<string, unknown> => ({
	type: 'state',
	v: 1,
	seq: 7,
	session: {title: 'Hội nghị trực báo', started: true, ended: false},
	link: {grade: 'good', rttMs: 42.5, lossPct: {up: 0, down: 1.5}, probeLossPct: 0, lastHeardMs: 800, udp: 'ok'},
	item: {index: 2, count: 5, title: 'Thảo luận', status: 'running', elapsedMs: 760_000, plannedMs: 6_000_000},
	speakers: {
		budgetMs: 360_000,
		queueLength: 13,
		ahead: 7,
		spoke: false,
		speaking: {site: 'nguyen-nghiem', name: 'Phường Nguyễn Nghiêm', elapsedMs: 39_000, running: true},
	},
	roster: [
		{role: 'Chủ tịch HĐND', status: 'present', by: 'site'},
		{role: 'Phó Chủ tịch HĐND', status: 'absent', reason: 'ốm'},
		{role: 'Ủy viên', status: null},
	],
	...over,
});

describe('state (hub → agent)', () => {
	it('a well-formed state passes whole, and survives a JSON round trip', () => {
		const parsed = parseStateMessage(JSON.parse(JSON.stringify(state())));
		expect(parsed).toEqual({ok: true, message: state()});
	});

	it('the hub before the meeting: no item timer yet, no queue, nobody heard', () => {
		const parsed = parseStateMessage(
			state({
				item: null,
				speakers: null,
				link: {grade: 'unknown', rttMs: null, lossPct: {up: null, down: null}, probeLossPct: null, lastHeardMs: null, udp: 'off'},
			}),
		);
		expect(parsed.ok).toBe(true);
	});

	it.each([
		[{v: 2}, /unsupported version/],
		[{seq: -1}, /state\.seq/],
		[{session: {title: 'x'}}, /state\.session/],
		[{link: {grade: 'great'}}, /state\.link\.grade/],
		[{link: {grade: 'good', rttMs: 1, lossPct: {up: 120, down: 0}, probeLossPct: 0, lastHeardMs: 0, udp: 'ok'}}, /lossPct/],
		[{item: {index: 5, count: 5, title: 'x', status: 'running', elapsedMs: 0, plannedMs: 1}}, /index < count/],
		[{item: {index: 0, count: 5, title: 'x', status: 'flying', elapsedMs: 0, plannedMs: 1}}, /item status/],
		[{speakers: {budgetMs: 1, queueLength: 2, ahead: 2, spoke: false, speaking: null}}, /ahead/],
		[{speakers: {budgetMs: 1, queueLength: 2, ahead: 0, speaking: null}}, /spoke/],
		[
			{
				speakers: {
					budgetMs: 1,
					queueLength: 2,
					ahead: 0,
					spoke: false,
					speaking: {site: 'Bad Site!', name: 'x', elapsedMs: 0, running: true},
				},
			},
			/speaking/,
		],
		[{roster: Array.from({length: MAX_ROSTER + 1}, () => ({role: 'x', status: null}))}, /at most 64/, 'a roster of 65'],
		[{roster: [{role: 'x', status: 'here'}]}, /roster\[0\]\.status/],
	])('refuses %j with a reason', (over, reason, _label?: string) => {
		const parsed = parseStateMessage(state(over as Partial<Record<keyof StateMessage, unknown>>));
		expect(parsed.ok).toBe(false);
		expect(!parsed.ok && parsed.reason).toMatch(reason);
	});

	it('cleans every far-side string: no escape sequences, no bidi overrides, capped', () => {
		const evil = '\u001b[2J\u001b]0;pwned\u0007Phổ\u202e An\u0085';
		const parsed = parseStateMessage(
			state({
				session: {title: evil, started: true, ended: false},
				roster: [{role: `Chủ tịch\u2066 HĐND\r\n`, status: 'absent', reason: '\u001b[31mốm'}],
			}),
		);
		expect(parsed.ok).toBe(true);
		if (!parsed.ok) return;
		expect(parsed.message.session.title).toBe('[2J]0;pwnedPhổ An');
		expect(parsed.message.roster).toEqual([{role: 'Chủ tịch HĐND', status: 'absent', reason: '[31mốm'}]);
	});

	it('a role name over the limit is refused, one just under is cut to MAX_TEXT', () => {
		expect(parseStateMessage(state({roster: [{role: 'x'.repeat(5 * MAX_TEXT), status: null}]})).ok).toBe(false);
		const parsed = parseStateMessage(state({roster: [{role: 'y'.repeat(3 * MAX_TEXT), status: null}]}));
		expect(parsed.ok && parsed.message.roster[0]!.role).toHaveLength(MAX_TEXT);
		expect(cleanText('e\u0301')).toBe('é'); // NFC, so widths hold
	});
});

describe('checkin (agent → hub) and its ack', () => {
	it('a mark of the site’s own roster passes; a reason is kept only for an absence', () => {
		expect(parseCheckin({type: 'checkin', id: 'c1', role: 1, status: 'absent', reason: ' đi công tác\u001b[31m '}, 7)).toEqual({
			ok: true,
			message: {type: 'checkin', id: 'c1', role: 1, status: 'absent', reason: 'đi công tác[31m'},
		});
		expect(parseCheckin({type: 'checkin', id: 'c2', role: 0, status: 'present', reason: 'ignored'}, 7)).toEqual({
			ok: true,
			message: {type: 'checkin', id: 'c2', role: 0, status: 'present'},
		});
	});

	it('a role outside the site’s roster, or a bad status or id, is refused', () => {
		expect(parseCheckin({type: 'checkin', id: 'c1', role: 7, status: 'present'}, 7)).toEqual({
			ok: false,
			reason: expect.stringMatching(/role of this site's roster \(0–6\)/),
			field: 'role',
		});
		// Which part was wrong travels as a code (the hub's refusal words it per language).
		expect(parseCheckin({type: 'checkin', id: 'c1', role: 0, status: 'unmarked'}, 7)).toMatchObject({ok: false, field: 'status'});
		expect(parseCheckin({type: 'checkin', id: 'x'.repeat(41), role: 0, status: 'late'}, 7)).toMatchObject({ok: false, field: 'id'});
		expect(parseCheckin({type: 'checkin', role: 0, status: 'late'}, 7)).toMatchObject({ok: false, field: 'id'});
		expect(parseCheckin({type: 'checkin', id: 'c1', role: 0, status: 'absent', reason: 5}, 7)).toMatchObject({ok: false, field: 'reason'});
		expect(parseCheckin({type: 'state'}, 7)).toMatchObject({ok: false, field: 'message'});
	});

	it('acks: accepted with the mark, or refused with a cleaned reason', () => {
		expect(parseCheckinAck({type: 'checkin-ack', id: 'c1', ok: true, role: 0, status: 'late'})).toEqual({
			ok: true,
			message: {type: 'checkin-ack', id: 'c1', ok: true, role: 0, status: 'late'},
		});
		expect(parseCheckinAck({type: 'checkin-ack', id: 'c1', ok: false, reason: 'the session has ended\u0007'})).toEqual({
			ok: true,
			message: {type: 'checkin-ack', id: 'c1', ok: false, reason: 'the session has ended'},
		});
		expect(parseCheckinAck({type: 'checkin-ack', id: 'c1', ok: false}).ok).toBe(false);
	});

	it('a refusal carries its code for the console to word; an unknown or ill-formed code is dropped, the reason kept', () => {
		const ack = (refusal: unknown) => parseCheckinAck({type: 'checkin-ack', id: 'c1', ok: false, reason: 'r', refusal});
		const refusalOf = (refusal: unknown) => {
			const parsed = ack(refusal);
			return parsed.ok && !parsed.message.ok ? (parsed.message.refusal ?? null) : 'not parsed';
		};
		expect(refusalOf({code: 'no-role', site: 'Xã Phổ An\u001b[31m', role: 8})).toEqual({code: 'no-role', site: 'Xã Phổ An[31m', role: 8});
		expect(refusalOf({code: 'already-marked', status: 'late'})).toEqual({code: 'already-marked', status: 'late'});
		expect(refusalOf({code: 'session-ended', extra: 'x'})).toEqual({code: 'session-ended'});
		expect(refusalOf({code: 'already-marked', status: 'gone'})).toBeNull();
		expect(refusalOf({code: 'no-role', site: 'x'})).toBeNull(); // no role number
		expect(refusalOf({code: 'viewer'})).toBeNull(); // not a refusal a checkin can get
		expect(refusalOf('session-ended')).toBeNull();
		// A journal write failure: its file, system code and text, as data.
		expect(refusalOf({code: 'journal-write-failed', failure: {file: '/d/j.jsonl', errno: 'ENOSPC', error: 'no space'}})).toEqual({
			code: 'journal-write-failed',
			failure: {file: '/d/j.jsonl', errno: 'ENOSPC', error: 'no space'},
		});
		expect(refusalOf({code: 'journal-write-failed', failure: {file: '/d/j.jsonl', closed: true}})).toEqual({
			code: 'journal-write-failed',
			failure: {file: '/d/j.jsonl', closed: true},
		});
		expect(refusalOf({code: 'bad-checkin', field: 'status'})).toEqual({code: 'bad-checkin', field: 'status'});
		expect(refusalOf({code: 'bad-checkin', field: 'colour'})).toBeNull();
		expect(refusalOf({code: 'bad-checkin', detail: 'checkin.status must be present, late or absent'})).toBeNull();
		// An older hub's text-only detail: not a failure the console can word (its reason is shown).
		expect(refusalOf({code: 'journal-write-failed', detail: 'journal write failed: x'})).toBeNull();
	});

	it('console open/closed: the only other thing a site may tell the hub', () => {
		expect(parseConsoleOpen({type: 'console', open: true})).toEqual({ok: true, message: {type: 'console', open: true}});
		expect(parseConsoleOpen({type: 'console', open: 'yes'}).ok).toBe(false);
	});
});
