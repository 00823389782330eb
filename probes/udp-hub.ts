import dgram from 'node:dgram';
import {isIPv6} from 'node:net';
import {performance} from 'node:perf_hooks';
import {testError, type UdpOff} from '../src/model/link/test-errors.js';
import {cleanText} from '../src/model/sanitize.js';
import type {SipKey} from './siphash.js';
import {sessionId, subKey} from './session-key.js';
import {
	FLAG_LOAD,
	KIND,
	LAYOUT,
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
	type UdpPacket,
} from './udp-packet.js';
import type {UdpNote} from '../src/model/udp-note.js';
import {udpReceiveDrops, udpSystemDrops} from './udp-own-drops.js';
import {UdpRate} from './udp-rate.js';
import {UdpTally, type UdpReport, type VideoLoadResult} from './udp-session.js';

// The hub's side of the UDP test stream: a few sockets per address family for every site, a timing
// wheel of 10-ms slots so a tick touches only the sessions due (site i sends at its own phase,
// never all at once), and one round of reports a second, every session in the same tick (they
// leave the prober's thread as one batch). Either side may send first: in dial-in the hub knows
// the agent's address and port (from the WebSocket and `udp-ready`); an agent behind NAT sends
// MACed `open` packets, and the hub answers where a valid, fresh, newer packet of the session
// came from — never where a replayed one came from.
//
// Per packet nothing is allocated here: each session keeps its own two send buffers (a packet
// sent 200 ms earlier has long left), one parse object serves every arrival, a session is found
// by the first 32 bits of its id and then checked on the rest, and sends go on the shared socket
// without a callback and with a lookup that hands the numeric address straight back.

const TICK_MS = 10;
const SLOT_MS = 10;
const SLOTS = 128; // 1.28 s ahead: further due times wait in the last slot and are placed again
const REPORT_EVERY_MS = 1000;
// The reflections of every site arrive at one socket (3,321 sites at 5/s: 16,605 a second). The
// default buffer (~208 KB, ~270 small packets) overflows in a 30 ms pause of the prober's loop,
// and every drop there would read as the sites' packet loss down. 4 MiB (Linux books twice that,
// ~830 bytes a 72-byte datagram) held 10,082 of them in a test: 1 s at 2,000 sites, 0.6 s at
// 3,321. Linux grants at most net.core.rmem_max; a smaller buffer is said (checkRecvBuffer).
const RECV_BUFFER = 4 * 1024 * 1024;
// Its own drops are still possible (a pause longer than the buffer holds): the kernel counts them
// per socket (/proc/net/udp), read once a report round, at most every 100 ms. That table lists
// every UDP socket of the machine (12.7 ms to read with 2,000 of them, 90 ms with 5,000: agents
// on the same machine), so it is read only when the machine's own count of UDP drops (a few
// lines of /proc/net/snmp, 0.3 ms) rose since, and those reads are spaced to take at most 1 % of
// a core; while that count stands still, no socket of ours dropped.
const DROPS_EVERY_MS = 100;
const DROPS_CPU_SHARE = 0.01;
const DROPS_EVERY_MAX_MS = 2000;
// The plan's rate runs as written; only where the hub measures its own socket dropping is it
// lowered, and raised again after a calm spell (probes/udp-rate.ts).
// A session moved to a new address is a line in the log at most this often; the rest are counted
// in the next line (a NAT that rebinds every site at once must not flood the log).
const MOVE_NOTE_EVERY_MS = 10_000;
// Sessions are spread over this many sockets per address family. libuv reads at most 32 datagrams
// from a socket each turn of the event loop, and a hub on a busy machine waits for a core: measured
// at 3,321 sites on a loaded 2-core machine, the prober's thread waited in the run queue 60-90 % of
// the time and turned 5-10 times a second. One socket then read 32 reflections a turn (128 a
// second against 16,605 arriving: the buffer overflowed and every site read "waiting"); eight read
// 256 a turn. Each socket has its own buffer, so a pause is also ridden out eight times as long.
const SOCKETS_PER_FAMILY = 8;
/** Bytes of a video-load packet, as a 720p call's RTP packets. */
export const VIDEO_PACKET_BYTES = 1200;
const LOAD_RING = 16;

