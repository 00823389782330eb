import {execFileSync} from 'node:child_process';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {WebSocketServer, type WebSocket} from 'ws';
import {Prober, type ProbeEvent, type ProbeTarget} from '../../probes/prober.js';
import {PROTOCOL_V2} from '../../probes/protocol.js';
import {startAgent, strongToken, type StartedAgent} from '../helpers/agents.js';
import {waitFor} from '../helpers/wait.js';
import {wordTestError} from '../../src/i18n/test-error-words.js';

// The hub's probe engine against real agent processes and hand-made misbehaving servers.

const TOKEN = strongToken('pho-an-secret');
const FAST = {intervalMs: 100, timeoutMs: 300, downAfter: 3, backoff: {baseMs: 50, capMs: 500}};
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function probe(targets: ProbeTarget[], options = FAST) {
	const events: ProbeEvent[] = [];
	const prober = new Prober(targets, options, event => events.push(event));
	prober.start();
	cleanups.push(() => prober.stop());
	function of(site: string): ProbeEvent[];
	function of<T extends ProbeEvent['type']>(site: string, type: T): Array<Extract<ProbeEvent, {type: T}>>;
	function of(site: string, type?: ProbeEvent['type']) {
		return events.filter(e => e.site === site && (!type || e.type === type));
	}
	return {prober, events, of};
}

async function spawn(options: Parameters<typeof startAgent>[0]): Promise<StartedAgent> {
	const agent = await startAgent(options);
	cleanups.push(() => agent.stop());
	return agent;
}

async function server(onConnection: (ws: WebSocket) => void, protocol = true): Promise<string> {
	const wss = new WebSocketServer({
		host: '127.0.0.1',
		port: 0,
		perMessageDeflate: false,
		...(protocol ? {handleProtocols: () => PROTOCOL_V2} : {}),
	});
	await new Promise(resolve => wss.once('listening', resolve));
	wss.on('connection', ws => {
		ws.on('error', () => {});
		onConnection(ws);
	});
	cleanups.push(
		() =>
			new Promise<void>(resolve => {
				for (const ws of wss.clients) ws.terminate();
				wss.close(() => resolve());
			}),
	);
	return `ws://127.0.0.1:${(wss.address() as {port: number}).port}/probe`;
}

const samples = (events: ProbeEvent[]) => events.filter((e): e is Extract<ProbeEvent, {type: 'sample'}> => e.type === 'sample');

