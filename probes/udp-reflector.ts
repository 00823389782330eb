import dgram from 'node:dgram';
import {isIPv6} from 'node:net';
import type {SipKey} from './siphash.js';
import type {UdpDrops} from '../src/model/agent-notice.js';
import {
	KIND,
	MIN_PACKET,
	macKey,
	newPacket,
	plausible,
	readInto,
	ReplayWindow,
	sessionHi,
	sessionLo,
	sessionTag,
	verifyPacket,
	writePacket,
	type SessionTag,
} from './udp-packet.js';
import {decide, type Simulation} from './simulation.js';

// The agent's side of the UDP test stream: one socket for every connection of the agent, one
// session per authenticated WebSocket. A reflector is an amplification tool if careless, so it
// answers only a packet that (1) names a live session, (2) comes from the address that session's
// hub connected from, (3) carries a valid MAC under that session's key, (4) is not a repeat, and
// (5) fits the session's rate cap; the answer is exactly as long as the packet. Everything else
// is dropped and counted, never answered.

/** Reflections a session may send per second (a 1.5 Mbit/s video test is ~160/s). */
export const REFLECT_RATE_PPS = 500;
const REFLECT_BURST = 100;
const OPEN_TRIES = 10;
const OPEN_EVERY_MS = 500;

/** The packets answered, and those dropped, counted per reason. */
export interface ReflectorCounters extends UdpDrops {
	answered: number;
}

interface Session {
	id: string;
	tag: SessionTag;
	key: SipKey;
	openSeq: number;
	closed: boolean;
	sameHi: Session | null;
	peer: string;
	replay: ReplayWindow;
	received: number;
	reflected: number;
	reordered: number;
	tokens: number;
	refilledAt: number;
	openTimer?: NodeJS.Timeout;
	gotTest: boolean;
}

/** A session as the agent server holds it: close it when its WebSocket closes. */
export interface ReflectorSession {
	/** Send `open` packets to the hub's UDP port until its first test packet arrives (a NAT learns the way back). */
	openTo(port: number): void;
	close(): void;
}

