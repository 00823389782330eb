import {execFileSync, spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {HubMetrics} from '../../src/hub/metrics.js';
import {initialSession} from '../../src/model/meeting/session.js';
import {bigPlan} from '../helpers/big-plan.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {parseProm} from '../helpers/prom-text.js';

// deploy/: the Prometheus rules and config pass promtool (and the rules' own unit tests), and
// every diemcau_ metric the rules and the Grafana dashboard name is one the hub really exports.

const ROOT = path.resolve(import.meta.dirname, '../..');
const deploy = (file: string) => path.join(ROOT, 'deploy', file);
const promtool = spawnSync('promtool', ['--version']).status === 0;
if (!promtool) console.warn('deploy.test: promtool is not installed (Debian package prometheus): the promtool checks are skipped');

/** The metric families a hub exports, from a real exposition. */
async function exported(): Promise<Set<string>> {
	const plan = bigPlan(20);
	const links = syntheticLinks(plan, () => ({rttMs: 5}));
	links.feed(3);
	const metrics = new HubMetrics({
		hubId: plan.hub.id,
		links: {
			sites: () => links.sites(),
			prober: {stats: () => ({probesSent: 1, loopDelayP99Ms: 0, sendLateP99Ms: 0, udpReceiveDrops: 0})},
			onProbe: () => () => undefined,
		},
		meeting: {state: initialSession(plan), now: () => Date.now()},
		alerts: () => ({firing: {}, hookFailures: 0}),
	});
	return new Set(parseProm(await metrics.text()).type.keys());
}

const named = (text: string) =>
	new Set([...text.matchAll(/\bdiemcau_[a-z0-9_]+/g)].map(m => m[0]).map(n => n.replace(/_(bucket|sum|count)$/, '')));

describe('deploy/', () => {
	it.skipIf(!promtool)('rules.yml and prometheus.yml pass promtool, and the rules pass their unit tests', () => {
		expect(execFileSync('promtool', ['check', 'rules', deploy('prometheus/rules.yml')], {encoding: 'utf8'})).toContain(
			'SUCCESS: 6 rules found',
		);
		expect(execFileSync('promtool', ['check', 'config', deploy('prometheus/prometheus.yml')], {encoding: 'utf8'})).toContain(
			'is valid prometheus config file syntax',
		);
		expect(execFileSync('promtool', ['test', 'rules', 'rules.test.yml'], {cwd: deploy('prometheus'), encoding: 'utf8'})).toContain(
			'SUCCESS',
		);
	});

	it('the rules and the dashboard name only metrics the hub exports', async () => {
		const families = await exported();
		const rules = named(readFileSync(deploy('prometheus/rules.yml'), 'utf8'));
		const dashboard = JSON.parse(readFileSync(deploy('grafana/diemcau.json'), 'utf8')) as {
			panels: Array<{targets?: Array<{expr: string}>}>;
		};
		const exprs = dashboard.panels.flatMap(panel => panel.targets ?? []).map(target => target.expr);
		const used = new Set([...rules, ...exprs.flatMap(expr => [...named(expr)])]);
		expect(used.size).toBeGreaterThan(10);
		for (const name of used) expect(families.has(name), `${name} is exported`).toBe(true);
		for (const panel of ['Up / down', 'RTT of $site', 'Attendance (present / expected)']) {
			expect(JSON.stringify(dashboard)).toContain(panel);
		}
	});
});
