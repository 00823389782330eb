import type {Socket} from 'node:net';
import {agentNoticeEnglish, type AgentNotice} from '../src/model/agent-notice.js';
import WebSocket from 'ws';
import type {AgentServer} from './agent-server.js';
import {Backoff, type BackoffOptions} from './backoff.js';
import {CLOSE_REPLACED} from './hub-listener.js';
import {DIAL_OUT_HANDSHAKE_MS, MAX_PAYLOAD, PROTOCOLS} from './protocol.js';

// A dial-out agent (`diemcau agent --hub ws[s]://HOST:PORT/agent`): a commune behind NAT opens
// no port; it keeps one connection to the hub and serves the hub over it exactly as if the hub
// had dialled (the agent session of agent-server.ts). When the connection ends it dials again
// after a capped exponential back-off with full jitter (at most 5 s), so a thousand agents do not
// stampede a hub that restarted.

/** Options of the dialler. */
export interface AgentDialerOptions {
	/** ws[s]://HOST:PORT/agent */
	hub: string;
	/** The agent session that serves each dialled socket (startAgentServer with listen: false). */
	agent: AgentServer;
	/** CA certificate(s) to trust for wss:// (a hub with its own certificate). */
	ca?: string | Buffer;
	/** The local address to dial from (a PC with several; benchmarks spread agents over loopback addresses). */
	localAddress?: string;
	backoff?: BackoffOptions;
	log?: (line: string) => void;
	/** The words of a notice in the log's language (default English). */
	words?: (notice: AgentNotice) => string;
	/** Each notice as its code, after its line is logged (the site console words it in its own language). */
	onNotice?: (notice: AgentNotice) => void;
	/** Random source of the back-off jitter (tests). */
	random?: () => number;
	/** The subprotocols offered, newest first (default PROTOCOLS; only an older agent's, in tests). */
	protocols?: readonly string[];
}

/** A running dialler. */
export interface AgentDialer {
	/** Whether a socket to the hub is open now. */
	connected(): boolean;
	/** The hub asked for a bandwidth test's own connection (`bulk-open`): dial it once, never again. */
	dialBulk(id: string): void;
	stop(): Promise<void>;
}

/** A connection that lasted this long was a working one: the next redial starts the back-off over. */
const WORKED_MS = 5000;

/** Why the hub closed a working connection, as a notice. */
function describeClose(code: number, reason: string, retryS: number): AgentNotice {
	if (code === 4401) return {code: 'refused-proof', params: {retryS}};
	if (code === CLOSE_REPLACED) return {code: 'replaced', params: {retryS}};
	if (code === 1001) return {code: 'hub-stopping', params: {retryS}};
	return {code: 'closed', params: {status: code, reason, retryS}};
}

/** Dial the hub and keep dialling; each open socket is handed to `agent.adopt`. */
export function startAgentDialer(options: AgentDialerOptions): AgentDialer {
	const log = options.log ?? (line => process.stderr.write(`${line}\n`));
	const backoff = new Backoff(options.backoff, options.random);
	let ws: WebSocket | null = null;
	let open = false;
	let stopped = false;
	let timer: NodeJS.Timeout | undefined;
	let lastSaid = '';
	const words = options.words ?? agentNoticeEnglish;
	const say = (notice: AgentNotice) => {
		// Once per change, not once per redial: a hub down for an hour is one line, not 3,000.
		const line = words(notice);
		if (line === lastSaid) return;
		lastSaid = line;
		log(`diemcau agent: ${line}`);
		options.onNotice?.(notice);
	};

	const open_ = () =>
		new WebSocket(options.hub, [...(options.protocols ?? PROTOCOLS)], {
			perMessageDeflate: false,
			maxPayload: MAX_PAYLOAD,
			handshakeTimeout: DIAL_OUT_HANDSHAKE_MS,
			followRedirects: false,
			...(options.ca ? {ca: options.ca} : {}),
			...(options.localAddress ? {localAddress: options.localAddress} : {}),
		});
	const bulks = new Set<WebSocket>();

	function dial(): void {
		if (stopped) return;
		let socket: Socket | null = null;
		let openedAt = 0;
		let why = '';
		const current = open_();
		ws = current;
		current.on('upgrade', response => {
			socket = response.socket as Socket;
		});
		current.on('error', error => {
			why ||= (error as NodeJS.ErrnoException).code ?? error.message;
		});
		current.on('open', () => {
			open = true;
			openedAt = performance.now();
			say({code: 'connected', params: {hub: options.hub}});
			// A hub that took the socket but never challenges is no hub: do not wait on it forever.
			const silent = setTimeout(() => current.terminate(), DIAL_OUT_HANDSHAKE_MS);
			current.once('message', () => clearTimeout(silent));
			current.once('close', () => clearTimeout(silent));
			// ws emits 'upgrade' (with the response whose socket the connection runs on) before 'open'.
			if (socket) options.agent.adopt(current, socket);
			else current.terminate();
		});
		current.on('close', (code, reason) => {
			open = false;
			if (ws === current) ws = null;
			if (stopped) return;
			if (openedAt > 0 && performance.now() - openedAt >= WORKED_MS) backoff.reset();
			const wait = code === CLOSE_REPLACED ? backoff.capMs : backoff.next();
			const retryS = Math.ceil(backoff.capMs / 1000);
			say(
				openedAt > 0
					? describeClose(code, reason.toString(), retryS)
					: {code: 'unreachable', params: {hub: options.hub, why: why || `closed ${code}`, retryS}},
			);
			timer = setTimeout(dial, wait);
		});
	}

	dial();
	return {
		connected: () => open,
		dialBulk(id) {
			if (stopped || bulks.size >= 2) return; // one test at a time (and one being torn down)
			const bulk = open_();
			bulks.add(bulk);
			let socket: Socket | null = null;
			bulk.on('upgrade', response => {
				socket = response.socket as Socket;
			});
			bulk.on('error', () => {});
			bulk.on('close', () => bulks.delete(bulk));
			bulk.on('open', () => {
				if (socket) options.agent.adopt(bulk, socket, {bulk: id});
				else bulk.terminate();
			});
			// A test lasts seconds; a bulk connection left open by a vanished hub does not linger.
			setTimeout(() => bulk.terminate(), 120_000).unref();
		},
		stop: async () => {
			stopped = true;
			clearTimeout(timer);
			for (const bulk of bulks) bulk.terminate();
			const current = ws;
			if (!current || current.readyState === current.CLOSED) return;
			await new Promise<void>(resolve => {
				current.once('close', () => resolve());
				current.close(1001, 'agent stopping');
				setTimeout(() => current.terminate(), 1000).unref();
			});
		},
	};
}
