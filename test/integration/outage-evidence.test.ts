import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {Monitor, type SiteChange} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {waitFor} from '../helpers/wait.js';

// After an outage, figures restart from new evidence (DESIGN.md "Link quality"): a real agent
// process stopped and started again on its port; the hub's link model must not show the window
// from before the outage as the line now ("● 0.0% 4.4" at once, as it used to).

const TOKEN = 'outage-evidence-token-2d6b0f9e41a7';
let agent: StartedAgent | undefined;
let monitor: Monitor | undefined;
let dir: string | undefined;

afterEach(async () => {
	await monitor?.stop();
	await agent?.stop();
	if (dir) rmSync(dir, {recursive: true, force: true});
	monitor = agent = dir = undefined;
});

describe('a site back from an outage', () => {
	it('comes back measuring, its figures empty until new probes measure them', async () => {
		agent = await startAgent({site: 'pho-an', token: TOKEN});
		const port = agent.port;
		dir = mkdtempSync(path.join(tmpdir(), 'diemcau-outage-'));
		const file = writePlan(dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: agent.url, token: TOKEN}], {
			probe: {intervalMs: 200, timeoutMs: 1000, udpRate: 20},
		});
		monitor = Monitor.fromPlan(loadPlan(file));
		const changes: SiteChange[] = [];
		monitor.onChange(change => changes.push(change));
		const link = () => monitor!.site('pho-an')!.link;
		monitor.start();
		await waitFor(() => link().grade === 'good', 'graded good', 30_000);
		expect(link().mos).not.toBeNull();

		await agent.stop();
		await waitFor(() => link().state === 'down', 'down', 20_000);
		expect(link()).toMatchObject({rttMs: null, jitterMs: null, lossPct: null, mos: null});
		agent = await startAgent({site: 'pho-an', token: TOKEN, port});
		const seen: Array<{grade: string; rtt: boolean; loss: boolean; mos: boolean}> = [];
		await waitFor(
			() => {
				const now = link();
				if (now.state === 'up') seen.push({grade: now.grade, rtt: now.rttMs !== null, loss: now.lossPct !== null, mos: now.mos !== null});
				return now.state === 'up' && now.grade === 'good';
			},
			'graded good again',
			30_000,
		);
		// Up first as measuring, with no figure from before the outage; then good once measured anew.
		expect(seen[0]).toMatchObject({grade: 'measuring', mos: false});
		for (const entry of seen) if (entry.grade === 'measuring') expect(entry.mos).toBe(false);
		const after = changes.slice(changes.findIndex(change => change.type === 'down'));
		expect(after.map(change => `${change.type}:${change.grade}`)).toEqual(['down:down', 'up:measuring', 'measured:good']);
	}, 120_000);
});
