import type http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import type {WebSocket} from 'ws';
import {agentMac, hubMac, macEqual, newNonce} from './auth.js';
import {frameKeys, type FrameKeys} from './frame-mac.js';
import {keyId} from './key-id.js';
import {
	FailureLimiter,
	ListenerGuard,
	UNPROVEN_CLOSE_GRACE_MS,
	type GuardCounts,
	type ListenerGuardOptions,
	type Ticket,
} from './listener-guard.js';
import {guardedServer} from './guarded-server.js';
import {CLOSE, encode, frameMacOf, HANDSHAKE_TIMEOUT_MS, parseMessage} from './protocol.js';
import type {AgentRefusal} from './probe-types.js';

// The hub's listener for dial-out agents (DESIGN.md "Connection direction"): a commune behind
// NAT cannot be dialled, so its agent dials the hub at /agent and the hub plays its usual part of
// diemcau.v3 (or v2, to an older agent) over that socket (the agent says hello, the hub challenges, the agent proves first).
// The agent never names its site: the site is the one whose token makes its proof valid, so a
// name cannot be claimed. A second agent that proves the same site replaces the first (a
// rebooted PC must not be locked out by its own stale, half-open socket), with a warning naming
// both addresses. Before its proof a connection is held by the same ListenerGuard rules as the
// agent's own listener (small pool, per-address caps, handshake timeout, maxPayload).

/** HTTP path of the hub's listener for dial-out agents. */
export const AGENT_PATH = '/agent';
/** Close code of a dial-out socket replaced by a newer one of the same site. */
export const CLOSE_REPLACED = 4410;

/** A dial-out agent that proved its site: the socket, its frame keys and where it came from. */
export interface DialedAgent {
	site: string;
	ws: WebSocket;
	socket: Socket;
	keys: FrameKeys & {master: Buffer};
	/** "address:port" as the hub sees it (behind NAT: the router's). */
	from: string;
	/** A bandwidth test's own connection (the id of the hub's `bulk-open`): it replaces nothing. */
	bulk?: string;
}

/** Options of the hub's listener. */
export interface HubListenerOptions {
	host?: string; // default 127.0.0.1
	port?: number; // default 7700; 0 = any free port
	/** The dial-out sites of the plan and their tokens: the only sites a proof can be for. */
	sites: ReadonlyArray<{id: string; token: string}>;
	tls?: {cert: string | Buffer; key: string | Buffer};
	guard?: ListenerGuardOptions;
	limiter?: FailureLimiter;
	clock?: () => number;
	log?: (line: string) => void;
	/** An agent proved its site and answered the hub's proof: the socket is the caller's from now on. */
	onAgent: (agent: DialedAgent) => void;
	/** A site's new connection replaced its live one (default: a line to `log`). */
	onReplaced?: (site: string, from: string, previous: string) => void;
	/**
	 * An agent's proof fit no dial-out site (default: a line to `log`). Rate-limited (see
	 * RefusalReports): `more` is how many refusals were held back since the last report.
	 */
	onRefused?: (refusal: {from: string; why: AgentRefusal; more: number}) => void;
	/** The subprotocols an agent may pick from, newest first (default PROTOCOLS; only an older hub's, in tests). */
	protocols?: readonly string[];
}

/**
 * How often a refused agent is reported: once a minute per address and at most `perMinute`
 * reports a minute in all, so a guessing flood is a line a minute, not a log full of it; what is
 * held back is counted into the next report. `take` answers that count, or null (held back).
 */
export class RefusalReports {
	readonly #clock: () => number;
	readonly #perAddressMs: number;
	readonly #perMinute: number;
	#last = new Map<string, number>();
	#recent: number[] = [];
	#held = 0;

	constructor(options: {clock: () => number; perAddressMs?: number; perMinute?: number}) {
		this.#clock = options.clock;
		this.#perAddressMs = options.perAddressMs ?? 60_000;
		this.#perMinute = options.perMinute ?? 6;
	}