/** Peer addresses compare without the IPv4-mapped prefix. */
function plainAddress(address: string): string {
	return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The agent's UDP reflector. */
export class UdpReflector {
	readonly counters: ReflectorCounters = {
		answered: 0,
		malformed: 0,
		unknownSession: 0,
		wrongPeer: 0,
		badMac: 0,
		replayed: 0,
		rateCapped: 0,
		simulatedLoss: 0,
	};
	private readonly byHi = new Map<number, Session>(); // by the first 32 bits of the id, then the rest checked
	private readonly parsed = newPacket();

	private count = 0;

	private constructor(
		private readonly socket: dgram.Socket,
		readonly port: number,
		private readonly sim: Simulation,
		private readonly clock: () => number,
		private readonly startedAt: number,
	) {
		socket.on('message', (packet, rinfo) => this.onPacket(packet, rinfo));
		socket.on('error', () => {}); // ICMP errors of a vanished hub: nothing to do
	}

	/** Bind `host:port`; rejects when the port is taken. */
	static listen(host: string, port: number, sim: Simulation, clock: () => number): Promise<UdpReflector> {
		// A deep receive queue (the kernel caps it at net.core.rmem_max): a burst of junk must not push the hub's packets out.
		const socket = dgram.createSocket({type: isIPv6(host) ? 'udp6' : 'udp4', recvBufferSize: 4 * 1024 * 1024});
		return new Promise((resolve, reject) => {
			socket.once('error', reject);
			socket.bind(port, host, () => {
				socket.off('error', reject);
				resolve(new UdpReflector(socket, socket.address().port, sim, clock, clock()));
			});
		});
	}

	/** Open the session of one authenticated connection from `peer` (its remote address). */
	open(id: string, key: Buffer, peer: string): ReflectorSession {
		const tag = sessionTag(id);
		this.remove(this.find(tag.hi, tag.lo));
		const session: Session = {
			id,
			tag,
			key: macKey(key),
			openSeq: 0,
			closed: false,
			sameHi: this.byHi.get(tag.hi) ?? null,
			peer: plainAddress(peer),
			replay: new ReplayWindow(),
			received: 0,
			reflected: 0,
			reordered: 0,
			tokens: REFLECT_BURST,
			refilledAt: this.clock(),
			gotTest: false,
		};
		this.byHi.set(tag.hi, session);
		this.count++;
		return {
			openTo: port => {
				let tries = 0;
				const send = () => {
					if (session.gotTest || ++tries > OPEN_TRIES || session.closed) return clearInterval(session.openTimer);
					// Numbered on from the session's last open: the hub refuses a number it has seen.
					const packet = writePacket(
						Buffer.alloc(MIN_PACKET),
						{
							kind: KIND.open,
							flags: 0,
							session: session.tag,
							seq: ++session.openSeq,
							t0: this.clock(),
							rSeq: 0,
							rCount: 0,
							t1: 0,
							t2: 0,
							rReordered: 0,
						},
						session.key,
					);
					this.socket.send(packet, port, session.peer);
				};
				clearInterval(session.openTimer);
				session.openTimer = setInterval(send, OPEN_EVERY_MS);
				session.openTimer.unref();
				send();
			},
			close: () => this.remove(session),
		};
	}

	/** Live sessions. */
	size(): number {
		return this.count;
	}

	/** Close the socket (synchronous: nothing to wait for). */
	close(): void {
		for (const head of this.byHi.values()) {
			for (let session: Session | null = head; session; session = session.sameHi) {
				clearInterval(session.openTimer);
				session.closed = true;
			}
		}
		this.byHi.clear();
		this.count = 0;
		try {
			this.socket.close();
		} catch {
			// already closed
		}
	}

	private find(hi: number, lo: number): Session | null {
		let session = this.byHi.get(hi) ?? null;
		while (session && session.tag.lo !== lo) session = session.sameHi;
		return session;
	}

	private remove(session: Session | null): void {
		if (!session || session.closed) return;
		session.closed = true;
		clearInterval(session.openTimer);
		this.count--;
		let head = this.byHi.get(session.tag.hi) ?? null;
		if (head === session) {
			if (session.sameHi) this.byHi.set(session.tag.hi, session.sameHi);
			else this.byHi.delete(session.tag.hi);
		} else {
			while (head && head.sameHi !== session) head = head.sameHi;
			if (head) head.sameHi = session.sameHi;
		}
	}

	private onPacket(packet: Buffer, rinfo: dgram.RemoteInfo): void {
		const arrived = this.clock();
		if (!plausible(packet)) {
			this.counters.malformed++;
			return;
		}
		const session = this.find(sessionHi(packet), sessionLo(packet));
		if (!session) {
			this.counters.unknownSession++;
			return;
		}
		if (plainAddress(rinfo.address) !== session.peer) {
			this.counters.wrongPeer++;
			return;
		}
		const fields = this.parsed;
		if (!verifyPacket(packet, session.key) || !readInto(packet, fields) || fields.kind !== KIND.test) {
			this.counters.badMac++;
			return;
		}
		const {flags, seq, t0} = fields; // the parse object is the next packet's
		if (!session.replay.accept(seq)) {
			this.counters.replayed++;
			return;
		}
		session.gotTest = true;
		if (seq < session.replay.max) session.reordered++;
		// Simulated loss on the way up: as if the packet never arrived.
		const hold = decide(this.sim, arrived - this.startedAt);
		if (hold === null) {
			this.counters.simulatedLoss++;
			return;
		}
		session.received++;
		// The rate cap: a token bucket per session.
		session.tokens = Math.min(REFLECT_BURST, session.tokens + ((arrived - session.refilledAt) * REFLECT_RATE_PPS) / 1000);
		session.refilledAt = arrived;
		if (session.tokens < 1) {
			this.counters.rateCapped++;
			return;
		}
		session.tokens--;
		const reflect = () => {
			if (session.closed) return;
			session.reflected++;
			// Simulated loss on the way down: the reflection is counted as sent, then lost.
			if (this.sim.lossPct > 0 && Math.random() * 100 < this.sim.lossPct) {
				this.counters.simulatedLoss++;
				return;
			}
			const t1 = hold > 0 ? this.clock() : arrived;
			// Answered in the datagram's own buffer: exactly as long, its padding already under a valid MAC.
			const answer = packet;
			writePacket(
				answer,
				{
					kind: KIND.reflect,
					flags,
					session: session.tag,
					seq,
					t0,
					rSeq: session.reflected,
					rCount: session.received,
					t1,
					t2: this.clock(),
					rReordered: session.reordered,
				},
				session.key,
			);
			this.counters.answered++;
			this.socket.send(answer, rinfo.port, rinfo.address);
		};
		if (hold > 0) setTimeout(reflect, hold);
		else reflect();
	}
}
