import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {BIN, strongToken, writePlan} from '../helpers/agents.js';
import {createNatBed, natUnavailable, type NatBed} from '../helpers/nat.js';
import {skipped, tempDir, waitFor, watch, type Watched} from './util.js';

// A commune behind NAT: its agent opens no port, dials the hub across a masquerading router, and
// the hub (which has no route back to the site) learns the site from the proof and measures it over
// the dialled socket. The hub dialling the agent the old way fails on the same bed.

const root = path.resolve(import.meta.dirname, '../..');
const TOKEN = strongToken('nat-dial-out-pho-an');
const unavailable = natUnavailable();
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
	it('the agent behind NAT reaches the hub, is known by its proof and answers its pings; dialling it in fails', async () => {
		bed = createNatBed('ndo');
		const tokenFile = path.join(temp.dir, 'pho-an.token');
		writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
		chmodSync(tokenFile, 0o600);
		const sitesFile = path.join(temp.dir, 'sites.json');
		writeFileSync(sitesFile, JSON.stringify([{id: 'pho-an', token: TOKEN}]), {mode: 0o600});

		const hub = await watch([...bed.inNs('hub'), 'node', '--import', 'tsx', 'test/helpers/hub-listen.ts', '--host', bed.hub.address, '--port', '7700', '--sites', sitesFile], {cwd: root});
		children.push(hub);
		await waitFor(() => hub.lines.find(line => line.kind === 'listening'), 'hub listening', 30_000);

		// The old way first: an agent listening at the site cannot be dialled from the hub.
		const dialIn = await watch([...bed.inNs('site'), 'node', BIN, 'agent', '--site', 'pho-an', '--host', bed.site.address, '--port', '7701', '--token-file', tokenFile], {env: {DIEMCAU_TOKEN: ''}});
		children.push(dialIn);
		await waitFor(() => dialIn.output().includes('listening'), 'dial-in agent listening', 20_000);
		const plan = writePlan(path.join(temp.dir, 'in'), [{id: 'pho-an', endpoint: `ws://${bed.site.address}:7701/probe`, token: TOKEN}], {probe: {intervalMs: 300, timeoutMs: 1000}});
		const status = await watch([...bed.inNs('hub'), 'node', BIN, 'status', plan, '--json', '--count', '2'], {env: {NO_COLOR: '1'}});
		await waitFor(() => status.exited(), 'status to finish', 60_000);
		const inSite = JSON.parse(status.output().slice(status.output().indexOf('{'))).sites[0];
		expect(inSite).toMatchObject({id: 'pho-an', state: 'down', sent: 0});
		expect(inSite.error).toMatch(/unreachable|timeout|refused/i);
		await dialIn.stop();

		// Dial-out: the agent in the site namespace dials the hub's listener through the NAT.
		const agent = await watch([...bed.inNs('site'), 'node', BIN, 'agent', '--site', 'pho-an', '--hub', `ws://${bed.hub.address}:7700/agent`, '--token-file', tokenFile], {env: {DIEMCAU_TOKEN: ''}});
		children.push(agent);
		const known = await waitFor(() => hub.lines.find(line => line.kind === 'agent'), 'the agent known at the hub', 30_000);
		expect(known.site).toBe('pho-an');
		expect(known.from.split(':')[0]).toBe(bed.router.wan.address); // the hub sees the router, never the site
		await waitFor(() => hub.lines.filter(line => line.kind === 'pong').length >= 3, 'three pongs through the NAT', 30_000);
		for (const pong of hub.lines.filter(line => line.kind === 'pong')) expect(pong.rttMs).toBeGreaterThan(0);
		expect(agent.output()).toContain(`connected to the hub at ws://${bed.hub.address}:7700/agent`);
	});
});
