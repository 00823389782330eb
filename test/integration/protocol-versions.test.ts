import {afterEach, describe, expect, it} from 'vitest';
import type {WebSocket} from 'ws';
import {startAgentDialer} from '../../probes/agent-dialer.js';
import {startAgentServer} from '../../probes/agent-server.js';
import {SipFrameChannel} from '../../probes/frame-mac.js';
import {startHubListener, type DialedAgent} from '../../probes/hub-listener.js';
import {Prober, type ProbeEvent} from '../../probes/prober.js';
import {encodePing, parseMessage, PROTOCOL_V2, PROTOCOL_V3} from '../../probes/protocol.js';
import {strongToken} from '../helpers/agents.js';
import {waitFor} from '../helpers/wait.js';
import {authenticate, hostileAgent, rawHub, type RawHub} from '../helpers/wire.js';

// diemcau.v3 (frames sealed with SipHash-2-4) beside diemcau.v2 (HMAC-SHA256): the dialling side
// offers both, the listening side picks the newest it speaks, and each seals with the MAC of the
// protocol chosen. Both directions of connection, with real servers on loopback; an older peer is
// the same code told to speak v2 only, or a raw socket speaking v2.

const TOKEN = strongToken('versions-pho-an');
const SITE = 'pho-an';
const FAST = {intervalMs: 100, timeoutMs: 500, downAfter: 3, backoff: {baseMs: 50, capMs: 500}};
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function agentServer(protocols?: string[]) {
	const agent = await startAgentServer({
		site: SITE,
		token: TOKEN,
		port: 0,
		udpPort: false,
		log: () => {},
		...(protocols ? {protocols} : {}),
	});
	cleanups.push(() => agent.close());
	return agent;
}

function hub(url: string, protocols?: string[]): RawHub {
	const raw = rawHub(url, protocols ? {protocols} : {});
	cleanups.push(() => raw.ws.terminate());
	return raw;
}

function probe(endpoint: string) {
	const events: ProbeEvent[] = [];
	const prober = new Prober([{id: SITE, endpoint, mode: 'agent', token: TOKEN}], FAST, event => events.push(event));
	prober.start();
	cleanups.push(() => prober.stop());
	return events;
}

const answered = (events: ProbeEvent[]) => events.filter(e => e.type === 'sample' && e.rttMs !== null).length;

describe('the hub dials the agent', () => {
	it('a hub offering v3 and v2 gets v3 from a current agent, v2 from an older one, and pongs either way', async () => {
		for (const [protocols, expected] of [
			[undefined, PROTOCOL_V3],
			[[PROTOCOL_V2], PROTOCOL_V2],
		] as const) {
			const agent = await agentServer(protocols ? [...protocols] : undefined);
			const raw = hub(agent.url, [PROTOCOL_V3, PROTOCOL_V2]);
			await authenticate(raw, TOKEN, SITE);
			expect(raw.ws.protocol).toBe(expected);
			expect(raw.keys?.send.version).toBe(expected === PROTOCOL_V3 ? 3 : 2);
			raw.send(encodePing(1, 42));
			expect(await waitFor(() => raw.messages.find(m => m.type === 'pong'), 'pong')).toMatchObject({seq: 1, t0: 42});
			expect(raw.messages).not.toContainEqual({type: 'BAD-MAC'});
		}
	});

	it("the hub's prober measures a current agent, one speaking v3 only and an older one alike", async () => {
		for (const protocols of [undefined, [PROTOCOL_V3], [PROTOCOL_V2]]) {
			const agent = await agentServer(protocols);
			const events = probe(agent.url);
			await waitFor(() => answered(events) >= 5, 'five answered probes');
			expect(events.filter(e => e.type === 'bad-frame')).toEqual([]);
			expect(events.filter(e => e.type === 'disconnected')).toEqual([]);
		}
	});

	it('an older hub (v2 only) is served by a current agent', async () => {
		const agent = await agentServer();
		const raw = hub(agent.url, [PROTOCOL_V2]);
		await authenticate(raw, TOKEN, SITE);
		expect(raw.ws.protocol).toBe(PROTOCOL_V2);
		for (let seq = 1; seq <= 3; seq++) raw.send(encodePing(seq, seq));
		await waitFor(() => raw.messages.filter(m => m.type === 'pong').length === 3, 'three pongs');
	});

	it('under v3 the agent closes a frame altered, replayed, reordered or with a wrong tag (4400 bad MAC)', async () => {
		const agent = await agentServer();
		const tamper: Record<string, (raw: RawHub) => void> = {
			altered: raw => {
				const frame = raw.keys!.send.sealBuffer(encodePing(1, 1));
				frame[frame.indexOf('"seq":1') + 6] = '7'.charCodeAt(0);
				raw.ws.send(frame, {binary: false});
			},
			replayed: raw => {
				const frame = raw.keys!.send.sealBuffer(encodePing(1, 1));
				raw.ws.send(frame, {binary: false});
				raw.ws.send(Buffer.from(frame), {binary: false});
			},
			reordered: raw => {
				const first = raw.keys!.send.sealBuffer(encodePing(1, 1));
				const second = raw.keys!.send.sealBuffer(encodePing(2, 2));
				raw.ws.send(second, {binary: false});
				raw.ws.send(first, {binary: false});
			},
			'wrong tag': raw => raw.ws.send(new SipFrameChannel(Buffer.alloc(32)).seal(encodePing(1, 1))),
		};
		for (const [how, send] of Object.entries(tamper)) {
			const raw = hub(agent.url, [PROTOCOL_V3]);
			await authenticate(raw, TOKEN, SITE);
			expect(raw.ws.protocol).toBe(PROTOCOL_V3);
			send(raw);
			expect(await waitFor(() => raw.closed, `close after a frame ${how}`), how).toEqual({code: 4400, reason: 'bad MAC'});
			expect(raw.messages.filter(m => m.type === 'pong').length, how).toBe(how === 'replayed' ? 1 : 0);
		}
	});

	it('the hub cuts an agent whose frames fail their MAC, under v3 as under v2, and says so', async () => {
		for (const protocol of [PROTOCOL_V3, PROTOCOL_V2]) {
			const forger = await hostileAgent({
				site: SITE,
				token: TOKEN,
				protocols: [protocol],
				// Authenticated, then frames with a tag of another key: someone on the path writes them.
				onReady: session => {
					const stranger = new SipFrameChannel(Buffer.alloc(32, 9));
					for (let i = 0; i < 3; i++) session.ws.send(stranger.seal('{"type":"pong","seq":1,"t0":1,"t1":1,"t2":1}'));
				},
			});
			cleanups.push(() => forger.close());
			const events = probe(forger.url);
			const down = await waitFor(() => events.find(e => e.type === 'disconnected'), 'cut');
			expect(down.type === 'disconnected' && down.reason.code, protocol).toBe('forged');
			expect(forger.sessions[0]!.ws.protocol).toBe(protocol);
			// What came before the cut (the hub dials again after it, and the forger forges again).
			const beforeCut = events.slice(0, events.indexOf(down));
			expect(beforeCut.filter(e => e.type === 'bad-frame').map(e => e.type === 'bad-frame' && e.reason)).toEqual(Array(3).fill('bad MAC'));
			await cleanups.pop()!();
			await cleanups.pop()!();
		}
	});
});

