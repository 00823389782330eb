import {spawnSync} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {BIN, writePlan} from '../helpers/agents.js';
import {startManyAgents, type ManyAgents} from '../helpers/many-agents.js';
import {waitFor} from '../helpers/wait.js';
import {freePort} from '../../src/cli/free-port.js';

// Many hubs in one Prometheus, for real: three provinces, each a `diemcau serve` hub
// with its own communes (one `agent --many` process each, one commune dead, one losing probes),
// and a real Prometheus server (the Debian package) started here on loopback with its own config
// and data folder, scraping all three. Everything is asked of Prometheus's HTTP API.

const prometheus = spawnSync('prometheus', ['--version']).status === 0;
if (!prometheus)
	console.warn('many-hubs.test: skipped, the prometheus binary is not installed (Debian package prometheus; .ci/run installs it)');

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-many-hubs-'));
const children: ResultPromise[] = [];
const fleets: ManyAgents[] = [];
afterAll(async () => {
	for (const child of children) child.kill('SIGKILL');
	await Promise.all(fleets.map(fleet => fleet.stop()));
	rmSync(dir, {recursive: true, force: true});
});

const PROVINCES = [
	{hub: 'quang-ngai', communes: ['pho-an', 'pho-chau', 'pho-vinh', 'pho-ninh']},
	{hub: 'lai-chau', communes: ['tam-duong', 'sin-ho', 'muong-te']},
	{hub: 'da-nang', communes: ['hoa-vang', 'hoa-bac', 'hoa-lien', 'hoa-ninh', 'hoa-son']},
];

/** One province: its communes' agents (the last one dead, the first one losing 30 % of answers) and its serve hub. */
async function startProvince(province: (typeof PROVINCES)[number]) {
	const folder = path.join(dir, province.hub);
	mkdirSync(folder);
	const sites = province.communes.map(id => ({site: `${province.hub}-${id}`, token: randomBytes(18).toString('base64url')}));
	const live = sites.slice(0, -1);
	const fleet = await startManyAgents(live.map((site, i) => ({...site, ...(i === 0 ? {lossPct: 30} : {})})));
	fleets.push(fleet);
	const dead = sites.at(-1)!;
	const plan = writePlan(
		folder,
		[
			...live.map(site => ({id: site.site, endpoint: fleet.urls.get(site.site)!, token: site.token})),
			{id: dead.site, endpoint: `ws://127.0.0.1:${await freePort()}/probe`, token: dead.token},
		],
		{probe: {intervalMs: 250, timeoutMs: 600}, hub: {id: province.hub, name: `Tỉnh ${province.hub}`}},
	);
	const child = execa('node', [BIN, 'serve', plan, '--journal', path.join(folder, 'journal.jsonl'), '--metrics', '127.0.0.1:0'], {
		reject: false,
		stdin: 'ignore',
		env: {DIEMCAU_CONFIG_DIR: path.join(folder, 'config')},
	});
	children.push(child);
	let log = '';
	child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
	const url = await waitFor(() => /metrics at (http:\/\/\S+)\n/.exec(log)?.[1], `${province.hub}: the metrics line`);
	return {province, child, url: new URL(url), sites: sites.map(s => s.site), dead: dead.site, impaired: live[0]!.site, log: () => log};
}

/** Poll an async check until it is truthy (a deadline, not a timing assertion). */
async function until(check: () => Promise<unknown>, what: string, ms: number): Promise<void> {
	const deadline = performance.now() + ms;
	while (!(await check().catch(() => false))) {
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 250));
	}
}

async function query(base: string, promql: string): Promise<Array<{metric: Record<string, string>; value: [number, string]}>> {
	const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
	const body = (await response.json()) as {
		status: string;
		data: {result: Array<{metric: Record<string, string>; value: [number, string]}>};
	};
	expect(body.status).toBe('success');
	return body.data.result;
}

