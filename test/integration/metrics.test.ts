import {randomBytes} from 'node:crypto';
import {closeSync, mkdtempSync, openSync, readdirSync, rmSync} from 'node:fs';
import {connect, createServer, type Socket} from 'node:net';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {SITE_FAMILIES} from '../../src/hub/metrics.js';
import {startObserving, type Observing} from '../../src/hub/observe.js';
import {serveMetrics} from '../../src/hub/metrics-server.js';
import {Meeting} from '../../src/hub/meeting.js';
import {Monitor} from '../../src/hub/monitor.js';
import {loadPlan, type LoadedPlan} from '../../src/plan/plan-file.js';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {familyOf, parseProm, type PromExposition} from '../helpers/prom-text.js';
import {waitFor} from '../helpers/wait.js';

// /metrics of a hub probing real agents: one good, one losing probes, one that never answers.
// The exposition is parsed as a scraper would: HELP and TYPE for every family, bounded labels,
// the site id the only per-site label and never a person's name or role.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-metrics-'));
const token = () => randomBytes(18).toString('base64url');
let agents: StartedAgent[] = [];
let loaded: LoadedPlan;
let monitor: Monitor;
let meeting: Meeting;
let observing: Observing;

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as AddressInfo;
	await new Promise(resolve => server.close(resolve));
	return port;
}

async function scrape(): Promise<{text: string; parsed: PromExposition}> {
	const response = await fetch(observing.metricsUrl!);
	expect(response.status).toBe(200);
	expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
	const text = await response.text();
	return {text, parsed: parseProm(text)};
}