describe('the agent dials the hub (dial-out)', () => {
	async function listen(protocols?: string[]) {
		const agents: DialedAgent[] = [];
		const listener = await startHubListener({
			port: 0,
			sites: [{id: SITE, token: TOKEN}],
			log: () => {},
			onAgent: agent => agents.push(agent),
			...(protocols ? {protocols} : {}),
		});
		cleanups.push(() => listener.close());
		return {listener, agents};
	}

	async function dialler(hubUrl: string, protocols?: string[]) {
		const agent = await startAgentServer({site: SITE, token: TOKEN, listen: false, udpPort: false, log: () => {}});
		cleanups.push(() => agent.close());
		const dialer = startAgentDialer({hub: hubUrl, agent, log: () => {}, ...(protocols ? {protocols} : {})});
		cleanups.push(() => dialer.stop());
	}

	/** Ping the dialled agent with the hub's keys; resolves with its pong. */
	function ping(agent: DialedAgent, seq: number) {
		return new Promise<unknown>((resolve, reject) => {
			const ws: WebSocket = agent.ws;
			const timer = setTimeout(() => reject(new Error('no pong within 10 s')), 10_000);
			ws.on('message', data => {
				const json = agent.keys.receive.openBuffer(data as Buffer);
				const parsed = json === null ? null : parseMessage(json);
				if (parsed?.ok && parsed.message.type === 'pong') {
					clearTimeout(timer);
					resolve(parsed.message);
				}
			});
			ws.send(agent.keys.send.sealBuffer(encodePing(seq, 7)), {binary: false});
		});
	}

	it('a current agent and hub speak v3; an older agent (v2 only) or an older hub (v2 only) is served v2', async () => {
		const cases: Array<[string, string[] | undefined, string[] | undefined, string]> = [
			['both current', undefined, undefined, PROTOCOL_V3],
			['an older agent', undefined, [PROTOCOL_V2], PROTOCOL_V2],
			['an older hub', [PROTOCOL_V2], undefined, PROTOCOL_V2],
		];
		for (const [name, hubSpeaks, agentOffers, expected] of cases) {
			const {listener, agents} = await listen(hubSpeaks);
			await dialler(listener.url, agentOffers);
			const agent = await waitFor(() => agents[0], `${name}: the agent proved its site`);
			expect(agent.ws.protocol, name).toBe(expected);
			expect(agent.keys.receive.version, name).toBe(expected === PROTOCOL_V3 ? 3 : 2);
			expect(await ping(agent, 5), name).toMatchObject({type: 'pong', seq: 5, t0: 7});
			for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
		}
	});
});
