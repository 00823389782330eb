import {execFileSync} from 'node:child_process';
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {startHubListener, type DialedAgent, type HubListener} from '../../probes/hub-listener.js';
import {encodePing, parseMessage} from '../../probes/protocol.js';
import {BIN, strongToken, writePlan} from '../helpers/agents.js';
import {skipped, tempDir, waitFor, watch, type Watched} from './util.js';

// wss:// for dial-out: the hub's listener with a certificate from a CA the test makes with
// openssl; the agent trusts it with --ca, and without it refuses to talk to the hub at all.

const TOKEN = strongToken('dial-out-tls-pho-an');
const temp = tempDir('dotls');
const children: Watched[] = [];
let listener: HubListener | undefined;
afterAll(async () => {
	for (const child of children) await child.stop();
	await listener?.close();
	temp.remove();
});

let openssl: string | null = null;
try {
	execFileSync('openssl', ['version'], {stdio: 'ignore'});
} catch {
	openssl = 'openssl is not installed';
	skipped('dial-out over wss:// with a generated CA', openssl);
}
const ssl = (...args: string[]) => execFileSync('openssl', args, {cwd: temp.dir, stdio: 'ignore'});

describe.skipIf(openssl !== null)('dial-out over wss://', () => {
	it('the agent trusting the CA (--ca) is known and answers; without it, it will not talk to the hub', async () => {
		const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
		ssl('req', '-x509', ...ec, '-days', '2', '-subj', '/CN=diemcau test CA', '-keyout', 'ca.key', '-out', 'ca.pem');
		ssl('req', ...ec, '-subj', '/CN=127.0.0.1', '-keyout', 'hub.key', '-out', 'hub.csr');
		writeFileSync(path.join(temp.dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1\n');
		ssl(
			'x509',
			'-req',
			'-in',
			'hub.csr',
			'-CA',
			'ca.pem',
			'-CAkey',
			'ca.key',
			'-CAcreateserial',
			'-days',
			'2',
			'-extfile',
			'san.ext',
			'-out',
			'hub.pem',
		);
		const agents: DialedAgent[] = [];
		listener = await startHubListener({
			port: 0,
			sites: [{id: 'pho-an', token: TOKEN}],
			tls: {cert: readFileSync(path.join(temp.dir, 'hub.pem')), key: readFileSync(path.join(temp.dir, 'hub.key'))},
			onAgent: agent => agents.push(agent),
		});
		expect(listener.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/agent$/);
		const tokenFile = path.join(temp.dir, 'pho-an.token');
		writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
		chmodSync(tokenFile, 0o600);

		const untrusting = await watch(['node', BIN, 'agent', '--site', 'pho-an', '--hub', listener.url, '--token-file', tokenFile], {
			env: {DIEMCAU_TOKEN: ''},
		});
		children.push(untrusting);
		await waitFor(
			() => /cannot reach the hub at wss:\/\/127\.0\.0\.1:\d+\/agent \(.*(CERT|certificate|SELF_SIGNED|UNABLE)/i.test(untrusting.output()),
			'the untrusting agent to refuse the hub',
			20_000,
		);
		expect(agents).toEqual([]);
		await untrusting.stop();

		const trusting = await watch(
			['node', BIN, 'agent', '--site', 'pho-an', '--hub', listener.url, '--token-file', tokenFile, '--ca', path.join(temp.dir, 'ca.pem')],
			{env: {DIEMCAU_TOKEN: ''}},
		);
		children.push(trusting);
		const agent = await waitFor(() => agents[0], 'the agent known over wss://', 20_000);
		expect(agent.site).toBe('pho-an');
		const pong = await new Promise<Record<string, unknown>>(resolve => {
			agent.ws.once('message', data =>
				resolve((parseMessage(agent.keys.receive.open(data.toString()) ?? '') as {message: Record<string, unknown>}).message),
			);
			agent.ws.send(agent.keys.send.seal(encodePing(1, performance.now())));
		});
		expect(pong).toMatchObject({type: 'pong', seq: 1});
	});

	it("the hub's own status listens on wss:// with --tls-cert/--tls-key and measures the agent that trusts its CA", async () => {
		await listener?.close();
		listener = undefined;
		for (const child of children.splice(0)) await child.stop();
		const tokenFile = path.join(temp.dir, 'pho-an.token');
		const free = createServer();
		await new Promise<void>(resolve => free.listen(0, '127.0.0.1', resolve));
		const {port} = free.address() as {port: number};
		await new Promise<void>(resolve => free.close(() => resolve()));
		const hubUrl = `wss://127.0.0.1:${port}/agent`;
		const agent = await watch(
			['node', BIN, 'agent', '--site', 'pho-an', '--hub', hubUrl, '--token-file', tokenFile, '--ca', path.join(temp.dir, 'ca.pem')],
			{env: {DIEMCAU_TOKEN: ''}},
		);
		children.push(agent);
		const plan = writePlan(path.join(temp.dir, 'plan'), [{id: 'pho-an', connect: 'dial-out', token: TOKEN}], {
			probe: {intervalMs: 300, timeoutMs: 1000},
		});
		const status = await watch(
			[
				'node',
				BIN,
				'status',
				plan,
				'--json',
				'--count',
				'3',
				'--listen',
				`127.0.0.1:${port}`,
				'--tls-cert',
				path.join(temp.dir, 'hub.pem'),
				'--tls-key',
				path.join(temp.dir, 'hub.key'),
			],
			{env: {NO_COLOR: '1'}},
		);
		children.push(status);
		await waitFor(() => status.exited(), 'status over wss://', 60_000);
		expect(status.output()).toContain(`dial-out agents call ${hubUrl}`);
		const out = status.output();
		const site = (JSON.parse(out.slice(out.indexOf('{'), out.lastIndexOf('}') + 1)) as {sites: Array<Record<string, unknown>>}).sites[0];
		expect(site).toMatchObject({id: 'pho-an', state: 'up'});
		expect(agent.output()).toContain(`connected to the hub at ${hubUrl}`);
	});
});
