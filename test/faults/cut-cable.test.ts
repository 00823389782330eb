import {execFileSync} from 'node:child_process';
import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import {BIN, writePlan} from '../helpers/agents.js';
import {createNetnsPair, netnsUnavailable, type NetnsPair} from '../helpers/netns.js';
import {figure, monoMs, skipped, spread, tempDir, waitFor, watch, type Watched} from './util.js';

// A cut cable: the hub in one network namespace, the agent in another, joined by a veth pair.
// Taking the site's end of the veth down sends no FIN and no RST, so the hub's TCP connection
// stays open and silent (half-open). Only the heartbeat can tell: after downAfter unanswered
// probes the site must be reported down, and once the link is back it must come up again by
// itself, with neither the hub nor the agent restarted.

const root = path.resolve(import.meta.dirname, '../..');
const TOKEN = 'cut-cable-token-93af-9f2c1d7e5b3a4c6d8e0f';
const PROBE = {intervalMs: 250, timeoutMs: 500, downAfter: 3};
const BOUND_MS = PROBE.downAfter * PROBE.intervalMs + PROBE.timeoutMs;
const CUTS = 5;
const unavailable = netnsUnavailable();
if (unavailable) skipped('cut cable (veth down between two namespaces)', unavailable);

const temp = tempDir('cable');
let pair: NetnsPair | undefined;
const children: Watched[] = [];

afterAll(async () => {
	for (const child of children.reverse()) await child.stop();
	pair?.destroy();
	temp.remove();
});

describe.skipIf(unavailable !== null)('cut cable between hub and site namespaces', () => {
	it(`detects ${CUTS} half-open cuts by heartbeat and recovers each without a restart`, async () => {
		pair = createNetnsPair('cut');
		const tokenFile = path.join(temp.dir, 'agent.token');
		writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
		chmodSync(tokenFile, 0o600);
		const agent = await watch(
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
		children.push(agent);
		await waitFor(() => agent.output().includes('listening'), 'agent listening', 20_000);
		expect(agent.output()).toContain(`listening ws://${pair.site.address}:7700/probe site=pho-an`);

		const plan = writePlan(temp.dir, [{id: 'pho-an', endpoint: `ws://${pair.site.address}:7700/probe`, token: TOKEN}], {probe: PROBE});
		const hub = await watch([...pair.inNs('hub'), 'node', '--import', 'tsx', 'test/helpers/hub-probe.ts', '--plan', plan], {cwd: root});
		children.push(hub);
		const changes = () => hub.lines.filter(line => line.kind === 'change' && line.type !== 'grade');
		await waitFor(() => changes().some(c => c.type === 'up'), 'site up across the veth', 30_000);

		const detection: number[] = [];
		const recovery: number[] = [];
		const reasons: string[] = [];
		for (let cut = 0; cut < CUTS; cut++) {
			const before = changes().length;
			const cutAt = monoMs();
			pair.link('site', 'down');
			const down = await waitFor(
				() =>
					changes()
						.slice(before)
						.find(c => c.type === 'down'),
				`down after cut #${cut + 1}`,
				30_000,
			);
			detection.push(down.at - cutAt);
			const why = down.reason ? reasonText(down.reason) : '';
			reasons.push(why);
			// Silence, not a close: the hub found out by itself that probes went unanswered.
			expect(down.reason?.code).toMatch(/^(no-answer|timeout)$/);
			expect(why).toMatch(/^no answer to \d+ probes$|^timeout$/);
			expect(down.at - cutAt).toBeLessThan(3 * BOUND_MS);

			const restoredAt = monoMs();
			pair.link('site', 'up');
			const up = await waitFor(
				() =>
					changes()
						.slice(before)
						.find(c => c.type === 'up'),
				`up after restoring link #${cut + 1}`,
				30_000,
			);
			recovery.push(up.at - restoredAt);
		}

		// Nothing was restarted: the same two processes all along.
		expect(agent.exited()).toBe(false);
		expect(hub.exited()).toBe(false);
		expect(changes().filter(c => c.type === 'down')).toHaveLength(CUTS);
		expect(changes().filter(c => c.type === 'up')).toHaveLength(CUTS + 1);
		// The agent holds no half-open leftover of the cut connections (the hub's FIN got through
		// once the link was back): one established connection, the live one.
		const established = () =>
			execFileSync(pair!.inNs('site')[0]!, [...pair!.inNs('site').slice(1), 'ss', '-Htn', 'state', 'established', '( sport = :7700 )'], {
				encoding: 'utf8',
			})
				.trim()
				.split('\n')
				.filter(Boolean).length;
		await waitFor(() => established() === 1, 'one established connection at the agent', 30_000, 200);
		await hub.stop();
		const last = hub.lines.findLast(line => line.kind === 'sites');
		expect(last?.sites[0]).toMatchObject({id: 'pho-an', state: 'up'});
		await agent.stop();
		for (const child of [agent, hub]) expect(child.output()).not.toContain(TOKEN);
		figure('cut-cable', {
			cuts: CUTS,
			detected: detection.length,
			recovered: recovery.length,
			boundMs: BOUND_MS,
			probe: PROBE,
			downReasons: [...new Set(reasons)],
			detectionCutToDown: spread(detection),
			recoveryLinkUpToUp: spread(recovery),
		});
	}, 300_000);
});