// The hub sends only to numeric addresses (from the WebSocket and from packets): no name lookup.
const numeric = ((address: string, _family: unknown, callback: (error: Error | null, address: string, family: number) => void) =>
	callback(null, address, address.includes(':') ? 6 : 4)) as unknown as NonNullable<dgram.SocketOptions['lookup']>;

/** Where a session's packets go. */
export interface UdpPeer {
	address: string;
	port: number;
}

/** One site's UDP session, as its SiteLink drives it. */
export interface HubUdpSession {
	/** The agent's UDP port is known (udp-ready): start sending. */
	ready(port: number): void;
	/** The agent cannot do UDP: report `off` with its reason. */
	off(reason: UdpOff): void;
	/** The WebSocket answered at `at` (so a UDP silence means blocked, not down). */
	wsAnswered(at: number): void;
	/** The hub's UDP port this session sends from and its agent answers to (binds on first use). */
	hubPort(): Promise<number>;
	/** Round trips from now until the returned function is called (latency under load). */
	collectRtts(): () => number[];
	/** A paced stream of VIDEO_PACKET_BYTES packets at `kbps` for `ms`, then its loss and jitter per direction. */
	videoLoad(kbps: number, ms: number): Promise<VideoLoadResult>;
	close(): void;
}

/** What the hub counted of packets that were not the stream's (see UdpHub.counters). */
export interface UdpHubCounters {
	/** Valid packets the peer was moved on (a NAT rebinding, or the agent's `open`). */
	peerMoves: number;
	/** Packets of a session from another address that failed a check (MAC, replay, not newer): dropped. */
	foreignDropped: number;
	/** Replayed or repeated packets from the peer itself: dropped. */
	replayed: number;
	/** Packets with a bad MAC or an unknown session. */
	rejected: number;
}

interface Live {
	id: string;
	tag: SessionTag;
	key: SipKey;
	peer: UdpPeer | null;
	family: 'udp4' | 'udp6';
	tally: UdpTally;
	opens: ReplayWindow;
	seq: number;
	number: number;
	phaseMs: number;
	nextAt: number;
	startedAt: number | null;
	wsAnsweredAt: number;
	off: UdpOff | null;
	load: {everyMs: number; nextAt: number; endAt: number; ring: Buffer[]; at: number} | null;
	report: (report: UdpReport) => void;
	ring: [Buffer, Buffer];
	ringAt: number;
	/** The absolute wheel slot it is queued in; -1 when not queued. */
	due: number;
	closed: boolean;
	/** The next session whose id starts with the same 32 bits. */
	sameHi: Live | null;
	/** The site it belongs to, for the log. */
	site: string;
	/** Which of the family's sockets it sends from (and is told to answer to). */
	shard: number;
}

/** Every site's UDP session of one prober. */
export class UdpHub {
	readonly counters: UdpHubCounters = {peerMoves: 0, foreignDropped: 0, replayed: 0, rejected: 0};
	private readonly byHi = new Map<number, Live>();
	private readonly all = new Set<Live>();
	private readonly sockets = new Map<string, Promise<{socket: dgram.Socket; port: number}>>();
	// Once bound: sent from without a promise per packet, by family and shard.
	private readonly bound: Record<'udp4' | 'udp6', (dgram.Socket | undefined)[]> = {udp4: [], udp6: []};
	private readonly opened = new Set<dgram.Socket>();
	private readonly wheel: Live[][] = Array.from({length: SLOTS}, () => []);
	private spare: Live[] = [];
	private slot = -1; // the last slot processed
	private reportAt = Number.NEGATIVE_INFINITY;
	private timer: NodeJS.Timeout | undefined;
	private counter = 0;
	private stopped = false;
	private readonly parsed: UdpPacket = newPacket();
	private readonly fields = newPacket();
	// The kernel's drops at our sockets: last read, when, the total since start, when last seen rising.
	private readonly drops = {
		last: null as number | null,
		readAt: Number.NEGATIVE_INFINITY,
		everyMs: DROPS_EVERY_MS,
		/** The machine's count of UDP drops when our sockets' were last read (null: unknown). */
		system: null as number | null,
		/** When our sockets' count was last read, and how often it may be (1 % of a core). */
		fullAt: Number.NEGATIVE_INFINITY,
		fullEveryMs: DROPS_EVERY_MS,
		total: 0,
		risingAt: Number.NEGATIVE_INFINITY,
	};
	private readonly recvBufferBytes: number;
	private readonly control: UdpRate;
	private readonly note: (note: UdpNote) => void;
	private readonly adaptive: boolean;
	private readonly moves = {notedAt: Number.NEGATIVE_INFINITY, more: 0};
	/** The receive buffer the system granted the hub's socket, when smaller than asked (else null). */
	recvBufferCapped: {asked: number; granted: number} | null = null;

