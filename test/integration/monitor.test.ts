import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Monitor, type SiteChange} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import {startAgent, writePlan} from '../helpers/agents.js';

// The monitor on a real agent process: plan → prober → trackers → transitions for the journal.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-monitor-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

/** Poll until `condition` holds (generous deadline, no fixed sleeps as assertions). */
async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = performance.now() + timeoutMs;
	while (!condition()) {
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 25));
	}
}

describe('Monitor', () => {
	it('reports a site up, a site without its token down, and a site whose agent stops down', async () => {
		const agent = await startAgent({site: 'pho-an', token: 'tok-an'});
		const file = writePlan(
			dir,
			[
				{id: 'pho-an', name: 'Xã Phổ An', endpoint: agent.url, token: 'tok-an'},
				// Never dialled (no token); an address of its own, since two sites on one endpoint is a plan error.
				{id: 'pho-chau', name: 'Xã Phổ Châu', endpoint: 'ws://127.0.0.1:1/probe', token: 'unused'},
			],
			{probe: {intervalMs: 200, timeoutMs: 1000}},
		);
		const loaded = loadPlan(file);
		loaded.plan.sites[1]!.token = {env: 'PHO_CHAU_TOKEN'};
		const monitor = Monitor.fromPlan(loaded, {env: {}});
		const changes: SiteChange[] = [];
		let samples = 0;
		monitor.onChange(change => changes.push(change));
		const unsubscribe = monitor.onSample(() => samples++);
		try {
			monitor.start();
			expect(changes).toEqual([
				expect.objectContaining({
					site: 'pho-chau',
					type: 'down',
					grade: 'down',
					reason: {code: 'token-env-unset', params: {variable: 'PHO_CHAU_TOKEN'}},
				}),
			]);
			expect(monitor.isDown('pho-chau')).toBe(true);
			await until(() => monitor.sites().find(site => site.id === 'pho-an')!.link.state === 'up', 'pho-an up');
			// Up at once, but two answers are no grade: measuring, then the first grade once measured.
			expect(changes.at(-1)).toMatchObject({site: 'pho-an', type: 'up', grade: 'measuring', previous: 'down'});
			await until(() => monitor.sites().find(site => site.id === 'pho-an')!.link.grade === 'good', 'pho-an measured good');
			expect(
				changes.filter(change => change.site === 'pho-an').map(change => `${change.type}:${change.previous}->${change.grade}`),
			).toEqual(['up:down->measuring', 'measured:measuring->good']);
			expect(samples).toBeGreaterThan(0);
			unsubscribe();

			const [an, chau] = monitor.sites();
			expect([an!.id, chau!.id]).toEqual(['pho-an', 'pho-chau']);
			expect(an!.name).toBe('Xã Phổ An');
			expect(an!.history.length).toBeGreaterThanOrEqual(2);
			expect(an!.history.every(rtt => rtt !== null && rtt >= 0)).toBe(true);
			expect(reasonText(chau!.link.error!)).toBe('token: environment variable PHO_CHAU_TOKEN is not set');
			expect(monitor.isDown('pho-an')).toBe(false);
			expect(monitor.prober.stats().probesSent).toBeGreaterThanOrEqual(2);

			await agent.stop();
			await until(() => monitor.isDown('pho-an'), 'pho-an down after its agent stopped');
			const down = changes.at(-1)!;
			expect(down).toMatchObject({site: 'pho-an', type: 'down', grade: 'down', previous: 'good'});
			expect(reasonText(down.reason!)).toMatch(/closed|connection (refused|reset)|no answer/);
		} finally {
			await monitor.stop();
			await agent.stop();
		}
	}, 40_000);
});
