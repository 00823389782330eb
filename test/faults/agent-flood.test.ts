import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import WebSocket from 'ws';
import {hubMac, newNonce} from '../../probes/auth.js';
import {Prober, type ProbeEvent} from '../../probes/prober.js';
import {PROTOCOL} from '../../probes/protocol.js';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {figure, rssKb, waitFor} from './util.js';

// Bad input against a real `diemcau agent` process, from other loopback addresses than the
// hub's (127.0.0.2-4; the hub probes from 127.0.0.1), while the hub's Prober keeps probing.
// What test/integration/protocol.test.ts already covers in process (one frame of each kind,
// the cap with 3 sockets, the back-off with a stub logger) is not repeated; here it is volume
// and the real process: a thousand of each, memory measured, the default limits.

const TOKEN = 'flood-fault-token-c4d2';
let agent: StartedAgent;
let stderr = '';
const hubEvents: ProbeEvent[] = [];
let hub: Prober;
const sockets = new Set<WebSocket>();

beforeAll(async () => {
	agent = await startAgent({site: 'pho-an', token: TOKEN});
	agent.process.stderr?.on('data', chunk => (stderr += chunk));
	hub = new Prober([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}], {intervalMs: 200, timeoutMs: 1000, downAfter: 3}, event => hubEvents.push(event));
	hub.start();
	await waitFor(() => answered() >= 3, 'the hub probing the agent');
});

afterAll(async () => {
	for (const ws of sockets) ws.terminate();
	await hub?.stop();
	await agent?.stop();
});

const answered = () => hubEvents.filter(e => e.type === 'sample' && e.rttMs !== null).length;
const hubDrops = () => hubEvents.filter(e => e.type === 'disconnected');

/** A raw client from `localAddress`: records messages, the close code, and an HTTP refusal. */
function dial(localAddress: string) {
	const ws = new WebSocket(agent.url, PROTOCOL, {perMessageDeflate: false, localAddress, handshakeTimeout: 30_000});
	sockets.add(ws);
	const state = {ws, hello: null as null | {nonce: string}, authOk: false, closed: null as null | number, refused: null as null | string};
	ws.on('message', data => {
		const message = JSON.parse(data.toString());
		if (message.type === 'hello') state.hello = message;
		if (message.type === 'auth-ok') state.authOk = true;
	});
	ws.on('close', code => {
		state.closed = code;
		sockets.delete(ws);
	});
	ws.on('error', error => (state.refused = /Unexpected server response: (\d+)/.exec(error.message)?.[1] ?? error.message));
	return state;
}

/** Garbage of many kinds, each with the close code the agent must answer it with. */
function garbage(i: number): [string | Buffer, number] {
	const kinds: Array<() => [string | Buffer, number]> = [
		() => ['{not json', 4400],
		() => [`{"type":"ping","seq":${i}`, 4400], // truncated
		() => [JSON.stringify({type: 'launch-missiles', seq: i}), 4400],
		() => [JSON.stringify({type: 'auth', site: 42, nonce: [], mac: null}), 4400], // wrong types: not an attempt at the token
		() => ['{"type":"ping","seq":1e400,"t0":1}', 4400], // a huge number (Infinity)
		() => [`${'['.repeat(5000)}${']'.repeat(5000)}`, 4400], // deep nesting
		() => ['{"__proto__":{"type":"ping"},"constructor":{"prototype":{}}}', 4400],
		() => ['null', 4400],
		() => [Buffer.from([0xff, 0x00, i & 0xff]), 1003], // binary
		() => [JSON.stringify({type: 'ping', seq: i, t0: 0}), 1008], // before auth
		() => [JSON.stringify({type: 'bw-down', id: 'x', bytes: 1e6}), 1008],
		() => ['x'.repeat(64 * 1024 + 1 + (i % 100)), 1009], // oversize
		() => [Buffer.from(Array.from({length: 64}, (_, j) => (i * 31 + j * 7) & 0xff)).toString('latin1'), 4400], // random bytes as text
	];
	return kinds[i % kinds.length]!();
}

