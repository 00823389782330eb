import http from 'node:http';
import https from 'node:https';
import type {Socket} from 'node:net';
import type {Duplex} from 'node:stream';
import {WebSocketServer} from 'ws';
import type {ListenerGuard, Ticket} from './listener-guard.js';
import {MAX_PAYLOAD, pickProtocol, PROTOCOLS} from './protocol.js';

// The HTTP side every diemcau WebSocket listener shares (the agent's /probe, the hub's /agent):
// every TCP connection counted by the guard at accept time, header and request timeouts of the
// handshake, no compression, maxPayload, our subprotocol only, and an upgrade let through only on
// its path and with a place in the guard's unauthenticated pool.

/** Answer an HTTP request on the raw socket and close it. */
export function reject(socket: Duplex, status: number, text: string): void {
	socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** A guarded listener: `onUpgrade` gets each WebSocket that passed the path and pool checks, with its ticket. */
export function guardedServer(options: {
	guard: ListenerGuard;
	path: string;
	tls?: {cert: string | Buffer; key: string | Buffer};
	onRequest: http.RequestListener;
	onUpgrade: (ws: import('ws').WebSocket, socket: Socket, ticket: Ticket) => void;
	/** The subprotocols spoken, newest first (default PROTOCOLS; only an older peer's, in tests). */
	protocols?: readonly string[];
}): {server: http.Server; wss: WebSocketServer} {
	const {guard, tls, onRequest} = options;
	const server = tls ? https.createServer({cert: tls.cert, key: tls.key}, onRequest) : http.createServer(onRequest);
	server.headersTimeout = guard.options.handshakeTimeoutMs;
	server.requestTimeout = guard.options.handshakeTimeoutMs;
	// A belt under the guard, well above it: sockets the guard has let go are counted by Node until
	// their close event, and a burst of accepts can pass the guard's own figure for a moment; a belt
	// that tight would refuse a hub before the guard could make room for it.
	server.maxConnections = guard.options.maxConnections + 2 * guard.options.preAuthPool + 256;
	server.on('connection', (socket: Socket) => {
		guard.accept(socket);
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	const wss = new WebSocketServer({
		noServer: true,
		maxPayload: MAX_PAYLOAD,
		perMessageDeflate: false,
		clientTracking: true,
		handleProtocols: offered => pickProtocol(offered, options.protocols ?? PROTOCOLS),
	});
	server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		req.socket.setKeepAlive(true, 30_000);
		if ((req.url ?? '').split('?')[0] !== options.path) return reject(socket, 404, 'Not Found');
		const ticket = guard.ticket(req.socket);
		if (!ticket?.waiting) return socket.destroy(); // let go while its request was on the way
		wss.handleUpgrade(req, socket, head, ws => options.onUpgrade(ws, req.socket, ticket));
	});
	return {server, wss};
}
