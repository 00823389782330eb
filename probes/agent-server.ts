import type http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {agentNoticeEnglish, type AgentNotice} from '../src/model/agent-notice.js';
import type {WebSocket} from 'ws';
import {AgentBandwidth} from './agent-bandwidth.js';
import {agentMac, hubMac, macEqual, newNonce} from './auth.js';
import {frameKeys, type FrameKeys} from './frame-mac.js';
import {keyId} from './key-id.js';
import {FailureLimiter, FloodCounter, ListenerGuard, UNPROVEN_CLOSE_GRACE_MS, type GuardCounts, type Ticket} from './listener-guard.js';
import {guardedServer} from './guarded-server.js';
import {CLOSE, encode, encodePong, frameMacOf, HANDSHAKE_TIMEOUT_MS, parseMessage, PROBE_PATH, type Message} from './protocol.js';
import {decide, makeSimulation, type Simulation} from './simulation.js';
import {deriveSessionKey, sessionId, subKey} from './session-key.js';
import {LAYOUT as UDP_LAYOUT} from './udp-packet.js';
import {UdpReflector, type ReflectorSession} from './udp-reflector.js';

/** Options of one site's agent server. */
export interface AgentServerOptions {
	site: string;
	token: string;
	host?: string; // default 127.0.0.1
	port?: number; // default 7700; 0 = any free port
	simulation?: Simulation;
	rateKbps?: number; // caps the bandwidth test in both directions
	tls?: {cert: string | Buffer; key: string | Buffer}; // serve wss://
	maxPerAddress?: number; // TCP connections from one address group (default 16)
	maxConnections?: number; // authenticated sessions (default 1024)
	preAuthPool?: number; // unauthenticated connections in all (default 64), see probes/listener-guard.ts
	preAuthPerAddress?: number; // unauthenticated connections of one address group (default 2)
	preAuthPerPrefix?: number; // unauthenticated connections of one /24 or /48 (default half the pool: a flood from one network leaves room for others)
	handshakeTimeoutMs?: number; // from accept to a valid proof (default 3 s)
	idleTimeoutMs?: number; // an authenticated hub silent this long is cut (default 120 s, twice the longest probe interval a plan allows): a vanished hub must not hold a slot
	limiter?: FailureLimiter; // shared between the sites of one process
	/** Called once a hub has authenticated: for streams beside the probes (the UDP test stream). */
	onSession?: (session: AgentSession) => SessionHandler | void;
	udpPort?: number | false; // the UDP test stream's port: default the WebSocket port; false = no UDP
	clock?: () => number;
	log?: (line: string) => void;
	/** The words of a notice in the log's language (default English). */
	words?: (notice: AgentNotice) => string;
	/** Each of its notices by code, after its line is logged (the site console words it in its own language). */
	onNotice?: (notice: AgentNotice) => void;
	/** false: open no listening port (a dial-out agent only adopts the sockets it dials). Default true. */
	listen?: boolean;
	/** Dial-out: the hub asks for a second connection for a bandwidth test (its hello carries `bulk: id`). */
	onBulkOpen?: (id: string) => void;
	/** The subprotocols a hub may pick from, newest first (default PROTOCOLS; only an older agent's, in tests). */
	protocols?: readonly string[];
}

/** One authenticated hub connection, as an extension (onSession) sees it. */
export interface AgentSession {
	site: string;
	address: string | undefined;
	/** The session's master key (probes/session-key.ts): derive the UDP sub-key from it. */
	master: Buffer;
	/** Send one message to the hub, sealed like every frame after auth. */
	send(json: string): void;
	close(code: number, reason: string): void;
}

/** What an extension does with the session's frames: onMessage returns true for a message it took. */
export interface SessionHandler {
	onMessage?(message: Message): boolean;
	onClose?(): void;
}

/** A running agent: where it listens, how many connections it holds, how to close it. */
export interface AgentServer {
	site: string;
	url: string;
	host: string;
	port: number;
	connections(): number;
	/** What the listener holds and refused so far. */
	counts(): GuardCounts;
	/**
	 * Serve a hub over a socket this agent dialled (`agent --hub`, probes/agent-dialer.ts): the same
	 * session as an accepted one; the dialler owns its handshake timeout and redials.
	 */
	adopt(ws: WebSocket, socket: Socket, options?: {bulk?: string}): void;
	/** The UDP reflector's port and counters, null when UDP is off. */
	udp: UdpReflector | null;
	close(): Promise<void>;
}

