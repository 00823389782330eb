import {chmodSync, copyFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {startHubListener, CLOSE_REPLACED, type DialedAgent, type HubListener} from '../../probes/hub-listener.js';
import WebSocket from 'ws';
import {agentMac, newNonce} from '../../probes/auth.js';
import {keyId} from '../../probes/key-id.js';
import {encode, encodePing, parseMessage, PROTOCOL_V2} from '../../probes/protocol.js';
import {BIN, strongToken} from '../helpers/agents.js';

// Dial-out, the transport: a real agent process (`diemcau agent --hub`) dials the hub's real
// listener on loopback; the hub learns the site from the proof alone, and the session over the
// dialled socket is the same sealed diemcau.v2 (a ping gets its pong).

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-dial-out-'));
const TOKENS = {'pho-an': strongToken('dial-out-pho-an'), 'pho-chau': strongToken('dial-out-pho-chau')};
const children: ResultPromise[] = [];
let listener: HubListener | undefined;

afterEach(async () => {
	for (const child of children.splice(0)) {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
			await child;
		}
	}
	await listener?.close();
	listener = undefined;
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Spawn a dial-out agent; resolves once it says it is dialling. */
async function dialOutAgent(site: string, token: string, hub: string): Promise<{child: ResultPromise; err: () => string}> {
	const file = path.join(dir, `${site}-${children.length}.token`);
	writeFileSync(file, `${token}\n`, {mode: 0o600});
	chmodSync(file, 0o600);
	const child = execa('node', [BIN, 'agent', '--site', site, '--hub', hub, '--token-file', file], {
		reject: false,
		buffer: false,
		stdin: 'ignore',
		env: {DIEMCAU_TOKEN: ''},
	});
	children.push(child);
	let out = '';
	let err = '';
	child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
	await new Promise<void>((resolve, reject) => {
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			if (out.includes(`dialling ${hub} site=${site}`)) resolve();
		});
		child.then(result => reject(new Error(`agent exited (${result.exitCode}): ${err}`)));
	});
	return {child, err: () => err};
}

/** A listener for the plan's dial-out sites that queues every agent that proved itself. */
async function listen(port = 0, log: string[] = [], extraSites: Array<{id: string; token: string}> = []) {
	const agents: DialedAgent[] = [];
	const waiters: Array<() => void> = [];
	listener = await startHubListener({
		port,
		sites: [...extraSites, ...Object.entries(TOKENS).map(([id, token]) => ({id, token}))],
		log: line => log.push(line),
		onAgent: agent => {
			agents.push(agent);
			for (const wake of waiters.splice(0)) wake();
		},
	});
	const next = (count: number) =>
		new Promise<DialedAgent>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no agent #${count} within 15 s`)), 15_000);
			const check = () => {
				if (agents.length >= count) {
					clearTimeout(timer);
					resolve(agents[count - 1]!);
				} else waiters.push(check);
			};
			check();
		});
	return {listener, agents, next, log};
}

/** One sealed ping over a dialled socket; resolves with the agent's pong. */
function ping(agent: DialedAgent, seq: number) {
	return new Promise<Record<string, unknown>>((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error('no pong within 5 s')), 5000);
		agent.ws.once('message', data => {
			clearTimeout(timer);
			const json = agent.keys.receive.open(data.toString());
			resolve(json === null ? {bad: 'MAC'} : (parseMessage(json) as {message: Record<string, unknown>}).message);
		});
		agent.ws.send(agent.keys.send.seal(encodePing(seq, performance.now())));
	});
}

const closeOf = (agent: DialedAgent) => new Promise<number>(resolve => agent.ws.once('close', code => resolve(code)));

