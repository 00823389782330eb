import {afterAll, describe, expect, it} from 'vitest';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import type {WebSocket} from 'ws';
import {encodePong} from '../../probes/protocol.js';
import {Monitor, type SiteChange} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {hostileAgent} from '../helpers/wire.js';
import {figure, tempDir, waitFor} from './util.js';

// Misbehaving "sites" against the hub's Monitor (what `diemcau run` uses), all in one plan with
// a real, well-behaved agent. test/integration/prober.test.ts already covers each misbehaviour
// against a bare Prober (garbage before auth, a ws-ping pong flood, a huge frame, an impostor);
// what is new here: fake agents that pass the mutual handshake (they know the token) and only
// then misbehave, the reason as the Monitor shows it, and the well-behaved site never going down.

const TOKEN = 'bad-sites-token-7e01-4b9d2a6c8e1f3a5b7c9d';
const temp = tempDir('badsites');
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
	for (const cleanup of cleanups.reverse()) await cleanup();
	temp.remove();
});

/** A fake agent for `site` that completes the handshake properly, then calls `misbehave` (its sends are sealed: valid MACs). */
async function fakeAgent(site: string, misbehave: (ws: WebSocket, send: (text: string) => void) => void): Promise<string> {
	const agent = await hostileAgent({site, token: TOKEN, onReady: session => misbehave(session.ws, text => session.send(text))});
	cleanups.push(() => agent.close());
	return agent.url;
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
			{id: 'garbage', endpoint: await fakeAgent('garbage', (ws, send) => flood(ws, () => send('%%% ceci n’est pas du JSON')))},
			{
				id: 'pong-flood',
				endpoint: await fakeAgent('pong-flood', (ws, send) => {
					let seq = 1_000_000;
					flood(ws, () => send(encodePong(seq++, 0, 0, 0)));
				}),
			},
			{id: 'huge', endpoint: await fakeAgent('huge', ws => setTimeout(() => ws.send('x'.repeat(200 * 1024)), 300))},
			{id: 'binary', endpoint: await fakeAgent('binary', ws => flood(ws, () => ws.send(Buffer.alloc(32, 7))))},
			{
				id: 'wrong-type',
				endpoint: await fakeAgent('wrong-type', (ws, send) =>
					flood(ws, () => send(JSON.stringify({type: 'bw-ack', id: 'nobody', bytes: 1}))),
				),
			},
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
				const error = monitor.site(id)!.link.error;
				const shown = error ? reasonText(error) : null;
				return shown && reason.test(shown) ? shown : null;
			}, `${id} shown with its reason`);
			reasons[id] = error;
		}
		// The good site: up, answering, never down, throughout and for a while after.
		await waitFor(() => monitor.site('good')!.link.state === 'up', 'good up');
		const sent = monitor.site('good')!.link.received;
		await waitFor(() => monitor.site('good')!.link.received >= sent + 10, 'good keeps answering');
		expect(changes.filter(c => c.site === 'good' && c.type === 'down')).toEqual([]);
		figure('hub-bad-sites', {
			badSites: Object.keys(expected).length,
			reasons,
			goodSiteDowns: 0,
			goodSiteAnswered: monitor.site('good')!.link.received,
		});
	}, 120_000);
});
