import {mkdtempSync, rmSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {ListenerGuard} from '../../probes/listener-guard.js';
import {waitFor} from '../helpers/wait.js';

// The listener rules on plain sockets, as the control socket and /metrics will use them: real
// net servers (TCP on loopback, a Unix socket), real clients.

const cleanups: Array<() => void> = [];
afterEach(() => {
	for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function serve(listen: (server: net.Server) => void, guard: ListenerGuard) {
	const server = net.createServer(socket => {
		if (!guard.accept(socket)) return;
		socket.on('error', () => {});
		socket.on('data', data => {
			if (data.toString() === 'proof') guard.ticket(socket)?.authenticated();
		});
	});
	await new Promise<void>(resolve => {
		server.once('listening', () => resolve());
		listen(server);
	});
	cleanups.push(() => server.close());
	return server;
}

function connect(options: net.NetConnectOpts) {
	const socket = net.connect(options);
	const state = {socket, closed: false};
	socket.on('error', () => {});
	socket.on('close', () => (state.closed = true));
	cleanups.push(() => socket.destroy());
	return state;
}

describe('ListenerGuard', () => {
	it('keeps 2 waiting per address, lets the oldest go for a newcomer, and never touches a session', async () => {
		const guard = new ListenerGuard({preAuthPool: 64, preAuthPerAddress: 2, maxPerAddress: 4, handshakeTimeoutMs: 60_000});
		const server = await serve(s => s.listen(0, '127.0.0.1'), guard);
		const port = (server.address() as net.AddressInfo).port;
		const session = connect({port, host: '127.0.0.1'});
		await waitFor(() => guard.counts().waiting === 1, 'one waiting');
		session.socket.write('proof');
		await waitFor(() => guard.counts().authenticated === 1, 'a session');
		const a = connect({port, host: '127.0.0.1'});
		await waitFor(() => guard.counts().waiting === 1, 'a waiting');
		const b = connect({port, host: '127.0.0.1'});
		await waitFor(() => guard.counts().waiting === 2, 'b waiting');
		const c = connect({port, host: '127.0.0.1'});
		await waitFor(() => a.closed, 'the oldest waiting one let go');
		expect([b.closed, c.closed, session.closed]).toEqual([false, false, false]);
		// b proves itself; d waits beside c: the address holds 4 = maxPerAddress, so one more is reset at accept, evicting no one.
		b.socket.write('proof');
		await waitFor(() => guard.counts().authenticated === 2, 'b a session');
		const d = connect({port, host: '127.0.0.1'});
		await waitFor(() => guard.counts().open === 4, 'four open');
		const over = connect({port, host: '127.0.0.1'});
		await waitFor(() => over.closed, 'reset past maxPerAddress');
		expect(guard.counts()).toMatchObject({open: 4, waiting: 2, authenticated: 2, evicted: 1, refusedPerAddress: 1});
		expect([b.closed, c.closed, d.closed]).toEqual([false, false, false]);
		expect(session.closed).toBe(false);
	});

	it('gives every Unix-socket connection its own place (no address or port to tell them apart)', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-guard-'));
		cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
		const file = path.join(dir, 'control.sock');
		const guard = new ListenerGuard({preAuthPerAddress: 8, maxPerAddress: 8, handshakeTimeoutMs: 60_000});
		await serve(s => s.listen(file), guard);
		const clients = [connect({path: file}), connect({path: file}), connect({path: file})];
		await waitFor(() => guard.counts().waiting === 3, 'three waiting');
		clients[1]!.socket.write('proof');
		await waitFor(() => guard.counts().authenticated === 1, 'the second authenticated');
		expect(guard.counts()).toMatchObject({open: 3, waiting: 2, authenticated: 1});
		clients[0]!.socket.destroy();
		await waitFor(() => guard.counts().open === 2, 'one gone');
		expect(guard.counts()).toMatchObject({waiting: 1, authenticated: 1});
	});
});
