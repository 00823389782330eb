import {createServer, type Server} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {DiemcauError} from '../errors.js';
import type {HostPort} from '../model/host-port.js';

// The /metrics listener (DESIGN.md "Rules for every listener"): read-only and small. GET (and
// HEAD) /metrics only, nothing writable, no request body ever read, short timeouts, a cap on
// connections so a flood of idle sockets cannot starve the hub, and no detail in error replies.

/** Limits of the listener; the defaults suit a Prometheus that scrapes every 15 s. */
export interface MetricsServerOptions {
	/** Open connections at most (default 16); more are closed at once. */
	maxConnections?: number;
	/** Per address (default 4). */
	maxPerAddress?: number;
	/** A request must arrive whole within this (default 5 s). */
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
	scrape: {exposition(): Promise<Buffer | string>; readonly contentType: string},
	options: MetricsServerOptions = {},
): Promise<MetricsServer> {
	const {maxConnections = 16, maxPerAddress = 4, requestTimeoutMs = 5000} = options;
	const perAddress = new Map<string, number>();
	const sockets = new Set<Socket>();
	const server: Server = createServer({requestTimeout: requestTimeoutMs, headersTimeout: requestTimeoutMs, keepAliveTimeout: 5000}, (req, res) => {
		res.setHeader('Cache-Control', 'no-store');
		const path = (req.url ?? '').split('?')[0];
		if (path !== '/metrics') {
			res.writeHead(404, {'Content-Type': 'text/plain; charset=utf-8'}).end('Not found: this hub serves /metrics only.\n');
			return;
		}
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			res.writeHead(405, {Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close'}).end('Only GET /metrics.\n');
			return;
		}
		scrape.exposition().then(
			body => {
				res.writeHead(200, {'Content-Type': scrape.contentType, 'Content-Length': Buffer.byteLength(body)});
				res.end(req.method === 'HEAD' ? undefined : body);
			},
			() => res.writeHead(500, {'Content-Type': 'text/plain; charset=utf-8'}).end('The metrics could not be collected; see the hub log.\n'),
		);
	});
	server.maxHeadersCount = 32;
	server.on('connection', socket => {
		const who = socket.remoteAddress ?? '?';
		const count = (perAddress.get(who) ?? 0) + 1;
		if (sockets.size >= maxConnections || count > maxPerAddress) {
			socket.destroy();
			return;
		}
		perAddress.set(who, count);
		sockets.add(socket);
		socket.setTimeout(requestTimeoutMs * 2, () => socket.destroy());
		socket.once('close', () => {
			sockets.delete(socket);
			const left = (perAddress.get(who) ?? 1) - 1;
			if (left <= 0) perAddress.delete(who);
			else perAddress.set(who, left);
		});
	});
	server.on('clientError', (_error, socket) => socket.destroy());
	await new Promise<void>((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			const where = `${address.host}:${address.port}`;
			const why =
				error.code === 'EADDRINUSE'
					? `${where} is already in use (another hub, or another exporter): choose another port`
					: error.code === 'EADDRNOTAVAIL'
						? `${where} is not an address of this machine`
						: error.code === 'EACCES'
							? `${where} needs more privileges (use a port above 1024)`
							: `${where}: ${error.message}`;
			reject(new DiemcauError('DIEMCAU_METRICS_LISTEN', `cannot serve /metrics on ${why}.`));
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
