import dgram from 'node:dgram';
import {randomBytes} from 'node:crypto';
import {performance} from 'node:perf_hooks';
import {afterEach, describe, expect, it} from 'vitest';
import {sessionId, subKey} from '../../probes/session-key.js';
import {UdpHub} from '../../probes/udp-hub.js';
import {udpWords} from '../../src/i18n/udp-words.js';
import {KIND, MIN_PACKET, macKey, readPacket, ReplayWindow, sessionTag, writePacket} from '../../probes/udp-packet.js';
import type {UdpReport} from '../../probes/udp-session.js';
import {waitFor} from '../helpers/wait.js';

// Where the hub sends a session's test stream moves only on proof: a packet of the session, with
// a valid MAC, never seen, and newer than any seen. A real UdpHub on loopback, and sockets of the
// test's own playing the agent (127.0.0.1) and someone else (127.0.0.9) with the session's key.

const sockets: dgram.Socket[] = [];
let hub: UdpHub | undefined;
afterEach(async () => {
	await hub?.stop();
	for (const socket of sockets.splice(0)) socket.close();
	hub = undefined;
});

async function bound(address: string) {
	const socket = dgram.createSocket('udp4');
	sockets.push(socket);
	await new Promise<void>(resolve => socket.bind(0, address, resolve));
	const tests: Buffer[] = [];
	socket.on('message', packet => tests.push(packet));
	return {socket, tests, port: socket.address().port};
}

async function setup() {
	const master = randomBytes(32);
	const key = macKey(subKey(master, 'udp'));
	const tag = sessionTag(sessionId(master));
	const lines: string[] = [];
	hub = new UdpHub(20, () => performance.now(), {
		note: note => void (note.code === 'udp-peer-moved' && lines.push(udpWords.word(note, 'en'))),
	});
	const reports: UdpReport[] = [];
	const session = hub.open(master, '127.0.0.1', 0, report => reports.push(report));
	const hubPort = await hub.portFor('127.0.0.1');
	const agent = await bound('127.0.0.1');
	const other = await bound('127.0.0.9');
	session.ready(agent.port);
	await waitFor(() => agent.tests.length >= 2, 'test packets at the agent');
	let rSeq = 0;
	/** A reflection of the agent's latest test packet, numbered `n` (default: the next). */
	const reflection = (n = ++rSeq, kind: number = KIND.reflect) => {
		const test = readPacket(agent.tests.at(-1)!, key)!;
		const now = performance.now();
		return writePacket(
			Buffer.alloc(MIN_PACKET),
			{kind: kind as 2, flags: 0, session: tag, seq: test.seq, t0: test.t0, rSeq: n, rCount: n, t1: now, t2: now, rReordered: 0},
			key,
		);
	};
	const send = (from: {socket: dgram.Socket}, packet: Buffer) => from.socket.send(packet, hubPort, '127.0.0.1');
	return {hub, key, tag, agent, other, reflection, send, reports, lines};
}

/** Packets arrive where the stream goes now: wait until `to` has `more` new ones. */
const streamGoesTo = async (to: {tests: Buffer[]}, more = 3) => {
	const from = to.tests.length;
	await waitFor(() => to.tests.length >= from + more, 'the test stream at the expected address');
};