describe('bad input against a real agent process', () => {
	it('closes 1,000 garbage frames, each with its code, and keeps answering the hub', async () => {
		const rssBefore = await rssKb(agent.process.pid!);
		const wrongCodes: string[] = [];
		const counts = new Map<number, number>();
		for (let batch = 0; batch < 100; batch++) {
			await Promise.all(Array.from({length: 10}, async (_, k) => {
				const i = batch * 10 + k;
				const c = dial('127.0.0.2');
				await waitFor(() => c.hello || c.refused, `hello #${i}`);
				const [frame, code] = garbage(i);
				c.ws.send(frame);
				await waitFor(() => c.closed !== null, `close #${i}`);
				counts.set(c.closed!, (counts.get(c.closed!) ?? 0) + 1);
				if (c.closed !== code) wrongCodes.push(`#${i}: ${c.closed} for a frame that needs ${code}`);
			}));
		}
		expect(wrongCodes).toEqual([]);
		// And 1,000 in a row on one authenticated connection: the first ends it, the agent shrugs off the rest.
		const c = dial('127.0.0.3');
		await waitFor(() => c.hello, 'hello');
		const nonce = newNonce();
		c.ws.send(JSON.stringify({type: 'auth', site: 'pho-an', nonce, mac: hubMac(TOKEN, 'pho-an', c.hello!.nonce, nonce)}));
		await waitFor(() => c.authOk, 'auth-ok');
		for (let i = 0; i < 1000; i++) c.ws.send(garbage(i)[0]);
		await waitFor(() => c.closed !== null, 'close');
		expect(c.closed).toBe(4400);
		const before = answered();
		await waitFor(() => answered() >= before + 3, 'the hub still answered');
		expect(hubDrops()).toEqual([]);
		expect(agent.process.exitCode).toBeNull();
		figure('agent-garbage', {framesOnOwnConnections: 1000, closeCodes: Object.fromEntries(counts), framesInARowOnOneConnection: 1000, agentRssKb: {before: rssBefore, after: await rssKb(agent.process.pid!)}, hubDisconnects: hubDrops().length});
	}, 120_000);

	it('holds the per-address cap under 1,000 connections at once, with bounded memory, and still serves the hub', async () => {
		const pid = agent.process.pid!;
		const rssBefore = (await rssKb(pid))!;
		let rssPeak = rssBefore;
		const sampler = setInterval(() => void rssKb(pid).then(kb => (rssPeak = Math.max(rssPeak, kb ?? 0))), 25);
		const flood = Array.from({length: 1000}, () => dial('127.0.0.2'));
		try {
			await waitFor(() => flood.every(c => c.hello || c.refused), 'every flood connection answered or refused', 60_000);
			// While 16 sit there unauthenticated, a new hub from 127.0.0.1 still gets in.
			const second: ProbeEvent[] = [];
			const another = new Prober([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}], {intervalMs: 200, timeoutMs: 1000}, e => second.push(e));
			another.start();
			await waitFor(() => second.some(e => e.type === 'sample' && e.rttMs !== null), 'a new hub connection from 127.0.0.1 answered');
			await another.stop();
		} finally {
			clearInterval(sampler);
		}
		const held = flood.filter(c => c.hello);
		const refused = flood.filter(c => c.refused);
		expect(held).toHaveLength(16);
		expect(refused).toHaveLength(984);
		expect(new Set(refused.map(c => c.refused))).toEqual(new Set(['503']));
		// The held ones never authenticate: the agent closes them itself (4408) within 10 s.
		await waitFor(() => held.every(c => c.closed !== null), 'held connections closed by the handshake timeout', 20_000, 100);
		expect(new Set(held.map(c => c.closed))).toEqual(new Set([4408]));
		const after = dial('127.0.0.2');
		await waitFor(() => after.hello, 'a slot free again for 127.0.0.2');
		after.ws.terminate();
		expect(hubDrops()).toEqual([]);
		// Bounded: a refused connection costs the agent nothing that lasts.
		await new Promise(resolve => setTimeout(resolve, 500));
		const rssAfter = (await rssKb(pid))!;
		expect(rssPeak - rssBefore).toBeLessThan(100 * 1024);
		figure('agent-connection-flood', {connections: 1000, from: '127.0.0.2', held: held.length, refused503: refused.length, heldClosedBy4408: held.length, agentRssKb: {before: rssBefore, peak: rssPeak, after: rssAfter}, hubDisconnects: hubDrops().length});
	}, 120_000);

	it('backs off an address after repeated wrong tokens, with a log line, while the hub is served', async () => {
		const codes: Array<number | null> = [];
		for (let attempt = 0; attempt < 5; attempt++) {
			const c = dial('127.0.0.4');
			await waitFor(() => c.hello, 'hello');
			const nonce = newNonce();
			c.ws.send(JSON.stringify({type: 'auth', site: 'pho-an', nonce, mac: hubMac(`guess-${attempt}`, 'pho-an', c.hello!.nonce, nonce)}));
			await waitFor(() => c.closed !== null, 'close');
			codes.push(c.closed);
		}
		expect(codes).toEqual([4401, 4401, 4401, 4401, 4401]);
		const blocked = dial('127.0.0.4');
		expect(await waitFor(() => blocked.refused, 'refusal')).toBe('429');
		const line = await waitFor(() => stderr.split('\n').find(l => l.includes('failed handshakes')), 'the back-off log line');
		expect(line).toMatch(/site=pho-an: 5 failed handshakes from \S*127\.0\.0\.4; refusing it for 30 s/);
		// Only that address: the hub's 127.0.0.1 still authenticates, and a fresh dial too.
		const before = answered();
		await waitFor(() => answered() >= before + 3, 'the hub still answered');
		const fresh = dial('127.0.0.1');
		await waitFor(() => fresh.hello, 'a hello for 127.0.0.1');
		fresh.ws.terminate();
		expect(hubDrops()).toEqual([]);
		expect(stderr).not.toContain(TOKEN);
		expect(stderr).not.toContain('guess-');
		figure('agent-wrong-tokens', {attempts: 5, closed4401: codes.length, thenRefused: 429, logLine: line.replace(/\d+\.\d+\.\d+\.\d+/, 'ADDR')});
	}, 60_000);
});
