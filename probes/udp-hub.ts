import dgram from 'node:dgram';
import {isIPv6} from 'node:net';
import {performance} from 'node:perf_hooks';
import {sessionId, subKey} from './session-key.js';
import {FLAG_LOAD, KIND, MIN_PACKET, peekSession, readPacket, sessionBytes, writePacket} from './udp-packet.js';
import {udpReceiveDrops} from './udp-own-drops.js';
import {UdpTally, type UdpReport, type VideoLoadResult} from './udp-session.js';

// The hub's side of the UDP test stream: one socket per address family for every site, one
// scheduler tick for every session (site i sends at its own phase, never all at once), and one
// report per session and second. Either side may send first: in dial-in the hub knows the
// agent's address and port (from the WebSocket and `udp-ready`); an agent behind NAT sends
// MACed `open` packets, and the hub answers wherever a valid packet of the session came from.

const TICK_MS = 10;
const REPORT_EVERY_MS = 1000;
// The reflections of every site arrive at one socket (2,000 sites at 5/s: 10,000 a second). The
// default buffer (~208 KB, ~270 small packets) overflows in a 30 ms pause of the prober's loop,
// and every drop there would read as the sites' packet loss down: 4 MiB holds ~0.5 s of them.
const RECV_BUFFER = 4 * 1024 * 1024;
// Its own drops are still possible (a pause longer than the buffer holds): the kernel counts them
// per socket (/proc/net/udp), read when a report is due, at most every 100 ms. The table lists
// every UDP socket of the machine: 12.7 ms to read with 2,000 of them (this machine), so reads are
// spaced to take at most 1 % of a core (every 1.3 s there).
const DROPS_EVERY_MS = 100;
const DROPS_CPU_SHARE = 0.01;
const DROPS_EVERY_MAX_MS = 2000;
/** Bytes of a video-load packet, as a 720p call's RTP packets. */
export const VIDEO_PACKET_BYTES = 1200;

const ignore = () => {};

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
	off(reason: string): void;
	/** The WebSocket answered at `at` (so a UDP silence means blocked, not down). */
	wsAnswered(at: number): void;
	/** Round trips from now until the returned function is called (latency under load). */
	collectRtts(): () => number[];
	/** A paced stream of VIDEO_PACKET_BYTES packets at `kbps` for `ms`, then its loss and jitter per direction. */
	videoLoad(kbps: number, ms: number): Promise<VideoLoadResult>;
	close(): void;
}

interface Live {
	id: string;
	bytes: Buffer;
	key: Buffer;
	peer: UdpPeer | null;
	family: 'udp4' | 'udp6';
	tally: UdpTally;
	seq: number;
	number: number;
	phaseMs: number;
	nextAt: number;
	reportAt: number;
	startedAt: number | null;
	wsAnsweredAt: number;
	off: string | null;
	load: {everyMs: number; nextAt: number; endAt: number} | null;
	report: (report: UdpReport) => void;
}

/** Every site's UDP session of one prober. */
export class UdpHub {
	private readonly sessions = new Map<string, Live>();
	private readonly sockets = new Map<'udp4' | 'udp6', Promise<{socket: dgram.Socket; port: number}>>();
	private readonly bound = new Map<'udp4' | 'udp6', dgram.Socket>(); // once bound: sent to without a promise per packet
	private timer: NodeJS.Timeout | undefined;
	private counter = 0;
	// The kernel's drops at our sockets: last read, when, the total since start, when last seen rising.
	private readonly drops = {last: null as number | null, readAt: Number.NEGATIVE_INFINITY, everyMs: DROPS_EVERY_MS, total: 0, risingAt: Number.NEGATIVE_INFINITY};
	private readonly recvBufferBytes: number;

	constructor(
		private readonly ratePps: number,
		private readonly clock: () => number,
		options: {recvBufferBytes?: number} = {},
	) {
		this.recvBufferBytes = options.recvBufferBytes ?? RECV_BUFFER;
	}

	/** Datagrams the kernel dropped at the hub's own UDP sockets since they opened (0 where it cannot tell). */
	get receiveDrops(): number {
		return this.drops.total;
	}

	/** True when the stream is on (`probe.udpRate` > 0). */
	get enabled(): boolean {
		return this.ratePps > 0;
	}

	/** The hub's UDP port for sessions whose agent is at `address` (binds on first use). */
	async portFor(address: string): Promise<number> {
		return (await this.socket(isIPv6(address) && !address.startsWith('::ffff:') ? 'udp6' : 'udp4')).port;
	}

