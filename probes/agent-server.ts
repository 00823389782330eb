import http from 'node:http';
import https from 'node:https';
import type {AddressInfo} from 'node:net';
import type {Duplex} from 'node:stream';
import {WebSocketServer, type WebSocket} from 'ws';
import {AgentBandwidth} from './agent-bandwidth.js';
import {agentMac, AuthLimiter, hubMac, macEqual, newNonce} from './auth.js';
import {CLOSE, encode, encodePong, HANDSHAKE_TIMEOUT_MS, MAX_PAYLOAD, parseMessage, PROBE_PATH, PROTOCOL} from './protocol.js';
import {decide, makeSimulation, type Simulation} from './simulation.js';
import {deriveSessionKey, sessionId, subKey} from './session-key.js';
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
	maxPerAddress?: number; // concurrent connections from one remote address (default 16)
	maxConnections?: number; // all connections (default 1024)
	handshakeTimeoutMs?: number; // default 10 s
	idleTimeoutMs?: number; // an authenticated hub silent this long is cut (default 120 s, twice the longest probe interval a plan allows): a vanished hub must not hold a slot
	limiter?: AuthLimiter; // shared between the sites of one process
	udpPort?: number | false; // the UDP test stream's port: default the WebSocket port; false = no UDP
	clock?: () => number;
	log?: (line: string) => void;
}

/** A running agent: where it listens, how many connections it holds, how to close it. */
export interface AgentServer {
	site: string;
	url: string;
	host: string;
	port: number;
	connections(): number;
	/** The UDP reflector's port and counters, null when UDP is off. */
	udp: UdpReflector | null;
	close(): Promise<void>;
}

