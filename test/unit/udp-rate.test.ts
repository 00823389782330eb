import {describe, expect, it} from 'vitest';
import {LOWER_WINDOW, RAISE_FIRST_ROUNDS, RAISE_MAX_ROUNDS, UdpRate} from '../../probes/udp-rate.js';
import {udpWords, type UdpNote} from '../../src/i18n/udp-words.js';

// The UDP test stream's rate, round by round: lowered only on the hub's own measured drops, and
// raised again, a step at a time up to the plan's, once the hub has dropped nothing for a while.

/** `n` report rounds, each with or without the hub's own drops; the notes they gave. */
function rounds(rate: UdpRate, n: number, dropped: boolean, drops = 0): UdpNote[] {
	const notes: UdpNote[] = [];
	for (let i = 0; i < n; i++) {
		const note = rate.round(dropped, drops);
		if (note) notes.push(note);
	}
	return notes;
}

describe('the UDP test stream rate', () => {
	it('runs at the plan rate while the hub drops nothing, and after one stray drop round', () => {
		const rate = new UdpRate(5);
		expect(rounds(rate, 100, false)).toEqual([]);
		expect(rounds(rate, 1, true, 40)).toEqual([]);
		expect(rounds(rate, 20, false)).toEqual([]);
		expect(rate.rate).toBe(5);
		expect(rate.lowered).toBeNull();
	});

	it('is lowered after drops in 3 of 10 rounds, then raised a step after a calm spell, back to the plan and said each time', () => {
		const rate = new UdpRate(5);
		const lowered = [...rounds(rate, 2, true, 300), ...rounds(rate, 3, false), ...rounds(rate, 1, true, 500)];
		expect(lowered).toEqual([{code: 'udp-rate-lowered', params: {from: 5, to: 3.75, drops: 500}}]);
		expect(rate.rate).toBe(3.75);
		expect(rate.lowered).toEqual({from: 5, to: 3.75, drops: 500});
		// Drops again: lowered again.
		expect(rounds(rate, 3, true, 900).map(note => note.code)).toEqual(['udp-rate-lowered']);
		expect(rate.rate).toBe(2.81);
		// A calm spell one round short of the raise: nothing yet.
		expect(rounds(rate, RAISE_FIRST_ROUNDS - 1, false, 900)).toEqual([]);
		expect(rate.rate).toBe(2.81);
		expect(rounds(rate, 1, false, 900)).toEqual([
			{code: 'udp-rate-raised', params: {from: 2.81, to: 3.75, plan: 5, calmS: RAISE_FIRST_ROUNDS}},
		]);
		expect(rate.lowered).toEqual({from: 5, to: 3.75, drops: 900});
		// The next calm spell brings the plan's rate back, not more: nothing is lowered any more.
		expect(rounds(rate, RAISE_FIRST_ROUNDS, false, 900)).toEqual([
			{code: 'udp-rate-raised', params: {from: 3.75, to: 5, plan: 5, calmS: RAISE_FIRST_ROUNDS}},
		]);
		expect(rate.rate).toBe(5);
		expect(rate.lowered).toBeNull();
		expect(rounds(rate, 5 * RAISE_FIRST_ROUNDS, false, 900)).toEqual([]);
	});

	it('waits a whole calm spell after a drop before raising (a drop round restarts it)', () => {
		const rate = new UdpRate(5);
		rounds(rate, 3, true, 10);
		expect(rate.rate).toBe(3.75);
		rounds(rate, RAISE_FIRST_ROUNDS - 5, false, 10);
		rounds(rate, 1, true, 11);
		expect(rounds(rate, RAISE_FIRST_ROUNDS - 1, false, 11)).toEqual([]);
		expect(rate.rate).toBe(3.75);
		expect(rounds(rate, 1, false, 11).map(note => note.code)).toEqual(['udp-rate-raised']);
	});

	it('waits twice as long after a raise it could not hold, up to two minutes', () => {
		const rate = new UdpRate(5);
		rounds(rate, 3, true, 10);
		expect(rate.rate).toBe(3.75);
		expect(rate.raiseAfterRounds).toBe(RAISE_FIRST_ROUNDS);
		// Raised after the first calm spell, then dropping again at once: lowered, and the next raise waits twice as long.
		expect(rounds(rate, RAISE_FIRST_ROUNDS, false, 10).map(note => note.code)).toEqual(['udp-rate-raised']);
		expect(rate.rate).toBe(5);
		expect(rounds(rate, 3, true, 20).map(note => note.code)).toEqual(['udp-rate-lowered']);
		expect(rate.raiseAfterRounds).toBe(2 * RAISE_FIRST_ROUNDS);
		expect(rounds(rate, 2 * RAISE_FIRST_ROUNDS - 1, false, 20)).toEqual([]);
		expect(rounds(rate, 1, false, 20)).toEqual([
			{code: 'udp-rate-raised', params: {from: 3.75, to: 5, plan: 5, calmS: 2 * RAISE_FIRST_ROUNDS}},
		]);
		// Each raise not held doubles the wait, never past RAISE_MAX_ROUNDS.
		for (let i = 0; i < 6; i++) {
			rounds(rate, 3, true, 30 + i);
			rounds(rate, rate.raiseAfterRounds, false, 30 + i);
		}
		expect(rate.raiseAfterRounds).toBe(RAISE_MAX_ROUNDS);
		expect(rate.rate).toBe(5);
		// A raise held for longer than twice its wait does not lengthen the next.
		rounds(rate, 2 * RAISE_MAX_ROUNDS + 1, false, 40);
		expect(rate.raiseAfterRounds).toBe(RAISE_FIRST_ROUNDS);
		rounds(rate, 3, true, 50);
		expect(rate.raiseAfterRounds).toBe(RAISE_FIRST_ROUNDS);
	});

	it('forgets the lengthened wait after two calm minutes at the plan rate', () => {
		const rate = new UdpRate(5);
		rounds(rate, 3, true, 10);
		rounds(rate, RAISE_FIRST_ROUNDS, false, 10);
		rounds(rate, 3, true, 20);
		expect(rate.raiseAfterRounds).toBe(2 * RAISE_FIRST_ROUNDS);
		rounds(rate, 2 * RAISE_FIRST_ROUNDS, false, 20);
		expect(rate.rate).toBe(5);
		rounds(rate, RAISE_MAX_ROUNDS - 1, false, 20);
		expect(rate.raiseAfterRounds).toBe(2 * RAISE_FIRST_ROUNDS);
		rounds(rate, 1, false, 20);
		expect(rate.raiseAfterRounds).toBe(RAISE_FIRST_ROUNDS);
	});

	it('is never lowered under 1 a second, nor changed when the stream is off', () => {
		const rate = new UdpRate(1.2);
		rounds(rate, 10 * LOWER_WINDOW, true, 1);
		expect(rate.rate).toBe(1);
		const off = new UdpRate(0);
		expect(rounds(off, 50, true, 1)).toEqual([]);
		expect(off.rate).toBe(0);
	});
});