	/**
	 * Open the session of an authenticated connection: `master` from deriveSessionKey, `address`
	 * the agent's address as the WebSocket saw it, `phaseMs` where in the send interval it goes.
	 */
	open(master: Buffer, address: string, phaseMs: number, report: (report: UdpReport) => void): HubUdpSession {
		const id = sessionId(master);
		const family = isIPv6(address) && !address.startsWith('::ffff:') ? 'udp6' : 'udp4';
		const live: Live = {
			id,
			bytes: sessionBytes(id),
			key: subKey(master, 'udp'),
			peer: null,
			family,
			tally: new UdpTally(),
			seq: 0,
			number: ++this.counter,
			phaseMs,
			nextAt: Number.POSITIVE_INFINITY,
			reportAt: this.clock(), // the first tick says 'waiting' at once: a one-shot status must not read a silent start as 'off'
			startedAt: null,
			wsAnsweredAt: Number.NEGATIVE_INFINITY,
			off: this.enabled ? null : 'probe.udpRate is 0',
			load: null,
			report,
		};
		this.sessions.set(id, live);
		this.arm();
		const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
		return {
			ready: port => {
				if (live.off !== null || this.sessions.get(id) !== live) return;
				live.peer = {address: plain, port};
				this.begin(live);
			},
			off: reason => {
				live.off = reason;
				live.nextAt = Number.POSITIVE_INFINITY;
			},
			wsAnswered: at => {
				live.wsAnsweredAt = at;
			},
			collectRtts: () => live.tally.collectRtts(),
			videoLoad: (kbps, ms) => this.videoLoad(live, kbps, ms),
			close: () => {
				if (this.sessions.get(id) === live) this.sessions.delete(id);
				live.load = null;
				if (this.sessions.size === 0) this.disarm();
			},
		};
	}

	/** Close the sockets and forget every session. */
	async stop(): Promise<void> {
		this.disarm();
		this.sessions.clear();
		const sockets = [...this.sockets.values()];
		this.sockets.clear();
		this.bound.clear();
		for (const pending of sockets) {
			try {
				(await pending).socket.close();
			} catch {
				// never bound
			}
		}
	}

	private socket(family: 'udp4' | 'udp6'): Promise<{socket: dgram.Socket; port: number}> {
		let pending = this.sockets.get(family);
		if (!pending) {
			pending = new Promise((resolve, reject) => {
				const socket = dgram.createSocket({type: family, recvBufferSize: this.recvBufferBytes});
				socket.once('error', reject);
				socket.on('message', (packet, rinfo) => this.onPacket(packet, rinfo));
				socket.bind(0, () => {
					socket.off('error', reject);
					socket.on('error', () => {}); // ICMP port unreachable of a stopped agent
					this.bound.set(family, socket);
					this.readDrops(this.clock());
					resolve({socket, port: socket.address().port});
				});
			});
			pending.catch(() => this.sockets.delete(family));
			this.sockets.set(family, pending);
		}
		return pending;
	}

	private begin(live: Live): void {
		if (live.startedAt !== null) return;
		const now = this.clock();
		live.startedAt = now;
		const every = 1000 / this.ratePps;
		live.nextAt = now + (live.phaseMs % every);
		void this.socket(live.family);
	}

	private arm(): void {
		if (this.timer) return;
		this.timer = setInterval(this.tick, TICK_MS);
	}

	private disarm(): void {
		clearInterval(this.timer);
		this.timer = undefined;
	}

	private readonly tick = (): void => {
		const now = this.clock();
		const every = 1000 / this.ratePps;
		for (const live of this.sessions.values()) {
			if (live.peer && live.off === null) {
				if (now >= live.nextAt) {
					this.send(live, now, false);
					live.nextAt += every;
					if (live.nextAt <= now) live.nextAt = now + every; // after a stall, no burst
				}
				const load = live.load;
				if (load) {
					// A 10 ms tick sends what came due: a paced stream, a packet or two at a time.
					for (let n = 0; n < 8 && now >= load.nextAt && load.nextAt < load.endAt; n++) {
						this.send(live, now, true);
						load.nextAt += load.everyMs;
					}
					if (load.nextAt < now - 100) load.nextAt = now; // never catch up in a burst
				}
			}
			if (now >= live.reportAt) {
				live.reportAt = now + REPORT_EVERY_MS;
				// Every report of a time the hub dropped in is left out, with or without missing ones:
				// leaving out only those with losses would read the line as lossless.
				const excuse = this.ownDropsSince(now);
				live.report(live.tally.report(live.number, now, live.startedAt, live.wsAnsweredAt, live.off, excuse));
			}
		}
	};

	/**
	 * Whether the hub's own sockets dropped datagrams lately enough to blame for what a report at
	 * `now` finds missing: a reflection dropped here shows as missing when the next one arrives
	 * (one send interval later), in the report after (one report interval): both, and the reads'
	 * own spacing.
	 */
	private ownDropsSince(now: number): boolean {
		if (now - this.drops.readAt >= this.drops.everyMs) this.readDrops(now);
		return this.ratePps > 0 && now - this.drops.risingAt <= REPORT_EVERY_MS + 1000 / this.ratePps + 2 * this.drops.everyMs;
	}