/** Bytes queued to a hub past which the agent stops reading from it until they drain. */
export const MAX_BUFFERED = 1024 * 1024;
/** Sealed frames go to ws as Buffers sent as text (one chunk where ws masks them). */
const TEXT = {binary: false} as const;
/** Frames the agent ignores (check-ins, data of a finished test) allowed per 10 s before it cuts the hub. */
const IGNORED_LIMIT = 200;

/** Start the site-side server of diemcau.v3 (and v2, for an older hub); resolves once it listens. */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
	const {site, token} = options;
	const host = options.host ?? '127.0.0.1';
	const clock = options.clock ?? (() => performance.now());
	const log = options.log ?? (line => process.stderr.write(`${line}\n`));
	const words = options.words ?? agentNoticeEnglish;
	const notify = (notice: AgentNotice) => {
		log(`diemcau agent: ${words(notice)}`);
		options.onNotice?.(notice);
	};
	const sim = options.simulation ?? makeSimulation('good');
	const limiter = options.limiter ?? new FailureLimiter({clock});
	const guard = new ListenerGuard({
		maxConnections: options.maxConnections ?? 1024,
		maxPerAddress: options.maxPerAddress ?? 16,
		preAuthPool: options.preAuthPool ?? 64,
		preAuthPerAddress: options.preAuthPerAddress ?? 2,
		preAuthPerPrefix: options.preAuthPerPrefix ?? Math.max(options.preAuthPerAddress ?? 2, Math.floor((options.preAuthPool ?? 64) / 2)),
		handshakeTimeoutMs: options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS,
		clock,
	});
	const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
	// One sweep for every connection, not a timer each: a hub that vanished without a FIN
	// (cut cable, crashed router) stops pinging, and its slot is freed.
	const lastHeard = new Map<WebSocket, number>();
	const sweep = setInterval(
		() => {
			const now = clock();
			for (const [ws, at] of lastHeard) {
				if (now - at <= idleTimeoutMs) continue;
				lastHeard.delete(ws);
				ws.close(CLOSE.idle, 'no ping for too long');
				setTimeout(() => ws.terminate(), 2000).unref();
			}
		},
		Math.max(50, Math.min(15_000, idleTimeoutMs / 4)),
	);
	sweep.unref();
	const startedAt = clock();

	// Nothing about the site before auth: a plain GET learns only that this speaks WebSocket.
	const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
		res.writeHead(426, {'Content-Type': 'text/plain', Connection: 'close', Upgrade: 'websocket'});
		res.end('Upgrade Required\n');
	};
	const {server, wss} = guardedServer({
		guard,
		path: PROBE_PATH,
		tls: options.tls,
		onRequest,
		onUpgrade: (ws, socket, ticket) => serve(ws, socket, ticket, () => guard.hasRoomForSession()),
		...(options.protocols ? {protocols: options.protocols} : {}),
	});

	let reflector: UdpReflector | null = null; // bound once the WebSocket port is known
	// An accepted socket answers to the guard (its pool, its eviction); a dialled one to its dialler.
	type Admission = Pick<Ticket, 'onEvict' | 'authenticated'>;
	const dialled = new Set<WebSocket>();

	function serve(
		ws: WebSocket,
		socket: Socket,
		ticket: Admission,
		hasRoom: () => boolean,
		hello: {key?: string; bulk?: string} = {},
	): void {
		const address = socket.remoteAddress;
		const agentNonce = newNonce();
		let hubNonce = '';
		let keys: (FrameKeys & {master: Buffer}) | null = null;
		let handler: SessionHandler | void;
		let ready = false;
		let judged = false; // the hub's proof was checked (one try per connection)
		let udp: ReflectorSession | null = null;
		const ignored = new FloodCounter(IGNORED_LIMIT, 10_000);
		// ws masks what we send on a socket we dialled, into a copy of its own before send returns:
		// the channel's scratch buffer may be handed over. An accepted socket's frames are written
		// unmasked, our Buffer as it is and maybe later: each gets its own.
		const masks = dialled.has(ws);
		const send = (json: string, callback?: (error?: Error) => void) => {
			if (!keys || ws.readyState !== ws.OPEN) return;
			ws.send(keys.send.sealBuffer(json, masks), TEXT, callback);
			// A hub that does not read its answers must not grow our memory: stop reading it until they drain.
			if (ws.bufferedAmount > MAX_BUFFERED && !paused) {
				paused = true;
				ws.pause();
				socket.once('drain', () => {
					paused = false;
					ws.resume();
				});
			}
		};
		let paused = false;
		const bandwidth = new AgentBandwidth({send, isOpen: () => ready && ws.readyState === ws.OPEN}, options.rateKbps, clock);
		const shut = (code: number, reason: string) => {
			const graceMs = ready ? 2000 : UNPROVEN_CLOSE_GRACE_MS;
			ready = false;
			if (ws.readyState === ws.OPEN) ws.close(code, reason);
			// A peer that never answers the close does not get to hold the slot for ws's 30 s.
			setTimeout(() => ws.terminate(), graceMs).unref();
		};
		ticket.onEvict(why =>
			shut(
				why === 'handshake-timeout' ? CLOSE.handshakeTimeout : CLOSE.evicted,
				why === 'handshake-timeout' ? 'handshake timeout' : 'too many unauthenticated connections',
			),
		);
		ws.on('error', () => {}); // oversize frames: ws itself closes with 1009
		ws.on('close', () => {
			lastHeard.delete(ws);
			ready = false;
			bandwidth.close();
			handler?.onClose?.();
			udp?.close();
		});
		ws.send(encode({type: 'hello', v: 2, nonce: agentNonce, ...hello}));

		ws.on('message', (data, isBinary) => {
			if (ws.readyState !== ws.OPEN) return;
			const arrived = clock(); // t1 before parsing, so the hub does not count our JSON work as network
			if (isBinary) return shut(CLOSE.unsupported, 'text frames only');
			if (!ready) return handshake(data.toString());
			lastHeard.set(ws, arrived);
			const json = keys!.receive.openBuffer(data as Buffer);
			if (json === null) return shut(CLOSE.badMessage, 'bad MAC');
			const parsed = parseMessage(json);
			if (!parsed.ok) return shut(CLOSE.badMessage, parsed.reason);
			const message = parsed.message;
			switch (message.type) {
				case 'ping': {
					const hold = decide(sim, clock() - startedAt);
					if (hold === null) return;
					const {seq, t0} = message;
					const answer = () => {
						if (ws.readyState !== ws.OPEN) return;
						// A simulated delay is held before t1, so the hub's RTT includes it.
						const t1 = hold > 0 ? clock() : arrived;
						send(encodePong(seq, t0, t1, clock()));
					};
					if (hold > 0) setTimeout(answer, hold);
					else answer();
					return;
				}
				case 'bw-down':
				case 'bw-up':
					return bandwidth.start(message.type === 'bw-down' ? 'down' : 'up', message.id, message.bytes);
				case 'bw-data': {
					const outcome = bandwidth.data(message.id, message.data.length);
					if (outcome === 'too-much') return shut(CLOSE.badMessage, 'more data than announced');
					if (outcome === 'ignored' && ignored.hit(arrived)) return shut(CLOSE.policy, 'too many ignored frames');
					return;
				}
				case 'udp-start':
					if (!udp || !reflector) return send(encode({type: 'udp-off', code: 'no-udp', reason: 'this agent runs without UDP'}));
					if (message.v !== UDP_LAYOUT)
						return send(
							encode({
								type: 'udp-off',
								code: 'layout',
								v: UDP_LAYOUT,
								reason: `the hub speaks another UDP test stream (layout ${message.v ?? 1}, this agent ${UDP_LAYOUT}): run the same diemcau version on both`,
							}),
						);
					udp.openTo(message.port);
					return send(encode({type: 'udp-ready', port: reflector.port, v: UDP_LAYOUT}));
				case 'bulk-open':
					if (!options.onBulkOpen || hello.bulk !== undefined) return shut(CLOSE.policy, 'unexpected bulk-open');
					return options.onBulkOpen(message.id);
				default:
					if (handler?.onMessage?.(message)) return;
					return shut(CLOSE.policy, `unexpected ${message.type}`);
			}
		});

		function handshake(text: string): void {
			const parsed = parseMessage(text);
			if (!parsed.ok) return shut(CLOSE.badMessage, parsed.reason);
			const message = parsed.message;
			if (message.type === 'challenge' && !hubNonce) {
				hubNonce = message.nonce;
				keys = frameKeys('agent', token, site, hubNonce, agentNonce, frameMacOf(ws.protocol) ?? 2);
				ws.send(encode({type: 'proof', mac: agentMac(token, site, hubNonce, agentNonce)}));
				return;
			}
			if (message.type !== 'auth' || !hubNonce || judged) return shut(CLOSE.policy, 'authenticate first');
			judged = true;
			// An address that keeps failing has every proof checked a little later (at most 1 s): guessing
			// slows to a few a second, a valid proof still gets in, never refused.
			const delayMs = limiter.delayFor(address);
			if (delayMs > 0) setTimeout(() => judge(message.mac), delayMs).unref();
			else judge(message.mac);
		}

		function judge(mac: string): void {
			if (ws.readyState !== ws.OPEN) return;
			if (!macEqual(hubMac(token, site, agentNonce, hubNonce), mac)) {
				const failures = limiter.fail(address);
				if (failures === 5 || failures % 100 === 0) {
					notify({code: 'handshake-failures', params: {site, failures, from: String(address)}});
				}
				return shut(CLOSE.authFailed, 'auth failed');
			}
			if (!hasRoom()) return shut(CLOSE.full, 'agent full: maxConnections sessions');
			ticket.authenticated();
			ready = true;
			lastHeard.set(ws, clock());
			send(encode({type: 'auth-ok'}));
			handler = options.onSession?.({site, address, master: keys!.master, send, close: shut});
			// The UDP session of this connection: keyed from this handshake, answering only this hub's address.
			const master = deriveSessionKey(token, site, hubNonce, agentNonce);
			udp = reflector?.open(sessionId(master), subKey(master, 'udp'), address ?? '') ?? null;
		}
	}

	const listening = options.listen !== false;
	if (listening) {
		await new Promise<void>((resolve, reject_) => {
			server.once('error', reject_);
			server.listen(options.port ?? 7700, host, () => {
				server.off('error', reject_);
				resolve();
			});
		});
	}
	const port = listening ? (server.address() as AddressInfo).port : 0;
	if (options.udpPort !== false) {
		// A dial-out agent listens nowhere: its UDP socket takes any port on every interface, and its
		// packets open the NAT's way back to the hub (the agent sends first).
		const udpPort = options.udpPort ?? port;
		try {
			reflector = await UdpReflector.listen(listening ? host : '0.0.0.0', udpPort, sim, clock);
		} catch (error) {
			notify({code: 'udp-port-unavailable', params: {site, port: udpPort, code: (error as NodeJS.ErrnoException).code ?? 'error'}});
		}
	}
	const shownHost = host.includes(':') ? `[${host}]` : host;
	return {
		site,
		host,
		port,
		url: `${options.tls ? 'wss' : 'ws'}://${shownHost}:${port}${PROBE_PATH}`,
		connections: () => guard.counts().open,
		counts: () => guard.counts(),
		adopt(ws, socket, extra = {}) {
			dialled.add(ws);
			ws.once('close', () => dialled.delete(ws));
			// A dialled hub gets the key id of our token: it then checks one token, not all of its plan's.
			serve(ws, socket, {onEvict: () => {}, authenticated: () => {}}, () => true, {
				key: keyId(token),
				...(extra.bulk ? {bulk: extra.bulk} : {}),
			});
		},
		udp: reflector,
		close: () =>
			new Promise<void>(resolve => {
				clearInterval(sweep);
				reflector?.close();
				const clients = [...wss.clients, ...dialled];
				for (const client of clients) client.close(CLOSE.goingAway, 'agent stopping');
				setTimeout(() => {
					for (const client of clients) client.terminate();
				}, 500).unref();
				if (!listening) return resolve();
				server.close(() => resolve());
				server.closeAllConnections?.();
			}),
	};
}