describe('the words of the UDP stream notes', () => {
	const notes: UdpNote[] = [
		{code: 'udp-rate-lowered', params: {from: 5, to: 3.75, drops: 1200}},
		{code: 'udp-rate-raised', params: {from: 3.75, to: 5, plan: 5, calmS: 30}},
		{code: 'udp-recv-buffer-capped', params: {asked: 4_194_304, granted: 212_992}},
		{code: 'udp-peer-moved', params: {site: 'phuong-ba-dinh', from: '203.0.113.7:40001', to: '203.0.113.7:52210', more: 3}},
	];

	it('say each note in Vietnamese with its figures in Vietnamese notation, and in English', () => {
		const vi = notes.map(note => udpWords.word(note, 'vi'));
		const en = notes.map(note => udpWords.word(note, 'en'));
		expect(vi[0]).toContain('từ 5 xuống 3,75 gói mỗi giây');
		expect(vi[0]).toContain('1200 gói');
		expect(en[0]).toContain('from 5 to 3.75 packets a second');
		expect(vi[1]).toContain('30 giây');
		expect(vi[1]).toContain('tăng lại từ 3,75 lên 5');
		expect(en[1]).toContain('raised from 3.75 to 5');
		expect(vi[2]).toContain('208 KiB');
		expect(vi[2]).toContain('4096 KiB');
		expect(vi[2]).toContain('net.core.rmem_max=4194304');
		expect(en[2]).toContain('208 KiB receive buffer, not the 4096 KiB asked');
		expect(vi[3]).toContain('điểm cầu phuong-ba-dinh');
		expect(vi[3]).toContain('203.0.113.7:52210');
		expect(vi[3]).toContain('thêm 3 lần');
		expect(en[3]).toContain('3 more such moves');
		expect(udpWords.word({code: 'udp-peer-moved', params: {...notes[3]!.params, more: 0} as never}, 'en')).not.toContain('more');
		// No English left in the Vietnamese lines but the names of things (UDP, KiB, sysctl, NAT).
		for (const line of vi) expect(line).not.toMatch(/\b(the|dropped|packets|lowered|raised|site)\b/);
	});
});