	/** Read the kernel's drop count of our sockets (also when one binds: the count to rise from). */
	private readDrops(now: number): void {
		this.drops.readAt = now;
		const started = performance.now();
		const ports: number[] = [];
		for (const socket of this.bound.values()) {
			try {
				ports.push(socket.address().port);
			} catch {
				// closed
			}
		}
		const count = udpReceiveDrops(ports);
		if (count !== null) {
			if (this.drops.last !== null && count > this.drops.last) {
				this.drops.total += count - this.drops.last;
				this.drops.risingAt = now;
			}
			this.drops.last = count;
		}
		this.drops.everyMs = Math.min(DROPS_EVERY_MAX_MS, Math.max(DROPS_EVERY_MS, (performance.now() - started) / DROPS_CPU_SHARE));
	}

	private send(live: Live, now: number, load: boolean): void {
		const pending = this.sockets.get(live.family);
		if (!pending || !live.peer) return;
		const packet = load ? Buffer.alloc(VIDEO_PACKET_BYTES) : Buffer.alloc(MIN_PACKET);
		writePacket(packet, {kind: KIND.test, flags: load ? FLAG_LOAD : 0, session: live.bytes, seq: ++live.seq, t0: now, rSeq: 0, rCount: 0, t1: 0, t2: 0, rReordered: 0}, live.key);
		live.tally.sent++;
		const peer = live.peer;
		const socket = this.bound.get(live.family);
		if (socket) socket.send(packet, peer.port, peer.address, ignore);
		else void pending.then(({socket: later}) => later.send(packet, peer.port, peer.address, ignore));
	}

	private onPacket(packet: Buffer, rinfo: dgram.RemoteInfo): void {
		const t3 = this.clock();
		const id = peekSession(packet);
		const live = id === null ? undefined : this.sessions.get(id);
		if (!live) return;
		const fields = readPacket(packet, live.key);
		if (!fields) return;
		if (fields.kind === KIND.open) {
			// Only the agent holds the key: its address as this packet shows it is the way back (NAT).
			live.peer = {address: rinfo.address, port: rinfo.port};
			if (live.off === null) this.begin(live);
			return;
		}
		if (fields.kind !== KIND.reflect) return;
		if (live.peer && (live.peer.address !== rinfo.address || live.peer.port !== rinfo.port)) live.peer = {address: rinfo.address, port: rinfo.port};
		live.tally.reflection(fields, t3);
	}

	private async videoLoad(live: Live, kbps: number, ms: number): Promise<VideoLoadResult> {
		if (live.off !== null) return {error: `UDP is off: ${live.off}`};
		if (!live.peer || live.startedAt === null) return {error: 'UDP not started'};
		if (live.load) return {error: 'busy: a video load test is running'};
		const now = this.clock();
		const everyMs = (VIDEO_PACKET_BYTES * 8) / kbps; // kbit/s = bits per ms
		const finish = live.tally.startLoad();
		live.load = {everyMs, nextAt: now, endAt: now + ms};
		await new Promise(resolve => setTimeout(resolve, ms + 1500)); // the last reflections, and the next probe that accounts the tail
		const closed = this.sessions.get(live.id) !== live;
		live.load = null;
		if (closed) return {error: 'disconnected'};
		return {...finish(), kbps};
	}
}

/** What a SiteLink hands over once its handshake succeeded. */
export interface SiteUdpStart {
	/** The connection's session key (deriveSessionKey of its handshake). */
	master: Buffer;
	/** The agent's address as the WebSocket saw it. */
	address: string;
	phaseMs: number;
	/** Send a control message on the site's WebSocket (false when it is gone). */
	send: (message: {type: 'udp-start'; port: number}) => boolean;
	report: (report: UdpReport) => void;
}

/** Open a site's UDP session after auth and ask its agent to open its side (`udp-start`). */
export function startSiteUdp(hub: UdpHub, start: SiteUdpStart): HubUdpSession {
	const session = hub.open(start.master, start.address, start.phaseMs, start.report);
	if (!hub.enabled) return session;
	hub.portFor(start.address).then(
		port => start.send({type: 'udp-start', port}),
		(error: Error) => session.off(`the hub cannot open a UDP socket (${(error as NodeJS.ErrnoException).code ?? error.message})`),
	);
	return session;
}

/** Route a udp-* control message from the agent to its session; false when it is not one. */
export function onUdpMessage(session: HubUdpSession | null, message: {type: string; port?: number; reason?: string}): boolean {
	if (message.type === 'udp-ready' && session) session.ready(message.port!);
	else if (message.type === 'udp-off' && session) session.off(String(message.reason).slice(0, 200));
	else return false;
	return true;
}
