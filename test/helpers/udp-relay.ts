import dgram from 'node:dgram';
import net from 'node:net';

// A relay between a real hub and a real dial-in agent on loopback, standing in for a commune's
// firewall or NAT: it listens on a second loopback address (127.0.0.2 by default), forwards the
// WebSocket (TCP) untouched, and forwards the UDP test stream through one socket on the agent's
// UDP port at that address, dropping a share of packets each way or all of them (`block`).
// The agent sees every connection and packet come from the relay's address, as it would from a
// NAT; the hub sends its stream to the relay because the WebSocket's peer is the relay.

/** What the relay does with UDP now: forward, drop `upPct` % hub → site and `downPct` % site → hub, or drop all. */
export type RelayMode = {kind: 'forward'} | {kind: 'drop'; upPct: number; downPct: number} | {kind: 'block'};

export interface UdpRelay {
	/** The WebSocket URL the hub dials (ws://ADDRESS:PORT/probe). */
	url: string;
	/** Packets forwarded and dropped so far, per direction. */
	counts: {up: {forwarded: number; dropped: number}; down: {forwarded: number; dropped: number}};
	set(mode: RelayMode): void;
	close(): Promise<void>;
}

/** Relay to the agent at 127.0.0.1:`agentPort` (its WebSocket and its UDP reflector share the port number). */
export async function startUdpRelay(agentPort: number, address = '127.0.0.2', agentHost = '127.0.0.1'): Promise<UdpRelay> {
	let mode: RelayMode = {kind: 'forward'};
	const counts = {up: {forwarded: 0, dropped: 0}, down: {forwarded: 0, dropped: 0}};
	const sockets = new Set<net.Socket>();
	const server = net.createServer(client => {
		const upstream = net.connect({host: agentHost, port: agentPort, localAddress: address});
		sockets.add(client).add(upstream);
		const end = () => {
			client.destroy();
			upstream.destroy();
		};
		client.on('error', end).on('close', end);
		upstream.on('error', end).on('close', end);
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, address, () => resolve());
	});
	const tcpPort = (server.address() as net.AddressInfo).port;

	// The agent's UDP port is the one it announces (udp-ready): its listening port's number.
	const udp = dgram.createSocket('udp4');
	await new Promise<void>((resolve, reject) => {
		udp.once('error', reject);
		udp.bind(agentPort, address, () => resolve());
	});
	udp.on('error', () => {});
	let hub: {address: string; port: number} | null = null;
	const pass = (direction: 'up' | 'down'): boolean => {
		if (mode.kind === 'forward') return true;
		if (mode.kind === 'block') return false;
		return Math.random() * 100 >= (direction === 'up' ? mode.upPct : mode.downPct);
	};
	udp.on('message', (packet, from) => {
		const fromAgent = from.address === agentHost && from.port === agentPort;
		if (!fromAgent) hub = {address: from.address, port: from.port};
		const direction = fromAgent ? 'down' : 'up';
		if (!pass(direction)) {
			counts[direction].dropped++;
			return;
		}
		counts[direction].forwarded++;
		if (fromAgent) {
			if (hub) udp.send(packet, hub.port, hub.address);
		} else udp.send(packet, agentPort, agentHost);
	});

	return {
		url: `ws://${address}:${tcpPort}/probe`,
		counts,
		set(next) {
			mode = next;
		},
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
			await new Promise<void>(resolve => udp.close(() => resolve()));
		},
	};
}
