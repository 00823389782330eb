import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {createNatBed, natUnavailable, type NatBed} from '../helpers/nat.js';
import {skipped, waitFor, watch, type Watched} from './util.js';

// The bed the dial-out tests stand on: a site behind a masquerading router, the hub beyond it with
// no route back. Proven here with plain sockets, so a dial-out failure later is never the bed's.

const PORT = 7700;
const unavailable = natUnavailable();
if (unavailable) skipped('NAT test bed (three namespaces, nft masquerade)', unavailable);

// A TCP and a UDP listener on one port; prints a JSON line per event; echoes each datagram back.
const LISTENER = `
const net = require('node:net'), dgram = require('node:dgram');
const [host, port] = process.argv.slice(1);
const say = line => process.stdout.write(JSON.stringify(line) + '\\n');
const tcp = net.createServer(socket => { say({tcp: socket.remoteAddress}); socket.end('hello\\n'); });
const udp = dgram.createSocket('udp4');
udp.on('message', (msg, from) => { say({udp: from.address, port: from.port}); udp.send(msg, from.port, from.address); });
tcp.listen(Number(port), host, () => udp.bind(Number(port), host, () => say({listening: port})));
`;

// Dials TCP, then sends one datagram and waits for its echo; prints what happened.
const DIALER = `
const net = require('node:net'), dgram = require('node:dgram');
const [host, port] = process.argv.slice(1);
const say = line => process.stdout.write(JSON.stringify(line) + '\\n');
const socket = net.connect(Number(port), host);
socket.setTimeout(5000, () => { say({tcp: 'timeout'}); socket.destroy(); udpTry(); });
socket.on('data', data => { say({tcp: 'connected', got: data.toString().trim()}); socket.end(); udpTry(); });
socket.on('error', error => { say({tcp: 'error', code: error.code}); udpTry(); });
function udpTry() {
  const udp = dgram.createSocket('udp4');
  const timer = setTimeout(() => { say({udp: 'no echo'}); udp.close(); }, 5000);
  udp.on('message', (msg, from) => { clearTimeout(timer); say({udp: 'echo', from: from.address, got: msg.toString()}); udp.close(); });
  udp.on('error', error => { clearTimeout(timer); say({udp: 'error', code: error.code}); udp.close(); });
  udp.send('ping', Number(port), host);
}
`;

let bed: NatBed | undefined;
const children: Watched[] = [];

afterAll(async () => {
	for (const child of children.reverse()) await child.stop();
	bed?.destroy();
});

async function listen(side: 'site' | 'hub', host: string): Promise<Watched> {
	const child = await watch([...bed!.inNs(side), 'node', '-e', LISTENER, host, String(PORT)]);
	children.push(child);
	await waitFor(() => child.lines.some(line => line.listening), `listener in the ${side} namespace`, 20_000);
	return child;
}

async function dial(side: 'site' | 'hub', host: string): Promise<Array<Record<string, any>>> {
	const result = await execa(bed!.inNs(side)[0]!, [...bed!.inNs(side).slice(1), 'node', '-e', DIALER, host, String(PORT)], {
		reject: false,
		timeout: 30_000,
	});
	return result.stdout
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line));
}

describe.skipIf(unavailable !== null)('NAT test bed: site behind a masquerading router, hub beyond it', () => {
	it('site → hub works and the hub sees the router; hub → site has no route', async () => {
		bed = createNatBed('nat');
		const hub = await listen('hub', bed.hub.address);
		const site = await listen('site', bed.site.address);

		// Out from the site: TCP connects, the hub sees the router's wan address, not the site's.
		const out = await dial('site', bed.hub.address);
		expect(out[0]).toEqual({tcp: 'connected', got: 'hello'});
		// UDP sent first from behind the NAT opens a mapping the hub's answer comes back through.
		expect(out[1]).toEqual({udp: 'echo', from: bed.hub.address, got: 'ping'});
		await waitFor(() => hub.lines.filter(line => line.tcp || line.udp).length >= 2, 'the hub saw both', 10_000);
		expect(hub.lines.find(line => line.tcp)).toEqual({tcp: bed.router.wan.address});
		expect(hub.lines.find(line => line.udp)?.udp).toBe(bed.router.wan.address);

		// In from the hub: the site's address is not reachable at all (no route), though it listens.
		const back = await dial('hub', bed.site.address);
		expect(back[0]).toEqual({tcp: 'error', code: 'ENETUNREACH'});
		expect(back[1]).toMatchObject({udp: expect.stringMatching(/^(error|no echo)$/)});
		expect(site.lines.filter(line => line.tcp || line.udp)).toEqual([]);

		// The hub's own routing table says so: nothing leads to the site's network.
		const viaRouter = await execa(bed.inNs('hub')[0]!, [...bed.inNs('hub').slice(1), 'ip', 'route', 'get', bed.site.address], {
			reject: false,
		});
		expect(viaRouter.exitCode).not.toBe(0);
		expect(viaRouter.stderr).toMatch(/unreachable/i);
	});
});
