import dgram from 'node:dgram';
import {describe, expect, it} from 'vitest';
import {ownDropsReadable, udpReceiveDrops} from '../../probes/udp-own-drops.js';

// Whether the hub can know its own UDP drops: on Linux, from /proc; elsewhere unknown (null),
// which a screen must show as "not available on this system", never as none.

describe('the own UDP drops: known or unknown', () => {
	it('on this Linux machine: readable, a count for a bound socket, unknown (null) with no socket', async () => {
		expect(process.platform).toBe('linux');
		expect(ownDropsReadable()).toBe(true);
		expect(udpReceiveDrops([])).toBeNull();
		const socket = dgram.createSocket('udp4');
		await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
		try {
			expect(udpReceiveDrops([socket.address().port])).toBe(0);
		} finally {
			socket.close();
		}
	});
});