describe('agent mode', () => {
	it('connects to a good agent and reports round-trip times', async () => {
		const agent = await spawn({site: 'pho-an', token: TOKEN});
		const {of, prober} = probe([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}]);
		await waitFor(() => samples(of('pho-an')).length >= 5, 'five samples');
		expect(of('pho-an')[0].type).toBe('connected');
		for (const sample of samples(of('pho-an'))) {
			expect(sample.rttMs).toBeGreaterThan(0);
			expect(sample.rttMs).toBeLessThan(FAST.timeoutMs);
		}
		expect(prober.stats().probesSent).toBeGreaterThanOrEqual(5);
	});

	it('says "auth failed" for a wrong token', async () => {
		const agent = await spawn({site: 'pho-an', token: TOKEN});
		const {of} = probe([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: strongToken('wrong')}]);
		const down = await waitFor(() => of('pho-an', 'disconnected')[0], 'disconnected');
		expect(reasonText(down.reason)).toBe('auth failed (wrong token or wrong site)');
		expect(of('pho-an', 'connected')).toHaveLength(0);
	});

	it('counts lost probes from a lossy agent and cuts a dead one after downAfter losses', async () => {
		const lossy = await spawn({site: 'lossy', token: TOKEN, lossPct: 40});
		const dead = await spawn({site: 'dead', token: TOKEN, simulate: 'dead'});
		const {of} = probe([
			{id: 'lossy', endpoint: lossy.url, mode: 'agent', token: TOKEN},
			{id: 'dead', endpoint: dead.url, mode: 'agent', token: TOKEN},
		]);
		await waitFor(() => {
			const s = samples(of('lossy'));
			return s.some(x => x.rttMs === null) && s.some(x => x.rttMs !== null);
		}, 'lost and answered samples from the lossy agent');
		const disconnected = await waitFor(() => of('dead', 'disconnected')[0], 'dead agent cut');
		expect(reasonText(disconnected.reason)).toBe('timeout');
		const before = of('dead').slice(0, of('dead').indexOf(disconnected));
		expect(samples(before).map(s => s.rttMs)).toEqual([null, null, null]);
		await waitFor(() => of('dead', 'connected').length >= 2, 'dead agent redialled');
	});

	it('reports a killed agent as disconnected and reconnects after it restarts on the same port', async () => {
		const agent = await spawn({site: 'pho-an', token: TOKEN});
		const {of} = probe([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}]);
		await waitFor(() => samples(of('pho-an')).length >= 2, 'samples');
		agent.process.kill('SIGKILL');
		await agent.stop();
		const down = await waitFor(() => of('pho-an', 'disconnected')[0], 'disconnected');
		expect(['closed', 'connection reset']).toContain(reasonText(down.reason));
		await waitFor(() => of('pho-an', 'disconnected').some(e => e.reason.code === 'connection-refused'), 'refused while dead');
		const count = samples(of('pho-an')).length;
		await spawn({site: 'pho-an', token: TOKEN, port: agent.port});
		await waitFor(() => of('pho-an', 'connected').length === 2, 'connected again');
		await waitFor(() => samples(of('pho-an')).length > count + 2, 'samples again');
	});

	it('measures bandwidth capped by --rate-kbps 500 within 20 % both ways on its own connection; the probe connection holds its pings, loses none and is never cut', async () => {
		const agent = await spawn({site: 'pho-an', token: TOKEN, rateKbps: 500});
		const {of, prober} = probe([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}], {...FAST, timeoutMs: 1000});
		await waitFor(() => of('pho-an', 'connected')[0], 'connected');
		const before = samples(of('pho-an')).length;
		const result = await prober.bandwidth('pho-an', {bytes: 96 * 1024});
		expect(result).not.toHaveProperty('error');
		const {upKbps, downKbps} = result as {upKbps: number; downKbps: number};
		expect(downKbps).toBeGreaterThan(400);
		expect(downKbps).toBeLessThan(600);
		expect(upKbps).toBeGreaterThan(400);
		expect(upKbps).toBeLessThan(600);
		// Bulk data never shares a socket with the probes: no probe lost, no disconnect, one probe connection.
		const during = samples(of('pho-an')).slice(before);
		expect(during.filter(s => s.rttMs === null)).toEqual([]);
		expect(of('pho-an', 'disconnected')).toEqual([]);
		expect(of('pho-an', 'connected')).toHaveLength(1);
		// And probing resumes afterwards.
		await waitFor(() => samples(of('pho-an')).length > before + 2, 'probes after the test');
		// UDP probes ran during the transfer: the latency under load.
		expect((result as {underLoadRttMs?: {samples: number}}).underLoadRttMs?.samples).toBeGreaterThan(3);
		const unknown = await prober.bandwidth('nowhere', {});
		expect('error' in unknown && wordTestError(unknown.error, 'en')).toBe('unknown site nowhere');
	});
});

