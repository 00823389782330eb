import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

// Mutual challenge–response on the site token. The token never crosses the wire: each side proves
// it knows the token by a MAC over both fresh nonces, with a role prefix so one side's MAC can never
// be reflected back as the other's. A recorded handshake is useless: the agent's nonce is new for
// every connection, and so is the hub's.

/** A fresh random nonce (128 bits, base64url). */
export function newNonce(): string {
	return randomBytes(16).toString('base64url');
}

function mac(token: string, text: string): string {
	return createHmac('sha256', token).update(text).digest('base64url');
}

/** The hub's proof: HMAC(token, 'hub|site|agentNonce|hubNonce'). */
export function hubMac(token: string, site: string, agentNonce: string, hubNonce: string): string {
	return mac(token, `hub|${site}|${agentNonce}|${hubNonce}`);
}

/** The agent's proof: HMAC(token, 'agent|site|hubNonce|agentNonce'). */
export function agentMac(token: string, site: string, hubNonce: string, agentNonce: string): string {
	return mac(token, `agent|${site}|${hubNonce}|${agentNonce}`);
}

/** Compare two MACs in constant time (a length mismatch still costs a full compare). */
export function macEqual(expected: string, received: string): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(received);
	if (a.length !== b.length) {
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

/** Options of the per-address back-off after failed handshakes. */
export interface AuthLimiterOptions {
	maxFailures?: number; // failures within windowMs before an address is refused
	windowMs?: number;
	blockMs?: number; // first refusal; doubles on each new block, up to maxBlockMs
	maxBlockMs?: number;
	clock?: () => number;
	log?: (line: string) => void;
}

type Entry = {failures: number; firstAt: number; blockedUntil: number; blocks: number};

/**
 * Remembers failed handshakes per remote address and refuses an address that keeps failing,
 * so a token cannot be guessed at wire speed. Bounded: at most `maxEntries` addresses remembered.
 */
export class AuthLimiter {
	private readonly entries = new Map<string, Entry>();
	private readonly options: Required<AuthLimiterOptions>;
	private readonly maxEntries = 10_000;

	constructor(options: AuthLimiterOptions = {}) {
		this.options = {
			maxFailures: 5,
			windowMs: 60_000,
			blockMs: 30_000,
			maxBlockMs: 600_000,
			clock: () => performance.now(),
			log: line => process.stderr.write(`${line}\n`),
			...options,
		};
	}

	/** Milliseconds this address must still wait, 0 when it may try. */
	blockedFor(address: string): number {
		const entry = this.entries.get(address);
		if (!entry) return 0;
		return Math.max(0, entry.blockedUntil - this.options.clock());
	}

	/** Record a failed handshake; logs one line (never the token) when the address gets blocked. */
	fail(address: string, site: string): void {
		const now = this.options.clock();
		let entry = this.entries.get(address);
		if (!entry) {
			if (this.entries.size >= this.maxEntries) this.prune(now);
			entry = {failures: 0, firstAt: now, blockedUntil: 0, blocks: 0};
			this.entries.set(address, entry);
		}
		if (now - entry.firstAt > this.options.windowMs) {
			entry.failures = 0;
			entry.firstAt = now;
		}
		entry.failures++;
		if (entry.failures >= this.options.maxFailures) {
			const ms = Math.min(this.options.maxBlockMs, this.options.blockMs * 2 ** entry.blocks);
			entry.blocks++;
			entry.failures = 0;
			entry.firstAt = now;
			entry.blockedUntil = now + ms;
			this.options.log(
				`diemcau agent: site=${site}: ${this.options.maxFailures} failed handshakes from ${address}; refusing it for ${Math.round(ms / 1000)} s`,
			);
		}
	}

	/** Forget the failures of an address that authenticated. */
	succeed(address: string): void {
		const entry = this.entries.get(address);
		if (entry && entry.blockedUntil <= this.options.clock()) this.entries.delete(address);
	}

	private prune(now: number): void {
		for (const [address, entry] of this.entries) {
			if (entry.blockedUntil <= now && now - entry.firstAt > this.options.windowMs) this.entries.delete(address);
		}
		// Still full (a flood of distinct addresses): drop the oldest rather than grow.
		if (this.entries.size >= this.maxEntries) {
			const first = this.entries.keys().next().value;
			if (first !== undefined) this.entries.delete(first);
		}
	}
}
