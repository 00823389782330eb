import {isIPv6, type Socket} from 'node:net';

// The rules every diemcau listener follows before a peer has proved anything (DESIGN.md "Rules
// for every listener and every sink"), written once: the agent uses them today; the hub's listener
// for dial-out agents, the control socket and /metrics are meant to.
//
//   const guard = new ListenerGuard({maxConnections: 1024});
//   server.on('connection', socket => guard.accept(socket));        // counts, may destroy at once
//   // ... after the upgrade: guard.ticket(socket)?.onEvict(why => ws.close(...))
//   // ... on a valid proof:   guard.ticket(socket)?.authenticated()  (leaves the small pool)
//
// - Every TCP connection is counted at accept time: at most `maxPerAddress` per address group,
//   at most `maxConnections` authenticated plus `preAuthPool` waiting ones in all; beyond that
//   it is destroyed before it costs anything (no HTTP parse, no buffers).
// - Connections that have not proved themselves sit in a small pool of their own (`preAuthPool`
//   in all, `preAuthPerAddress` per address group, `preAuthPerPrefix` per prefix). A newcomer
//   never waits and is never refused for the pool being full: a waiting connection is let go
//   instead, chosen as below, so a flood from many addresses cannot keep a single honest dialer
//   out, and authenticated sessions are never touched.
// - Which waiting connection is let go: never one from an address group that proved itself in
//   the last `trustMs` while any other waits; then the one whose address group has the most
//   strikes, then whose prefix has the most; among equals the oldest. A strike is a connection
//   that left the pool without a valid proof (let go, timed out, failed, gave up); strikes halve
//   every `strikeHalfLifeMs`. A flooder dialling again and again piles up strikes; an honest
//   dialer has none (or is trusted), so while any flood connection waits the honest one is not
//   chosen, however long its line makes its handshake, even when it shares the flooder's prefix.
// - A waiting connection has `handshakeTimeoutMs` from accept to prove itself.
// - IPv4 addresses (and IPv4-mapped IPv6) count one by one, in /24 prefixes; IPv6 by /64, since
//   one host owns a /64, in /48 prefixes (one site's allocation). Unix sockets have no address:
//   they all count as the group 'local' (raise preAuthPerAddress and maxPerAddress for a control
//   socket that many local screens share).

/**
 * How long a connection closed before its proof (let go, timed out, failed) may take to answer
 * the close before it is cut: short, since a flooder never answers and every socket left hanging
 * still counts against the listener's limits; long enough for the close frame (its code says
 * why) to leave first. A session gets 2 s.
 */
export const UNPROVEN_CLOSE_GRACE_MS = 250;

/** Limits of one listener. */
export interface ListenerGuardOptions {
	maxConnections?: number; // authenticated sessions (default 1024)
	maxPerAddress?: number; // TCP connections of one address group, authenticated or not (default 16)
	preAuthPool?: number; // unauthenticated connections in all (default 64)
	preAuthPerAddress?: number; // unauthenticated connections of one address group (default 2)
	preAuthPerPrefix?: number; // unauthenticated connections of one prefix, /24 or /48 (default the whole pool: no cap)
	strikeHalfLifeMs?: number; // how fast the strikes of a group or prefix are forgotten (default 30 s)
	trustMs?: number; // how long a group that proved itself is let go last (default 10 min)
	maxTracked?: number; // groups and prefixes remembered for strikes and trust (default 10,000 each; the least recent forgotten first)
	handshakeTimeoutMs?: number; // from accept to a valid proof (default 3 s)
	clock?: () => number;
}

/** Why a waiting connection was let go. */
export type EvictReason = 'pool-full' | 'address-pool-full' | 'handshake-timeout';

/** What the guard refused or let go so far (the README's figures, a listener's log). */
export interface GuardCounts {
	open: number;
	waiting: number;
	authenticated: number;
	refusedPerAddress: number;
	refusedTotal: number;
	evicted: number;
	timedOut: number;
}

/** The first `count` 16-bit groups of an IPv6 address, "::" expanded. */
function ipv6Head(address: string, count: number): string {
	const [head = '', tail = ''] = address.split('%')[0]!.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
	return groups
		.slice(0, count)
		.map(g => (parseInt(g, 16) || 0).toString(16))
		.join(':');
}

