import {afterEach, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {agentMac, AuthLimiter, hubMac, macEqual, newNonce} from '../../probes/auth.js';
import {startAgentServer, type AgentServer, type AgentServerOptions} from '../../probes/agent-server.js';
import {parseMessage, PROTOCOL} from '../../probes/protocol.js';
import {waitFor} from '../helpers/wait.js';

// The agent's side of diemcau.v1, in process, spoken to by raw ws clients on loopback.

const TOKEN = 'correct horse battery staple';
const servers: AgentServer[] = [];
const sockets: WebSocket[] = [];

afterEach(async () => {
	for (const ws of sockets.splice(0)) ws.terminate();
	await Promise.all(servers.splice(0).map(server => server.close()));
});

async function agent(options: Partial<AgentServerOptions> = {}): Promise<AgentServer> {
	const server = await startAgentServer({site: 'pho-an', token: TOKEN, port: 0, log: () => {}, ...options});
	servers.push(server);
	return server;
}

/** A raw client that records every message and how the socket closed. */
function client(url: string) {
	const ws = new WebSocket(url, PROTOCOL, {perMessageDeflate: false});
	sockets.push(ws);
	const messages: any[] = [];
	const state = {ws, messages, closed: null as null | {code: number; reason: string}, error: null as null | Error};
	ws.on('message', data => messages.push(JSON.parse(data.toString())));
	ws.on('close', (code, reason) => (state.closed = {code, reason: reason.toString()}));
	ws.on('error', error => (state.error = error));
	return state;
}


/** Complete the hub side of the handshake; returns the auth message sent. */
async function authenticate(c: ReturnType<typeof client>, token = TOKEN, site = 'pho-an') {
	const hello = await waitFor(() => c.messages.find(m => m.type === 'hello'), 'hello');
	const nonce = newNonce();
	const auth = {type: 'auth', site, nonce, mac: hubMac(token, site, hello.nonce, nonce)};
	c.ws.send(JSON.stringify(auth));
	return {hello, auth};
}

describe('diemcau.v1 handshake', () => {
	it('authenticates both ways and answers pings with receive and send times', async () => {
		const server = await agent();
		const c = client(server.url);
		const {hello, auth} = await authenticate(c);
		expect(hello).toMatchObject({type: 'hello', v: 1, site: 'pho-an'});
		const ok = await waitFor(() => c.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
		expect(macEqual(agentMac(TOKEN, 'pho-an', auth.nonce, hello.nonce), ok.mac)).toBe(true);
		expect(JSON.stringify(c.messages)).not.toContain(TOKEN);
		c.ws.send(JSON.stringify({type: 'ping', seq: 7, t0: 123.5}));
		const pong = await waitFor(() => c.messages.find(m => m.type === 'pong'), 'pong');
		expect(pong).toMatchObject({seq: 7, t0: 123.5});
		expect(pong.t2).toBeGreaterThanOrEqual(pong.t1);
	});

	it('cuts an authenticated hub that goes silent (4409), so a vanished hub frees its slot', async () => {
		const server = await agent({idleTimeoutMs: 300});
		const live = client(server.url);
		await authenticate(live);
		await waitFor(() => live.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
		const silent = client(server.url);
		await authenticate(silent);
		await waitFor(() => silent.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
		// The live hub keeps pinging; the silent one says nothing more.
		let seq = 0;
		const pinger = setInterval(() => live.ws.send(JSON.stringify({type: 'ping', seq: ++seq, t0: 1})), 50);
		try {
			expect(await waitFor(() => silent.closed, 'the silent hub to be cut')).toEqual({code: 4409, reason: 'no ping for too long'});
			expect(live.closed).toBeNull();
			expect(live.messages.filter(m => m.type === 'pong').length).toBeGreaterThan(3);
			await waitFor(() => server.connections() === 1, 'the slot to be freed');
		} finally {
			clearInterval(pinger);
		}
	});

	it('closes a hub with the wrong token with 4401', async () => {
		const server = await agent();
		const c = client(server.url);
		await authenticate(c, 'not the token');
		const closed = await waitFor(() => c.closed, 'close');
		expect(closed).toEqual({code: 4401, reason: 'auth failed'});
		expect(c.messages.some(m => m.type === 'auth-ok')).toBe(false);
	});

	it('refuses a recorded handshake replayed on a new connection', async () => {
		const server = await agent();
		const first = client(server.url);
		const {auth} = await authenticate(first);
		await waitFor(() => first.messages.find(m => m.type === 'auth-ok'), 'first auth-ok');
		const replay = client(server.url);
		await waitFor(() => replay.messages.find(m => m.type === 'hello'), 'hello');
		replay.ws.send(JSON.stringify(auth));
		expect(await waitFor(() => replay.closed, 'close')).toMatchObject({code: 4401});
	});

	it('closes frames sent before auth with 1008', async () => {
		const server = await agent();
		for (const frame of [{type: 'ping', seq: 1, t0: 1}, {type: 'bw-down', id: 'x', bytes: 1000}]) {
			const c = client(server.url);
			await waitFor(() => c.messages.length > 0, 'hello');
			c.ws.send(JSON.stringify(frame));
			expect(await waitFor(() => c.closed, 'close')).toMatchObject({code: 1008, reason: 'authenticate first'});
			expect(c.messages.map(m => m.type)).toEqual(['hello']);
		}
	});

	it('closes a handshake that never finishes (4408)', async () => {
		const server = await agent({handshakeTimeoutMs: 300});
		const c = client(server.url);
		expect(await waitFor(() => c.closed, 'close')).toMatchObject({code: 4408});
	});
});

describe('bad input', () => {
	it('closes garbage, unknown types, binary and oversize frames with their codes while serving another hub', async () => {
		const server = await agent();
		const good = client(server.url);
		await authenticate(good);
		await waitFor(() => good.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
		const cases: Array<[string, (ws: WebSocket) => void, number]> = [
			['garbage JSON', ws => ws.send('{not json'), 4400],
			['unknown type', ws => ws.send(JSON.stringify({type: 'launch'})), 4400],
			['binary', ws => ws.send(Buffer.from([1, 2, 3])), 1003],
			['oversize', ws => ws.send('x'.repeat(65 * 1024)), 1009],
		];
		let seq = 0;
		for (const [name, send, code] of cases) {
			const bad = client(server.url);
			await waitFor(() => bad.messages.length > 0, `${name}: hello`);
			send(bad.ws);
			expect(await waitFor(() => bad.closed, `${name}: close`), name).toMatchObject({code});
			good.ws.send(JSON.stringify({type: 'ping', seq: ++seq, t0: 0}));
			await waitFor(() => good.messages.find(m => m.type === 'pong' && m.seq === seq), `${name}: pong to the good hub`);
		}
		// The same after auth: an unknown type from an authenticated hub is garbage too.
		good.ws.send(JSON.stringify({type: 'launch'}));
		expect(await waitFor(() => good.closed, 'close')).toMatchObject({code: 4400});
	});

	it('caps concurrent connections per address', async () => {
		const server = await agent({maxPerAddress: 3});
		const held = [client(server.url), client(server.url), client(server.url)];
		await waitFor(() => held.every(c => c.messages.length > 0), 'three hellos');
		const extra = client(server.url);
		const error = await waitFor(() => extra.error, 'refusal');
		expect(error.message).toContain('503');
		held[0].ws.close();
		await waitFor(() => server.connections() === 2, 'a slot freed');
		const next = client(server.url);
		await waitFor(() => next.messages.find(m => m.type === 'hello'), 'hello on the freed slot');
	});

	it('backs off an address after repeated wrong tokens, with one log line that holds no token', async () => {
		const lines: string[] = [];
		const limiter = new AuthLimiter({maxFailures: 3, log: line => lines.push(line)});
		const server = await agent({limiter});
		for (let i = 0; i < 3; i++) {
			const c = client(server.url);
			await authenticate(c, `guess-${i}`);
			expect(await waitFor(() => c.closed, 'close')).toMatchObject({code: 4401});
		}
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/3 failed handshakes from .*refusing it for 30 s/);
		expect(lines[0]).not.toContain('guess');
		expect(lines[0]).not.toContain(TOKEN);
		const blocked = client(server.url);
		expect((await waitFor(() => blocked.error, 'refusal')).message).toContain('429');
	});
});

describe('bandwidth messages', () => {
	it('streams a download, acknowledges an upload and refuses an oversize request', async () => {
		const server = await agent();
		const c = client(server.url);
		await authenticate(c);
		await waitFor(() => c.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
		c.ws.send(JSON.stringify({type: 'bw-down', id: 'd1', bytes: 200_000}));
		const done = await waitFor(() => c.messages.find(m => m.type === 'bw-done'), 'bw-done');
		const received = c.messages.filter(m => m.type === 'bw-data').reduce((sum, m) => sum + m.data.length, 0);
		expect(received).toBe(200_000);
		expect(done).toMatchObject({id: 'd1', bytes: 200_000});
		c.ws.send(JSON.stringify({type: 'bw-up', id: 'u1', bytes: 3000}));
		c.ws.send(JSON.stringify({type: 'bw-data', id: 'u1', data: 'y'.repeat(3000)}));
		expect(await waitFor(() => c.messages.find(m => m.type === 'bw-result'), 'bw-result')).toMatchObject({id: 'u1', bytes: 3000});
		c.ws.send(JSON.stringify({type: 'bw-down', id: 'big', bytes: 33 * 1024 * 1024}));
		expect((await waitFor(() => c.messages.find(m => m.type === 'bw-error'), 'bw-error')).reason).toMatch(/too large/);
	});
});

describe('parseMessage', () => {
	it('accepts every known type and names what is wrong with the rest', () => {
		expect(parseMessage('{"type":"checkin","role":0,"status":"present"}').ok).toBe(true);
		expect(parseMessage('{"type":"pong","seq":1,"t0":1,"t1":2,"t2":3}').ok).toBe(true);
		expect(parseMessage('[1]')).toEqual({ok: false, reason: 'not a JSON object'});
		expect(parseMessage('{"type":"ping","seq":-1,"t0":1}')).toEqual({ok: false, reason: 'ping needs seq and t0'});
		expect(parseMessage('{"type":"__proto__"}').ok).toBe(false);
	});
});