describe('dial-out agents and the hub listener', () => {
	it('the hub learns the site from the proof alone, and the session answers a sealed ping', async () => {
		const {listener: hub, next} = await listen();
		await dialOutAgent('pho-an', TOKENS['pho-an'], hub.url);
		const agent = await next(1);
		expect(agent.site).toBe('pho-an');
		expect(agent.from).toMatch(/^127\.0\.0\.1:\d+$/);
		expect(await ping(agent, 1)).toMatchObject({type: 'pong', seq: 1});
		expect(hub.current('pho-an')).toBe(agent);
	});

	it('a token the plan does not hold is refused (4401) and never becomes a site', async () => {
		const {listener: hub, agents} = await listen();
		const {err} = await dialOutAgent('pho-an', strongToken('not-a-token-of-this-plan'), hub.url);
		const deadline = performance.now() + 15_000;
		while (!err().includes('the hub refused the proof') && performance.now() < deadline)
			await new Promise(resolve => setTimeout(resolve, 20));
		expect(err()).toContain('the hub refused the proof (wrong token, or this site is not a dial-out site of its plan)');
		expect(agents).toEqual([]);
		expect(hub.counts().refused).toBeGreaterThanOrEqual(1);
	});

	it('a second agent proving the same site replaces the first, with a warning naming both addresses', async () => {
		const log: string[] = [];
		const {next} = await listen(0, log);
		const first = await dialOutAgent('pho-an', TOKENS['pho-an'], listener!.url);
		const one = await next(1);
		const closed = closeOf(one);
		await dialOutAgent('pho-an', TOKENS['pho-an'], listener!.url);
		const two = await next(2);
		expect(await closed).toBe(CLOSE_REPLACED);
		expect(log).toContain(`diemcau: site=pho-an: a new agent connection from ${two.from} replaced the one from ${one.from}`);
		expect(listener!.current('pho-an')).toBe(two);
		expect(await ping(two, 7)).toMatchObject({type: 'pong', seq: 7});
		// The first agent is told why, and keeps running (it dials again, at its back-off's cap).
		const deadline = performance.now() + 10_000;
		while (!first.err().includes('replaced by another agent connection of this site') && performance.now() < deadline)
			await new Promise(resolve => setTimeout(resolve, 20));
		expect(first.err()).toContain('replaced by another agent connection of this site (two agents running?)');
	});

	it('the hub restarted on the same port: the agent is back by itself, no restart', async () => {
		const {listener: hub, next} = await listen();
		const port = hub.port;
		const {child} = await dialOutAgent('pho-chau', TOKENS['pho-chau'], hub.url);
		await next(1);
		await hub.close();
		listener = undefined;
		const again = await listen(port);
		const back = await again.next(1);
		expect(back.site).toBe('pho-chau');
		expect(await ping(back, 1)).toMatchObject({type: 'pong', seq: 1});
		expect(child.exitCode).toBeNull();
	});

	it('among 2,000 dial-out sites the key id finds the one token to check; a hello without one is checked against all', async () => {
		const many = Array.from({length: 2000}, (_, i) => ({id: `site-${i}`, token: strongToken(`many-${i}`)}));
		const {listener: hub, next} = await listen(0, [], many);
		await dialOutAgent('pho-an', TOKENS['pho-an'], hub.url);
		expect((await next(1)).site).toBe('pho-an');
		// The hand-made handshake of an agent that sends no key id (the real modules, a raw socket).
		const raw = new WebSocket(hub.url, PROTOCOL_V2);
		const agentNonce = newNonce();
		raw.on('open', () => raw.send(encode({type: 'hello', v: 2, nonce: agentNonce})));
		raw.on('message', data => {
			const message = parseMessage(data.toString());
			if (message.ok && message.message.type === 'challenge')
				raw.send(encode({type: 'proof', mac: agentMac(TOKENS['pho-chau'], 'pho-chau', message.message.nonce, agentNonce)}));
			else if (message.ok && message.message.type === 'auth') raw.send('not sealed: the hub must not take it as auth-ok');
		});
		const closed = new Promise<number>(resolve => raw.once('close', code => resolve(code)));
		expect(await closed).toBe(4400); // it got as far as the hub's proof (the site was found), then sent garbage
		// A key id that names another token than the proof's is refused.
		const liar = new WebSocket(hub.url, PROTOCOL_V2);
		const liarNonce = newNonce();
		liar.on('open', () => liar.send(encode({type: 'hello', v: 2, nonce: liarNonce, key: keyId(many[0]!.token)})));
		liar.on('message', data => {
			const message = parseMessage(data.toString());
			if (message.ok && message.message.type === 'challenge')
				liar.send(encode({type: 'proof', mac: agentMac(TOKENS['pho-chau'], 'pho-chau', message.message.nonce, liarNonce)}));
		});
		expect(await new Promise<number>(resolve => liar.once('close', code => resolve(code)))).toBe(4401);
	});

	it('the one-file agent, alone in an empty folder, dials out the same way', async () => {
		const {listener: hub, next} = await listen();
		const pc = mkdtempSync(path.join(tmpdir(), 'diemcau-dial-out-pc-'));
		copyFileSync(fileURLToPath(new URL('../../dist/diemcau-agent.mjs', import.meta.url)), path.join(pc, 'diemcau-agent.mjs'));
		writeFileSync(path.join(pc, 'pho-an.token'), `${TOKENS['pho-an']}\n`, {mode: 0o600});
		const child = execa('node', ['diemcau-agent.mjs', '--site', 'pho-an', '--hub', hub.url, '--token-file', 'pho-an.token'], {
			cwd: pc,
			reject: false,
			buffer: false,
			stdin: 'ignore',
			env: {DIEMCAU_TOKEN: ''},
		});
		children.push(child);
		try {
			const agent = await next(1);
			expect(agent.site).toBe('pho-an');
			expect(await ping(agent, 3)).toMatchObject({type: 'pong', seq: 3});
		} finally {
			child.kill('SIGTERM');
			await child;
			rmSync(pc, {recursive: true, force: true});
		}
	});

	it('--hub is checked: a URL, ws or wss, the /agent path; no --port beside it', async () => {
		const run = (...args: string[]) =>
			execa('node', [BIN, 'agent', '--site', 'pho-an', ...args], {reject: false, env: {DIEMCAU_TOKEN: TOKENS['pho-an']}});
		expect((await run('--hub', 'http://hub:7700/agent')).stderr).toContain('--hub must start with ws:// or wss://');
		expect((await run('--hub', 'ws://hub:7700/probe')).stderr).toContain('--hub must end in /agent');
		const both = await run('--hub', 'ws://hub:7700/agent', '--port', '7701');
		expect(both.exitCode).toBe(2);
		expect(both.stderr).toContain('--hub dials out: it takes no --host, --port or --tls-cert');
	});
});
