import {describe, expect, it} from 'vitest';
import {dropsIn} from '../../probes/udp-own-drops.js';

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
