import {createHmac} from 'node:crypto';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import WebSocket, {WebSocketServer} from 'ws';
import {encodePong} from '../../probes/protocol.js';
import {Terminal} from '../e2e/tmux.js';
import {BIN, startAgent, writePlan} from '../helpers/agents.js';
import {hostileAgent} from '../helpers/wire.js';
import {figure, tempDir, waitFor} from './util.js';

// Findings 1-3 of the adversarial review, each against the real CLI on loopback:
// what a hostile site or a relay on the path sends must never reach the operator's screen or
// documents as control, must give nothing to crack offline, and must never make a dead line look
// alive. The fakes speak whichever protocol version the hub asks for, so these tests fail on the
// code before the fix for the reason they name, not for a version mismatch.

const TOKEN = 'hostile-sites-token-6f1e9b3c7a2d4e8f0a1b';
const temp = tempDir('hostile');
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	temp.remove();
});

// What the review's fake agent closed with: retitle the window, clear the screen, paint a verdict.
const EVIL_CLOSE = '\x1b]0;PWNED-TITLE\x07\x1b[2J\x1b[32mALL SITES GOOD\x1b[0m\u202e';
// A 3 KB bandwidth error with line breaks that would inject Markdown into the "to fix" list.
const EVIL_BW = `\x1b[31mfail\x1b[0m\n\n## Injected heading\n- **must fix:** call 0900 000 000 now\n${'A'.repeat(3000)}`;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const run = (args: string[], env: Record<string, string> = {}) =>
	execa('node', [BIN, ...args], {reject: false, env: {NO_COLOR: '1', FORCE_COLOR: undefined, ...env}});

/** A fake agent that answers the hub's dial by closing with EVIL_CLOSE (no token needed). */
async function closingAgent(): Promise<string> {
	const agent = await hostileAgent({site: 'evil-close', onConnect: session => session.ws.close(4400, EVIL_CLOSE)});
	cleanups.push(() => agent.close());
	return agent.url;
}

/** A fake agent that knows the token, answers pings, and answers a bandwidth test with EVIL_BW. */
async function bandwidthLiar(): Promise<string> {
	const agent = await hostileAgent({
		site: 'evil-bw',
		token: TOKEN,
		onMessage: (session, message) => {
			if (message.type === 'ping') session.send(encodePong(message.seq, message.t0, 0, 0));
			if (message.type === 'bw-down' || message.type === 'bw-up') session.send({type: 'bw-error', id: message.id, reason: EVIL_BW});
		},
	});
	cleanups.push(() => agent.close());
	return agent.url;
}

