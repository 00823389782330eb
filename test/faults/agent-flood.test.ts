import {spawn} from 'node:child_process';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import net from 'node:net';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Prober, type ProbeEvent} from '../../probes/prober.js';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {authenticate, handshake, rawHub, type RawHub} from '../helpers/wire.js';
import {figure, rssKb, spread, waitFor} from './util.js';

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
const sockets = new Set<RawHub['ws']>();

beforeAll(async () => {
	agent = await startAgent({site: 'pho-an', token: TOKEN});
	agent.process.stderr?.on('data', chunk => (stderr += chunk));
	hub = new Prober(
		[{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}],
		{intervalMs: 200, timeoutMs: 1000, downAfter: 3},
		event => hubEvents.push(event),
	);
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

/** A raw client from `localAddress`: records messages, the close code, and a refusal. */
function dial(localAddress: string) {
	const c = rawHub(agent.url, {localAddress});
	sockets.add(c.ws);
	const state = {
		c,
		ws: c.ws,
		get hello() {
			return c.messages.find(m => m.type === 'hello') ?? null;
		},
		get closed() {
			return c.closed?.code ?? null;
		},
		get refused() {
			return c.error ? (/Unexpected server response: (\d+)/.exec(c.error.message)?.[1] ?? c.error.message) : null;
		},
	};
	c.ws.on('close', () => sockets.delete(c.ws));
	return state;
}

/** A TCP relay that holds every chunk `delayMs` each way: the hub's end of a long line (RTT 2 × delayMs), dialling the agent from `from()`. */
async function slowLine(target: URL, delayMs: number, from: () => string): Promise<{url: string; close: () => void}> {
	const open = new Set<net.Socket>();
	const server = net.createServer(down => {
		const up = net.connect({host: target.hostname, port: Number(target.port), localAddress: from()});
		for (const [from, to] of [
			[down, up],
			[up, down],
		] as const) {
			open.add(from);
			from.on('data', chunk => setTimeout(() => to.writable && to.write(chunk), delayMs));
			from.on('end', () => setTimeout(() => to.end(), delayMs));
			from.on('error', () => to.destroy());
			from.on('close', () => {
				open.delete(from);
				setTimeout(() => to.destroy(), delayMs);
			});
		}
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const url = new URL(target);
	url.port = String((server.address() as net.AddressInfo).port);
	return {
		url: url.toString(),
		close: () => {
			server.close();
			for (const socket of open) socket.destroy();
		},
	};
}

/** Garbage of many kinds, each with the close code the agent must answer it with. */
function garbage(i: number): [string | Buffer, number] {
	const kinds: Array<() => [string | Buffer, number]> = [
		() => ['{not json', 4400],
		() => [`{"type":"ping","seq":${i}`, 4400], // truncated
		() => [JSON.stringify({type: 'launch-missiles', seq: i}), 4400],
		() => [JSON.stringify({type: 'auth', mac: null}), 4400], // wrong types: not an attempt at the token
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
		// Two at a time: an address holds at most two unauthenticated connections (a third evicts the oldest).
		for (let batch = 0; batch < 500; batch++) {
			await Promise.all(
				Array.from({length: 2}, async (_, k) => {
					const i = batch * 2 + k;
					const c = dial('127.0.0.2');
					await waitFor(() => c.hello || c.refused, `hello #${i}`);
					const [frame, code] = garbage(i);
					c.ws.send(frame);
					await waitFor(() => c.closed !== null, `close #${i}`);
					counts.set(c.closed!, (counts.get(c.closed!) ?? 0) + 1);
					if (c.closed !== code) wrongCodes.push(`#${i}: ${c.closed} for a frame that needs ${code}`);
				}),
			);
		}
		expect(wrongCodes).toEqual([]);
		// And 1,000 in a row on one authenticated connection: the first ends it, the agent shrugs off the rest.
		const c = dial('127.0.0.3');
		await authenticate(c.c, TOKEN, 'pho-an');
		for (let i = 0; i < 1000; i++) c.ws.send(garbage(i)[0]);
		await waitFor(() => c.closed !== null, 'close');
		expect(c.closed).toBe(4400);
		const before = answered();
		await waitFor(() => answered() >= before + 3, 'the hub still answered');
		expect(hubDrops()).toEqual([]);
		expect(agent.process.exitCode).toBeNull();
		figure('agent-garbage', {
			framesOnOwnConnections: 1000,
			closeCodes: Object.fromEntries(counts),
			framesInARowOnOneConnection: 1000,
			agentRssKb: {before: rssBefore, after: await rssKb(agent.process.pid!)},
			hubDisconnects: hubDrops().length,
		});
	}, 120_000);

	it('holds the per-address caps under 1,000 connections at once, with bounded memory, and still serves the hub', async () => {
		const pid = agent.process.pid!;
		const rssBefore = (await rssKb(pid))!;
		let rssPeak = rssBefore;
		const sampler = setInterval(() => void rssKb(pid).then(kb => (rssPeak = Math.max(rssPeak, kb ?? 0))), 25);
		const flood = Array.from({length: 1000}, () => dial('127.0.0.2'));
		try {
			await waitFor(
				() => flood.every(c => c.closed !== null || c.refused || c.hello),
				'every flood connection answered, evicted or refused',
				60_000,
			);
			// While some sit there unauthenticated, a new hub from 127.0.0.1 still gets in.
			const second: ProbeEvent[] = [];
			const another = new Prober(
				[{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}],
				{intervalMs: 200, timeoutMs: 1000},
				e => second.push(e),
			);
			another.start();
			await waitFor(() => second.some(e => e.type === 'sample' && e.rttMs !== null), 'a new hub connection from 127.0.0.1 answered');
			await another.stop();
		} finally {
			clearInterval(sampler);
		}
		// At accept time: 16 TCP connections per address at most; of those, 2 waiting for auth.
		await waitFor(() => flood.every(c => c.closed !== null || c.refused), 'every flood connection gone', 20_000, 100);
		const evicted = flood.filter(c => c.closed === 4429);
		const timedOut = flood.filter(c => c.closed === 4408);
		const reset = flood.filter(c => !c.hello);
		// How many get a hello before being let go depends on timing (a slot frees as soon as an
		// evicted one closes); what does not: the rest were reset at accept, every one that got in was
		// evicted or, at most the last 2, cut by the handshake limit.
		expect(timedOut.length).toBeLessThanOrEqual(2);
		expect(evicted.length + timedOut.length).toBe(flood.length - reset.length);
		expect(reset.length).toBeGreaterThan(flood.length / 2);
		const after = dial('127.0.0.2');
		await waitFor(() => after.hello, 'a slot free again for 127.0.0.2');
		after.ws.terminate();
		expect(hubDrops()).toEqual([]);
		// Bounded: a refused connection costs the agent nothing that lasts.
		await new Promise(resolve => setTimeout(resolve, 500));
		const rssAfter = (await rssKb(pid))!;
		expect(rssPeak - rssBefore).toBeLessThan(100 * 1024);
		figure('agent-connection-flood', {
			connections: 1000,
			from: '127.0.0.2',
			resetAtAccept: reset.length,
			evicted4429: evicted.length,
			closedBy4408: timedOut.length,
			agentRssKb: {before: rssBefore, peak: rssPeak, after: rssAfter},
			hubDisconnects: hubDrops().length,
		});
	}, 120_000);

	// The hub dials from an address that never proved itself here (a new one each try, 127.0.0.210-221
	// and 230-241): it gets in on the flooder's strikes alone, not on trust earned before.
	const floods: Array<[string, string[], number]> = [
		["the hub's own /24 (127.0.0.2-201)", Array.from({length: 200}, (_, i) => `127.0.0.${i + 2}`), 210],
		['four other /24s (127.0.1-4.1-50)', Array.from({length: 200}, (_, i) => `127.0.${1 + Math.floor(i / 50)}.${1 + (i % 50)}`), 230],
	];
	it.each(floods)(
		'lets a new hub through while 200 addresses from %s hold and churn the unauthenticated pool',
		async (where, addresses, firstHubHost) => {
			// 200 attacker addresses, 5 connections each, every one
			// upgraded and sent a challenge, then held; dialled again 50 ms after each close. The flooder is
			// its own process; the hub here makes 12 fresh connections, one after another, each with one try,
			// over a line of 100 ms round trip (a commune's line is often longer): its handshake takes several
			// round trips while the flooder's connections churn on loopback.
			let attempt = 0;
			const line = await slowLine(new URL(agent.url), 50, () => `127.0.0.${firstHubHost + attempt}`);
			const port = new URL(agent.url).port;
			const flooder = spawn(
				process.execPath,
				[fileURLToPath(new URL('./pool-flooder.mjs', import.meta.url)), '127.0.0.1', port, '/probe', '5', '50', '120000', ...addresses],
				{stdio: ['ignore', 'pipe', 'inherit']},
			);
			const reports: Array<Record<string, number>> = [];
			let out = '';
			flooder.stdout.on('data', chunk => {
				out += chunk;
				const lines = out.split('\n');
				out = lines.pop()!;
				for (const line of lines) if (line.trim()) reports.push(JSON.parse(line));
			});
			const outcomes: string[] = [];
			const handshakeMs: number[] = [];
			try {
				// The pool full and churning: every address has been let go and dialled again several times.
				await waitFor(() => (reports.at(-1)?.closed ?? 0) >= 2000, 'the flooder churning (2,000 closes)', 60_000, 50);
				for (attempt = 0; attempt < 12; attempt++) {
					const events: ProbeEvent[] = [];
					const started = performance.now();
					const fresh = new Prober(
						[{id: 'pho-an', endpoint: line.url, mode: 'agent', token: TOKEN}],
						{intervalMs: 1000, timeoutMs: 3000, backoff: {baseMs: 60_000, capMs: 5000}},
						e => events.push(e),
					);
					fresh.start();
					const first = await waitFor(
						() => events.find(e => e.type === 'connected' || e.type === 'disconnected'),
						`handshake #${attempt + 1}`,
						20_000,
					).catch(() => null);
					await fresh.stop();
					outcomes.push(
						first?.type === 'connected' ? 'ok' : first?.type === 'disconnected' ? reasonText(first.reason) : 'no answer in 20 s',
					);
					if (first?.type === 'connected') handshakeMs.push(first.at - started);
				}
			} finally {
				line.close();
				flooder.kill('SIGTERM');
				await new Promise(resolve => flooder.once('exit', resolve));
			}
			const through = outcomes.filter(o => o === 'ok').length;
			const flood = reports.at(-1)!;
			figure('agent-pool-flood', {
				from: where,
				attackerAddresses: 200,
				perAddress: 5,
				reconnectMs: 50,
				hubRttMs: 100,
				flooder: flood,
				honestHandshakes: `${through}/12`,
				failures: outcomes.filter(o => o !== 'ok'),
				handshakeMs: spread(handshakeMs),
				hubDisconnects: hubDrops().length,
			});
			expect(flood.closed).toBeGreaterThan(2000);
			expect(through).toBeGreaterThanOrEqual(11);
			// The long-standing session was never touched.
			expect(hubDrops()).toEqual([]);
			expect(agent.process.exitCode).toBeNull();
		},
		240_000,
	);

	it("lets a new dial-out agent through the hub's listener while 200 addresses hold and churn its unauthenticated pool", async () => {
		// The same flood against the hub's /agent listener (the flooder upgrades and then says
		// nothing: there the agent speaks first). 12 times a fresh agent process dials in over a
		// 100 ms line from an address that never proved itself; the hub must have it on its first try.
		const events: ProbeEvent[] = [];
		const listener = new Prober(
			[{id: 'pho-an', endpoint: '', mode: 'agent', connect: 'dial-out', token: TOKEN}],
			{intervalMs: 1000, timeoutMs: 3000, listen: {host: '127.0.0.1', port: 0}, waitMs: 600_000},
			e => events.push(e),
		);
		listener.start();
		const listened = await listener.listening();
		if (!listened || 'error' in listened) throw new Error(`the hub's listener did not start: ${JSON.stringify(listened)}`);
		const hubUrl = new URL(listened.url);
		const addresses = Array.from({length: 200}, (_, i) => `127.0.0.${i + 2}`);
		const flooder = spawn(
			process.execPath,
			[
				fileURLToPath(new URL('./pool-flooder.mjs', import.meta.url)),
				'127.0.0.1',
				hubUrl.port,
				hubUrl.pathname,
				'5',
				'50',
				'120000',
				...addresses,
			],
			{stdio: ['ignore', 'pipe', 'inherit'], env: {...process.env, FLOOD_FRAME: 'none'}},
		);
		const reports: Array<Record<string, number>> = [];
		let out = '';
		flooder.stdout.on('data', chunk => {
			out += chunk;
			const lines = out.split('\n');
			out = lines.pop()!;
			for (const line of lines) if (line.trim()) reports.push(JSON.parse(line));
		});
		let attempt = 0;
		const line = await slowLine(hubUrl, 50, () => `127.0.0.${250 - attempt}`);
		const outcomes: string[] = [];
		try {
			await waitFor(() => (reports.at(-1)?.closed ?? 0) >= 2000, 'the flooder churning (2,000 closes)', 60_000, 50);
			for (attempt = 0; attempt < 12; attempt++) {
				const before = events.filter(e => e.type === 'connected').length;
				const dialler = await startAgent({site: 'pho-an', token: TOKEN, hub: line.url});
				const first = await waitFor(
					() => /diemcau agent: (connected to the hub|.+; dialling again)/.exec(dialler.stderr())?.[1],
					`agent #${attempt + 1} connected or refused`,
					20_000,
				).catch(() => 'no word in 20 s');
				if (first.startsWith('connected'))
					await waitFor(() => events.filter(e => e.type === 'connected').length > before, 'the hub saw it');
				outcomes.push(first.startsWith('connected') ? 'ok' : first);
				await dialler.stop();
			}
		} finally {
			line.close();
			flooder.kill('SIGTERM');
			await new Promise(resolve => flooder.once('exit', resolve));
			await listener.stop();
		}
		const through = outcomes.filter(o => o === 'ok').length;
		figure('hub-listener-pool-flood', {
			attackerAddresses: 200,
			perAddress: 5,
			reconnectMs: 50,
			agentRttMs: 100,
			flooder: reports.at(-1),
			firstTryHandshakes: `${through}/12`,
			failures: outcomes.filter(o => o !== 'ok'),
		});
		expect(reports.at(-1)!.closed).toBeGreaterThan(2000);
		expect(through).toBeGreaterThanOrEqual(11);
	}, 300_000);

	it('checks an address more slowly after repeated wrong proofs, with a log line, while the hub is served', async () => {
		const codes: Array<number | null> = [];
		for (let attempt = 0; attempt < 5; attempt++) {
			const c = dial('127.0.0.4');
			expect(await handshake(c.c, `guess-${attempt}-${TOKEN}`, 'pho-an')).toBe('bad-proof');
			c.c.send({type: 'auth', mac: 'A'.repeat(43)});
			await waitFor(() => c.closed !== null, 'close');
			codes.push(c.closed);
		}
		expect(codes).toEqual([4401, 4401, 4401, 4401, 4401]);
		const line = await waitFor(() => stderr.split('\n').find(l => l.includes('failed handshakes')), 'the log line');
		expect(line).toMatch(/site=pho-an: 5 failed handshakes from \S*127\.0\.0\.4 within a minute; checking its proofs more slowly/);
		// Only slowed, never refused: a dial from that address still gets a hello.
		const fresh = dial('127.0.0.4');
		await waitFor(() => fresh.hello, 'a hello for 127.0.0.4');
		fresh.ws.terminate();
		const before = answered();
		await waitFor(() => answered() >= before + 3, 'the hub still answered');
		expect(hubDrops()).toEqual([]);
		expect(stderr).not.toContain(TOKEN);
		expect(stderr).not.toContain('guess-');
		figure('agent-wrong-tokens', {attempts: 5, closed4401: codes.length, logLine: line.replace(/\d+\.\d+\.\d+\.\d+/, 'ADDR')});
	}, 60_000);
});