function reject(socket: Duplex, status: number, text: string): void {
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Start the site-side server of diemcau.v1; resolves once it listens. */
export async function startAgentServer(options: AgentServerOptions): Promise<AgentServer> {
	const {site, token} = options;
	const host = options.host ?? '127.0.0.1';
	const clock = options.clock ?? (() => performance.now());
	const log = options.log ?? (line => process.stderr.write(`${line}\n`));
	const sim = options.simulation ?? makeSimulation('good');
	const limiter = options.limiter ?? new AuthLimiter({clock, log});
	const maxPerAddress = options.maxPerAddress ?? 16;
	const maxConnections = options.maxConnections ?? 1024;
	const handshakeTimeoutMs = options.handshakeTimeoutMs ?? HANDSHAKE_TIMEOUT_MS;
	const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
	// One sweep for every connection, not a timer each: a hub that vanished without a FIN
	// (cut cable, crashed router) stops pinging, and its slot is freed.
	const lastHeard = new Map<WebSocket, number>();
	const sweep = setInterval(() => {
		const now = clock();
		for (const [ws, at] of lastHeard) {
			if (now - at <= idleTimeoutMs) continue;
			lastHeard.delete(ws);
			ws.close(CLOSE.idle, 'no ping for too long');
			setTimeout(() => ws.terminate(), 2000).unref();
		}
	}, Math.max(50, Math.min(15_000, idleTimeoutMs / 4)));
	sweep.unref();
	const startedAt = clock();
	const perAddress = new Map<string, number>();
	let total = 0;
	let reflector: UdpReflector | null = null; // bound once the WebSocket port is known

	const onRequest = (_req: http.IncomingMessage, res: http.ServerResponse) => {
		res.writeHead(426, {'Content-Type': 'text/plain', Connection: 'close'});
		res.end(`diemcau agent for site ${site}: connect with WebSocket to ${PROBE_PATH}\n`);
	};
	const server = options.tls ? https.createServer({cert: options.tls.cert, key: options.tls.key}, onRequest) : http.createServer(onRequest);
	server.headersTimeout = handshakeTimeoutMs;
	server.requestTimeout = handshakeTimeoutMs;
	server.on('clientError', (_error, socket) => socket.destroy());
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_PAYLOAD,
		perMessageDeflate: false,
		clientTracking: true,
		handleProtocols: protocols => (protocols.has(PROTOCOL) ? PROTOCOL : false),
	});

	server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		req.socket.setKeepAlive(true, 30_000);
		const address = req.socket.remoteAddress ?? 'unknown';
		if ((req.url ?? '').split('?')[0] !== PROBE_PATH) return reject(socket, 404, 'Not Found');
		if (limiter.blockedFor(address) > 0) return reject(socket, 429, 'Too Many Requests');
		const count = perAddress.get(address) ?? 0;
		if (count >= maxPerAddress || total >= maxConnections) return reject(socket, 503, 'Service Unavailable');
		perAddress.set(address, count + 1);
		total++;
		socket.once('close', () => {
			total--;
			const left = (perAddress.get(address) ?? 1) - 1;
			if (left <= 0) perAddress.delete(address);
			else perAddress.set(address, left);
		});
		wss.handleUpgrade(req, socket, head, ws => serve(ws, address));
	});

	function serve(ws: WebSocket, address: string): void {
		const agentNonce = newNonce();
		let hubNonce = '';
		let ready = false;
		let udp: ReflectorSession | null = null;
		const bandwidth = new AgentBandwidth(ws, options.rateKbps, clock);
		const shut = (code: number, reason: string) => {
			ready = false;
			if (ws.readyState === ws.OPEN) ws.close(code, reason);
			// A peer that never answers the close does not get to hold the slot for ws's 30 s.
			setTimeout(() => ws.terminate(), 2000).unref();
		};
		const handshake = setTimeout(() => shut(CLOSE.handshakeTimeout, 'handshake timeout'), handshakeTimeoutMs);
		ws.on('error', () => {}); // oversize frames: ws itself closes with 1009
		ws.on('close', () => {
			clearTimeout(handshake);
			lastHeard.delete(ws);
			ready = false;
			bandwidth.close();
			udp?.close();
		});
		ws.send(encode({type: 'hello', v: 1, site, nonce: agentNonce}));

		ws.on('message', (data, isBinary) => {
			if (ws.readyState !== ws.OPEN) return;
			const arrived = clock(); // t1 before parsing, so the hub does not count our JSON work as network
			if (ready) lastHeard.set(ws, arrived);
			if (isBinary) return shut(CLOSE.unsupported, 'text frames only');
			const parsed = parseMessage(data.toString());
			if (!parsed.ok) return shut(CLOSE.badMessage, parsed.reason);
			const message = parsed.message;
			if (!ready) {
				if (message.type !== 'auth' || hubNonce) return shut(CLOSE.policy, 'authenticate first');
				hubNonce = message.nonce;
				if (message.site !== site || !macEqual(hubMac(token, site, agentNonce, message.nonce), message.mac)) {
					limiter.fail(address, site);
					return shut(CLOSE.authFailed, 'auth failed');
				}
				limiter.succeed(address);
				clearTimeout(handshake);
				ready = true;
				lastHeard.set(ws, clock());
				ws.send(encode({type: 'auth-ok', mac: agentMac(token, site, hubNonce, agentNonce)}));
				// The UDP session of this connection (issue 10): keyed from this handshake, answering only this hub's address.
				const master = deriveSessionKey(token, site, hubNonce, agentNonce);
				udp = reflector?.open(sessionId(master), subKey(master, 'udp'), address) ?? null;
				return;
			}
			switch (message.type) {
				case 'ping': {
					const hold = decide(sim, clock() - startedAt);
					if (hold === null) return;
					const {seq, t0} = message;
					const answer = () => {
						if (ws.readyState !== ws.OPEN) return;
						// A simulated delay is held before t1, so the hub's RTT includes it.
						const t1 = hold > 0 ? clock() : arrived;
						ws.send(encodePong(seq, t0, t1, clock()));
					};
					if (hold > 0) setTimeout(answer, hold);
					else answer();
					return;
				}
				case 'bw-down':
				case 'bw-up':
					return bandwidth.start(message.type === 'bw-down' ? 'down' : 'up', message.id, message.bytes);
				case 'bw-data':
					if (!bandwidth.data(message.id, message.data.length)) shut(CLOSE.badMessage, 'more data than announced');
					return;
				case 'checkin':
					return; // reserved: check-ins flow from the site to the hub
				case 'udp-start':
					if (!udp || !reflector) return void ws.send(encode({type: 'udp-off', reason: 'this agent runs without UDP'}));
					udp.openTo(message.port);
					return void ws.send(encode({type: 'udp-ready', port: reflector.port}));
				default:
					return shut(CLOSE.policy, `unexpected ${message.type}`);
			}
		});
	}

	await new Promise<void>((resolve, reject_) => {
		server.once('error', reject_);
		server.listen(options.port ?? 7700, host, () => {
			server.off('error', reject_);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	if (options.udpPort !== false) {
		const udpPort = options.udpPort ?? port;
		try {
			reflector = await UdpReflector.listen(host, udpPort, sim, clock);
		} catch (error) {
			log(`diemcau agent: site=${site}: cannot open UDP port ${udpPort} (${(error as NodeJS.ErrnoException).code ?? 'error'}): the UDP test stream is off; pass --udp-port N`);
		}
	}
	const shownHost = host.includes(':') ? `[${host}]` : host;
	return {
		site,
		host,
		port,
		url: `${options.tls ? 'wss' : 'ws'}://${shownHost}:${port}${PROBE_PATH}`,
		connections: () => total,
		udp: reflector,
		close: () =>
			new Promise<void>(resolve => {
				clearInterval(sweep);
				reflector?.close();
				for (const client of wss.clients) client.close(CLOSE.goingAway, 'agent stopping');
				setTimeout(() => {
					for (const client of wss.clients) client.terminate();
				}, 500).unref();
				server.close(() => resolve());
				server.closeAllConnections?.();
			}),
	};
}
