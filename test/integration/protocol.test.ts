import {afterEach, describe, expect, it} from 'vitest';
import {startAgentServer, type AgentServer, type AgentServerOptions} from '../../probes/agent-server.js';
import {HmacFrameChannel} from '../../probes/frame-mac.js';
import {FailureLimiter} from '../../probes/listener-guard.js';
import {parseMessage} from '../../probes/protocol.js';
import {waitFor} from '../helpers/wait.js';
import {authenticate as auth, handshake, rawHub, testToken, type RawHub} from '../helpers/wire.js';

// The agent's side of diemcau.v2, in process, spoken to by raw ws clients on loopback.

const TOKEN = testToken('protocol');
const servers: AgentServer[] = [];
const sockets: RawHub[] = [];

afterEach(async () => {
	for (const c of sockets.splice(0)) c.ws.terminate();
	await Promise.all(servers.splice(0).map(server => server.close()));
});

async function agent(options: Partial<AgentServerOptions> = {}): Promise<AgentServer> {
	const server = await startAgentServer({site: 'pho-an', token: TOKEN, port: 0, log: () => {}, ...options});
	servers.push(server);
	return server;
}

/** A raw client that records every message and how the socket closed. */
function client(url: string) {
	const c = rawHub(url);
	sockets.push(c);
	return c;
}

const authenticate = (c: RawHub, token = TOKEN, site = 'pho-an') => auth(c, token, site);

