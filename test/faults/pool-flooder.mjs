// A pre-auth pool flooder, run as its own process (so its load does not slow the test's hub):
// from each of ADDRESSES it holds PER connections to a diemcau agent, each doing the cheap part of
// the handshake (HTTP upgrade, then a challenge) and then waiting forever; every connection that
// is closed is dialled again RECONNECT ms later. Plain sockets and a hand-built frame: nothing to
// learn from the agent's own code. Stops after DURATION ms or on SIGTERM and prints its counts
// as one JSON line.
//
//   node pool-flooder.mjs HOST PORT PATH PER RECONNECT DURATION ADDRESS...

import {randomBytes} from 'node:crypto';
import net from 'node:net';

const [host, portText, path, perText, reconnectText, durationText, ...addresses] = process.argv.slice(2);
const port = Number(portText);
const per = Number(perText);
const reconnectMs = Number(reconnectText);
const counts = {dials: 0, upgraded: 0, closed: 0, errors: 0, addresses: addresses.length};
let stopping = false;
const sockets = new Set();

function frame(text) {
	const payload = Buffer.from(text);
	const mask = randomBytes(4);
	const head =
		payload.length < 126
			? Buffer.from([0x81, 0x80 | payload.length])
			: Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
	const body = Buffer.alloc(payload.length);
	for (let i = 0; i < payload.length; i++) body[i] = payload[i] ^ mask[i % 4];
	return Buffer.concat([head, mask, body]);
}

function dial(localAddress) {
	if (stopping) return;
	counts.dials++;
	const socket = net.connect({host, port, localAddress});
	sockets.add(socket);
	let upgraded = false;
	socket.setNoDelay(true);
	socket.on('connect', () => {
		const key = randomBytes(16).toString('base64');
		socket.write(
			`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: diemcau.v2\r\n\r\n`,
		);
	});
	socket.on('data', data => {
		if (upgraded || !data.toString('latin1').startsWith('HTTP/1.1 101')) return;
		upgraded = true;
		counts.upgraded++;
		if (process.env.FLOOD_FRAME !== 'none')
			socket.write(frame(JSON.stringify({type: 'challenge', nonce: randomBytes(24).toString('base64url')})));
	});
	socket.on('error', () => counts.errors++);
	socket.on('close', () => {
		sockets.delete(socket);
		counts.closed++;
		if (!stopping) setTimeout(() => dial(localAddress), reconnectMs);
	});
}

function stop() {
	if (stopping) return;
	stopping = true;
	for (const socket of sockets) socket.destroy();
	process.stdout.write(`${JSON.stringify(counts)}\n`);
	setTimeout(() => process.exit(0), 100);
}

process.on('SIGTERM', stop);
process.on('SIGINT', stop);
setTimeout(stop, Number(durationText)).unref();
for (const address of addresses) for (let i = 0; i < per; i++) dial(address);
setInterval(() => process.stdout.write(`${JSON.stringify({...counts, open: sockets.size})}\n`), 2000);