	take(address: string): number | null {
		const now = this.#clock();
		this.#recent = this.#recent.filter(at => now - at < 60_000);
		const last = this.#last.get(address);
		if ((last !== undefined && now - last < this.#perAddressMs) || this.#recent.length >= this.#perMinute) {
			this.#held++;
			return null;
		}
		if (this.#last.size >= 4096) for (const [other, at] of this.#last) if (now - at >= this.#perAddressMs) this.#last.delete(other);
		this.#last.set(address, now);
		this.#recent.push(now);
		const more = this.#held;
		this.#held = 0;
		return more;
	}
}

/** A running listener. */
export interface HubListener {
	url: string;
	host: string;
	port: number;
	/** The live dial-out socket of a site, if any. */
	current(site: string): DialedAgent | undefined;
	counts(): GuardCounts & {replaced: number; refused: number};
	close(): Promise<void>;
}

const fromOf = (socket: Socket) => `${socket.remoteAddress ?? 'unknown'}:${socket.remotePort ?? 0}`;

/** Start listening for dial-out agents; resolves once it listens. */
export async function startHubListener(options: HubListenerOptions): Promise<HubListener> {
	const host = options.host ?? '127.0.0.1';
	const clock = options.clock ?? (() => performance.now());
	const log = options.log ?? (line => process.stderr.write(`${line}\n`));
	const limiter = options.limiter ?? new FailureLimiter({clock});
	const guard = new ListenerGuard({handshakeTimeoutMs: HANDSHAKE_TIMEOUT_MS, clock, ...options.guard});
	const live = new Map<string, DialedAgent>();
	// Candidates by key id; a hello without one (an older agent) is checked against every site.
	const byKey = new Map<string, Array<{id: string; token: string}>>();
	for (const site of options.sites) {
		const key = keyId(site.token);
		byKey.set(key, [...(byKey.get(key) ?? []), site]);
	}
	let replaced = 0;
	let refused = 0;
	const reports = new RefusalReports({clock});
	const report = (from: string, address: string | undefined, why: AgentRefusal) => {
		const more = reports.take(address ?? 'unknown');
		if (more === null) return;
		if (options.onRefused) options.onRefused({from, why, more});
		else log(`diemcau: a dial-out agent from ${from} was refused (${why})${more > 0 ? `, and ${more} more` : ''}`);
	};

	const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
		res.writeHead(426, {'Content-Type': 'text/plain', Connection: 'close', Upgrade: 'websocket'});
		res.end('Upgrade Required\n');
	};
	const {server, wss} = guardedServer({
		guard,
		path: AGENT_PATH,
		tls: options.tls,
		onRequest,
		onUpgrade: handshake,
		...(options.protocols ? {protocols: options.protocols} : {}),
	});

	function handshake(ws: WebSocket, socket: Socket, ticket: Ticket): void {
		const from = fromOf(socket);
		let agentNonce = '';
		let hubNonce = '';
		let candidates: ReadonlyArray<{id: string; token: string}> = options.sites;
		let keyGiven = false;
		let proven: {site: string; keys: FrameKeys & {master: Buffer}} | null = null;
		let bulk: string | undefined;
		let judging = false;
		const shut = (code: number, reason: string) => {
			if (ws.readyState === ws.OPEN) ws.close(code, reason);
			setTimeout(() => ws.terminate(), UNPROVEN_CLOSE_GRACE_MS).unref();
		};
		// Which site is this? The one whose token makes the proof valid (the key id only says which
		// tokens to try); every candidate is compared in full, so the answer's timing tells nothing.
		const judge = (mac: string): void => {
			if (ws.readyState !== ws.OPEN) return;
			let site: {id: string; token: string} | undefined;
			for (const candidate of candidates) {
				if (macEqual(agentMac(candidate.token, candidate.id, hubNonce, agentNonce), mac) && !site) site = candidate;
			}
			if (!site) {
				refused++;
				limiter.fail(socket.remoteAddress);
				report(from, socket.remoteAddress, keyGiven && candidates.length > 0 ? 'bad-proof' : 'no-site');
				return shut(CLOSE.authFailed, 'auth failed');
			}
			if (!guard.hasRoomForSession()) return shut(CLOSE.full, 'hub full: maxConnections sessions');
			proven = {site: site.id, keys: frameKeys('hub', site.token, site.id, hubNonce, agentNonce, frameMacOf(ws.protocol) ?? 2)};
			// Promoted with its proof, as the agent's server does: no flood can evict a proven agent, nor
			// the handshake deadline cut it, while the hub's own proof makes its round trip; and proofs in
			// flight at once each take their session slot, so the limit holds.
			ticket.authenticated();
			ws.send(encode({type: 'auth', mac: hubMac(site.token, site.id, agentNonce, hubNonce)}));
		};
		ticket.onEvict(why =>
			shut(
				why === 'handshake-timeout' ? CLOSE.handshakeTimeout : CLOSE.evicted,
				why === 'handshake-timeout' ? 'handshake timeout' : 'too many unauthenticated connections',
			),
		);
		ws.on('error', () => {});
		const onMessage = (data: Buffer, isBinary: boolean) => {
			if (ws.readyState !== ws.OPEN) return;
			if (isBinary) return shut(CLOSE.unsupported, 'text frames only');
			let text: string;
			if (proven) {
				const json = proven.keys.receive.openBuffer(data);
				if (json === null) return shut(CLOSE.badMessage, 'bad MAC');
				text = json;
			} else text = data.toString();
			const parsed = parseMessage(text);
			if (!parsed.ok) return shut(CLOSE.badMessage, parsed.reason);
			const message = parsed.message;
			if (message.type === 'hello' && !agentNonce) {
				agentNonce = message.nonce;
				if (message.key !== undefined) {
					keyGiven = true;
					candidates = byKey.get(message.key) ?? [];
				}
				bulk = message.bulk;
				hubNonce = newNonce();
				ws.send(encode({type: 'challenge', nonce: hubNonce}));
				return;
			}
			if (message.type === 'proof' && hubNonce && !proven && !judging) {
				// An address that keeps failing has every proof checked a little later (at most 1 s):
				// guessing slows to a few a second, a valid proof still gets in, never refused.
				judging = true;
				const mac = message.mac;
				const delayMs = limiter.delayFor(socket.remoteAddress);
				if (delayMs > 0) setTimeout(() => judge(mac), delayMs).unref();
				else judge(mac);
				return;
			}
			if (message.type === 'auth-ok' && proven) {
				ws.off('message', onMessage);
				adopt({site: proven.site, ws, socket, keys: proven.keys, from, ...(bulk ? {bulk} : {})});
				return;
			}
			shut(CLOSE.policy, 'authenticate first');
		};
		ws.on('message', onMessage);
	}

	function adopt(agent: DialedAgent): void {
		if (agent.bulk) return options.onAgent(agent); // beside the live connection, never instead of it
		const old = live.get(agent.site);
		live.set(agent.site, agent);
		agent.ws.once('close', () => {
			if (live.get(agent.site) === agent) live.delete(agent.site);
		});
		if (old) {
			replaced++;
			if (options.onReplaced) options.onReplaced(agent.site, agent.from, old.from);
			else log(`diemcau: site=${agent.site}: a new agent connection from ${agent.from} replaced the one from ${old.from}`);
			old.ws.close(CLOSE_REPLACED, 'replaced by a newer connection of this site');
			setTimeout(() => old.ws.terminate(), 2000).unref();
		}
		options.onAgent(agent);
	}

	await new Promise<void>((resolve, reject_) => {
		server.once('error', reject_);
		// A restarted hub is called by every agent within seconds: a deep accept queue holds the
		// rush while the loop is busy (Node's default 511 overflowed at 2,000 agents and left
		// SYNs to retransmit at 1, 3, 7 s). The kernel caps it at net.core.somaxconn.
		server.listen({port: options.port ?? 7700, host, backlog: 4096}, () => {
			server.off('error', reject_);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const shownHost = host.includes(':') ? `[${host}]` : host;
	return {
		url: `${options.tls ? 'wss' : 'ws'}://${shownHost}:${port}${AGENT_PATH}`,
		host,
		port,
		current: site => live.get(site),
		counts: () => ({...guard.counts(), replaced, refused}),
		close: () =>
			new Promise<void>(resolve => {
				for (const client of wss.clients) client.close(CLOSE.goingAway, 'hub stopping');
				setTimeout(() => {
					for (const client of wss.clients) client.terminate();
				}, 500).unref();
				server.close(() => resolve());
				server.closeAllConnections?.();
			}),
	};
}