	constructor(
		readonly planRatePps: number,
		private readonly clock: () => number,
		options: {recvBufferBytes?: number; note?: (note: UdpNote) => void; adapt?: boolean} = {},
	) {
		this.control = new UdpRate(planRatePps, REPORT_EVERY_MS / 1000);
		this.adaptive = options.adapt ?? true;
		this.recvBufferBytes = options.recvBufferBytes ?? RECV_BUFFER;
		this.note = options.note ?? (() => {});
	}

	/** Datagrams the kernel dropped at the hub's own UDP sockets since they opened (0 where it cannot tell). */
	get receiveDrops(): number {
		return this.drops.total;
	}

	/** Test packets a second each site's stream runs at now (the plan's, unless lowered). */
	get rate(): number {
		return this.control.rate;
	}

	/** Why the stream runs below the plan's rate, when it does. */
	get lowered(): {from: number; to: number; drops: number} | null {
		return this.control.lowered;
	}

	/** True when the stream is on (`probe.udpRate` > 0). */
	get enabled(): boolean {
		return this.planRatePps > 0;
	}

	/** The hub's UDP port for sessions whose agent is at `address` (binds on first use); `shard`: which of its sockets. */
	async portFor(address: string, shard = 0): Promise<number> {
		return (await this.socket(familyOf(address), shard % SOCKETS_PER_FAMILY)).port;
	}

	/**
	 * Open the session of an authenticated connection: `master` from deriveSessionKey, `address`
	 * the agent's address as the WebSocket saw it, `phaseMs` where in the send interval it goes.
	 */
	open(master: Buffer, address: string, phaseMs: number, report: (report: UdpReport) => void, site = ''): HubUdpSession {
		const id = sessionId(master);
		const tag = sessionTag(id);
		const ring: [Buffer, Buffer] = [Buffer.alloc(MIN_PACKET), Buffer.alloc(MIN_PACKET)];
		const live: Live = {
			id,
			tag,
			key: macKey(subKey(master, 'udp')),
			peer: null,
			family: familyOf(address),
			tally: new UdpTally(),
			opens: new ReplayWindow(),
			seq: 0,
			number: ++this.counter,
			phaseMs,
			nextAt: Number.POSITIVE_INFINITY,
			startedAt: null,
			wsAnsweredAt: Number.NEGATIVE_INFINITY,
			off: this.enabled ? null : {code: 'rate-zero'},
			load: null,
			report,
			ring,
			ringAt: 0,
			due: -1,
			closed: false,
			sameHi: null,
			site,
			shard: (this.counter - 1) % SOCKETS_PER_FAMILY,
		};
		this.remove(this.find(tag.hi, tag.lo)); // the same key twice: the newer connection wins
		live.sameHi = this.byHi.get(tag.hi) ?? null;
		this.byHi.set(tag.hi, live);
		this.all.add(live);
		this.arm();
		// The first tick says 'waiting' at once: a one-shot status must not read a silent start as 'off'.
		live.report(live.tally.report(live.number, this.clock(), null, live.wsAnsweredAt, live.off));
		const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
		return {
			ready: port => {
				if (live.off !== null || live.closed) return;
				// The agent's own `open` may have come first: the address it came from (after any NAT) is
				// the one that reaches it; the WebSocket's address with the agent's local port only guesses.
				if (live.peer === null) live.peer = {address: plain, port};
				this.begin(live);
			},
			off: reason => {
				live.off = reason;
				live.nextAt = Number.POSITIVE_INFINITY;
			},
			wsAnswered: at => {
				live.wsAnsweredAt = at;
			},
			hubPort: () => this.portFor(address, live.shard),
			collectRtts: () => live.tally.collectRtts(),
			videoLoad: (kbps, ms) => this.videoLoad(live, kbps, ms),
			close: () => this.remove(live),
		};
	}

