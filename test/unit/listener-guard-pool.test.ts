import {EventEmitter} from 'node:events';
import type {Socket} from 'node:net';
import {describe, expect, it} from 'vitest';
import {addressGroup, addressPrefix, ListenerGuard} from '../../probes/listener-guard.js';

// The pool's choice of whom to let go, for what cannot be bound on this machine: many /64s of one
// IPv6 /48 (only ::1 is on loopback). Sockets here are stand-ins with an address and a port; the
// same guard against real sockets from 200 loopback addresses is test/faults/agent-flood.test.ts.

class FakeSocket extends EventEmitter {
	destroyed = false;
	constructor(
		readonly remoteAddress: string,
		readonly remotePort: number,
	) {
		super();
	}
	destroy(): void {
		if (this.destroyed) return;
		this.destroyed = true;
		this.emit('close');
	}
}

let port = 1000;
const dial = (guard: ListenerGuard, address: string) => {
	const socket = new FakeSocket(address, port++);
	guard.accept(socket as unknown as Socket);
	return socket;
};

describe('address groups and prefixes', () => {
	it('groups IPv4 by address in /24s and IPv6 by /64 in /48s', () => {
		expect(addressPrefix('127.0.0.9')).toBe('127.0.0.0/24');
		expect(addressPrefix('::ffff:10.1.2.3')).toBe('10.1.2.0/24');
		expect(addressPrefix('2001:db8:1:2::1')).toBe(addressPrefix('2001:db8:1:ffff:1:2:3:4'));
		expect(addressPrefix('2001:db8:1::1')).not.toBe(addressPrefix('2001:db8:2::1'));
		expect(addressGroup('2001:db8:1:2::1')).not.toBe(addressGroup('2001:db8:1:3::1'));
		expect(addressPrefix('::1')).toBe('0:0:0::/48');
		expect(addressPrefix(undefined)).toBe('local');
	});
});

describe('whom a full pool lets go', () => {
	it('keeps a new dialer from another /48 while a flood hops over 1,000 /64s of one /48', () => {
		let now = 0;
		const guard = new ListenerGuard({
			preAuthPool: 16,
			preAuthPerAddress: 2,
			preAuthPerPrefix: 8,
			handshakeTimeoutMs: 3000,
			clock: () => now,
		});
		const honest = dial(guard, '2001:db8:beef:1::10');
		for (let i = 0; i < 1000; i++) {
			now += 1;
			dial(guard, `2001:db8:1:${i.toString(16)}::1`);
		}
		expect(honest.destroyed).toBe(false);
		// The flood's /48 holds at most its cap (8): the rest of the pool stays free for others.
		expect(guard.counts()).toMatchObject({waiting: 9, evicted: 1000 - 8});
	});

	it('keeps a new dialer in the flood /48 while each flooding /64 dials again and again (no prefix cap)', () => {
		let now = 0;
		const guard = new ListenerGuard({preAuthPool: 16, preAuthPerAddress: 2, handshakeTimeoutMs: 3000, clock: () => now});
		const flooders = Array.from({length: 40}, (_, i) => `2001:db8:1:${i.toString(16)}::1`);
		for (let round = 0; round < 3; round++) for (const address of flooders) dial(guard, address);
		const honest = dial(guard, '2001:db8:1:ff00::7');
		for (let round = 0; round < 20; round++) {
			for (const address of flooders) {
				now += 1;
				dial(guard, address);
			}
		}
		expect(honest.destroyed).toBe(false);
	});

	it('lets an address that proved itself wait last, and a newcomer is never refused', () => {
		const now = 0;
		const guard = new ListenerGuard({preAuthPool: 4, preAuthPerAddress: 2, handshakeTimeoutMs: 3000, clock: () => now});
		const first = dial(guard, '10.0.0.1');
		guard.ticket(first as unknown as Socket)!.authenticated();
		const again = dial(guard, '10.0.0.1'); // the same hub's second connection, not yet proved
		const others = Array.from({length: 50}, (_, i) => dial(guard, `10.9.${i}.1`));
		expect(again.destroyed).toBe(false);
		expect(others.at(-1)!.destroyed).toBe(false); // the newest always gets its place
		expect(guard.counts()).toMatchObject({authenticated: 1, waiting: 4});
	});

	it('caps one /24 at its share of the pool, letting its most-struck address go first', () => {
		let now = 0;
		const guard = new ListenerGuard({
			preAuthPool: 64,
			preAuthPerPrefix: 8,
			preAuthPerAddress: 2,
			handshakeTimeoutMs: 3000,
			clock: () => now,
		});
		for (let i = 0; i < 200; i++) dial(guard, `192.0.2.${(i % 50) + 2}`);
		const honest = dial(guard, '192.0.2.250');
		for (let i = 0; i < 200; i++) {
			now += 1;
			dial(guard, `192.0.2.${(i % 50) + 2}`);
		}
		expect(honest.destroyed).toBe(false);
		expect(guard.counts().waiting).toBe(8);
		// Other prefixes keep their room.
		const elsewhere = dial(guard, '198.51.100.7');
		expect(elsewhere.destroyed).toBe(false);
		expect(guard.counts().waiting).toBe(9);
	});
});
