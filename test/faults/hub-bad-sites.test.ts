import {afterAll, describe, expect, it} from 'vitest';
import {WebSocketServer, type WebSocket} from 'ws';
import {agentMac} from '../../probes/auth.js';
import {encodePong, PROTOCOL} from '../../probes/protocol.js';
import {Monitor, type SiteChange} from '../../src/monitor.js';
import {loadPlan} from '../../src/plan-file.js';
import {startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {figure, tempDir, waitFor} from './util.js';

// Misbehaving "sites" against the hub's Monitor (what `diemcau run` uses), all in one plan with
// a real, well-behaved agent. test/integration/prober.test.ts already covers each misbehaviour
// against a bare Prober (garbage before auth, a ws-ping pong flood, a huge frame, an impostor);
// what is new here: fake agents that pass the mutual handshake (they know the token) and only
// then misbehave, the reason as the Monitor shows it, and the well-behaved site never going down.

const TOKEN = 'bad-sites-token-7e01';
const temp = tempDir('badsites');
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	temp.remove();
});

/** A fake agent for `site` that completes the handshake properly, then calls `misbehave`. */
async function fakeAgent(site: string, misbehave: (ws: WebSocket) => void): Promise<string> {
	const wss = new WebSocketServer({host: '127.0.0.1', port: 0, perMessageDeflate: false, handleProtocols: () => PROTOCOL});
	await new Promise(resolve => wss.once('listening', resolve));
	wss.on('connection', ws => {
		ws.on('error', () => {});
		const nonce = `fake-${Math.random().toString(36).slice(2)}`;
		ws.send(JSON.stringify({type: 'hello', v: 1, site, nonce}));
		ws.once('message', data => {
			const auth = JSON.parse(data.toString());
			ws.send(JSON.stringify({type: 'auth-ok', mac: agentMac(TOKEN, site, auth.nonce, nonce)}));
			misbehave(ws);
		});
	});
	cleanups.push(() => new Promise<void>(resolve => {
		for (const ws of wss.clients) ws.terminate();
		wss.close(() => resolve());
	}));
	return `ws://127.0.0.1:${(wss.address() as {port: number}).port}/probe`;
}

/** Repeat `send` every few ms while the socket is open. */
function flood(ws: WebSocket, send: () => void, everyMs = 2): void {
	const timer = setInterval(() => {
		if (ws.readyState === ws.OPEN) send();
	}, everyMs);
	ws.on('close', () => clearInterval(timer));
}

describe('misbehaving sites that pass the handshake', () => {
	it('are marked down with the reason while the good site stays up', async () => {
		const good: StartedAgent = await startAgent({site: 'good', token: TOKEN});
		cleanups.push(() => good.stop());
		const sites = [
			{id: 'good', endpoint: good.url, token: TOKEN},
			{id: 'garbage', endpoint: await fakeAgent('garbage', ws => flood(ws, () => ws.send('%%% ceci n’est pas du JSON')))},
			{id: 'pong-flood', endpoint: await fakeAgent('pong-flood', ws => {
				let seq = 1_000_000;
				flood(ws, () => ws.send(encodePong(seq++, 0, 0, 0)));
			})},
			{id: 'huge', endpoint: await fakeAgent('huge', ws => setTimeout(() => ws.send('x'.repeat(200 * 1024)), 300))},
			{id: 'binary', endpoint: await fakeAgent('binary', ws => flood(ws, () => ws.send(Buffer.alloc(32, 7))))},
			{id: 'wrong-type', endpoint: await fakeAgent('wrong-type', ws => flood(ws, () => ws.send(JSON.stringify({type: 'bw-ack', id: 'nobody', bytes: 1}))))},
		].map(site => ({token: TOKEN, ...site}));
		const plan = writePlan(temp.dir, sites, {probe: {intervalMs: 200, timeoutMs: 1000}});
		const monitor = Monitor.fromPlan(loadPlan(plan));
		cleanups.push(() => monitor.stop());
		const changes: SiteChange[] = [];
		monitor.onChange(change => changes.push(change));
		monitor.start();

		const expected: Record<string, RegExp> = {
			garbage: /^sent garbage$/,
			'pong-flood': /^sent garbage$/,
			huge: /^frame too large$/,
			binary: /^sent garbage$/,
			'wrong-type': /^sent garbage$/,
		};
		const reasons: Record<string, string> = {};
		for (const [id, reason] of Object.entries(expected)) {
			// Each bad site did get connected (the handshake was fine) and was then cut for what it sent.
			await waitFor(() => changes.some(c => c.site === id && c.type === 'down'), `${id} down`);
			const error = await waitFor(() => {
				const shown = monitor.site(id)!.link.error;
				return shown && reason.test(shown) ? shown : null;
			}, `${id} shown with its reason`);
			reasons[id] = error;
		}
		// The good site: up, answering, never down, throughout and for a while after.
		await waitFor(() => monitor.site('good')!.link.state === 'up', 'good up');
		const sent = monitor.site('good')!.link.received;
		await waitFor(() => monitor.site('good')!.link.received >= sent + 10, 'good keeps answering');
		expect(changes.filter(c => c.site === 'good' && c.type === 'down')).toEqual([]);
		figure('hub-bad-sites', {badSites: Object.keys(expected).length, reasons, goodSiteDowns: 0, goodSiteAnswered: monitor.site('good')!.link.received});
	}, 120_000);
});