	/** Close the sockets and forget every session; never waits on the network (bounded). */
	async stop(): Promise<void> {
		this.stopped = true;
		this.disarm();
		for (const live of this.all) live.closed = true;
		this.all.clear();
		this.byHi.clear();
		for (const list of this.wheel) list.length = 0;
		this.sockets.clear();
		this.bound.udp4.length = 0;
		this.bound.udp6.length = 0;
		// Every socket ever created, bound or still binding: close() is synchronous and never waits.
		for (const socket of this.opened) {
			try {
				socket.close();
			} catch {
				// already closed
			}
		}
		this.opened.clear();
	}

	private find(hi: number, lo: number): Live | null {
		let live = this.byHi.get(hi) ?? null;
		while (live && live.tag.lo !== lo) live = live.sameHi;
		return live;
	}

	private remove(live: Live | null): void {
		if (!live || live.closed) return;
		live.closed = true;
		live.load = null;
		this.all.delete(live);
		let head = this.byHi.get(live.tag.hi) ?? null;
		if (head === live) {
			if (live.sameHi) this.byHi.set(live.tag.hi, live.sameHi);
			else this.byHi.delete(live.tag.hi);
		} else {
			while (head && head.sameHi !== live) head = head.sameHi;
			if (head) head.sameHi = live.sameHi;
		}
		if (this.all.size === 0) this.disarm();
	}

	private socket(family: 'udp4' | 'udp6', shard: number): Promise<{socket: dgram.Socket; port: number}> {
		if (this.stopped) return Promise.reject(new Error('the UDP stream is stopped'));
		const key = `${family}/${shard}`;
		let pending = this.sockets.get(key);
		if (!pending) {
			pending = new Promise((resolve, reject) => {
				const socket = dgram.createSocket({type: family, recvBufferSize: this.recvBufferBytes, lookup: numeric});
				this.opened.add(socket);
				socket.once('error', reject);
				socket.once('close', () => reject(new Error('closed before it was bound')));
				socket.on('message', (packet, rinfo) => this.onPacket(packet, rinfo));
				socket.bind(0, () => {
					socket.off('error', reject);
					socket.on('error', () => {}); // ICMP port unreachable of a stopped agent, a send that failed
					if (this.stopped) return reject(new Error('the UDP stream is stopped'));
					this.bound[family][shard] = socket;
					this.checkRecvBuffer(socket);
					this.readDrops(this.clock());
					resolve({socket, port: socket.address().port});
				});
			});
			pending.catch(() => this.sockets.delete(key));
			this.sockets.set(key, pending);
		}
		return pending;
	}

	private begin(live: Live): void {
		if (live.startedAt !== null) return;
		const now = this.clock();
		live.startedAt = now;
		const every = 1000 / this.control.rate;
		live.nextAt = now + (live.phaseMs % every);
		this.schedule(live);
		this.socket(live.family, live.shard).catch(() => {});
	}

	/** Queue `live` in the wheel at its next due time (a send or a load packet), unless queued sooner. */
	private schedule(live: Live): void {
		if (live.closed || !live.peer || live.off !== null) return;
		const dueAt = live.load && live.load.nextAt < live.nextAt ? live.load.nextAt : live.nextAt;
		if (dueAt === Number.POSITIVE_INFINITY) return;
		let at = Math.floor(dueAt / SLOT_MS);
		if (at <= this.slot) at = this.slot + 1;
		if (at > this.slot + SLOTS - 1) at = this.slot + SLOTS - 1;
		if (live.due !== -1 && live.due <= at) return;
		live.due = at;
		this.wheel[at % SLOTS]!.push(live);
	}

	private arm(): void {
		if (this.timer || this.stopped) return;
		this.slot = Math.floor(this.clock() / SLOT_MS) - 1;
		this.timer = setInterval(this.tick, TICK_MS);
	}