describe.skipIf(!prometheus)('many hubs, one Prometheus', () => {
	it('a real Prometheus scrapes three serve hubs: every site of every hub, the dead at 0, the impaired one losing', async () => {
		const hubs = await Promise.all(PROVINCES.map(startProvince));
		const port = await freePort();
		const config = path.join(dir, 'prometheus.yml');
		writeFileSync(
			config,
			[
				'global: {scrape_interval: 1s, scrape_timeout: 900ms, evaluation_interval: 1s}',
				'scrape_configs:',
				'  - job_name: diemcau',
				'    static_configs:',
				...hubs.map(h => `      - {targets: ["${h.url.host}"], labels: {province: ${h.province.hub}}}`),
				'',
			].join('\n'),
		);
		const server = execa(
			'prometheus',
			[
				`--config.file=${config}`,
				`--storage.tsdb.path=${path.join(dir, 'data')}`,
				`--web.listen-address=127.0.0.1:${port}`,
				'--storage.tsdb.retention.time=1h',
				'--log.level=warn',
			],
			{reject: false, stdin: 'ignore'},
		);
		children.push(server);
		let prometheusLog = '';
		server.stderr?.on('data', (chunk: Buffer) => (prometheusLog += chunk.toString()));
		const base = `http://127.0.0.1:${port}`;
		try {
			await until(async () => (await fetch(`${base}/-/ready`)).ok, 'Prometheus ready', 30_000);
			// Every hub scraped, and every site of every hub known to Prometheus.
			const expected = hubs.flatMap(h => h.sites).sort();
			let up: Awaited<ReturnType<typeof query>> = [];
			await until(
				async () => {
					up = await query(base, 'diemcau_site_up');
					return up.length === expected.length && up.filter(r => r.value[1] === '1').length === expected.length - hubs.length;
				},
				'every site of the three hubs in Prometheus',
				40_000,
			).catch(error => {
				throw new Error(`${(error as Error).message}\n${prometheusLog}`);
			});
			expect(up.map(r => r.metric.site).sort()).toEqual(expected);
			for (const h of hubs) {
				for (const site of h.sites) {
					const row = up.find(r => r.metric.site === site)!;
					expect(row.metric).toMatchObject({job: 'diemcau', province: h.province.hub, instance: h.url.host});
					expect(row.value[1], site).toBe(site === h.dead ? '0' : '1');
				}
			}
			expect((await query(base, 'up{job="diemcau"}')).map(r => r.value[1])).toEqual(['1', '1', '1']);
			expect((await query(base, 'diemcau_hub_info')).map(r => r.metric.hub).sort()).toEqual(PROVINCES.map(p => p.hub).sort());
			// The impaired communes: their lost probes, as Prometheus computes the loss over the scrapes.
			const lossQuery = 'increase(diemcau_probes_lost_total[20s]) / increase(diemcau_probes_sent_total[20s]) > 0.1';
			const impaired = hubs.map(h => h.impaired).sort();
			let losing: string[] = [];
			await until(
				async () => {
					losing = (await query(base, lossQuery)).map(r => r.metric.site!).sort();
					return impaired.every(site => losing.includes(site));
				},
				'the impaired communes losing probes',
				40_000,
			).catch(error => {
				throw new Error(`${(error as Error).message}: only ${losing.join(', ')}`);
			});
			expect(losing).toEqual(impaired);
			// The UDP test stream of every live commune, each direction.
			await until(
				async () => (await query(base, 'diemcau_udp_packets_sent_total{direction="down"} > 0')).length === expected.length - hubs.length,
				'UDP packets from every live commune',
				30_000,
			);
			// One query across provinces: sites down per province. The impaired communes (30 % of probes
			// lost) go down now and then by themselves (3 lost in a row), so they are left out here.
			const down = await query(base, `sum by (province) (1 - diemcau_site_up{site!~"${impaired.join('|')}"})`);
			expect(Object.fromEntries(down.map(r => [r.metric.province, r.value[1]]))).toEqual({
				'quang-ngai': '1',
				'lai-chau': '1',
				'da-nang': '1',
			});
		} finally {
			server.kill('SIGTERM');
			await server;
			for (const h of hubs) h.child.kill('SIGTERM');
			const results = await Promise.all(hubs.map(h => h.child));
			expect(results.map(r => r.exitCode)).toEqual([0, 0, 0]);
		}
		for (const h of hubs) expect(h.log()).not.toMatch(/Error|at .*\.js:\d+/);
	}, 120_000);
});