describe('the UDP session moves only on proof', () => {
	it("keeps the address the agent's open came from when its udp-ready names another port (a NAT that changes ports)", async () => {
		const master = randomBytes(32);
		const key = macKey(subKey(master, 'udp'));
		const tag = sessionTag(sessionId(master));
		hub = new UdpHub(20, () => performance.now(), {note: () => {}});
		const session = hub.open(master, '127.0.0.1', 0, () => {});
		const hubPort = await hub.portFor('127.0.0.1');
		const behindNat = await bound('127.0.0.1'); // where the agent's packets really come from
		const guessed = await bound('127.0.0.1'); // the agent's local reflector port, which udp-ready names
		const open = writePacket(
			Buffer.alloc(MIN_PACKET),
			{kind: KIND.open, flags: 0, session: tag, seq: 1, t0: performance.now(), rSeq: 0, rCount: 0, t1: 0, t2: 0, rReordered: 0},
			key,
		);
		behindNat.socket.send(open, hubPort, '127.0.0.1');
		await waitFor(() => behindNat.tests.length >= 1, 'the stream starting towards the open');
		session.ready(guessed.port);
		await streamGoesTo(behindNat);
		expect(guessed.tests).toEqual([]);
		expect(hub.counters.peerMoves).toBe(0);
	});

	it('drops a replayed reflection from another address, and the stream stays with the agent', async () => {
		const {hub: udp, agent, other, reflection, send, lines} = await setup();
		const packet = reflection();
		send(agent, packet);
		await waitFor(() => udp.counters.replayed + udp.counters.foreignDropped === 0 && agent.tests.length > 3, 'the first reflection read');
		send(other, Buffer.from(packet)); // the same bytes, from 127.0.0.9
		await waitFor(() => udp.counters.foreignDropped === 1, 'the replay dropped and counted');
		const otherBefore = other.tests.length;
		await streamGoesTo(agent);
		expect(other.tests.length).toBe(otherBefore);
		expect(udp.counters.peerMoves).toBe(0);
		expect(lines).toEqual([]);
	});

	it('drops an unseen but older reflection from another address (what a held-back capture is)', async () => {
		const {hub: udp, agent, other, reflection, send} = await setup();
		const held = reflection(); // never delivered by the agent
		send(agent, reflection());
		send(agent, reflection());
		await waitFor(() => agent.tests.length > 4, 'some stream');
		send(other, held);
		await waitFor(() => udp.counters.foreignDropped === 1, 'the older reflection dropped');
		await streamGoesTo(agent);
		expect(udp.counters.peerMoves).toBe(0);
	});

	it('drops a wrong MAC and a wrong session from another address without a move', async () => {
		const {hub: udp, agent, other, reflection, send} = await setup();
		const forged = reflection();
		forged[forged.length - 1]! ^= 1;
		send(other, forged);
		const foreign = reflection();
		foreign.writeUInt32BE((foreign.readUInt32BE(8) ^ 1) >>> 0, 8); // the id's second half
		send(other, foreign);
		await waitFor(() => udp.counters.rejected === 2, 'both rejected');
		await streamGoesTo(agent);
		expect(udp.counters.peerMoves).toBe(0);
	});

	it('moves on a fresh, authenticated, newer reflection (a NAT that rebound), logged and counted', async () => {
		const {hub: udp, agent, other, reflection, send, lines} = await setup();
		send(agent, reflection());
		send(other, reflection());
		await waitFor(() => udp.counters.peerMoves === 1, 'the move');
		await streamGoesTo(other);
		expect(lines).toHaveLength(1);
		expect(lines[0]).toContain('127.0.0.9');
	});

	it("gives the agent's open packets a replay window: a repeated or older open moves nothing, a newer one does", async () => {
		const {hub: udp, key, tag, agent, other, send} = await setup();
		const open = (seq: number) =>
			writePacket(
				Buffer.alloc(MIN_PACKET),
				{kind: KIND.open, flags: 0, session: tag, seq, t0: performance.now(), rSeq: 0, rCount: 0, t1: 0, t2: 0, rReordered: 0},
				key,
			);
		send(agent, open(5));
		await waitFor(() => udp.counters.replayed === 0 && agent.tests.length > 3, 'the stream');
		send(other, open(5)); // a replay of the agent's open, from 127.0.0.9
		send(other, open(3)); // unseen, older
		await waitFor(() => udp.counters.foreignDropped === 2, 'both dropped');
		await streamGoesTo(agent);
		expect(udp.counters.peerMoves).toBe(0);
		send(other, open(6)); // newer and authentic: only the agent could have made it
		await waitFor(() => udp.counters.peerMoves === 1, 'the move');
		await streamGoesTo(other);
	});
});

describe('the replay window', () => {
	it('looks without recording (fresh) and records once (accept)', () => {
		const w = new ReplayWindow();
		expect(w.fresh(1)).toBe(true);
		expect(w.fresh(1)).toBe(true);
		expect(w.accept(1)).toBe(true);
		expect(w.fresh(1)).toBe(false);
		expect(w.accept(1)).toBe(false);
	});

	it('refuses 0, repeats and numbers 1,024 or more below the highest; takes late ones once', () => {
		const w = new ReplayWindow();
		expect(w.accept(0)).toBe(false);
		expect(w.accept(2000)).toBe(true);
		expect(w.fresh(2000 - 1024)).toBe(false);
		expect(w.accept(2000 - 1023)).toBe(true);
		expect(w.accept(2000 - 1023)).toBe(false);
		expect(w.accept(1999)).toBe(true);
		expect(w.max).toBe(2000);
		// A jump past the window forgets the old bits: a number reused from before is not "seen".
		expect(w.accept(5000)).toBe(true);
		expect(w.fresh(4999)).toBe(true);
		expect(w.fresh(5000 - 1024 + 977)).toBe(true);
	});

	it('after a jump inside the window, the numbers skipped are fresh, the ones seen still not', () => {
		const w = new ReplayWindow();
		for (const n of [1, 2, 3, 5]) w.accept(n);
		expect(w.accept(600)).toBe(true);
		expect([1, 2, 3, 5].map(n => w.fresh(n))).toEqual([false, false, false, false]);
		expect([4, 6, 599].map(n => w.fresh(n))).toEqual([true, true, true]);
	});
});

describe('stopping the UDP stream', () => {
	it('never waits: a socket opened just before is closed, and a stopped hub opens nothing', async () => {
		const udp = new UdpHub(5, () => performance.now());
		const binding = udp.portFor('127.0.0.1');
		await udp.stop();
		const [settled] = await Promise.allSettled([binding]);
		if (settled.status === 'fulfilled') {
			// Its port is closed again: another socket can bind it.
			const again = dgram.createSocket('udp4');
			sockets.push(again);
			await new Promise<void>((resolve, reject) => {
				again.once('error', reject);
				again.bind(settled.value, '127.0.0.1', resolve);
			});
		}
		await expect(udp.portFor('127.0.0.1')).rejects.toThrow(/stopped/);
	});

	it('stops with sessions mid-stream; their sockets closed (a new hub binds and works)', async () => {
		const {hub: udp, agent} = await setup();
		await udp.stop();
		const count = agent.tests.length;
		await new Promise(resolve => setTimeout(resolve, 200));
		expect(agent.tests.length).toBeLessThanOrEqual(count + 1);
	});
});