describe('diemcau.v2 handshake', () => {
	it('authenticates both ways, the agent first, says nothing of the site, and answers sealed pings', async () => {
		const server = await agent();
		const c = client(server.url);
		await authenticate(c);
		const hello = c.messages.find(m => m.type === 'hello');
		expect(Object.keys(hello).sort()).toEqual(['nonce', 'type', 'v']);
		expect(JSON.stringify(c.messages)).not.toContain('pho-an');
		expect(JSON.stringify(c.messages)).not.toContain(TOKEN);
		c.send({type: 'ping', seq: 7, t0: 123.5});
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
		const pinger = setInterval(() => live.send({type: 'ping', seq: ++seq, t0: 1}), 50);
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
		// The agent proves first, so a hub with the wrong token sees a proof it cannot check, and stops.
		expect(await handshake(c, 'not the token', 'pho-an')).toBe('bad-proof');
		// One that answers anyway (a guesser) is closed.
		c.send({type: 'auth', mac: 'A'.repeat(43)});
		const closed = await waitFor(() => c.closed, 'close');
		expect(closed).toEqual({code: 4401, reason: 'auth failed'});
		expect(c.messages.some(m => m.type === 'auth-ok')).toBe(false);
	});

	it('refuses a recorded handshake replayed on a new connection', async () => {
		const server = await agent();
		const first = client(server.url);
		const sent: any[] = [];
		const send = first.send;
		first.send = message => {
			sent.push(message);
			send(message);
		};
		await authenticate(first);
		const replay = client(server.url);
		await waitFor(() => replay.messages.find(m => m.type === 'hello'), 'hello');
		for (const message of sent) replay.ws.send(JSON.stringify(message));
		expect(await waitFor(() => replay.closed, 'close')).toMatchObject({code: 4401});
	});

	it('closes a sealed frame with a wrong MAC (4400), and a plain one after auth', async () => {
		const server = await agent();
		for (const forge of [
			(c: RawHub) => c.ws.send('{"type":"ping","seq":1,"t0":1}'),
			(c: RawHub) => c.ws.send(new HmacFrameChannel(Buffer.alloc(32)).seal('{"type":"ping","seq":1,"t0":1}')),
		]) {
			const c = client(server.url);
			await authenticate(c);
			forge(c);
			expect(await waitFor(() => c.closed, 'close')).toEqual({code: 4400, reason: 'bad MAC'});
			expect(c.messages.some(m => m.type === 'pong')).toBe(false);
		}
	});

	it('closes frames sent before auth with 1008', async () => {
		const server = await agent();
		for (const frame of [
			{type: 'ping', seq: 1, t0: 1},
			{type: 'bw-down', id: 'x', bytes: 1000},
		]) {
			const c = client(server.url);
			await waitFor(() => c.messages.length > 0, 'hello');
			c.ws.send(JSON.stringify(frame));
			expect(await waitFor(() => c.closed, 'close')).toMatchObject({code: 1008, reason: 'authenticate first'});
			expect(c.messages.map(m => m.type)).toEqual(['hello']);
		}
		// A second challenge, or a hub that answers before it challenged, is the same.
		for (const frames of [
			[
				{type: 'challenge', nonce: 'a'},
				{type: 'challenge', nonce: 'b'},
			],
			[{type: 'auth', mac: 'x'}],
		]) {
			const c = client(server.url);
			await waitFor(() => c.messages.length > 0, 'hello');
			for (const frame of frames) c.ws.send(JSON.stringify(frame));
			expect(await waitFor(() => c.closed, 'close')).toMatchObject({code: 1008});
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
		const cases: Array<[string, (ws: RawHub['ws']) => void, number]> = [
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
			good.send({type: 'ping', seq: ++seq, t0: 0});
			await waitFor(() => good.messages.find(m => m.type === 'pong' && m.seq === seq), `${name}: pong to the good hub`);
		}
		// The same after auth: an unknown type from an authenticated hub is garbage too.
		good.send({type: 'launch'});
		expect(await waitFor(() => good.closed, 'close')).toMatchObject({code: 4400});
	});

	it('caps connections per address at accept time, and keeps 2 unauthenticated ones per address, evicting the oldest', async () => {
		const server = await agent({maxPerAddress: 3});
		const first = client(server.url);
		await waitFor(() => first.messages.length > 0, 'hello 1');
		const second = client(server.url);
		await waitFor(() => second.messages.length > 0, 'hello 2');
		// A third waiting one from the same address: the oldest waiting one makes room.
		const third = client(server.url);
		await waitFor(() => third.messages.length > 0, 'hello 3');
		expect(await waitFor(() => first.closed, 'the oldest evicted')).toEqual({code: 4429, reason: 'too many unauthenticated connections'});
		await authenticate(second);
		await authenticate(third);
		const fourth = client(server.url);
		await waitFor(() => fourth.messages.length > 0, 'hello 4');
		await waitFor(() => server.connections() === 3, 'three held');
		// Past maxPerAddress (3 held), a new connection is destroyed at accept time.
		const extra = client(server.url);
		await waitFor(() => extra.error ?? extra.closed, 'refusal');
		expect(extra.messages).toEqual([]);
		expect(server.counts()).toMatchObject({authenticated: 2, waiting: 1, refusedPerAddress: 1, evicted: 1});
	});

	it('checks the proofs of an address that keeps failing more slowly, and still lets the hub with the token in', async () => {
		const lines: string[] = [];
		const limiter = new FailureLimiter({freeFailures: 5, baseDelayMs: 300, maxDelayMs: 300});
		const server = await agent({limiter, log: line => lines.push(line)});
		const codes: number[] = [];
		for (let i = 0; i < 7; i++) {
			const c = client(server.url);
			await handshake(c, `guess-${i}`, 'pho-an');
			c.send({type: 'auth', mac: 'A'.repeat(43)});
			codes.push((await waitFor(() => c.closed, 'close')).code);
		}
		expect(codes).toEqual(Array(7).fill(4401));
		expect(lines).toHaveLength(1);
		expect(lines[0]).toMatch(/5 failed handshakes from .*checking its proofs more slowly \(a valid token still gets in\)/);
		expect(lines[0]).not.toContain('guess');
		expect(lines[0]).not.toContain(TOKEN);
		expect(limiter.delayFor('127.0.0.1')).toBe(300);
		// The real hub, same address: delayed a little, never refused.
		const real = client(server.url);
		await authenticate(real);
		real.send({type: 'ping', seq: 1, t0: 1});
		await waitFor(() => real.messages.find(m => m.type === 'pong'), 'pong to the real hub');
		expect(limiter.delayFor('127.0.0.9')).toBe(0); // other addresses: untouched
	});
});

describe('bandwidth messages', () => {
	it('streams a download, acknowledges an upload and refuses an oversize request', async () => {
		const server = await agent();
		const c = client(server.url);
		await authenticate(c);
		await waitFor(() => c.messages.find(m => m.type === 'auth-ok'), 'auth-ok');
		c.send({type: 'bw-down', id: 'd1', bytes: 200_000});
		const done = await waitFor(() => c.messages.find(m => m.type === 'bw-done'), 'bw-done');
		const received = c.messages.filter(m => m.type === 'bw-data').reduce((sum, m) => sum + m.data.length, 0);
		expect(received).toBe(200_000);
		expect(done).toMatchObject({id: 'd1', bytes: 200_000});
		c.send({type: 'bw-up', id: 'u1', bytes: 3000});
		c.send({type: 'bw-data', id: 'u1', data: 'y'.repeat(3000)});
		expect(await waitFor(() => c.messages.find(m => m.type === 'bw-result'), 'bw-result')).toMatchObject({id: 'u1', bytes: 3000});
		c.send({type: 'bw-down', id: 'big', bytes: 33 * 1024 * 1024});
		expect((await waitFor(() => c.messages.find(m => m.type === 'bw-error'), 'bw-error')).reason).toMatch(/too large/);
		// Two tests so far; two more back to back are fine, then the agent asks for a pause.
		for (const [index, id] of ['d2', 'd3'].entries()) {
			c.send({type: 'bw-down', id, bytes: 1000});
			await waitFor(() => c.messages.filter(m => m.type === 'bw-done').length === index + 2, `${id} done`);
		}
		c.send({type: 'bw-down', id: 'd4', bytes: 1000});
		expect((await waitFor(() => c.messages.find(m => m.type === 'bw-error' && m.id === 'd4'), 'bw-error d4')).reason).toMatch(
			/too many bandwidth tests; wait \d+ s/,
		);
	});
});

describe('floods and extensions after auth', () => {
	it('cuts a hub whose frames it keeps ignoring (data of no test) at 200 in 10 s', async () => {
		const server = await agent();
		const c = client(server.url);
		await authenticate(c);
		for (let i = 0; i < 210; i++) c.send({type: 'bw-data', id: 'nobody', data: 'x'});
		expect(await waitFor(() => c.closed, 'close')).toEqual({code: 1008, reason: 'too many ignored frames'});
	});

	it('hands an extension the session (sealed send, master key) and the messages the agent has no use for', async () => {
		const seen: string[] = [];
		let master: Buffer | null = null;
		const server = await agent({
			onSession: session => {
				master = session.master;
				session.send(JSON.stringify({type: 'checkin', role: 1, status: 'late'}));
				// A type the agent itself has no case for (the UDP stream's will be new ones) reaches the extension.
				return {onMessage: message => (message.type === 'bw-ack' ? (seen.push(message.id), true) : false)};
			},
		});
		const c = client(server.url);
		await authenticate(c);
		expect(await waitFor(() => c.messages.find(m => m.type === 'checkin'), "the extension's sealed frame")).toMatchObject({
			role: 1,
			status: 'late',
		});
		c.send({type: 'bw-ack', id: 'for-the-extension', bytes: 1});
		await waitFor(() => seen.length === 1, 'the extension got the frame');
		expect(seen).toEqual(['for-the-extension']);
		expect(master).toHaveLength(32);
		expect(c.closed).toBeNull();
	});
});

describe('parseMessage', () => {
	it('accepts every known type and names what is wrong with the rest', () => {
		expect(parseMessage('{"type":"checkin","id":"c1","role":0,"status":"present"}').ok).toBe(true);
		expect(parseMessage('{"type":"pong","seq":1,"t0":1,"t1":2,"t2":3}').ok).toBe(true);
		expect(parseMessage('[1]')).toEqual({ok: false, reason: 'not a JSON object'});
		expect(parseMessage('{"type":"ping","seq":-1,"t0":1}')).toEqual({ok: false, reason: 'ping needs seq and t0'});
		expect(parseMessage('{"type":"__proto__"}').ok).toBe(false);
	});
});