/** The group an address counts in: IPv4 as is, IPv6 by its first 64 bits; a Unix socket (no address) is 'local'. */
export function addressGroup(address: string | undefined): string {
	if (!address) return 'local';
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!isIPv6(address)) return address;
	return `${ipv6Head(address, 4)}::/64`;
}

/** The prefix an address counts in: IPv4 by /24, IPv6 by /48; a Unix socket is 'local'. */
export function addressPrefix(address: string | undefined): string {
	if (!address) return 'local';
	const mapped = /^::ffff:(\d+\.\d+\.\d+)\.\d+$/i.exec(address);
	if (mapped) return `${mapped[1]}.0/24`;
	if (!isIPv6(address)) {
		const v4 = /^(\d+\.\d+\.\d+)\.\d+$/.exec(address);
		return v4 ? `${v4[1]}.0/24` : address;
	}
	return `${ipv6Head(address, 3)}::/48`;
}

/** Decaying counts by key, at most `max` keys (the least recently touched forgotten first). */
class Decaying {
	private readonly entries = new Map<string, {value: number; at: number}>();

	constructor(
		private readonly halfLifeMs: number,
		private readonly max: number,
	) {}

	get(key: string, now: number): number {
		const entry = this.entries.get(key);
		return entry ? entry.value * 2 ** (-(now - entry.at) / this.halfLifeMs) : 0;
	}

	add(key: string, delta: number, now: number): void {
		const value = Math.max(0, this.get(key, now) + delta);
		this.entries.delete(key);
		if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
		this.entries.set(key, {value, at: now});
	}
}

function endpointKey(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): string | null {
	return socket.remotePort === undefined ? null : `${socket.remoteAddress}|${socket.remotePort}`;
}

/** One accepted connection's place in the guard. */
export class Ticket {
	waiting = true;
	session = false; // authenticated, counted against maxConnections
	private evictHandler: (reason: EvictReason) => void;
	timer: NodeJS.Timeout | undefined;

	constructor(
		readonly group: string,
		readonly prefix: string,
		readonly socket: Socket,
		readonly acceptedAt: number,
		private readonly guard: ListenerGuard,
	) {
		this.evictHandler = () => socket.destroy();
	}

	/** What to do when this waiting connection is let go (default: destroy the socket). */
	onEvict(handler: (reason: EvictReason) => void): void {
		this.evictHandler = handler;
	}

	/** It proved itself: out of the small pool, counted as a session. */
	authenticated(): void {
		this.guard.promote(this);
	}

	/** @internal */
	evict(reason: EvictReason): void {
		this.evictHandler(reason);
	}
}

/** Accept-time accounting and the pool of unauthenticated connections of one listener. */
export class ListenerGuard {
	readonly options: Required<ListenerGuardOptions>;
	private readonly perGroup = new Map<string, number>();
	private readonly waiting = new Set<Ticket>(); // insertion order = age
	private readonly waitingPerGroup = new Map<string, number>();
	private readonly waitingPerPrefix = new Map<string, number>();
	private readonly groupStrikes: Decaying;
	private readonly prefixStrikes: Decaying;
	private readonly provenAt = new Map<string, number>(); // address group → when it last proved itself
	private readonly tickets = new Map<string, Ticket>(); // by remote address and port: the same for a TLS socket and its TCP socket
	private readonly bySocket = new WeakMap<object, Ticket>(); // Unix sockets have no address or port
	private open = 0;
	private authenticatedCount = 0;
	private readonly counters = {refusedPerAddress: 0, refusedTotal: 0, evicted: 0, timedOut: 0};

	constructor(options: ListenerGuardOptions = {}) {
		this.options = {
			maxConnections: 1024,
			maxPerAddress: 16,
			preAuthPool: 64,
			preAuthPerAddress: 2,
			preAuthPerPrefix: options.preAuthPool ?? 64,
			strikeHalfLifeMs: 30_000,
			trustMs: 600_000,
			maxTracked: 10_000,
			handshakeTimeoutMs: 3000,
			clock: () => performance.now(),
			...options,
		};
		this.groupStrikes = new Decaying(this.options.strikeHalfLifeMs, this.options.maxTracked);
		this.prefixStrikes = new Decaying(this.options.strikeHalfLifeMs, this.options.maxTracked);
	}

