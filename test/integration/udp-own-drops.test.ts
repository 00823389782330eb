import {performance} from 'node:perf_hooks';
import {afterEach, describe, expect, it} from 'vitest';
import {UdpHub} from '../../probes/udp-hub.js';
import type {UdpReport} from '../../probes/udp-session.js';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {connectUdpPeer, type UdpPeer} from '../helpers/udp-peer.js';
import {waitFor} from '../helpers/wait.js';

// The hub's own UDP socket can drop reflections (a full receive buffer, when its loop falls
// behind): the kernel counts those drops per socket, and they must not read as the site's loss
// down. A real agent process and a real UdpHub on loopback, one session opened with the agent's
// real handshake (the helper's) and driven by the hub: its socket's buffer made as small as
// Linux allows, so a burst of reflections overflows it for real.

const TOKEN = 'udp-own-drops-token-4b7e19c2d05a';
const linux = process.platform === 'linux';
let agent: StartedAgent | undefined;
let peer: UdpPeer | undefined;
let hub: UdpHub | undefined;

afterEach(async () => {
	await hub?.stop();
	await peer?.close();
	peer?.socket.close();
	await agent?.stop();
	hub = peer = agent = undefined;
});

/** A real UdpHub session to a real agent; every report kept. */
async function session(options: {lossPct?: number; delayMs?: number; recvBufferBytes?: number; ratePps: number}) {
	agent = await startAgent({
		site: 'pho-an',
		token: TOKEN,
		...(options.lossPct === undefined ? {} : {lossPct: options.lossPct}),
		...(options.delayMs === undefined ? {} : {delayMs: options.delayMs}),
	});
	peer = await connectUdpPeer(agent.url, 'pho-an', TOKEN);
	hub = new UdpHub(
		options.ratePps,
		() => performance.now(),
		options.recvBufferBytes === undefined ? {} : {recvBufferBytes: options.recvBufferBytes},
	);
	const reports: UdpReport[] = [];
	const live = hub.open(peer.master, '127.0.0.1', 0, report => reports.push(report));
	live.ready(peer.agentPort);
	await waitFor(() => reports.some(r => r.state === 'ok'), 'the stream answering', 10_000);
	return {live, reports, hub};
}

const lossDown = (report: UdpReport) => (report.downSent > 0 ? ((report.downSent - report.downReceived) / report.downSent) * 100 : 0);

describe("the hub's own UDP drops", () => {
	it.skipIf(!linux)(
		"are counted as the hub's, not as the site's loss down (a lossless agent, the hub's buffer overflowing)",
		async () => {
			// The agent holds every reflection 200 ms (its simulated delay), so reflections keep arriving
			// while the hub's loop is held up below, into a buffer that holds about one: the kernel must
			// drop them, however fast the machine.
			const {live, reports, hub: udp} = await session({ratePps: 50, delayMs: 200, recvBufferBytes: 1});
			// 1,200-byte packets at 4 Mbit/s (about 400 a second) beside the stream.
			const loading = live.videoLoad(4000, 2500);
			await new Promise(resolve => setTimeout(resolve, 1000));
			const until = performance.now() + 400;
			while (performance.now() < until); // the hub's loop behind, as on an overloaded hub
			const load = await loading;
			expect('error' in load).toBe(false);
			const before = reports.length;
			await waitFor(() => reports.length >= before + 3, 'three reports after the load', 10_000);
			const last = reports.at(-1)!;
			// The drops were real: the kernel counted them, and the load's own raw count lost them.
			expect(udp.receiveDrops).toBeGreaterThan(20);
			if ('down' in load) expect(load.down.lossPct).toBeGreaterThan(10);
			// The site's figures leave them out: the agent lost nothing.
			expect(lossDown(last)).toBeLessThan(3);
			expect(last.upSent - last.upReceived).toBeLessThanOrEqual(Math.ceil(last.upSent * 0.03));
		},
		60_000,
	);

	it.skipIf(!linux)(
		"leave a site's real loss down counted when the hub dropped nothing",
		async () => {
			const {reports, hub: udp} = await session({ratePps: 100, lossPct: 20});
			await waitFor(() => (reports.at(-1)?.downSent ?? 0) >= 400, '400 reflections sent by the agent', 30_000);
			const last = reports.at(-1)!;
			expect(udp.receiveDrops).toBe(0);
			expect(lossDown(last)).toBeGreaterThan(12);
			expect(lossDown(last)).toBeLessThan(28);
		},
		60_000,
	);
});
