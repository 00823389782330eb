import {mkdtempSync, rmSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {freePort} from '../../src/cli/free-port.js';

// Dial-out through the hub's own commands, on loopback: the plan marks sites "connect: dial-out"
// (no endpoint), `status` and `rehearse` listen on --listen, real agent processes
// (`diemcau agent --hub`) call in, and the hub probes them exactly as it probes a dialled agent:
// RTT, the UDP stream, the bandwidth test. A site that never calls is down, "not connected"; a
// wrong token never gets in; a second agent for a site replaces the first with a warning.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-dial-out-hub-'));
const agents: StartedAgent[] = [];
afterEach(async () => {
	await Promise.all(agents.splice(0).map(agent => agent.stop()));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const probe = {probe: {intervalMs: 300, timeoutMs: 1000, downAfter: 3, upAfter: 1}};
const statusJson = (stdout: string) => JSON.parse(stdout) as {sites: Array<Record<string, any>>};

describe('dial-out sites in the hub commands', () => {
	it('status measures a site whose agent dialled in, beside a dialled one, and a site that never called is down "not connected"', async () => {
		const dialled = await startAgent({site: 'pho-thanh', token: 'tok-thanh'});
		agents.push(dialled);
		const plan = writePlan(
			path.join(dir, 'mixed'),
			[
				{id: 'pho-an', connect: 'dial-out', token: 'tok-an'},
				{id: 'pho-thanh', endpoint: dialled.url, token: 'tok-thanh'},
				{id: 'pho-chau', connect: 'dial-out', token: 'tok-chau'},
			],
			probe,
		);
		const status = listeningStatus([plan, '--json', '--count', '4', '--wait', '6s']);
		const hub = await status.url;
		agents.push(await startAgent({site: 'pho-an', token: 'tok-an', hub}));
		const result = await status.result;
		expect(result.exitCode, result.stderr).toBe(1);
		expect(result.stderr).toContain(`dial-out agents call ${hub}`);
		const sites = Object.fromEntries(statusJson(result.stdout).sites.map(site => [site.id, site]));
		expect(sites['pho-an']).toMatchObject({state: 'up', sent: expect.any(Number), errorCode: null});
		expect(sites['pho-an']!.sent).toBeGreaterThanOrEqual(4);
		expect(sites['pho-an']!.rttMs.p50).toBeGreaterThan(0);
		// The UDP stream runs over the dialled socket's session too: the agent sent first.
		expect(sites['pho-an']!.udp).toBe('ok');
		expect(sites['pho-thanh']).toMatchObject({state: 'up'});
		expect(sites['pho-chau']).toMatchObject({state: 'down', error: 'not connected', errorCode: 'not-connected', sent: 0});
	});

	it('the table words "not connected" in Vietnamese', async () => {
		const plan = writePlan(path.join(dir, 'none'), [{id: 'pho-chau', connect: 'dial-out', token: 'tok-chau'}], probe);
		const result = await execa('node', [BIN, 'status', plan, '--lang', 'vi', '--listen', '127.0.0.1:0', '--wait', '1s'], {
			reject: false,
			env: {NO_COLOR: '1'},
		});
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toContain('agent của điểm cầu chưa gọi về điểm cầu chính');
	});

	it('an agent with a wrong token is refused and the site stays "not connected"; a second agent of a site replaces the first, with a warning naming both', async () => {
		const plan = writePlan(
			path.join(dir, 'wrong'),
			[
				{id: 'pho-an', connect: 'dial-out', token: 'tok-an'},
				{id: 'pho-ninh', connect: 'dial-out', token: 'tok-ninh'},
			],
			probe,
		);
		const listening = listeningStatus([plan, '--json', '--count', '20', '--wait', '8s']);
		const hub = await listening.url;
		const wrong = await startAgent({site: 'pho-an', token: 'not-the-token', hub});
		const first = await startAgent({site: 'pho-ninh', token: 'tok-ninh', hub});
		agents.push(wrong, first);
		const status = listening.result;
		// Once the first agent of pho-ninh is in, a second one calls for the same site.
		await waitUntil(() => first.stderr().includes('connected to the hub'), 'the first pho-ninh agent connected');
		const second = await startAgent({site: 'pho-ninh', token: 'tok-ninh', hub});
		agents.push(second);
		const result = await status;
		const sites = Object.fromEntries(statusJson(result.stdout).sites.map(site => [site.id, site]));
		expect(sites['pho-an']).toMatchObject({state: 'down', errorCode: 'not-connected'});
		expect(wrong.stderr()).toContain('the hub refused the proof');
		expect(sites['pho-ninh']).toMatchObject({state: 'up'});
		expect(result.stderr).toMatch(
			/warning: site pho-ninh: a new agent connection from 127\.0\.0\.1:\d+ replaced the one from 127\.0\.0\.1:\d+/,
		);
		expect(first.stderr()).toContain('replaced by another agent connection of this site');
	});

	it('rehearse measures the bandwidth of a dial-out site over a second connection its agent opens', async () => {
		// rehearse does not print where agents call: a port picked free beforehand (TCP only; the hub's UDP binds port 0).
		const port = await freePort();
		const hub = `ws://127.0.0.1:${port}/agent`;
		agents.push(await startAgent({site: 'pho-an', token: 'tok-an', hub, rateKbps: 4000}));
		const plan = writePlan(path.join(dir, 'rehearse'), [{id: 'pho-an', connect: 'dial-out', token: 'tok-an'}], probe);
		const json = path.join(dir, 'rehearse', 'result.json');
		const result = await execa(
			'node',
			[BIN, 'rehearse', plan, '--duration', '6s', '--bandwidth', '2s', '--video', '0', '--json', json, '--listen', `127.0.0.1:${port}`],
			{reject: false, env: {NO_COLOR: '1'}},
		);
		expect(result.stderr).not.toMatch(/Error:|at .*\.js:\d+/);
		const site = (JSON.parse((await import('node:fs')).readFileSync(json, 'utf8')) as {sites: Array<Record<string, any>>}).sites[0]!;
		expect(site.bandwidthKbps, JSON.stringify(site)).not.toBeNull();
		// Paced at 4,000 kbit/s by the agent: the figure is that rate, measured through the dialled-in connection.
		expect(site.bandwidthKbps.down).toBeGreaterThan(3000);
		expect(site.bandwidthKbps.down).toBeLessThan(4400);
		expect(site.bandwidthKbps.up).toBeGreaterThan(3000);
		expect(site.bandwidthKbps.up).toBeLessThan(4400);
		expect(site.udp).toBe('ok');
	});

	it('a plan with dial-out sites and nowhere to listen is refused with what to add; a port in use is said so', async () => {
		const plan = writePlan(path.join(dir, 'nolisten'), [{id: 'pho-an', connect: 'dial-out', token: 'tok-an'}], probe);
		const missing = await execa('node', [BIN, 'status', plan], {reject: false});
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toContain('hub.listen');
		expect(missing.stderr).toContain('--listen HOST:PORT');
		expect(missing.stderr).not.toMatch(/at .*\.js:\d+/);
		const taken = createServer();
		await new Promise<void>(resolve => taken.listen(0, '127.0.0.1', resolve));
		const {port} = taken.address() as {port: number};
		try {
			const busy = await execa('node', [BIN, 'status', plan, '--listen', `127.0.0.1:${port}`], {reject: false});
			expect(busy.exitCode).toBe(2);
			expect(busy.stderr).toContain(`cannot listen for dial-out agents on 127.0.0.1:${port} is already in use`);
		} finally {
			taken.close();
		}
		const both = writePlan(
			path.join(dir, 'both'),
			[{id: 'pho-an', connect: 'dial-out', endpoint: 'ws://127.0.0.1:7701/probe', token: 'tok-an'}],
			probe,
		);
		const check = await execa('node', [BIN, 'status', both], {reject: false});
		expect(check.exitCode).toBe(2);
		expect(check.stderr).toContain('a dial-out site has no endpoint');
	});
});

/**
 * `diemcau status ARGS --listen 127.0.0.1:0` started, and the URL it says dial-out agents call
 * (the kernel picks the port: no port picked beforehand that another test could take meanwhile).
 */
function listeningStatus(args: string[]) {
	const result = execa('node', [BIN, 'status', ...args, '--listen', '127.0.0.1:0'], {reject: false, env: {NO_COLOR: '1'}});
	let err = '';
	const url = new Promise<string>((resolve, reject) => {
		result.stderr?.on('data', (chunk: Buffer) => {
			err += chunk.toString();
			const match = /dial-out agents call (\S+)/.exec(err);
			if (match) resolve(match[1]!);
		});
		void result.then(() => reject(new Error(`status ended before it listened:\n${err}`)));
	});
	return {url, result};
}

async function waitUntil(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!check()) {
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}