	/** A new TCP connection: counted and let in, or destroyed at once (false) when a limit is hit. */
	accept(socket: Socket): boolean {
		const {maxPerAddress, maxConnections, preAuthPool, preAuthPerAddress, preAuthPerPrefix} = this.options;
		const group = addressGroup(socket.remoteAddress);
		const prefix = addressPrefix(socket.remoteAddress);
		const now = this.options.clock();
		const count = this.perGroup.get(group) ?? 0;
		if (count >= maxPerAddress) {
			this.counters.refusedPerAddress++;
			socket.destroy();
			return false;
		}
		if (this.open >= maxConnections + preAuthPool && this.waiting.size === 0) {
			this.counters.refusedTotal++;
			socket.destroy();
			return false;
		}
		// Room in the pool: let a waiting one of this group, of this prefix, or of the whole pool go.
		if ((this.waitingPerGroup.get(group) ?? 0) >= preAuthPerAddress) this.evict(t => t.group === group, 'address-pool-full', now);
		if ((this.waitingPerPrefix.get(prefix) ?? 0) >= preAuthPerPrefix) this.evict(t => t.prefix === prefix, 'address-pool-full', now);
		if (this.waiting.size >= preAuthPool || this.open >= maxConnections + preAuthPool) this.evict(() => true, 'pool-full', now);
		const ticket = new Ticket(group, prefix, socket, now, this);
		const key = endpointKey(socket);
		this.bySocket.set(socket, ticket);
		if (key) this.tickets.set(key, ticket);
		this.perGroup.set(group, count + 1);
		this.open++;
		this.waiting.add(ticket);
		this.waitingPerGroup.set(group, (this.waitingPerGroup.get(group) ?? 0) + 1);
		this.waitingPerPrefix.set(prefix, (this.waitingPerPrefix.get(prefix) ?? 0) + 1);
		ticket.timer = setTimeout(() => {
			if (!ticket.waiting) return;
			this.counters.timedOut++;
			this.leavePool(ticket);
			ticket.evict('handshake-timeout');
		}, this.options.handshakeTimeoutMs);
		ticket.timer.unref();
		socket.once('close', () => {
			if (key && this.tickets.get(key) === ticket) this.tickets.delete(key);
			this.closed(ticket);
		});
		return true;
	}

	/** The ticket of an accepted socket (or of the TLS socket over it). */
	ticket(socket: Pick<Socket, 'remoteAddress' | 'remotePort'>): Ticket | undefined {
		const key = endpointKey(socket);
		return this.bySocket.get(socket) ?? (key ? this.tickets.get(key) : undefined);
	}

	/** True when another authenticated session fits (a valid proof beyond this is refused with a reason). */
	hasRoomForSession(): boolean {
		return this.authenticatedCount < this.options.maxConnections;
	}

	/** What the guard holds and refused so far. */
	counts(): GuardCounts {
		return {open: this.open, waiting: this.waiting.size, authenticated: this.authenticatedCount, ...this.counters};
	}

	/** @internal */
	promote(ticket: Ticket): void {
		if (!ticket.waiting) return;
		this.leavePool(ticket, true);
		ticket.session = true;
		this.authenticatedCount++;
		this.provenAt.delete(ticket.group);
		if (this.provenAt.size >= this.options.maxTracked) this.provenAt.delete(this.provenAt.keys().next().value!);
		this.provenAt.set(ticket.group, this.options.clock());
	}

	private leavePool(ticket: Ticket, proven = false): void {
		if (!ticket.waiting) return;
		ticket.waiting = false;
		if (!proven) {
			const now = this.options.clock();
			this.groupStrikes.add(ticket.group, 1, now);
			this.prefixStrikes.add(ticket.prefix, 1, now);
		}
		clearTimeout(ticket.timer);
		this.waiting.delete(ticket);
		decrement(this.waitingPerGroup, ticket.group);
		decrement(this.waitingPerPrefix, ticket.prefix);
	}

	private closed(ticket: Ticket): void {
		if (ticket.waiting) this.leavePool(ticket);
		if (ticket.session) this.authenticatedCount--;
		this.open--;
		const left = (this.perGroup.get(ticket.group) ?? 1) - 1;
		if (left <= 0) this.perGroup.delete(ticket.group);
		else this.perGroup.set(ticket.group, left);
	}