describe('finding 1: terminal escapes from the far side', () => {
	it('reach no sink: status table, rehearsal output and report, dashboard (tmux), minutes', async () => {
		const plan = writePlan(
			path.join(temp.dir, 'escapes'),
			[
				{id: 'evil-close', name: 'Xã Phổ An', endpoint: await closingAgent(), token: TOKEN},
				{id: 'evil-bw', name: 'Xã Phổ Hòa', endpoint: await bandwidthLiar(), token: TOKEN},
			],
			{probe: {intervalMs: 200, timeoutMs: 1000}},
		);

		const status = await run(['status', plan, '--count', '3']);
		expect(status.stdout).toMatch(/Xã Phổ An .*protocol error \(\]0;PWNED-TITLE\[2J\[32mALL SITES GOOD\[0m\)/);
		expect(status.stdout + status.stderr).not.toMatch(CONTROL);

		const report = path.join(temp.dir, 'escapes', 'rehearsal.md');
		const json = path.join(temp.dir, 'escapes', 'rehearsal.json');
		const rehearse = await run(['rehearse', plan, '--duration', '2s', '--bandwidth', '1s', '--report', report, '--json', json]);
		const markdown = readFileSync(report, 'utf8');
		// Finding 7 too: contacts' names and phones are for the owner only.
		expect(statSync(report).mode & 0o777).toBe(0o600);
		expect(statSync(json).mode & 0o777).toBe(0o600);
		for (const text of [rehearse.stdout, rehearse.stderr, markdown]) expect(text).not.toMatch(CONTROL);
		// The 3 KB reason arrives cut to about 120 characters, on one line, its Markdown escaped.
		expect(markdown).not.toMatch(/^## Injected/m);
		expect(markdown).not.toMatch(/^- \*\*must fix:\*\* call/m);
		expect(markdown).toContain('\\#\\# Injected heading');
		expect(markdown).not.toContain('A'.repeat(200));
		expect(rehearse.stdout).not.toContain('A'.repeat(200));
		const reasons = JSON.parse(readFileSync(json, 'utf8'))
			.sites.find((s: {id: string}) => s.id === 'evil-bw')
			.reasons.join(' ');
		expect(reasons).toMatch(/fail\[0m ## Injected heading - \*\*must fix:\*\* call 0900 000 000 now A+…/);

		// The dashboard in a real terminal: the window keeps its title, the screen is not cleared.
		const journal = path.join(temp.dir, 'escapes', 'meeting.jsonl');
		const terminal = await Terminal.start(['run', plan, '--journal', journal, '--lang', 'en'], {columns: 160, rows: 30});
		cleanups.push(() => terminal.close());
		await terminal.waitFor(s => /›✖ Xã Phổ An/.test(s) && s.includes('Item 1/'), 'the site down, selected');
		await terminal.keys(['Enter']);
		const screen = await terminal.waitFor(s => s.includes('protocol error'), 'its detail with the reason');
		const {stdout: title} = await execa('tmux', ['-L', terminal.socket, 'display-message', '-p', '-t', 'main', '#{pane_title}']);
		expect(title).not.toContain('PWNED');
		expect(screen).toMatch(/protocol error \(\]0;PWNED-TITLE\[2J\[32mALL SITES GOOD/);
		await terminal.keys(['Escape']);
		await terminal.keys(['q']); // before the meeting started it quits without asking
		await waitFor(() => {
			try {
				return readFileSync(terminal.exitFile, 'utf8').trim();
			} catch {
				return null;
			}
		}, 'the dashboard to exit');

		const minutes = await run(['report', journal]);
		expect(minutes.exitCode).toBe(0);
		expect(minutes.stdout).toMatch(/protocol error/);
		expect(minutes.stdout).not.toMatch(CONTROL);
		figure('escapes', {statusExit: status.exitCode, rehearseExit: rehearse.exitCode, reasonInReport: reasons.length, paneTitle: title});
	}, 120_000);
});

/** A fake agent with no token that speaks whichever version the hub asks for and records what the hub sends. */
async function listeningImpostor(): Promise<{url: string; received: string[]; protocols: string[]}> {
	const received: string[] = [];
	const protocols: string[] = [];
	const wss = new WebSocketServer({host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: asked => [...asked][0] ?? false});
	await new Promise(resolve => wss.once('listening', resolve));
	wss.on('connection', ws => {
		protocols.push(ws.protocol);
		ws.on('error', () => {});
		// v1: the site and a nonce; v2: a nonce only. Either way, then it listens.
		ws.send(
			JSON.stringify(
				ws.protocol === 'diemcau.v1'
					? {type: 'hello', v: 1, site: 'pho-an', nonce: 'impostor-nonce'}
					: {type: 'hello', v: 2, nonce: 'impostor-nonce'},
			),
		);
		ws.on('message', data => {
			received.push(data.toString());
			const message = JSON.parse(data.toString());
			// v2: it cannot make a proof; it tries one anyway, hoping for the hub's MAC back.
			if (message.type === 'challenge') ws.send(JSON.stringify({type: 'proof', mac: 'A'.repeat(43)}));
		});
	});
	cleanups.push(
		() =>
			new Promise<void>(resolve => {
				for (const ws of wss.clients) ws.terminate();
				wss.close(() => resolve());
			}),
	);
	return {url: `ws://127.0.0.1:${(wss.address() as {port: number}).port}/probe`, received, protocols};
}

describe('finding 2: an offline-crackable MAC, weak tokens', () => {
	it('a fake agent gets nothing from the hub to crack, and weak tokens are refused with what to do', async () => {
		const weak = 'secret1';
		const impostor = await listeningImpostor();
		const dir = path.join(temp.dir, 'crack');
		const strongPlan = writePlan(dir, [{id: 'pho-an', endpoint: impostor.url, token: TOKEN}], {probe: {intervalMs: 200, timeoutMs: 1000}});
		const status = await run(['status', strongPlan, '--count', '2']);
		expect(status.exitCode).toBe(1);
		// Try a dictionary (with the real token in it) against every MAC the hub sent.
		const dictionary = ['secret', 'secret1', 'password', 'pho-an', TOKEN];
		const cracked: string[] = [];
		for (const text of impostor.received) {
			const message = JSON.parse(text);
			if (typeof message.mac !== 'string') continue;
			for (const guess of dictionary) {
				for (const input of [`hub|pho-an|impostor-nonce|${message.nonce}`, `diemcau.v2 hub|pho-an|impostor-nonce|${message.nonce}`]) {
					if (createHmac('sha256', guess).update(input).digest('base64url') === message.mac) cracked.push(guess);
				}
			}
		}
		expect(cracked).toEqual([]);
		expect(impostor.received.map(text => JSON.parse(text).type)).not.toContain('auth');
		expect(impostor.received.some(text => text.includes('"mac"'))).toBe(false);

		// A weak token: the hub refuses to probe with it, the agent refuses to serve it; both exit 2 saying what to do.
		const weakDir = path.join(temp.dir, 'weak');
		const weakPlan = writePlan(weakDir, [{id: 'pho-an', endpoint: impostor.url, token: 'placeholder-token-made-strong-below'}]);
		const tokenFile = path.join(weakDir, 'tokens', 'pho-an.token');
		await import('node:fs').then(fs => fs.writeFileSync(tokenFile, `${weak}\n`, {mode: 0o600}));
		const hub = await run(['status', weakPlan]);
		expect(hub.exitCode).toBe(2);
		expect(hub.stderr).toMatch(
			/pho-an: the token is too weak \(about \d+ bits, at least 128 needed\): make a new one with "diemcau token new FILE"/,
		);
		expect(hub.stderr).not.toContain(weak);
		const agent = await run(['agent', '--site', 'pho-an', '--port', '0', '--token-file', tokenFile]);
		expect(agent.exitCode).toBe(2);
		expect(agent.stderr).toMatch(/too weak/);
		// And the way out: a new token, in a file only its owner reads.
		const fresh = path.join(weakDir, 'fresh.token');
		const made = await run(['token', 'new', fresh]);
		expect(made.exitCode).toBe(0);
		expect(statSync(fresh).mode & 0o777).toBe(0o600);
		expect(readFileSync(fresh, 'utf8').trim()).toMatch(/^[\w-]{43}$/);
		expect(made.stdout).not.toContain(readFileSync(fresh, 'utf8').trim());
		expect((await run(['token', 'new', fresh])).exitCode).toBe(2); // never overwrites a token
		figure('offline-crack', {
			framesFromHub: impostor.received.length,
			macsHanded: impostor.received.filter(t => t.includes('"mac"')).length,
			cracked: cracked.length,
			weakTokenHubExit: hub.exitCode,
			weakTokenAgentExit: agent.exitCode,
		});
	}, 60_000);
});

/**
 * A relay on the path: passes the handshake through untouched, then answers every ping itself
 * (the agent behind it is dead) with a pong it makes up.
 */
async function forgingRelay(agentUrl: string): Promise<{url: string; forged: () => number}> {
	let forged = 0;
	const wss = new WebSocketServer({host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: asked => [...asked][0] ?? false});
	await new Promise(resolve => wss.once('listening', resolve));
	wss.on('connection', hub => {
		const agent = new WebSocket(agentUrl, hub.protocol, {perMessageDeflate: false});
		let passed = false; // the handshake is through: from now on, the relay answers
		const v2 = hub.protocol !== 'diemcau.v1';
		hub.on('error', () => {});
		agent.on('error', () => hub.terminate());
		agent.on('close', () => hub.terminate());
		hub.on('close', () => agent.terminate());
		agent.on('message', data => {
			const text = data.toString();
			if (text.includes('"auth-ok"')) passed = true;
			if (hub.readyState === hub.OPEN) hub.send(text);
		});
		const queue: string[] = [];
		agent.on('open', () => {
			for (const text of queue.splice(0)) agent.send(text);
		});
		hub.on('message', data => {
			const text = data.toString();
			const ping = passed ? /"type":"ping","seq":(\d+),"t0":([\d.e+-]+)/.exec(text) : null;
			if (ping) {
				forged++;
				const pong = encodePong(Number(ping[1]), Number(ping[2]), 0, 0.1);
				// It has no session key: in v2 it can only put something MAC-shaped in front.
				hub.send(v2 ? `${'A'.repeat(22)}${pong}` : pong);
				return;
			}
			if (agent.readyState === agent.OPEN) agent.send(text);
			else queue.push(text);
		});
	});
	cleanups.push(
		() =>
			new Promise<void>(resolve => {
				for (const ws of wss.clients) ws.terminate();
				wss.close(() => resolve());
			}),
	);
	return {url: `ws://127.0.0.1:${(wss.address() as {port: number}).port}/probe`, forged: () => forged};
}

describe('finding 3: nothing authenticated after the handshake', () => {
	it('a relay that answers the pings of a dead site makes it down "forged or corrupted answers", never good', async () => {
		const agent = await startAgent({site: 'pho-an', token: TOKEN, simulate: 'dead'});
		cleanups.push(() => agent.stop());
		const relay = await forgingRelay(agent.url);
		const plan = writePlan(path.join(temp.dir, 'relay'), [{id: 'pho-an', name: 'Xã Phổ An', endpoint: relay.url, token: TOKEN}], {
			probe: {intervalMs: 200, timeoutMs: 1000},
		});
		const status = await run(['status', plan, '--json', '--count', '5']);
		const site = JSON.parse(status.stdout).sites[0];
		expect(relay.forged()).toBeGreaterThan(0);
		expect(site).toMatchObject({state: 'down', grade: 'down', error: 'forged or corrupted answers', received: 0});
		expect(status.exitCode).toBe(1);
		figure('forging-relay', {
			pongsForged: relay.forged(),
			shown: `${site.state} ${site.grade}: ${site.error}`,
			answersCounted: site.received,
		});
	}, 60_000);
});
