import dgram from 'node:dgram';
import {performance} from 'node:perf_hooks';
import {afterEach, describe, expect, it} from 'vitest';
import {UdpHub} from '../../probes/udp-hub.js';
import {udpWords} from '../../src/i18n/udp-words.js';
import {KIND} from '../../probes/udp-packet.js';
import type {UdpReport} from '../../probes/udp-session.js';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {connectUdpPeer, type UdpPeer} from '../helpers/udp-peer.js';
import {waitFor} from '../helpers/wait.js';

// A reflection sniffed on the way and sent again from another address (127.0.0.9) must not
// steer a site's test stream: a real agent process, the hub's real UdpHub, and between them a
// relay on 127.0.0.1 that forwards both ways and keeps a copy of every reflection (what an
// attacker on the path sees). The copies are then replayed from 127.0.0.9 to the hub's port.

const TOKEN = 'udp-replay-token-5c1e0a97d3b2';
let agent: StartedAgent | undefined;
let peer: UdpPeer | undefined;
let hub: UdpHub | undefined;
const sockets: dgram.Socket[] = [];

afterEach(async () => {
	await hub?.stop();
	for (const socket of sockets.splice(0)) socket.close();
	await peer?.close();
	peer?.socket.close();
	await agent?.stop();
	hub = peer = agent = undefined;
});

async function bind(address: string): Promise<dgram.Socket> {
	const socket = dgram.createSocket('udp4');
	sockets.push(socket);
	await new Promise<void>(resolve => socket.bind(0, address, resolve));
	return socket;
}

describe('a replayed UDP reflection from another address', () => {
	it('does not move the stream: the agent keeps answering, the site reads ok, the replays are counted', async () => {
		agent = await startAgent({site: 'vinh-loc', token: TOKEN});
		peer = await connectUdpPeer(agent.url, 'vinh-loc', TOKEN);
		const lines: string[] = [];
		hub = new UdpHub(10, () => performance.now(), {
			note: note => void (note.code === 'udp-peer-moved' && lines.push(udpWords.word(note, 'en'))),
		});
		const reports: UdpReport[] = [];
		const session = hub.open(peer.master, '127.0.0.1', 0, report => reports.push(report));
		const hubPort = await hub.portFor('127.0.0.1');
		// The relay: hub → relay → agent, and the agent's answers back through it.
		const relay = await bind('127.0.0.1');
		const captured: Buffer[] = [];
		let toAgent = 0;
		relay.on('message', (packet, rinfo) => {
			if (rinfo.port === hubPort) {
				toAgent++;
				relay.send(packet, peer!.agentPort, '127.0.0.1');
			} else {
				if (packet[0] === KIND.reflect) captured.push(Buffer.from(packet));
				relay.send(packet, hubPort, '127.0.0.1');
			}
		});
		session.ready(relay.address().port);
		await waitFor(() => reports.at(-1)?.state === 'ok' && captured.length >= 10, 'the stream answering through the relay', 15_000);

		// The attacker replays every reflection it saw, twice, from 127.0.0.9.
		const attacker = await bind('127.0.0.9');
		let toAttacker = 0;
		attacker.on('message', () => toAttacker++);
		const replays = captured.slice();
		for (let round = 0; round < 2; round++) for (const packet of replays) attacker.send(packet, hubPort, '127.0.0.1');
		await waitFor(() => hub!.counters.foreignDropped >= replays.length * 2, 'every replay dropped and counted', 10_000);

		// What a user would notice: the stream still goes to the site, which still reads ok.
		const sentBefore = toAgent;
		const reportsBefore = reports.length;
		await waitFor(() => toAgent >= sentBefore + 20 && reports.length >= reportsBefore + 3, 'the stream going on', 15_000);
		expect(toAttacker).toBe(0);
		expect(reports.at(-1)!.state).toBe('ok');
		expect(hub.counters.peerMoves).toBe(0);
		expect(lines).toEqual([]);
		const last = reports.at(-1)!;
		expect(last.downSent - last.downReceived).toBeLessThanOrEqual(1); // the replays were not counted as the line's
	}, 60_000);
});