describe('ws-ping mode and misbehaving sites', () => {
	it('measures RTT with control-frame pings against a plain ws server that knows nothing of diemcau', async () => {
		const payloads: Buffer[] = [];
		const url = await server(ws => ws.on('ping', data => payloads.push(data)), false);
		const {of} = probe([{id: 'bridge', endpoint: url, mode: 'ws-ping'}]);
		await waitFor(() => samples(of('bridge')).length >= 3, 'samples');
		expect(samples(of('bridge')).every(s => typeof s.rttMs === 'number')).toBe(true);
		expect(payloads[0]).toHaveLength(8);
	});

	it('cuts a site that sends garbage, with the reason, and keeps probing the others', async () => {
		const good = await spawn({site: 'good', token: TOKEN});
		const garbage = await server(ws => {
			ws.send(JSON.stringify({type: 'hello', v: 2, nonce: 'n'}));
			const timer = setInterval(() => ws.send('%%% not json'), 5);
			ws.on('close', () => clearInterval(timer));
		});
		const {of} = probe([
			{id: 'good', endpoint: good.url, mode: 'agent', token: TOKEN},
			{id: 'noisy', endpoint: garbage, mode: 'agent', token: TOKEN},
		]);
		const cut = await waitFor(() => of('noisy', 'disconnected')[0], 'noisy cut');
		expect(reasonText(cut.reason)).toBe('sent garbage');
		expect(of('noisy', 'bad-frame').length).toBeGreaterThanOrEqual(20);
		const count = samples(of('good')).length;
		await waitFor(() => samples(of('good')).length > count + 3, 'good keeps being probed');
	});

	it('refuses an impostor agent that cannot prove the token (mutual auth)', async () => {
		const impostor = await server(ws => {
			ws.send(JSON.stringify({type: 'hello', v: 2, nonce: 'n0nce'}));
			// It cannot make the proof; it tries a forged one, then skips straight to auth-ok.
			ws.on('message', () => {
				ws.send(JSON.stringify({type: 'proof', mac: 'forged'}));
				ws.send(JSON.stringify({type: 'auth-ok'}));
			});
		});
		const {of} = probe([{id: 'pho-an', endpoint: impostor, mode: 'agent', token: TOKEN}]);
		expect(reasonText((await waitFor(() => of('pho-an', 'disconnected')[0], 'refused')).reason)).toMatch(/^auth failed/);
		expect(of('pho-an', 'connected')).toHaveLength(0);
	});

	it('cuts a site that floods unsolicited pongs', async () => {
		const url = await server(ws => {
			const timer = setInterval(() => ws.pong(Buffer.from('12345678')), 5);
			ws.on('close', () => clearInterval(timer));
		}, false);
		const {of} = probe([{id: 'flood', endpoint: url, mode: 'ws-ping'}]);
		expect(reasonText((await waitFor(() => of('flood', 'disconnected')[0], 'cut')).reason)).toBe('sent garbage');
	});

	it('says "frame too large" for a site answering with a huge frame, and "connection refused" for nobody', async () => {
		const url = await server(ws => ws.send('x'.repeat(100 * 1024)));
		const {of} = probe([
			{id: 'huge', endpoint: url, mode: 'agent', token: TOKEN},
			{id: 'nobody', endpoint: 'ws://127.0.0.1:1/probe', mode: 'agent', token: TOKEN},
		]);
		expect(reasonText((await waitFor(() => of('huge', 'disconnected')[0], 'huge cut')).reason)).toBe('frame too large');
		expect(reasonText((await waitFor(() => of('nobody', 'disconnected')[0], 'refused')).reason)).toBe('connection refused');
	});
});

describe('wss://', () => {
	let openssl = true;
	try {
		execFileSync('openssl', ['version'], {stdio: 'ignore'});
	} catch {
		openssl = false;
	}

	it.skipIf(!openssl)('connects to a TLS agent when trusting its CA, and says why when not', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-tls-'));
		cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
		const cert = path.join(dir, 'cert.pem');
		const key = path.join(dir, 'key.pem');
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'ec',
				'-pkeyopt',
				'ec_paramgen_curve:prime256v1',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=127.0.0.1',
				'-addext',
				'subjectAltName=IP:127.0.0.1',
				'-keyout',
				key,
				'-out',
				cert,
			],
			{stdio: 'ignore'},
		);
		const agent = await spawn({site: 'pho-an', token: TOKEN, extraArgs: ['--tls-cert', cert, '--tls-key', key]});
		expect(agent.url).toMatch(/^wss:\/\//);
		const trusted = probe([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN, ca: readFileSync(cert)}]);
		const untrusted = probe([{id: 'pho-an', endpoint: agent.url, mode: 'agent', token: TOKEN}]);
		await waitFor(() => samples(trusted.events).some(s => s.rttMs !== null), 'a TLS sample');
		expect(reasonText((await waitFor(() => untrusted.of('pho-an', 'disconnected')[0], 'TLS refusal')).reason)).toMatch(/^TLS: /);
	});
});