const value = (parsed: PromExposition, name: string, labels: Record<string, string> = {}) =>
	parsed.samples.find(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

beforeAll(async () => {
	const tokens = {good: token(), lossy: token(), dead: token()};
	agents = [await startAgent({site: 'pho-an', token: tokens.good}), await startAgent({site: 'pho-chau', token: tokens.lossy, lossPct: 40})];
	const file = writePlan(
		dir,
		[
			{id: 'pho-an', name: 'Xã Phổ An', endpoint: agents[0]!.url, token: tokens.good},
			{id: 'pho-chau', name: 'Xã Phổ Châu', endpoint: agents[1]!.url, token: tokens.lossy},
			{id: 'pho-vinh', name: 'Xã Phổ Vinh', endpoint: `ws://127.0.0.1:${await closedPort()}/probe`, token: tokens.dead},
		],
		{
			probe: {intervalMs: 200, timeoutMs: 500},
			alerts: {after: '30s'},
			hub: {id: 'thi-xa', name: 'Thị xã Đức Phổ', roster: [{role: 'Chủ tịch UBND', name: 'Nguyễn Văn Bí Mật'}]},
		},
	);
	loaded = loadPlan(file);
	loaded.plan.sites[0]!.roster.push({role: 'Phó Chủ tịch HĐND', name: 'Trần Thị Riêng Tư'});
	monitor = Monitor.fromPlan(loaded);
	meeting = (await Meeting.open(loaded, {journal: path.join(dir, 'journal.jsonl')})).meeting;
	observing = await startObserving({loaded, links: monitor, meeting, metrics: '127.0.0.1:0', log: () => undefined});
	monitor.start();
	// pho-an past measuring: its grade has its evidence (the scrape asserts the grade, not measuring's -1).
	await waitFor(
		() =>
			monitor.site('pho-an')!.link.state === 'up' &&
			monitor.site('pho-an')!.link.grade !== 'measuring' &&
			monitor.site('pho-an')!.link.received >= 10 &&
			// 20 probes at 40 % loss: one lost or none (a loss ratio of 0.05 or less) is a 1-in-2,000 draw, not 1 in 60.
			monitor.site('pho-chau')!.link.sent >= 20 &&
			monitor.site('pho-chau')!.link.lossPct !== null,
		'probes answered',
	);
});

afterAll(async () => {
	await observing?.stop();
	await monitor?.stop();
	await meeting?.close();
	await Promise.all(agents.map(agent => agent.stop()));
	rmSync(dir, {recursive: true, force: true});
});

describe('/metrics', () => {
	it('every metric has HELP and TYPE, labels are bounded, and no person is named', async () => {
		const {text, parsed} = await scrape();
		expect(parsed.problems).toEqual([]);
		for (const sample of parsed.samples) {
			const family = familyOf(sample.name, parsed.type);
			expect(parsed.type.has(family), `TYPE of ${sample.name}`).toBe(true);
			expect(parsed.help.has(family), `HELP of ${sample.name}`).toBe(true);
		}
		for (const [name, type] of parsed.type) {
			if (type === 'counter') expect(name, 'a counter ends in _total').toMatch(/_total$/);
		}
		const ids = new Set(['thi-xa', ...loaded.plan.sites.map(site => site.id)]);
		for (const sample of parsed.samples.filter(s => s.name.startsWith('diemcau_'))) {
			const perDirection =
				sample.name.startsWith('diemcau_udp_') ||
				sample.name === 'diemcau_site_packet_loss_ratio' ||
				sample.name === 'diemcau_site_udp_jitter_seconds';
			const allowed = sample.name.startsWith('diemcau_probe_rtt_seconds_bucket')
				? ['site', 'le']
				: perDirection
					? ['site', 'direction']
					: ['site', 'hub', 'alert'];
			if (perDirection) expect(['up', 'down']).toContain(sample.labels.direction);
			for (const label of Object.keys(sample.labels)) expect(allowed, `${sample.name} label ${label}`).toContain(label);
			if (sample.labels.site !== undefined) expect(ids.has(sample.labels.site), sample.labels.site).toBe(true);
		}
		for (const family of SITE_FAMILIES) expect(parsed.type.get(family.name), family.name).toBe(family.type);
		for (const secret of ['Nguyễn Văn Bí Mật', 'Trần Thị Riêng Tư', 'Chủ tịch', 'Xã Phổ An']) expect(text).not.toContain(secret);
	});

	it('tells up from down, counts probes and losses, and keeps a cumulative RTT histogram', async () => {
		// The lossy site's ratio as the monitor has it by now (the gauges follow the links a moment later).
		let {parsed} = await scrape();
		for (let tries = 0; tries < 50 && !(value(parsed, 'diemcau_site_loss_ratio', {site: 'pho-chau'})! > 0.05); tries++) {
			await new Promise(resolve => setTimeout(resolve, 200));
			({parsed} = await scrape());
		}
		expect(value(parsed, 'diemcau_site_up', {site: 'pho-an'})).toBe(1);
		expect(value(parsed, 'diemcau_site_grade', {site: 'pho-an'})).toBe(3);
		expect(value(parsed, 'diemcau_site_up', {site: 'pho-vinh'})).toBe(0);
		expect(value(parsed, 'diemcau_site_grade', {site: 'pho-vinh'})).toBe(0);
		expect(value(parsed, 'diemcau_probes_sent_total', {site: 'pho-an'})).toBeGreaterThanOrEqual(10);
		expect(value(parsed, 'diemcau_probes_lost_total', {site: 'pho-an'})).toBe(0);
		expect(value(parsed, 'diemcau_probes_lost_total', {site: 'pho-chau'})).toBeGreaterThan(0);
		expect(value(parsed, 'diemcau_site_loss_ratio', {site: 'pho-chau'})).toBeGreaterThan(0.05);
		const buckets = parsed.samples.filter(s => s.name === 'diemcau_probe_rtt_seconds_bucket' && s.labels.site === 'pho-an');
		expect(buckets.map(b => b.labels.le)).toEqual([
			'0.0005',
			'0.001',
			'0.002',
			'0.004',
			'0.008',
			'0.016',
			'0.032',
			'0.064',
			'0.128',
			'0.256',
			'0.512',
			'1.024',
			'2.048',
			'4.096',
			'+Inf',
		]);
		for (let i = 1; i < buckets.length; i++) expect(buckets[i]!.value).toBeGreaterThanOrEqual(buckets[i - 1]!.value);
		const count = value(parsed, 'diemcau_probe_rtt_seconds_count', {site: 'pho-an'})!;
		expect(count).toBeGreaterThanOrEqual(10);
		expect(buckets.at(-1)!.value).toBe(count);
		expect(value(parsed, 'diemcau_probe_rtt_seconds_sum', {site: 'pho-an'})).toBeLessThan(count * 0.5);
		expect(value(parsed, 'diemcau_probe_rtt_seconds_count', {site: 'pho-vinh'})).toBe(0);
		// The UDP test stream beside each live agent: packets each way, UDP passing.
		let udp = parsed;
		for (let i = 0; i < 100 && !(value(udp, 'diemcau_udp_packets_sent_total', {site: 'pho-an', direction: 'down'})! > 0); i++) {
			await new Promise(resolve => setTimeout(resolve, 100));
			udp = (await scrape()).parsed;
		}
		expect(value(udp, 'diemcau_udp_packets_sent_total', {site: 'pho-an', direction: 'up'})).toBeGreaterThan(0);
		expect(value(udp, 'diemcau_udp_packets_sent_total', {site: 'pho-an', direction: 'down'})).toBeGreaterThan(0);
		expect(value(udp, 'diemcau_site_udp_blocked', {site: 'pho-an'})).toBe(0);
		expect(value(udp, 'diemcau_udp_packets_sent_total', {site: 'pho-vinh', direction: 'up'})).toBeUndefined();
		expect(value(parsed, 'diemcau_hub_info', {hub: 'thi-xa'})).toBe(1);
		expect(value(parsed, 'diemcau_hub_probes_sent_total')).toBeGreaterThan(20);
		expect(value(parsed, 'diemcau_alerts_firing', {alert: 'site-down'})).toBe(0);
		expect(value(parsed, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
	});

	it('shows the meeting: item, timers, projected end, attendance per site', async () => {
		let {parsed} = await scrape();
		expect(value(parsed, 'diemcau_meeting_item_index')).toBe(1);
		expect(value(parsed, 'diemcau_item_running')).toBe(0);
		expect(value(parsed, 'diemcau_item_planned_seconds')).toBe(300);
		expect(value(parsed, 'diemcau_attendance_expected', {site: 'pho-an'})).toBe(1);
		expect(value(parsed, 'diemcau_attendance_expected', {site: 'thi-xa'})).toBe(1);
		expect(value(parsed, 'diemcau_attendance_present', {site: 'thi-xa'})).toBe(0);
		expect(await meeting.intent({type: 'toggle-item'})).toMatchObject({ok: true});
		expect(await meeting.intent({type: 'mark-attendance', site: 'thi-xa', role: 0, status: 'present'})).toMatchObject({ok: true});
		({parsed} = await scrape());
		expect(value(parsed, 'diemcau_item_running')).toBe(1);
		expect(value(parsed, 'diemcau_meeting_started')).toBe(1);
		expect(value(parsed, 'diemcau_attendance_present', {site: 'thi-xa'})).toBe(1);
		const projected = value(parsed, 'diemcau_meeting_projected_end_timestamp_seconds')!;
		expect(Math.abs(projected - (Date.now() / 1000 + 300))).toBeLessThan(60);
		expect(value(parsed, 'diemcau_meeting_planned_end_timestamp_seconds')).toBe(new Date(2021, 10, 25, 8, 5).getTime() / 1000); // the plan's local 08:00 + 5 min
	});

	it('serves GET /metrics only: other paths 404, other methods 405', async () => {
		const base = observing.metricsUrl!.replace(/\/metrics$/, '');
		expect((await fetch(`${base}/`)).status).toBe(404);
		expect((await fetch(`${base}/metrics/../admin`)).status).toBe(404);
		expect((await fetch(observing.metricsUrl!, {method: 'POST', body: 'x'})).status).toBe(405);
		expect((await fetch(observing.metricsUrl!, {method: 'HEAD'})).status).toBe(200);
	});

	it('counts the open file descriptors of the hub as the listing of /proc/self/fd does', async ({skip}) => {
		if (process.platform !== 'linux') skip('process_open_fds is read from /proc, on Linux only');
		const listed = () => readdirSync('/proc/self/fd').length - 1;
		const before = value((await scrape()).parsed, 'process_open_fds')!;
		expect(Math.abs(before - listed())).toBeLessThanOrEqual(3);
		const extra = Array.from({length: 50}, () => openSync('/dev/null', 'r'));
		try {
			const after = value((await scrape()).parsed, 'process_open_fds')!;
			expect(Math.abs(after - listed())).toBeLessThanOrEqual(3);
			expect(Math.abs(after - before - 50)).toBeLessThanOrEqual(3);
		} finally {
			for (const fd of extra) closeSync(fd);
		}
	});

	it('scrapes at once each get the whole exposition; each body is given back once sent', async () => {
		// Output buffers are reused once a response is sent: scrapes in flight together must never
		// share one, and every one must read complete. (Scrapes back to back also leave Node's
		// event-loop figures without a sample: prom-client writes that NaN as "Nan".)
		for (let round = 0; round < 3; round++) {
			const all = await Promise.all([scrape(), scrape(), scrape(), scrape()]);
			for (const {text, parsed} of all) {
				expect(parsed.problems).toEqual([]);
				expect(text).toBe(text.trimEnd() + '\n');
				for (const site of ['pho-an', 'pho-chau', 'pho-vinh']) expect(value(parsed, 'diemcau_site_up', {site})).toBeDefined();
				expect(value(parsed, 'diemcau_hub_sites')).toBe(3);
			}
		}
		const released: Buffer[] = [];
		const sent: Buffer[] = [];
		const body = {
			contentType: 'text/plain',
			exposition: async () => {
				const out = Buffer.from(`x ${sent.length}\n`);
				sent.push(out);
				return out;
			},
			release: (done: Buffer) => released.push(done),
		};
		const server = await serveMetrics({host: '127.0.0.1', port: 0}, body);
		try {
			expect(await (await fetch(server.url)).text()).toBe('x 0\n');
			expect((await fetch(server.url, {method: 'HEAD'})).status).toBe(200);
			await waitFor(() => released.length === 2, 'both bodies given back', 3000);
			expect(released).toEqual(sent);
			expect(released[0]).toBe(sent[0]);
		} finally {
			await server.close();
		}
	});

	it('idle connections cannot keep a scrape out, and none outlives the time limit', async () => {
		const body = {contentType: 'text/plain', exposition: async () => Buffer.from('x 1\n')};
		const idleSocket = async (port: number, closed: boolean[], i: number) => {
			const socket = connect(port, '127.0.0.1');
			socket.on('error', () => undefined);
			socket.once('close', () => (closed[i] = true));
			await new Promise(resolve => socket.once('connect', resolve));
			return socket;
		};
		const server = await serveMetrics({host: '127.0.0.1', port: 0}, body, {requestTimeoutMs: 5000});
		const idle: Socket[] = [];
		const closed: boolean[] = [false, false, false, false, false, false];
		try {
			for (let i = 0; i < 6; i++) idle.push(await idleSocket(Number(new URL(server.url).port), closed, i));
			// Four may wait per address: the two oldest idle ones are let go for the newer ones, long before any time limit.
			await waitFor(() => closed[0] && closed[1], 'the oldest idle connections evicted', 3000);
			expect(closed).toEqual([true, true, false, false, false, false]);
			expect(await (await fetch(server.url)).text()).toBe('x 1\n');
		} finally {
			for (const socket of idle) socket.destroy();
			await server.close();
		}
		const quick = await serveMetrics({host: '127.0.0.1', port: 0}, body, {requestTimeoutMs: 300});
		const alone: boolean[] = [false];
		const socket = await idleSocket(Number(new URL(quick.url).port), alone, 0);
		try {
			await waitFor(() => alone[0], 'an idle connection closed after the limit', 5000);
		} finally {
			socket.destroy();
			await quick.close();
		}
	});

	it('a taken port or a bad --metrics says what to fix (exit 2)', async () => {
		const port = Number(new URL(observing.metricsUrl!).port);
		await expect(startObserving({loaded, links: monitor, meeting, metrics: `127.0.0.1:${port}`, log: () => undefined})).rejects.toThrow(
			`cannot serve /metrics on 127.0.0.1:${port} is already in use (another hub, or another exporter): choose another port.`,
		);
		const result = await execa('node', [BIN, 'run', loaded.file, '--metrics', '9464'], {reject: false});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('--metrics must be HOST:PORT like "127.0.0.1:9464"');
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});
});
