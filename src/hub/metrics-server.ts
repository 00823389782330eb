import {createServer, type Server} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {ListenerGuard} from '../../probes/listener-guard.js';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import type {HostPort} from '../model/plan/host-port.js';

// The /metrics listener (DESIGN.md "Rules for every listener"): read-only and small. GET (and
// HEAD) /metrics only, nothing writable, no request body ever read, short timeouts, and no detail
// in error replies. Connections go through the listeners' shared ListenerGuard: there is nothing
// to prove here, so every connection stays in its small pool, counted per address at accept
// time; a newcomer evicts the oldest waiting one instead of being refused, and none is kept
// past the scrape's time limit.

/** Limits of the listener; the defaults suit a Prometheus that scrapes every 15 s. */
export interface MetricsServerOptions {
	/** Open connections at most (default 16): a newcomer beyond evicts the oldest. */
	maxConnections?: number;
	/** Per address (default 4 at once, the oldest evicted beyond; twice that refused). */
	maxPerAddress?: number;
	/** A request must arrive whole within this (default 5 s); a connection lasts at most twice that. */
	requestTimeoutMs?: number;
}

/** A listening /metrics endpoint. */
export interface MetricsServer {
	/** http://HOST:PORT/metrics as bound (port 0 becomes the real one). */
	url: string;
	close(): Promise<void>;
}

/** Listen on host:port and answer GET /metrics with `exposition()`. Rejects with a clear message when the port is taken. */
export async function serveMetrics(
	address: HostPort,
	scrape: {exposition(): Promise<Buffer | string>; release?(body: Buffer): void; readonly contentType: string},
	options: MetricsServerOptions = {},
): Promise<MetricsServer> {
	const {maxConnections = 16, maxPerAddress = 4, requestTimeoutMs = 5000} = options;
	const guard = new ListenerGuard({
		maxConnections: 0,
		preAuthPool: maxConnections,
		preAuthPerAddress: maxPerAddress,
		maxPerAddress: maxPerAddress * 2,
		handshakeTimeoutMs: requestTimeoutMs * 2,
	});
	const sockets = new Set<Socket>();
	const server: Server = createServer(
		{requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, keepAliveTimeout: 5000},
		(req, res) => {
			res.setHeader('Cache-Control', 'no-store');
			const path = (req.url ?? '').split('?')[0];
			if (path !== '/metrics') {
				res.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('Not found: this hub serves /metrics only.\n');
				return;
			}
			if (req.method !== 'GET' && req.method !== 'HEAD') {
				res
					.writeHead(405, {Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close'})
					.end('Only GET /metrics.\n');
				return;
			}
			scrape.exposition().then(
				body => {
					res.writeHead(200, {'Content-Type': scrape.contentType, 'Content-Length': Buffer.byteLength(body)});
					// The body's buffer goes back to the exposition once handed to the system in full
					// ('finish'); a response cut short keeps it, for the garbage collector.
					if (typeof body !== 'string' && scrape.release) res.once('finish', () => scrape.release!(body));
					res.end(req.method === 'HEAD' ? undefined : body);
				},
				() =>
					res.writeHead(500, {'Content-Type': 'text/plain; charset=utf-8'}).end('The metrics could not be collected; see the hub log.\n'),
			);
		},
	);
	server.maxHeadersCount = 32;
	server.on('connection', socket => {
		if (!guard.accept(socket)) return;
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			const where = `${address.host}:${address.port}`;
			reject(new DiemcauError('DIEMCAU_METRICS_LISTEN', says('metrics-failed', {where, code: error.code, error: error.message})));
		});
		server.listen(address.port, address.host, () => resolve());
	});
	server.on('error', () => undefined);
	const bound = server.address() as AddressInfo;
	const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
	return {
		url: `http://${host}:${bound.port}/metrics`,
		close: () =>
			new Promise<void>(resolve => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	};
}
