import {describe, expect, it} from 'vitest';
import {dropsIn, inErrorsIn, udpSystemDrops} from '../../probes/udp-own-drops.js';
import {KIND} from '../../probes/udp-packet.js';
import {UdpTally, type UdpReport} from '../../probes/udp-session.js';

// /proc/net/udp and /proc/net/udp6 as Linux 6 prints them (header, IPv4 and IPv6 lines).
const UDP = `   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
 7563: 0100007F:B673 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 812491 2 00000000790dd11f 0
14537: 00000000:D1B1 00000000:0000 07 00000000:00042000 00:00000000 00000000     0        0 811946 2 0000000028753192 37
14538: 0100007F:0DC3 0100007F:D1B1 01 00000000:00000000 00:00000000 00000000     0        0 811947 2 0000000028753193 500
`;
const UDP6 = `  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops
  101: 00000000000000000000000000000000:D1B1 00000000000000000000000000000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 900001 2 0000000011111111 5
`;

describe('the own UDP drops of the hub, from /proc/net/udp', () => {
	it('sums the drops of the lines whose local port is ours, never by a remote port', () => {
		const port = 0xd1b1;
		expect(dropsIn(UDP, [port])).toBe(37);
		expect(dropsIn(UDP6, [port])).toBe(5);
		expect(dropsIn(UDP, [0xb673, port])).toBe(37);
		expect(dropsIn(UDP, [0x0dc3])).toBe(500);
		expect(dropsIn(UDP, [9])).toBe(0);
		expect(dropsIn('', [port])).toBe(0);
	});
});

describe('the report of a session while the hub drops', () => {
	// Reflections 1..n of one second, those in `lost` never read (the line's loss or the hub's).
	const second = (tally: UdpTally, from: number, n: number, lost: (rSeq: number) => boolean) => {
		for (let rSeq = from; rSeq < from + n; rSeq++) {
			if (lost(rSeq)) continue;
			tally.reflection(
				{
					kind: KIND.reflect,
					flags: 0,
					session: {hi: 0, lo: 0},
					seq: rSeq,
					t0: 0,
					rSeq,
					rCount: rSeq,
					t1: 1,
					t2: 1,
					rReordered: 0,
					length: 64,
				},
				2,
			);
		}
	};
	const down = (r: UdpReport) => ((r.downSent - r.downReceived) / r.downSent) * 100;

	it('leaves out whole a second in which the hub dropped, so the own loss of the line still reads true', () => {
		const tally = new UdpTally();
		// A line losing every 5th reflection (20 %), four seconds of 100; in the 2nd and 3rd the
		// hub's own socket also dropped half of them (the odd ones: each second's last arrives, so
		// every gap shows within its second).
		const lineLoss = (rSeq: number) => rSeq % 5 === 3;
		second(tally, 1, 100, lineLoss);
		const first = tally.report(1, 1000, 0, 1000, null, false);
		expect(down(first)).toBeCloseTo(20, 5);
		second(tally, 101, 100, rSeq => lineLoss(rSeq) || rSeq % 2 === 1);
		tally.report(1, 2000, 0, 2000, null, true);
		second(tally, 201, 100, rSeq => lineLoss(rSeq) || rSeq % 2 === 1);
		tally.report(1, 3000, 0, 3000, null, true);
		second(tally, 301, 100, lineLoss);
		const last = tally.report(1, 4000, 0, 4000, null, false);
		// Counted: the 1st and 4th seconds only. Leaving out only the missing ones would read 14.3 %
		// (the dropped seconds' arrivals counted, none of their line loss).
		expect(last.downSent).toBe(200);
		expect(last.downReceived).toBe(160);
		expect(down(last)).toBeCloseTo(20, 5);
		// Counts never go back (Prometheus counters are made of them).
		expect(last.downSent).toBeGreaterThanOrEqual(first.downSent);
		expect(last.downReceived).toBeGreaterThanOrEqual(first.downReceived);
	});
});

describe('a silence while the hub drops', () => {
	it('is read as not known ("waiting"), neither "blocked" nor "ok": the answers may be among the hub\'s own drops', () => {
		const tally = new UdpTally();
		tally.reflection(
			{kind: KIND.reflect, flags: 0, session: {hi: 0, lo: 0}, seq: 1, t0: 0, rSeq: 1, rCount: 1, t1: 1, t2: 1, rReordered: 0, length: 64},
			1000,
		);
		// Ten seconds without an answer while the WebSocket answers.
		expect(tally.report(1, 11_000, 0, 10_900, null, true).state).toBe('waiting');
		expect(tally.report(1, 11_000, 0, 10_900, null, false).state).toBe('blocked');
		const fresh = new UdpTally();
		expect(fresh.report(1, 11_000, 0, 10_900, null, true).state).toBe('waiting');
	});
});

describe('the down totals until the hub has read its own drop count', () => {
	const reflect = (tally: UdpTally, from: number, to: number, lost: (rSeq: number) => boolean) => {
		for (let rSeq = from; rSeq <= to; rSeq++) {
			if (lost(rSeq)) continue;
			tally.reflection(
				{
					kind: KIND.reflect,
					flags: 0,
					session: {hi: 0, lo: 0},
					seq: rSeq,
					t0: 0,
					rSeq,
					rCount: rSeq,
					t1: 1,
					t2: 1,
					rReordered: 0,
					length: 64,
				},
				2,
			);
		}
	};

	it('holds back what came since the last read, and leaves it out when the next read finds drops: never reported, never taken back', () => {
		const tally = new UdpTally();
		reflect(tally, 1, 100, () => false);
		const confirmed = tally.report(1, 1000, 0, 1000, null, false, true);
		expect([confirmed.downSent, confirmed.downReceived]).toEqual([100, 100]);
		// The hub's own socket drops half of the next second; its count is not read this round.
		reflect(tally, 101, 200, rSeq => rSeq % 2 === 0);
		const unread = tally.report(1, 2000, 0, 2000, null, false, false);
		expect([unread.downSent, unread.downReceived]).toEqual([100, 100]);
		// The next round's read finds the drops: both seconds since the last read are left out whole.
		reflect(tally, 201, 300, () => false);
		const excused = tally.report(1, 3000, 0, 3000, null, true, false);
		expect([excused.downSent, excused.downReceived]).toEqual([100, 100]);
		// A clean second, confirmed by a read: counted.
		reflect(tally, 301, 400, rSeq => rSeq === 350);
		const after = tally.report(1, 4000, 0, 4000, null, false, true);
		expect([after.downSent, after.downReceived]).toEqual([200, 199]);
		expect(after.state).toBe('ok');
	});
});

describe("the machine's own count of UDP drops, from /proc/net/snmp", () => {
	it('reads InErrors of Udp (header and value lines) and of Udp6, null where absent', () => {
		const snmp = `Ip: Forwarding DefaultTTL
Ip: 1 64
Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
Udp: 30080342 13830 4867086 35339193 4867080 0 0 0 0
UdpLite: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors InCsumErrors IgnoredMulti MemErrors
UdpLite: 0 0 7 0 0 0 0 0 0
`;
		expect(inErrorsIn(snmp, 'Udp')).toBe(4867086);
		expect(inErrorsIn('Udp6InDatagrams                 \t12\nUdp6InErrors                    \t42\n', 'Udp6')).toBe(42);
		expect(inErrorsIn('Ip: 1 64\n', 'Udp')).toBeNull();
		expect(inErrorsIn('', 'Udp6')).toBeNull();
	});

	it.skipIf(process.platform !== 'linux')('is a count on this Linux machine', () => {
		expect(udpSystemDrops()).toEqual(expect.any(Number));
	});
});
