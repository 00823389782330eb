import dgram from 'node:dgram';
import WebSocket from 'ws';
import {hubMac, newNonce} from '../../probes/auth.js';
import {frameKeys, type FrameKeys} from '../../probes/frame-mac.js';
import {encode, parseMessage, PROTOCOL_V2, type Message} from '../../probes/protocol.js';
import {deriveSessionKey, sessionId, subKey} from '../../probes/session-key.js';
import type {SipKey} from '../../probes/siphash.js';
import {KIND, LAYOUT, MIN_PACKET, macKey, sessionTag, writePacket} from '../../probes/udp-packet.js';

// A hub of the test's own for the UDP tests: it authenticates to a real agent with the real
// handshake (the project's own auth functions), opens the connection's UDP session, and so
// knows the session's id and key, to send valid packets, replays, wrong MACs, floods.
// The handshake lives only here, so a protocol change is one edit.

/** An authenticated connection with its UDP session, from the hub's side. */
export interface UdpPeer {
	ws: WebSocket;
	socket: dgram.Socket;
	id: string;
	key: SipKey;
	/** The connection's session key (deriveSessionKey): a real UdpHub can open the same session with it. */
	master: Buffer;
	agentPort: number;
	/** Every packet the agent sent to our UDP socket (reflections and opens). */
	received: Buffer[];
	/** A signed test packet of this session. */
	packet(seq: number, options?: {length?: number; key?: SipKey; session?: string}): Buffer;
	send(packet: Buffer, from?: dgram.Socket): void;
	close(): Promise<void>;
}

/** Connect to the agent at `url` as the hub of `site` with `token`, and open the UDP session. */
export async function connectUdpPeer(url: string, site: string, token: string): Promise<UdpPeer> {
	const socket = dgram.createSocket('udp4');
	await new Promise<void>(resolve => socket.bind(0, '127.0.0.1', resolve));
	const received: Buffer[] = [];
	socket.on('message', packet => received.push(packet));
	const ws = new WebSocket(url, PROTOCOL_V2);
	const messages: Message[] = [];
	let wake = () => {};
	let keys: FrameKeys | null = null;
	let sealed = false;
	ws.on('message', data => {
		let text = data.toString();
		if (sealed && keys) text = keys.receive.open(text) ?? '';
		const parsed = parseMessage(text);
		if (parsed.ok) messages.push(parsed.message);
		wake();
	});
	const next = (type: string) =>
		new Promise<Message>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no ${type} from the agent`)), 10_000);
			const look = () => {
				const at = messages.findIndex(m => m.type === type);
				if (at < 0) return;
				clearTimeout(timer);
				resolve(messages.splice(at, 1)[0]!);
			};
			wake = look;
			look();
		});
	// diemcau.v2: hello, our challenge, the agent's proof, our auth, then every frame sealed.
	const hello = (await next('hello')) as Extract<Message, {type: 'hello'}>;
	const hubNonce = newNonce();
	ws.send(encode({type: 'challenge', nonce: hubNonce}));
	await next('proof');
	keys = frameKeys('hub', token, site, hubNonce, hello.nonce);
	sealed = true;
	ws.send(encode({type: 'auth', mac: hubMac(token, site, hello.nonce, hubNonce)}));
	await next('auth-ok');
	const master = deriveSessionKey(token, site, hubNonce, hello.nonce);
	ws.send(keys.send.seal(encode({type: 'udp-start', port: socket.address().port, v: LAYOUT})));
	const ready = (await next('udp-ready')) as Extract<Message, {type: 'udp-ready'}>;
	const id = sessionId(master);
	const key = macKey(subKey(master, 'udp'));
	return {
		ws,
		socket,
		id,
		key,
		master,
		agentPort: ready.port,
		received,
		packet: (seq, options = {}) =>
			writePacket(
				Buffer.alloc(options.length ?? MIN_PACKET),
				{
					kind: KIND.test,
					flags: 0,
					session: sessionTag(options.session ?? id),
					seq,
					t0: performance.now(),
					rSeq: 0,
					rCount: 0,
					t1: 0,
					t2: 0,
					rReordered: 0,
				},
				options.key ?? key,
			),
		send: (packet, from = socket) => from.send(packet, ready.port, '127.0.0.1'),
		// Bounded: an already closed socket resolves at once (its 'close' event is long gone), and one
		// whose close handshake is not answered within 2 s is cut (ws alone would wait 30 s).
		close: async () => {
			if (ws.readyState === WebSocket.CLOSED) return;
			const closed = new Promise(resolve => ws.once('close', resolve));
			ws.close();
			const cut = setTimeout(() => ws.terminate(), 2000);
			await closed;
			clearTimeout(cut);
		},
	};
}

/** Reflections among received packets (not the agent's `open` packets). */
export function reflections(packets: readonly Buffer[]): Buffer[] {
	return packets.filter(packet => packet[0] === KIND.reflect);
}
