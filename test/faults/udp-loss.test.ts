import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BIN, writePlan} from '../helpers/agents.js';
import {dropPackets, fpingLoss, toolsMissing} from '../helpers/impair.js';
import {createNetnsPair, netnsUnavailable, type NetnsPair} from '../helpers/netns.js';
import {figure, skipped, tempDir, waitFor, watch, type Watched} from './util.js';

// Truthful loss on a real wire: hub and agent in their own namespaces joined by veth, the kernel
// dropping 5 % of packets each way (nft). TCP hides that as delay; the UDP test stream must show
// each direction's loss as fping sees it on the same link, in the same test. And where UDP does
// not pass at all, the site says `udp: "blocked"` and is still graded from its WebSocket probes.

const TOKEN = 'udp-loss-token-5c1e9a77d02b4f6e';
const DROP = 5;
const unavailable = netnsUnavailable() ?? toolsMissing('nft', 'fping');
if (unavailable) skipped('UDP loss on a real wire (netns + nft)', unavailable);

const temp = tempDir('udploss');
let pair: NetnsPair | undefined;
let agent: Watched | undefined;
let plan = '';

beforeAll(async () => {
	if (unavailable) return;
	pair = createNetnsPair('udl', '10.231.4');
	const tokenFile = path.join(temp.dir, 'agent.token');
	writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
	chmodSync(tokenFile, 0o600);
	agent = await watch(
		[
			...pair.inNs('site'),
			'node',
			BIN,
			'agent',
			'--site',
			'pho-an',
			'--host',
			pair.site.address,
			'--port',
			'7700',
			'--token-file',
			tokenFile,
		],
		{env: {DIEMCAU_TOKEN: ''}},
	);
	await waitFor(() => agent!.output().includes('listening'), 'agent listening', 20_000);
	// 200 UDP packets a second for 12 s: ~2,400 each way, so ±2 points is over 4 standard deviations.
	plan = writePlan(temp.dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: `ws://${pair.site.address}:7700/probe`, token: TOKEN}], {
		probe: {intervalMs: 500, timeoutMs: 2000, downAfter: 3, upAfter: 2, window: 60, udpRate: 200},
	});
});

afterAll(async () => {
	await agent?.stop();
	pair?.destroy();
	temp.remove();
});

const statusIn = (p: NetnsPair, ...args: string[]) =>
	execa(p.inNs('hub')[0]!, [...p.inNs('hub').slice(1), 'node', BIN, 'status', plan, '--json', ...args], {reject: false});

describe.skipIf(unavailable !== null)('UDP test stream on a namespace link', () => {
	it(`shows ${DROP} % packet loss each way that TCP probes hide, as fping sees it on the same link`, async () => {
		dropPackets(pair!, DROP, DROP);
		const [result, ping] = await Promise.all([statusIn(pair!, '--count', '24'), Promise.resolve().then(() => fpingLoss(pair!, 1200, 10))]);
		const site = JSON.parse(result.stdout).sites[0];
		const sentUp = site.packetLossPct && site.udp === 'ok';
		expect(sentUp, result.stdout + result.stderr).toBeTruthy();
		expect(site.state).toBe('up');
		expect(Math.abs(site.packetLossPct.up - DROP)).toBeLessThanOrEqual(2);
		expect(Math.abs(site.packetLossPct.down - DROP)).toBeLessThanOrEqual(2);
		// Round trip, as fping counts it: within 3.5 points of fping's on the same link at the same time.
		const roundTrip = 100 - ((100 - site.packetLossPct.up) * (100 - site.packetLossPct.down)) / 100;
		process.stdout.write(
			`udp-loss: diemcau up ${site.packetLossPct.up} down ${site.packetLossPct.down} round trip ${roundTrip.toFixed(1)}; fping ${ping.lossPct.toFixed(1)} (${ping.sent} sent)\n`,
		);
		// Both are samples (fping 1,200 pings: σ ≈ 0.9 points; ours ≈ 0.6), so 3.5 points is over 3 σ of their difference.
		expect(Math.abs(roundTrip - ping.lossPct)).toBeLessThanOrEqual(3.5);
		// The grade used the packet loss, not the (near zero) probe loss.
		expect(site.lossPct).toBeCloseTo(Math.max(site.probeLossPct, site.packetLossPct.up, site.packetLossPct.down), 1);
		expect(site.lossPct).toBeGreaterThan(site.probeLossPct);
		expect(site.grade).toBe('poor');
		figure('udp-loss-5pct', {
			drop: DROP,
			diemcau: site.packetLossPct,
			probeLossPct: site.probeLossPct,
			roundTrip: Math.round(roundTrip * 10) / 10,
			fping: ping,
		});
	}, 120_000);

	it(`rehearse shows the same ${DROP} % each way and its verdict names the packet loss`, async () => {
		dropPackets(pair!, DROP, DROP);
		const json = path.join(temp.dir, 'rehearsal.json');
		const result = await execa(
			pair!.inNs('hub')[0]!,
			[
				...pair!.inNs('hub').slice(1),
				'node',
				BIN,
				'rehearse',
				plan,
				'--duration',
				'12s',
				'--bandwidth',
				'0',
				'--video',
				'0',
				'--json',
				json,
			],
			{reject: false},
		);
		dropPackets(pair!, 0, 0);
		const site = JSON.parse(readFileSync(json, 'utf8')).sites[0];
		process.stdout.write(`udp-loss rehearse: ${JSON.stringify(site.packetLossPct)} ${JSON.stringify(site.reasons)}\n`);
		expect(result.exitCode, result.stderr).toBe(1);
		expect(site.udp).toBe('ok');
		expect(Math.abs(site.packetLossPct.up - DROP)).toBeLessThanOrEqual(2);
		expect(Math.abs(site.packetLossPct.down - DROP)).toBeLessThanOrEqual(2);
		expect(site.verdict).not.toBe('pass');
		expect(site.reasons.join('\n')).toMatch(/^packet loss (up|down) \d+(\.\d)? % > (1|4) %$/m);
	}, 120_000);

	it('says udp "blocked" when no UDP passes, and still grades the site from its WebSocket probes', async () => {
		dropPackets(pair!, 100, 0, 'udp');
		const result = await statusIn(pair!, '--count', '4');
		const site = JSON.parse(result.stdout).sites[0];
		expect(result.exitCode, result.stderr).toBe(0);
		expect(site).toMatchObject({state: 'up', grade: 'good', udp: 'blocked', packetLossPct: null, probeLossPct: 0, lossPct: 0});
		const table = await execa(pair!.inNs('hub')[0]!, [...pair!.inNs('hub').slice(1), 'node', BIN, 'status', plan, '--count', '4'], {
			reject: false,
			env: {NO_COLOR: '1'},
		});
		dropPackets(pair!, 0, 0);
		expect(table.stdout).toMatch(/Xã Phổ An\s+up.*blocked/);
	}, 120_000);
});
