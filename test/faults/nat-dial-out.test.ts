import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {BIN, strongToken, writePlan} from '../helpers/agents.js';
import {createNatBed, natUnavailable, type NatBed} from '../helpers/nat.js';
import {toolsMissing} from '../helpers/impair.js';
import {figure, skipped, tempDir, waitFor, watch, type Watched} from './util.js';

// A commune behind NAT: its agent opens no port, dials the hub across a masquerading router, and
// the hub (which has no route back to the site) learns the site from the proof and measures it over
// the dialled socket: RTT, and the UDP stream's loss each way against fping on the same line. A wrong
// token is refused, the hub restarting finds the same agent back, a second agent takes over. The hub
// dialling the agent the old way fails on the same bed.

const TOKEN = strongToken('nat-dial-out-pho-an');
const unavailable = natUnavailable() ?? toolsMissing('fping');
if (unavailable) skipped('dial-out through NAT (three namespaces, nft masquerade)', unavailable);

const temp = tempDir('natdial');
let bed: NatBed | undefined;
const children: Watched[] = [];

afterAll(async () => {
	for (const child of children.reverse()) await child.stop();
	bed?.destroy();
	temp.remove();
});

describe.skipIf(unavailable !== null)('dial-out through NAT', () => {
	it('the agent behind NAT is measured by the hub over the socket it opened (RTT, UDP loss against fping), wrong tokens stay out, the agent survives a hub restart; dialling it in fails', async () => {
		const b = createNatBed('ndo');
		bed = b;
		const tokenFile = path.join(temp.dir, 'pho-an.token');
		writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
		chmodSync(tokenFile, 0o600);

		// The old way first: an agent listening at the site cannot be dialled from the hub.
		const dialIn = await watch(
			[...b.inNs('site'), 'node', BIN, 'agent', '--site', 'pho-an', '--host', b.site.address, '--port', '7701', '--token-file', tokenFile],
			{env: {DIEMCAU_TOKEN: ''}},
		);
		children.push(dialIn);
		await waitFor(() => dialIn.output().includes('listening'), 'dial-in agent listening', 20_000);
		const plan = writePlan(path.join(temp.dir, 'in'), [{id: 'pho-an', endpoint: `ws://${b.site.address}:7701/probe`, token: TOKEN}], {
			probe: {intervalMs: 300, timeoutMs: 1000},
		});
		const status = await watch([...b.inNs('hub'), 'node', BIN, 'status', plan, '--json', '--count', '2'], {env: {NO_COLOR: '1'}});
		await waitFor(() => status.exited(), 'status to finish', 60_000);
		const inSite = JSON.parse(status.output().slice(status.output().indexOf('{'))).sites[0];
		expect(inSite).toMatchObject({id: 'pho-an', state: 'down', sent: 0});
		expect(inSite.error).toMatch(/unreachable|timeout|refused/i);
		await dialIn.stop();

		// Dial-out: the agent in the site namespace dials the hub through the NAT, and the hub's own
		// `status` (no route to the site at all) measures it over the socket the agent opened.
		const hubUrl = `ws://${b.hub.address}:7700/agent`;
		const agent = await watch([...b.inNs('site'), 'node', BIN, 'agent', '--site', 'pho-an', '--hub', hubUrl, '--token-file', tokenFile], {
			env: {DIEMCAU_TOKEN: ''},
		});
		children.push(agent);
		// 10 % of packets from the hub towards the site are lost at the router: the UDP stream must see it "up".
		execFileSync(
			'ip',
			[
				'netns',
				'exec',
				b.router.ns,
				'nft',
				[
					'table ip diemcau_loss {',
					'  chain forward { type filter hook forward priority -10;',
					`    iifname "${b.router.wan.dev}" oifname "${b.router.lan.dev}" numgen random mod 100 < 10 drop`,
					'  }',
					'}',
				].join('\n'),
			],
			{timeout: 10_000},
		);
		const outPlan = writePlan(
			path.join(temp.dir, 'out'),
			[
				{id: 'pho-an', connect: 'dial-out', token: TOKEN},
				{id: 'pho-chau', connect: 'dial-out', token: strongToken('nat-dial-out-pho-chau')},
			],
			{probe: {intervalMs: 250, timeoutMs: 1500, udpRate: 20}},
		);
		const hubStatus = (count: number) =>
			watch(
				[
					...b.inNs('hub'),
					'node',
					BIN,
					'status',
					outPlan,
					'--json',
					'--count',
					String(count),
					'--listen',
					`${b.hub.address}:7700`,
					'--wait',
					'12s',
				],
				{env: {NO_COLOR: '1'}},
			);
		// A wrong token for pho-chau from the same commune: refused, pho-chau stays "not connected".
		const wrongFile = path.join(temp.dir, 'wrong.token');
		writeFileSync(wrongFile, `${strongToken('not-the-token')}\n`, {mode: 0o600});
		chmodSync(wrongFile, 0o600);
		const wrong = await watch([...b.inNs('site'), 'node', BIN, 'agent', '--site', 'pho-chau', '--hub', hubUrl, '--token-file', wrongFile], {
			env: {DIEMCAU_TOKEN: ''},
		});
		children.push(wrong);

		const first = await hubStatus(60);
		await waitFor(() => first.exited(), 'status through the NAT', 90_000);
		const fping = fpingFromSite(b, 300, 20);
		const sites = siteMap(first.output());
		const an = sites['pho-an'];
		figure('nat-dial-out', {rttMs: an.rttMs, packetLossPct: an.packetLossPct, fpingRoundTripLossPct: fping.lossPct});
		expect(an, first.output()).toMatchObject({state: 'up', udp: 'ok'});
		expect(an.rttMs.p50).toBeGreaterThan(0);
		// The UDP loss hub → site (up) against fping's round-trip loss on the same line (the drop is one
		// way only). Both must see the drop itself: ~300 packets each, so 10 % reads 10 ± 3.5 (2 σ);
		// the bounds are ±6 (3.5 σ), and a rule that dropped nothing (0 against 0) fails here.
		expect(fping.lossPct, 'fping sees the 10 % drop').toBeGreaterThan(4);
		expect(fping.lossPct, 'fping sees the 10 % drop').toBeLessThan(16);
		expect(an.packetLossPct.up, 'diemcau sees the 10 % drop up').toBeGreaterThan(4);
		expect(an.packetLossPct.up, 'diemcau sees the 10 % drop up').toBeLessThan(16);
		expect(Math.abs(an.packetLossPct.up - fping.lossPct)).toBeLessThan(7);
		expect(an.packetLossPct.down).toBeLessThan(3);
		expect(sites['pho-chau']).toMatchObject({state: 'down', errorCode: 'not-connected'});
		expect(wrong.output()).toContain('the hub refused the proof');
		expect(agent.output()).toContain(`connected to the hub at ${hubUrl}`);

		// The hub went away (status ended) and comes back: the same agent, never restarted, calls
		// again; and a second agent for the site (a rebooted PC) takes over, with a warning naming both.
		const second = await hubStatus(30);
		await waitFor(() => (agent.output().match(/connected to the hub/g) ?? []).length >= 2, 'the agent back without a restart', 30_000);
		const again = await watch([...b.inNs('site'), 'node', BIN, 'agent', '--site', 'pho-an', '--hub', hubUrl, '--token-file', tokenFile], {
			env: {DIEMCAU_TOKEN: ''},
		});
		children.push(again);
		await waitFor(() => second.exited(), 'the second status', 90_000);
		expect(siteMap(second.output())['pho-an']).toMatchObject({state: 'up'});
		// Both connections come through the router: the hub names its address twice.
		const router = b.router.wan.address.replaceAll('.', '\\.');
		expect(second.output()).toMatch(
			new RegExp(`warning: site pho-an: a new agent connection from ${router}:\\d+ replaced the one from ${router}:\\d+`),
		);
	});
});

/** status --json's sites by id (its JSON is the stdout after any stderr lines). */
function siteMap(output: string): Record<string, any> {
	const json = JSON.parse(output.slice(output.indexOf('{'), output.lastIndexOf('}') + 1)) as {sites: Array<Record<string, any>>};
	return Object.fromEntries(json.sites.map(site => [site.id, site]));
}

/** fping from the site to the hub through the NAT (the hub cannot reach the site): round-trip loss. */
function fpingFromSite(bed: NatBed, count: number, everyMs: number): {sent: number; lossPct: number} {
	const argv = [...bed.inNs('site'), 'fping', '-c', String(count), '-p', String(everyMs), '-q', bed.hub.address];
	const text = spawnSync(argv[0]!, argv.slice(1), {encoding: 'utf8', timeout: count * everyMs + 30_000}).stderr ?? '';
	const match = /xmt\/rcv\/%loss = (\d+)\/(\d+)\//.exec(text);
	if (!match) throw new Error(`fping said: ${text}`);
	return {sent: Number(match[1]), lossPct: ((Number(match[1]) - Number(match[2])) / Number(match[1])) * 100};
}
