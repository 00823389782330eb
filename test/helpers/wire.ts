import {createHash} from 'node:crypto';
import {WebSocketServer, type WebSocket as ServerSocket} from 'ws';
import WebSocket from 'ws';
import {agentMac, hubMac, macEqual, newNonce} from '../../probes/auth.js';
import {frameKeys, type FrameKeys} from '../../probes/frame-mac.js';
import {frameMacOf, PROTOCOL_V2} from '../../probes/protocol.js';

// Raw diemcau.v2 (or v3, when asked) on loopback for tests: a hub client that does the handshake by hand (to send
// what a real hub never would), and a hostile agent server that does it right and then misbehaves.
// Built on the project's own auth and frame-MAC modules, never on mocks of them.

/** A strong test token (≥ 128 bits) derived from a short name, the same for every call with that name. */
export function testToken(name: string): string {
	return `${name}-${createHash('sha256').update(`diemcau test token ${name}`).digest('base64url').slice(0, 32)}`;
}

/** One raw hub-side connection: every message it got (opened when sealed), how it closed, and how to send. */
export interface RawHub {
	ws: WebSocket;
	messages: any[];
	closed: null | {code: number; reason: string};
	error: null | Error;
	keys: FrameKeys | null;
	/** Send a message sealed with the session key (after auth) or plain (before). */
	send(message: unknown): void;
}

/** Dial `url` as a hub would (subprotocol diemcau.v2, an older hub's, unless `protocols` says), without a handshake yet. */
export function rawHub(url: string, options: {localAddress?: string; protocols?: string[]} = {}): RawHub {
	const {protocols = [PROTOCOL_V2], ...rest} = options;
	const ws = new WebSocket(url, protocols, {perMessageDeflate: false, handshakeTimeout: 30_000, ...rest});
	const state: RawHub = {
		ws,
		messages: [],
		closed: null,
		error: null,
		keys: null,
		send(message) {
			const text = typeof message === 'string' ? message : JSON.stringify(message);
			ws.send(state.keys ? state.keys.send.seal(text) : text);
		},
	};
	let authed = false;
	ws.on('message', data => {
		let text = data.toString();
		if (state.keys && authed) {
			const json = state.keys.receive.open(text);
			if (json === null) return state.messages.push({type: 'BAD-MAC'});
			text = json;
		}
		try {
			const message = JSON.parse(text);
			if (message.type === 'auth-ok') authed = true;
			state.messages.push(message);
		} catch {
			state.messages.push({type: 'NOT-JSON', text});
		}
	});
	// The agent's auth-ok is the first sealed frame: open it as soon as our auth went out.
	const send = state.send;
	state.send = message => {
		send(message);
		if (typeof message === 'object' && message !== null && (message as {type?: string}).type === 'auth') authed = true;
	};
	ws.on('close', (code, reason) => (state.closed = {code, reason: reason.toString()}));
	ws.on('error', error => (state.error = error));
	return state;
}

async function until<T>(check: () => T | undefined | null | false, what: string, ms = 10_000): Promise<T> {
	const deadline = performance.now() + ms;
	for (;;) {
		const value = check();
		if (value) return value;
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/**
 * Do the hub's side of the handshake on `hub` with `token`: challenge, check the agent's proof,
 * answer with ours. Resolves with the agent's proof once sent (not waiting for auth-ok), or
 * 'bad-proof' when the agent's proof does not check out (nothing of ours is sent then).
 */
export async function handshake(hub: RawHub, token: string, site: string): Promise<{hello: any; hubNonce: string} | 'bad-proof'> {
	const hello = await until(() => hub.messages.find(m => m.type === 'hello'), 'hello');
	const hubNonce = newNonce();
	hub.send({type: 'challenge', nonce: hubNonce});
	const proof = await until(() => hub.messages.find(m => m.type === 'proof') ?? hub.closed, 'proof');
	if (!('mac' in proof) || !macEqual(agentMac(token, site, hubNonce, hello.nonce), proof.mac)) return 'bad-proof';
	const keys = frameKeys('hub', token, site, hubNonce, hello.nonce, frameMacOf(hub.ws.protocol) ?? 2);
	hub.send({type: 'auth', mac: hubMac(token, site, hello.nonce, hubNonce)});
	hub.keys = keys;
	return {hello, hubNonce};
}

/** Handshake, then wait for the agent's (sealed) auth-ok. */
export async function authenticate(hub: RawHub, token: string, site: string): Promise<void> {
	const result = await handshake(hub, token, site);
	if (result === 'bad-proof') throw new Error('the agent proof did not check out');
	await until(() => hub.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
}

/** What a hostile agent does once a hub dialled it. */
export interface HostileSession {
	ws: ServerSocket;
	/** Send sealed (after auth) or plain. */
	send(message: unknown): void;
	keys: FrameKeys | null;
	received: any[];
}

/**
 * A diemcau.v2 agent server (an older agent's; v3 too when `protocols` says) on 127.0.0.1 that authenticates like the real one (when it knows the
 * token) and then hands every opened frame to `onMessage`, or, before auth, to `onConnect`.
 */
export async function hostileAgent(options: {
	site: string;
	token?: string; // without it, the handshake stops at hello: for close-reason tricks
	onConnect?: (session: HostileSession) => void;
	onReady?: (session: HostileSession) => void;
	onMessage?: (session: HostileSession, message: any) => void;
	protocols?: string[];
}): Promise<{url: string; close(): Promise<void>; sessions: HostileSession[]}> {
	const ours = options.protocols ?? [PROTOCOL_V2];
	const wss = new WebSocketServer({
		host: '127.0.0.1',
		port: 0,
		perMessageDeflate: false,
		handleProtocols: offered => ours.find(protocol => offered.has(protocol)) ?? false,
	});
	await new Promise(resolve => wss.once('listening', resolve));
	const sessions: HostileSession[] = [];
	wss.on('connection', ws => {
		const agentNonce = newNonce();
		let hubNonce = '';
		let ready = false;
		const session: HostileSession = {
			ws,
			keys: null,
			received: [],
			send(message) {
				const text = typeof message === 'string' ? message : JSON.stringify(message);
				if (ws.readyState === ws.OPEN) ws.send(ready && session.keys ? session.keys.send.seal(text) : text);
			},
		};
		sessions.push(session);
		ws.on('error', () => {});
		ws.send(JSON.stringify({type: 'hello', v: 2, nonce: agentNonce}));
		options.onConnect?.(session);
		ws.on('message', data => {
			let text = data.toString();
			if (ready && session.keys) {
				const json = session.keys.receive.open(text);
				if (json === null) return;
				text = json;
			}
			const message = JSON.parse(text);
			session.received.push(message);
			if (!options.token) return options.onMessage?.(session, message);
			if (message.type === 'challenge') {
				hubNonce = message.nonce;
				session.keys = frameKeys('agent', options.token, options.site, hubNonce, agentNonce, frameMacOf(ws.protocol) ?? 2);
				ws.send(JSON.stringify({type: 'proof', mac: agentMac(options.token, options.site, hubNonce, agentNonce)}));
			} else if (message.type === 'auth' && !ready) {
				ready = true;
				session.send({type: 'auth-ok'});
				options.onReady?.(session);
			} else {
				options.onMessage?.(session, message);
			}
		});
	});
	const port = (wss.address() as {port: number}).port;
	return {
		url: `ws://127.0.0.1:${port}/probe`,
		sessions,
		close: () =>
			new Promise<void>(resolve => {
				for (const client of wss.clients) client.terminate();
				wss.close(() => resolve());
			}),
	};
}