	// Let one waiting ticket among those `among` accepts go: the untrusted before the trusted, then
	// the most strikes of its group, then of its prefix; among equals the oldest.
	private evict(among: (ticket: Ticket) => boolean, reason: EvictReason, now: number): void {
		let victim: Ticket | undefined;
		let best: number[] = [];
		for (const ticket of this.waiting) {
			if (!among(ticket)) continue;
			const proven = this.provenAt.get(ticket.group);
			const rank = [
				proven !== undefined && now - proven < this.options.trustMs ? 0 : 1,
				this.groupStrikes.get(ticket.group, now),
				this.prefixStrikes.get(ticket.prefix, now),
			];
			if (!victim || isAbove(rank, best)) [victim, best] = [ticket, rank];
		}
		if (!victim) return;
		this.counters.evicted++;
		this.leavePool(victim);
		victim.evict(reason);
	}
}

/** True when rank `a` is strictly above `b`, compared element by element. */
function isAbove(a: number[], b: number[]): boolean {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
	return false;
}

function decrement(counts: Map<string, number>, key: string): void {
	const left = (counts.get(key) ?? 1) - 1;
	if (left <= 0) counts.delete(key);
	else counts.set(key, left);
}

/** Options of the failure limiter. */
export interface FailureLimiterOptions {
	freeFailures?: number; // failures of a group within windowMs with no delay at all (default 5)
	windowMs?: number; // default 60 s
	baseDelayMs?: number; // the delay once past the free ones; doubles per further failure (default 250 ms)
	maxDelayMs?: number; // default 1 s: well inside the handshake limit, so a valid proof always gets in
	maxEntries?: number; // groups remembered (default 10,000; the oldest forgotten first)
	clock?: () => number;
}

/**
 * Failed proofs per address group, without lockout. Once a group has failed more than
 * `freeFailures` times within the window, every proof from it — right or wrong, since before
 * checking it nobody can tell — is checked only after a short delay (at most `maxDelayMs`). With
 * at most 2 waiting connections per group (ListenerGuard) that caps guesses at a few a second per
 * address; a valid proof is delayed by at most `maxDelayMs` and never refused, whoever else
 * shares its address. (Answering only wrong proofs late would not slow anyone: a guesser takes
 * a missing "ok" for a no.)
 */
export class FailureLimiter {
	private readonly options: Required<FailureLimiterOptions>;
	private readonly entries = new Map<string, {failures: number; firstAt: number}>();

	constructor(options: FailureLimiterOptions = {}) {
		this.options = {
			freeFailures: 5,
			windowMs: 60_000,
			baseDelayMs: 250,
			maxDelayMs: 1000,
			maxEntries: 10_000,
			clock: () => performance.now(),
			...options,
		};
	}

	/** How long to wait before checking a proof from `address` (ms; 0 for an address in good standing). */
	delayFor(address: string | undefined): number {
		const entry = this.entries.get(addressGroup(address));
		if (!entry || this.options.clock() - entry.firstAt > this.options.windowMs) return 0;
		const over = entry.failures - this.options.freeFailures;
		return over < 0 ? 0 : Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(20, over));
	}

	/** Record a failed proof from `address`; returns the failures of its group within the window. */
	fail(address: string | undefined): number {
		const group = addressGroup(address);
		const now = this.options.clock();
		let entry = this.entries.get(group);
		if (!entry || now - entry.firstAt > this.options.windowMs) {
			this.entries.delete(group);
			if (this.entries.size >= this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
			entry = {failures: 0, firstAt: now};
			this.entries.set(group, entry);
		}
		return ++entry.failures;
	}
}

/** Counts events in a fixed window; `hit()` says when there were more than `limit` (a flood). */
export class FloodCounter {
	private count = 0;
	private since = Number.NEGATIVE_INFINITY;

	constructor(
		readonly limit: number,
		readonly windowMs: number,
	) {}

	/** One more event at `now`; true when the window now holds more than `limit`. */
	hit(now: number): boolean {
		if (now - this.since > this.windowMs) {
			this.since = now;
			this.count = 0;
		}
		return ++this.count > this.limit;
	}

	/** Events in the current window. */
	get current(): number {
		return this.count;
	}

	reset(): void {
		this.count = 0;
		this.since = Number.NEGATIVE_INFINITY;
	}
}