	private disarm(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	private readonly tick = (): void => {
		const now = this.clock();
		const target = Math.floor(now / SLOT_MS);
		// After a stall longer than the wheel, each slot once is everything queued.
		if (target - this.slot > SLOTS) this.slot = target - SLOTS;
		while (this.slot < target) {
			const s = ++this.slot;
			const index = s % SLOTS;
			const list = this.wheel[index]!;
			if (list.length === 0) continue;
			this.wheel[index] = this.spare;
			for (let i = 0; i < list.length; i++) {
				const live = list[i]!;
				// Stale entries (closed, or queued again sooner elsewhere) are skipped.
				if (live.closed || live.due > s || live.due % SLOTS !== index) continue;
				live.due = -1;
				this.due(live, now);
				this.schedule(live);
			}
			list.length = 0;
			this.spare = list;
		}
		if (now >= this.reportAt) this.reportAll(now);
	};

	private due(live: Live, now: number): void {
		if (!live.peer || live.off !== null) return;
		if (now >= live.nextAt) {
			const every = 1000 / this.control.rate;
			this.send(live, now, false);
			live.nextAt += every;
			if (live.nextAt <= now) live.nextAt = now + every; // after a stall, no burst
		}
		const load = live.load;
		if (load) {
			// A 10 ms slot sends what came due: a paced stream, a packet or two at a time.
			for (let n = 0; n < 8 && now >= load.nextAt && load.nextAt < load.endAt; n++) {
				this.send(live, now, true);
				load.nextAt += load.everyMs;
			}
			if (load.nextAt < now - 100) load.nextAt = now; // never catch up in a burst
			if (load.nextAt >= load.endAt) load.nextAt = Number.POSITIVE_INFINITY;
		}
	}

	/** Every session's report, in one tick: they leave the prober's thread as one batch. */
	private reportAll(now: number): void {
		this.reportAt = now + REPORT_EVERY_MS;
		// Every report of a time the hub dropped in is left out, with or without missing ones:
		// leaving out only those with losses would read the line as lossless. The kernel's count is
		// read only every so often, so drops it shows may have happened any time since the read
		// before: what the sessions counted since then is left out too (`confirmed`: a read this
		// round found none, so what came before it is known to be clean).
		const {excuse, confirmed} = this.ownDropsSince(now);
		this.adapt(now);
		for (const live of this.all)
			live.report(live.tally.report(live.number, now, live.startedAt, live.wsAnsweredAt, live.off, excuse, confirmed));
	}

	/** One round of the rate's control (lowered on the hub's own measured drops, raised after a calm spell). */
	private adapt(now: number): void {
		if (!this.adaptive || this.all.size === 0) return;
		const note = this.control.round(now - this.drops.risingAt <= REPORT_EVERY_MS, this.drops.total);
		if (note) this.note(note);
	}

	/**
	 * Whether the hub's own sockets dropped datagrams lately enough to blame for what a report at
	 * `now` finds missing: a reflection dropped here shows as missing when the next one arrives
	 * (one send interval later), in the report after (one report interval): both, and the reads'
	 * own spacing. `confirmed`: the count was read this round and had not risen.
	 */
	private ownDropsSince(now: number): {excuse: boolean; confirmed: boolean} {
		const read = now - this.drops.readAt >= this.drops.everyMs ? this.readDrops(now) : 'not read';
		const excuse =
			this.control.rate > 0 && now - this.drops.risingAt <= REPORT_EVERY_MS + 1000 / this.control.rate + 2 * this.drops.everyMs;
		// Where the count cannot be read (no /proc), every round is as confirmed as it will ever be.
		return {excuse, confirmed: this.drops.last === null || read === 'none'};
	}

	/**
	 * Read the kernel's drop count of our sockets (also when one binds: the count to rise from):
	 * 'none' when it did not rise, 'rose', or 'not read' (the machine's count rose but our sockets'
	 * table was read too recently to read it again: a later round does).
	 */
	private readDrops(now: number): 'none' | 'rose' | 'not read' {
		const system = udpSystemDrops();
		if (system !== null && this.drops.last !== null && system === this.drops.system) {
			this.drops.readAt = now;
			this.drops.everyMs = DROPS_EVERY_MS;
			return 'none';
		}
		if (now - this.drops.fullAt < this.drops.fullEveryMs) return 'not read';
		this.drops.readAt = now;
		this.drops.fullAt = now;
		this.drops.system = system;
		const started = performance.now();
		const ports: number[] = [];
		for (const socket of [...this.bound.udp4, ...this.bound.udp6]) {
			if (!socket) continue;
			try {
				ports.push(socket.address().port);
			} catch {
				// closed
			}
		}
		const count = udpReceiveDrops(ports);
		let rose = false;
		if (count !== null) {
			if (this.drops.last !== null && count > this.drops.last) {
				this.drops.total += count - this.drops.last;
				this.drops.risingAt = now;
				rose = true;
			}
			this.drops.last = count;
		}
		this.drops.fullEveryMs = Math.min(DROPS_EVERY_MAX_MS, Math.max(DROPS_EVERY_MS, (performance.now() - started) / DROPS_CPU_SHARE));
		this.drops.everyMs = DROPS_EVERY_MS;
		return rose ? 'rose' : 'none';
	}

	/**
	 * What the system granted of the receive buffer asked: Linux caps it at net.core.rmem_max (and
	 * reports twice what it grants, its bookkeeping included); a smaller buffer is said, not hidden.
	 */
	private checkRecvBuffer(socket: dgram.Socket): void {
		let reported: number;
		try {
			reported = socket.getRecvBufferSize();
		} catch {
			return;
		}
		const granted = process.platform === 'linux' ? Math.floor(reported / 2) : reported;
		if (granted >= this.recvBufferBytes || this.recvBufferCapped) return;
		this.recvBufferCapped = {asked: this.recvBufferBytes, granted};
		this.note({code: 'udp-recv-buffer-capped', params: this.recvBufferCapped});
	}

	private send(live: Live, now: number, load: boolean): void {
		const socket = this.bound[live.family][live.shard];
		const peer = live.peer;
		if (!socket || !peer) return; // still binding: this packet is not sent (nor counted)
		// dgram keeps a queued packet's buffer, not a copy: while the socket has sends queued (the
		// kernel's buffer full), a reused buffer could still be waiting to leave. Skip this packet
		// then (not counted as sent) rather than overwrite one in flight.
		if (socket.getSendQueueCount() > 0) return;
		let packet: Buffer;
		if (load && live.load) {
			packet = live.load.ring[live.load.at]!;
			live.load.at = (live.load.at + 1) % LOAD_RING;
		} else {
			packet = live.ring[live.ringAt]!;
			live.ringAt ^= 1;
		}
		const fields = this.fields;
		fields.kind = KIND.test;
		fields.flags = load ? FLAG_LOAD : 0;
		fields.session.hi = live.tag.hi;
		fields.session.lo = live.tag.lo;
		fields.seq = ++live.seq;
		fields.t0 = now;
		writePacket(packet, fields, live.key);
		live.tally.sent++;
		socket.send(packet, peer.port, peer.address);
	}

	/**
	 * One datagram at the hub. Every check comes before any change of state: a known session (its
	 * id's two halves), a valid MAC, a kind the hub takes, a sequence number never seen. Only a
	 * packet that passes them all and is newer than any seen may move the session's peer; from any
	 * other address than the peer, anything less is dropped and counted.
	 */
	private onPacket(packet: Buffer, rinfo: dgram.RemoteInfo): void {
		const t3 = this.clock();
		if (!plausible(packet)) return void this.counters.rejected++;
		const live = this.find(sessionHi(packet), sessionLo(packet));
		if (!live || !verifyPacket(packet, live.key) || !readInto(packet, this.parsed)) return void this.counters.rejected++;
		const fields = this.parsed;
		const fromPeer = live.peer !== null && live.peer.port === rinfo.port && live.peer.address === rinfo.address;
		if (fields.kind === KIND.open) {
			// Only the agent holds the key: a fresh, newer open shows the way back (NAT).
			if (!live.opens.fresh(fields.seq) || fields.seq <= live.opens.max)
				return void (fromPeer ? this.counters.replayed++ : this.counters.foreignDropped++);
			live.opens.accept(fields.seq);
			if (!fromPeer) this.move(live, rinfo);
			if (live.off === null) this.begin(live);
			return;
		}
		if (fields.kind !== KIND.reflect) return void this.counters.rejected++;
		if (!live.tally.fresh(fields.rSeq)) {
			live.tally.repeated();
			return void (fromPeer ? this.counters.replayed++ : this.counters.foreignDropped++);
		}
		if (!fromPeer) {
			// A reflection from elsewhere counts only when it is newer than every one seen: an
			// older one, even unseen, is what a replay from a captured stream would be.
			if (live.peer !== null && !live.tally.newest(fields.rSeq)) return void this.counters.foreignDropped++;
			this.move(live, rinfo);
		}
		live.tally.reflection(fields, t3);
	}

	private move(live: Live, rinfo: dgram.RemoteInfo): void {
		const from = live.peer;
		live.peer = {address: rinfo.address, port: rinfo.port};
		if (from === null) return;
		this.counters.peerMoves++;
		// One line every MOVE_NOTE_EVERY_MS at most; the moves in between are counted in the next.
		const now = this.clock();
		if (now - this.moves.notedAt < MOVE_NOTE_EVERY_MS) return void this.moves.more++;
		const more = this.moves.more;
		this.moves.notedAt = now;
		this.moves.more = 0;
		this.note({
			code: 'udp-peer-moved',
			params: {site: live.site || `#${live.number}`, from: hostPort(from), to: hostPort(live.peer), more},
		});
	}

	private async videoLoad(live: Live, kbps: number, ms: number): Promise<VideoLoadResult> {
		if (live.off !== null) return {error: testError('udp-off', {reason: live.off})};
		if (!live.peer || live.startedAt === null) return {error: testError('udp-not-started')};
		if (live.load) return {error: testError('busy-video')};
		const now = this.clock();
		const everyMs = (VIDEO_PACKET_BYTES * 8) / kbps; // kbit/s = bits per ms
		const finish = live.tally.startLoad();
		live.load = {
			everyMs,
			nextAt: now,
			endAt: now + ms,
			ring: Array.from({length: LOAD_RING}, () => Buffer.alloc(VIDEO_PACKET_BYTES)),
			at: 0,
		};
		this.schedule(live);
		await new Promise(resolve => setTimeout(resolve, ms + 1500)); // the last reflections, and the next probe that accounts the tail
		const closed = live.closed;
		live.load = null;
		if (closed) return {error: testError('disconnected', {reason: null})};
		return {...finish(), kbps};
	}
}

function hostPort(peer: UdpPeer): string {
	return peer.address.includes(':') ? `[${peer.address}]:${peer.port}` : `${peer.address}:${peer.port}`;
}

function familyOf(address: string): 'udp4' | 'udp6' {
	return isIPv6(address) && !address.startsWith('::ffff:') ? 'udp6' : 'udp4';
}

/** What a SiteLink hands over once its handshake succeeded. */
export interface SiteUdpStart {
	/** The connection's session key (deriveSessionKey of its handshake). */
	master: Buffer;
	/** The agent's address as the WebSocket saw it. */
	address: string;
	phaseMs: number;
	/** The site's id (for the log). */
	site?: string;
	/** Send a control message on the site's WebSocket (false when it is gone). */
	send: (message: {type: 'udp-start'; port: number; v: number}) => boolean;
	report: (report: UdpReport) => void;
}

/** Open a site's UDP session after auth and ask its agent to open its side (`udp-start`). */
export function startSiteUdp(hub: UdpHub, start: SiteUdpStart): HubUdpSession {
	const session = hub.open(start.master, start.address, start.phaseMs, start.report, start.site);
	if (!hub.enabled) return session;
	session.hubPort().then(
		port => start.send({type: 'udp-start', port, v: LAYOUT}),
		(error: Error) =>
			session.off({code: 'hub-socket', errno: cleanText((error as NodeJS.ErrnoException).code ?? error.message).slice(0, 80)}),
	);
	return session;
}

/** Route a udp-* control message from the agent to its session; false when it is not one. */
export function onUdpMessage(
	session: HubUdpSession | null,
	message: {type: string; port?: number; reason?: string; v?: number; code?: string},
): boolean {
	if (message.type === 'udp-ready' && session) {
		// An agent of the older layout would drop every packet, and the line would read "UDP blocked".
		if (message.v !== LAYOUT) session.off({code: 'agent-older', agent: message.v ?? 1, hub: LAYOUT});
		else session.ready(message.port!);
	} else if (message.type === 'udp-off' && session) session.off(udpOffOf(message));
	else return false;
	return true;
}

/** Why an agent says its stream is off: its code, or (an older agent) its own words. */
function udpOffOf(message: {reason?: string; v?: number; code?: string}): UdpOff {
	if (message.code === 'no-udp') return {code: 'agent-without-udp'};
	if (message.code === 'layout' && Number.isSafeInteger(message.v)) return {code: 'hub-other', hub: LAYOUT, agent: message.v!};
	return {code: 'agent-says', text: cleanText(String(message.reason)).slice(0, 200)};
}
