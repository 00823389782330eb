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
//   in all, `preAuthPerAddress` per group). A newcomer never waits and is never refused for the
//   pool being full: the oldest waiting connection of the group with the most waiting ones is
//   evicted instead, so a flood from many addresses cannot keep a single honest dialer out, and
//   authenticated sessions are never touched.
// - A waiting connection has `handshakeTimeoutMs` from accept to prove itself.
// - IPv4 addresses (and IPv4-mapped IPv6) count one by one; IPv6 by /64, since one host owns a /64.
//   Unix sockets have no address: they all count as the group 'local' (raise preAuthPerAddress
//   and maxPerAddress for a control socket that many local screens share).

/** Limits of one listener. */
export interface ListenerGuardOptions {
	maxConnections?: number; // authenticated sessions (default 1024)
	maxPerAddress?: number; // TCP connections of one address group, authenticated or not (default 16)
	preAuthPool?: number; // unauthenticated connections in all (default 64)
	preAuthPerAddress?: number; // unauthenticated connections of one address group (default 2)
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

/** The group an address counts in: IPv4 as is, IPv6 by its first 64 bits; a Unix socket (no address) is 'local'. */
export function addressGroup(address: string | undefined): string {
	if (!address) return 'local';
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!isIPv6(address)) return address;
	// Expand "::" to get the first four groups.
	const [head = '', tail = ''] = address.split('%')[0]!.split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = address.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
	return `${groups.slice(0, 4).map(g => (parseInt(g, 16) || 0).toString(16)).join(':')}::/64`;
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
			handshakeTimeoutMs: 3000,
			clock: () => performance.now(),
			...options,
		};
	}

	/** A new TCP connection: counted and let in, or destroyed at once (false) when a limit is hit. */
	accept(socket: Socket): boolean {
		const {maxPerAddress, maxConnections, preAuthPool, preAuthPerAddress} = this.options;
		const group = addressGroup(socket.remoteAddress);
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
		// Room in the pool: let the oldest waiting one of this group, or of the fullest group, go.
		if ((this.waitingPerGroup.get(group) ?? 0) >= preAuthPerAddress) this.evictOldest(group, 'address-pool-full');
		if (this.waiting.size >= preAuthPool || this.open >= maxConnections + preAuthPool) this.evictOldest(null, 'pool-full');
		const ticket = new Ticket(group, socket, this.options.clock(), this);
		const key = endpointKey(socket);
		this.bySocket.set(socket, ticket);
		if (key) this.tickets.set(key, ticket);
		this.perGroup.set(group, count + 1);
		this.open++;
		this.waiting.add(ticket);
		this.waitingPerGroup.set(group, (this.waitingPerGroup.get(group) ?? 0) + 1);
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
		this.leavePool(ticket);
		ticket.session = true;
		this.authenticatedCount++;
	}

	private leavePool(ticket: Ticket): void {
		if (!ticket.waiting) return;
		ticket.waiting = false;
		clearTimeout(ticket.timer);
		this.waiting.delete(ticket);
		const left = (this.waitingPerGroup.get(ticket.group) ?? 1) - 1;
		if (left <= 0) this.waitingPerGroup.delete(ticket.group);
		else this.waitingPerGroup.set(ticket.group, left);
	}

	private closed(ticket: Ticket): void {
		if (ticket.waiting) this.leavePool(ticket);
		if (ticket.session) this.authenticatedCount--;
		this.open--;
		const left = (this.perGroup.get(ticket.group) ?? 1) - 1;
		if (left <= 0) this.perGroup.delete(ticket.group);
		else this.perGroup.set(ticket.group, left);
	}

	// The oldest waiting ticket of `group`, or (null) of the group holding the most waiting ones.
	private evictOldest(group: string | null, reason: EvictReason): void {
		let target = group;
		if (target === null) {
			let most = 0;
			for (const [g, n] of this.waitingPerGroup) if (n > most) [most, target] = [n, g];
		}
		for (const ticket of this.waiting) {
			if (ticket.group !== target) continue;
			this.counters.evicted++;
			this.leavePool(ticket);
			ticket.evict(reason);
			return;
		}
	}
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
		this.options = {freeFailures: 5, windowMs: 60_000, baseDelayMs: 250, maxDelayMs: 1000, maxEntries: 10_000, clock: () => performance.now(), ...options};
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
