import dgram from 'node:dgram';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {REFLECT_RATE_PPS} from '../../probes/udp-reflector.js';
import {macKey} from '../../probes/udp-packet.js';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {connectUdpPeer, reflections, type UdpPeer} from '../helpers/udp-peer.js';
import {waitFor} from '../helpers/wait.js';

// The agent's UDP reflector against hostile packets: a reflector is an amplification tool if
// careless. Real agent process, real sockets on loopback. A test hub of our own holds a live
// session (so it can forge everything but the key); a real `diemcau status` measures the same
// agent meanwhile and must see none of it.

const TOKEN = 'udp-hostile-token-7d41c0e95b2a';
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-udp-hostile-'));
let agent: StartedAgent;
let peer: UdpPeer;
let agentErr = '';
const settle = () => new Promise(resolve => setTimeout(resolve, 300));

beforeAll(async () => {
	agent = await startAgent({site: 'pho-an', token: TOKEN});
	agent.process.stderr?.on('data', (chunk: Buffer) => {
		agentErr += chunk.toString();
	});
	peer = await connectUdpPeer(agent.url, 'pho-an', TOKEN);
}, 30_000);

afterAll(async () => {
	peer?.socket.close();
	await agent?.stop();
	rmSync(dir, {recursive: true, force: true});
});

describe('the UDP reflector against hostile packets', () => {
	it('answers a valid packet of a live session with exactly as many bytes, on the WebSocket port by default', async () => {
		expect(peer.agentPort).toBe(agent.port);
		peer.send(peer.packet(1, {length: 1200}));
		const answers = await waitFor(() => (reflections(peer.received).length > 0 ? reflections(peer.received) : null), 'a reflection');
		expect(answers).toHaveLength(1);
		expect(answers[0]!.length).toBe(1200);
	});

	it('answers none of: garbage, an unknown session, a wrong MAC, a replay, a spoofed source address', async () => {
		const before = reflections(peer.received).length;
		peer.send(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
		peer.send(Buffer.alloc(2000, 1)); // larger than any packet: no amplification of anything
		peer.send(peer.packet(2, {session: '0011223344556677'}));
		peer.send(peer.packet(3, {key: macKey(Buffer.alloc(32, 9))}));
		const truncated = peer.packet(4);
		truncated[truncated.length - 1]! ^= 1;
		peer.send(truncated);
		peer.send(peer.packet(1, {length: 1200})); // replay of the packet answered above
		// Valid MAC and session, but from another address than the hub's: a reflection to a victim.
		const spoof = dgram.createSocket('udp4');
		await new Promise<void>(resolve => spoof.bind(0, '127.0.0.2', resolve));
		spoof.on('message', packet => peer.received.push(packet));
		peer.send(peer.packet(5), spoof);
		await settle();
		spoof.close();
		expect(reflections(peer.received).length).toBe(before);
		// The session still works.
		peer.send(peer.packet(6));
		await waitFor(() => reflections(peer.received).length === before + 1, 'the next valid packet answered');
	});

	it('caps a flood of valid packets per session, and a real hub measuring the same agent sees none of it', async () => {
		const plan = writePlan(dir, [{id: 'pho-an', endpoint: agent.url, token: TOKEN}], {
			probe: {intervalMs: 300, timeoutMs: 1000, downAfter: 3, upAfter: 2, window: 60, udpRate: 20},
		});
		const status = execa('node', [BIN, 'status', plan, '--json', '--count', '12'], {reject: false});
		const before = reflections(peer.received).length;
		const startedAt = performance.now();
		let seq = 100;
		const flood = setInterval(() => {
			// ~2,000 valid packets a second, four times the cap, and 1,000 forged ones.
			for (let i = 0; i < 10; i++) peer.send(peer.packet(seq++));
			for (let i = 0; i < 5; i++) peer.send(peer.packet(3, {key: macKey(Buffer.alloc(32, 9))}));
		}, 5);
		const result = await status;
		clearInterval(flood);
		const elapsedS = (performance.now() - startedAt) / 1000;
		await settle();
		const answered = reflections(peer.received).length - before;
		const sent = seq - 100;
		expect(sent).toBeGreaterThan(answered * 2);
		// The token bucket: at most its rate over the time, plus one burst.
		expect(answered).toBeLessThanOrEqual(REFLECT_RATE_PPS * (elapsedS + 1) + 100);
		const site = JSON.parse(result.stdout).sites[0];
		expect(site).toMatchObject({state: 'up', grade: 'good', udp: 'ok', packetLossPct: {up: 0, down: 0}});
	}, 60_000);

	it('answers nothing of a closed session, keeps serving others, and counts every drop', async () => {
		await peer.close();
		await settle();
		const before = reflections(peer.received).length;
		peer.send(peer.packet(1_000_000));
		await settle();
		expect(reflections(peer.received).length).toBe(before);
		// Another connection gets its own session at once.
		const next = await connectUdpPeer(agent.url, 'pho-an', TOKEN);
		next.send(next.packet(1));
		await waitFor(() => reflections(next.received).length === 1, 'the new session answered');
		// A packet of the old session on the new connection's socket: still nothing.
		next.send(peer.packet(2));
		await settle();
		expect(reflections(next.received)).toHaveLength(1);
		next.socket.close();
		await next.close();
		agent.process.kill('SIGTERM');
		await agent.process;
		const line = agentErr;
		expect(line).toMatch(/site=pho-an: udp answered \d+, dropped \d+ \(.*malformed.*\)/);
		for (const why of ['of no session', 'from another address', 'with a bad MAC', 'replayed', 'over the rate cap'])
			expect(line).toContain(why);
	}, 60_000);
});
