import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import type {AlertPayload} from '../../src/hub/alert-hooks.js';
import {HubAlerts} from '../../src/hub/alerts.js';
import {readJournal} from '../../src/hub/journal.js';
import {Meeting} from '../../src/hub/meeting.js';
import {Monitor, type SiteChange} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {buildReport} from '../../src/documents/report.js';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {startReceiver} from '../helpers/alert-receiver.js';
import {startManyAgents} from '../helpers/many-agents.js';
import {waitFor} from '../helpers/wait.js';

// Alert hooks on real agents: a command that appends its stdin to a file and a local HTTP
// receiver for the webhook, the real Monitor and Meeting (journal) and the hub's alert engine.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-alerts-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const token = () => randomBytes(18).toString('base64url');
const probe = {intervalMs: 250, timeoutMs: 600};

/** A hook script in `folder` that appends the alert JSON from stdin to alerts.jsonl there. */
function appendingHook(folder: string, body = 'cat >> "$(dirname "$0")/alerts.jsonl"'): string {
	const file = path.join(folder, 'hook.sh');
	writeFileSync(file, `#!/bin/sh\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

const lines = (file: string): AlertPayload[] =>
	existsSync(file)
		? readFileSync(file, 'utf8')
				.trim()
				.split('\n')
				.filter(Boolean)
				.map(line => JSON.parse(line) as AlertPayload)
		: [];

async function hub(
	folder: string,
	sites: Array<{id: string; endpoint: string; token: string}>,
	alerts: Record<string, unknown>,
	hooks = {},
	lang?: 'vi' | 'en',
) {
	const loaded = loadPlan(writePlan(folder, sites, {probe, alerts}));
	const monitor = Monitor.fromPlan(loaded);
	const {meeting} = await Meeting.open(loaded, {journal: path.join(folder, 'journal.jsonl'), linkFlushMs: 50});
	const log: string[] = [];
	const shown: string[] = [];
	const changes: Array<SiteChange & {wall: number}> = [];
	monitor.onChange(change => changes.push({...change, wall: performance.now()}));
	const engine = new HubAlerts({
		sites: loaded.plan.sites,
		settings: loaded.plan.alerts!,
		planDir: loaded.dir,
		links: monitor,
		meeting,
		log: line => log.push(line),
		show: line => shown.push(line),
		tickMs: 100,
		hooks,
		...(lang ? {lang} : {}),
	});
	engine.start();
	monitor.start();
	const up = (id: string) => monitor.site(id)?.link.state === 'up';
	return {
		loaded,
		monitor,
		meeting,
		engine,
		log,
		shown,
		changes,
		up,
		async stop() {
			await engine.stop();
			await monitor.stop();
			await meeting.close();
		},
	};
}

describe('alert hooks', () => {
	it('a killed agent fires one site-down after `after`, a restart one resolved; a flapping site none; journalled and in the report', async () => {
		const folder = mkdtempSync(path.join(dir, 'one-'));
		appendingHook(folder);
		const receiver = await startReceiver();
		const tokens = {a: token(), b: token(), c: token()};
		const agents: Record<string, StartedAgent> = {};
		for (const id of ['a', 'b', 'c'] as const) agents[id] = await startAgent({site: id, token: tokens[id]});
		const sites = (['a', 'b', 'c'] as const).map(id => ({id, endpoint: agents[id]!.url, token: tokens[id]}));
		const h = await hub(folder, sites, {after: '8s', remind: 0, command: ['./hook.sh'], webhook: receiver.url});
		const file = path.join(folder, 'alerts.jsonl');
		const arrivals: number[] = [];
		try {
			await waitFor(() => h.up('a') && h.up('b') && h.up('c'), 'every site up');
			await agents.a!.process.kill('SIGKILL');
			// While `a` stays down, `b` flaps: killed and back three times, each time down for less than `after`.
			for (let cycle = 0; cycle < 3; cycle++) {
				const port = agents.b!.port;
				agents.b!.process.kill('SIGKILL');
				await waitFor(() => h.monitor.isDown('b'), 'b down');
				agents.b = await startAgent({site: 'b', token: tokens.b, port});
				await waitFor(() => h.up('b'), 'b back up');
			}
			await waitFor(
				() => lines(file).length >= 1 && receiver.received.length >= 1 && arrivals.push(performance.now()),
				'the site-down alert',
			);
			const down = h.changes.find(change => change.site === 'a' && change.type === 'down')!;
			expect(arrivals[0]! - down.wall).toBeGreaterThanOrEqual(8000 - 50);
			expect(lines(file)).toEqual([
				expect.objectContaining({
					alert: 'site-down',
					state: 'firing',
					site: 'a',
					message: expect.stringMatching(/^Site a \(a\) has been down for 8 s/),
				}),
			]);
			expect(receiver.received).toEqual(lines(file));
			expect(receiver.received[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);

			agents.a = await startAgent({site: 'a', token: tokens.a, port: agents.a!.port});
			await waitFor(() => lines(file).length >= 2 && receiver.received.length >= 2, 'the resolved alert');
			expect(lines(file)[1]).toMatchObject({
				alert: 'site-down',
				state: 'resolved',
				site: 'a',
				message: expect.stringMatching(/^Site a \(a\) is back after \d+ s down$/),
			});
			// Nothing more: no duplicate, and nothing at all for the flapping site.
			await new Promise(resolve => setTimeout(resolve, 1500));
			expect(lines(file).map(n => `${n.alert} ${n.state} ${n.site}`)).toEqual(['site-down firing a', 'site-down resolved a']);
			expect(receiver.received).toHaveLength(2);
			expect(h.changes.filter(change => change.site === 'b' && change.type === 'down').length).toBeGreaterThanOrEqual(3);
			expect(h.engine.stats().hookFailures).toBe(0);
		} finally {
			await h.stop();
			await Promise.all(Object.values(agents).map(agent => agent.stop()));
			await receiver.close();
		}
		const {header, events} = await readJournal(path.join(folder, 'journal.jsonl'));
		const journalled = events.filter(event => event.type === 'alert');
		expect(journalled).toEqual([
			expect.objectContaining({type: 'alert', alert: 'site-down', state: 'firing', site: 'a'}),
			expect.objectContaining({type: 'alert', alert: 'site-down', state: 'resolved', site: 'a'}),
		]);
		const {report, details} = buildReport(header, events);
		const incidents = report.incidents.filter(incident => incident.type === 'alert');
		expect(incidents).toEqual([
			expect.objectContaining({site: 'a', type: 'alert', alert: 'site-down', state: 'firing', grade: null}),
			expect.objectContaining({site: 'a', type: 'alert', alert: 'site-down', state: 'resolved', grade: null}),
		]);
		expect(details.incidentReasons[report.incidents.indexOf(incidents[0]!)]).toMatch(/has been down for 8 s/);
	}, 90_000);

	it('15 sites killed at once make one storm, not 15 alerts, and one resolved when they return', async () => {
		const folder = mkdtempSync(path.join(dir, 'storm-'));
		appendingHook(folder);
		const receiver = await startReceiver();
		const many = Array.from({length: 15}, (_, i) => ({site: `xa-${i}`, token: token()}));
		let fleet = await startManyAgents(many);
		const lone = {site: 'thi-xa', token: token()};
		const loneAgent = await startAgent(lone);
		const sites = [
			...many.map(s => ({id: s.site, endpoint: fleet.urls.get(s.site)!, token: s.token})),
			{id: lone.site, endpoint: loneAgent.url, token: lone.token},
		];
		// `after` above the reconnect backoff's 5-s cap: once the storm is over, a site that takes
		// the longest redial to come back is not alerted on its own.
		const h = await hub(folder, sites, {after: '6s', remind: 0, command: ['./hook.sh'], webhook: receiver.url});
		const file = path.join(folder, 'alerts.jsonl');
		try {
			await waitFor(() => sites.every(site => h.up(site.id)), 'every site up');
			await fleet.kill();
			await waitFor(() => lines(file).length >= 1 && receiver.received.length >= 1, 'the storm alert');
			expect(lines(file)).toEqual([
				expect.objectContaining({
					alert: 'storm',
					state: 'firing',
					site: null,
					message: expect.stringMatching(/^15 of 16 sites went down within 10 s: the hub's own line/),
				}),
			]);
			// Well past `after` for every site: still the one alert.
			await new Promise(resolve => setTimeout(resolve, 4000));
			expect(lines(file)).toHaveLength(1);
			fleet = await startManyAgents(many.map(s => ({...s, port: fleet.ports.get(s.site)})));
			await waitFor(() => lines(file).length >= 2, 'the storm resolved');
			await waitFor(() => sites.every(site => h.up(site.id)), 'every site back');
			await new Promise(resolve => setTimeout(resolve, 1000));
			expect(lines(file).map(n => `${n.alert} ${n.state}`)).toEqual(['storm firing', 'storm resolved']);
			expect(receiver.received.map(n => `${n.alert} ${n.state}`)).toEqual(['storm firing', 'storm resolved']);
		} finally {
			await h.stop();
			await fleet.stop();
			await loneAgent.stop();
			await receiver.close();
		}
	}, 90_000);

	it('a hook that hangs or fails, and a webhook answering 500: the hub goes on probing and alerting, and says so', async () => {
		const folder = mkdtempSync(path.join(dir, 'bad-'));
		// Firing: hangs (longer than the timeout). Resolved: fails with a message on stderr.
		appendingHook(folder, 'if [ "$DIEMCAU_ALERT_STATE" = firing ]; then sleep 30; fi\necho "cannot reach the SMS gateway" >&2\nexit 3');
		const receiver = await startReceiver(() => 500);
		const tokens = {a: token(), b: token()};
		const agents = {a: await startAgent({site: 'a', token: tokens.a}), b: await startAgent({site: 'b', token: tokens.b})};
		const sites = (['a', 'b'] as const).map(id => ({id, endpoint: agents[id].url, token: tokens[id]}));
		const h = await hub(
			folder,
			sites,
			{after: '2s', remind: 0, command: ['./hook.sh'], webhook: receiver.url},
			{commandTimeoutMs: 1500, retries: 2, backoffMs: 100},
		);
		try {
			await waitFor(() => h.up('a') && h.up('b'), 'both up');
			agents.a.process.kill('SIGKILL');
			await waitFor(() => h.log.some(line => line.includes('did not finish within 2 s')), 'the hanging hook reported');
			const sentBefore = h.monitor.site('b')!.link.sent;
			agents.a = await startAgent({site: 'a', token: tokens.a, port: agents.a.port});
			await waitFor(() => h.log.some(line => line.includes('exited with code 3')), 'the failing hook reported');
			await waitFor(() => h.log.filter(line => line.includes('answered 500')).length >= 2, 'both webhook failures');
			// The hub went on: probes kept flowing, the resolved alert was raised while the first hook hung.
			expect(h.monitor.site('b')!.link.sent).toBeGreaterThan(sentBefore);
			expect(h.log.filter(line => line.startsWith('ALERT') || line.startsWith('resolved'))).toEqual([
				expect.stringMatching(/^ALERT site-down: Site a \(a\) has been down/),
				expect.stringMatching(/^resolved site-down: Site a \(a\) is back/),
			]);
			expect(h.log).toContainEqual(
				'alert hook failed (site-down a): command hook.sh did not finish within 2 s (ended)'.replace(
					'hook.sh',
					path.join(folder, 'hook.sh'),
				),
			);
			expect(h.log).toContainEqual(
				`alert hook failed (site-down a): command ${path.join(folder, 'hook.sh')} exited with code 3: cannot reach the SMS gateway`,
			);
			const webhookLine = h.log.find(line => line.includes('answered 500'))!;
			expect(webhookLine).toMatch(/webhook 127\.0\.0\.1:\d+ answered 500 \(3 tries\)$/);
			expect(webhookLine).not.toContain('secret-in-the-url');
			expect(receiver.requests).toBe(6);
			expect(h.engine.stats().hookFailures).toBe(4);
		} finally {
			await h.stop();
			await agents.a.stop();
			await agents.b.stop();
			await receiver.close();
		}
	}, 90_000);

	it.each([
		['--lang vi', ['--lang', 'vi'], {}],
		['LANG=vi_VN.UTF-8', [], {LANG: 'vi_VN.UTF-8'}],
	] as const)(
		'serve %s: the phone gets the message in Vietnamese (DIEMCAU_MESSAGE, webhook), messageEn and the codes stay for scripts',
		async (_how, flags, env) => {
			const folder = mkdtempSync(path.join(dir, 'vi-'));
			appendingHook(folder, 'printf \'%s\\n\' "$DIEMCAU_MESSAGE" >> "$(dirname "$0")/messages.txt"\ncat >> "$(dirname "$0")/alerts.jsonl"');
			const receiver = await startReceiver();
			const agent = await startAgent({site: 'a', token: token()});
			await agent.stop(); // a site that never answers: connection refused
			const plan = writePlan(folder, [{id: 'a', endpoint: agent.url, token: token()}], {
				probe,
				alerts: {after: '2s', remind: '0', command: ['./hook.sh'], webhook: receiver.url},
			});
			const child = execa('node', [BIN, 'serve', plan, '--journal', path.join(folder, 'journal.jsonl'), ...flags], {
				reject: false,
				stdin: 'ignore',
				env: {DIEMCAU_CONFIG_DIR: path.join(folder, 'config'), ...env},
			});
			let log = '';
			child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
			try {
				await waitFor(
					() => lines(path.join(folder, 'alerts.jsonl')).length >= 1 && receiver.received.length >= 1,
					'the site-down alert from serve',
				);
				const [payload] = lines(path.join(folder, 'alerts.jsonl'));
				expect(payload).toMatchObject({alert: 'site-down', state: 'firing', site: 'a', lang: 'vi'});
				expect(payload!.message).toMatch(/^Site a \(a\) đã mất kết nối \d+ giây: bị từ chối kết nối/);
				expect(payload!.messageEn).toMatch(/^Site a \(a\) has been down for \d+ s: connection refused$/);
				expect(readFileSync(path.join(folder, 'messages.txt'), 'utf8').trim()).toBe(payload!.message);
				expect(receiver.received[0]).toEqual(payload);
				// The log: each line's head the same in every language (for grep), its words in Vietnamese.
				await waitFor(() => / ALERT site-down: Site a \(a\) đã mất kết nối \d+ giây: bị từ chối kết nối/.test(log), 'the log line');
				expect(log).toMatch(/ link a down: bị từ chối kết nối \(agent chưa chạy hoặc sai cổng\)$/m);
			} finally {
				child.kill('SIGTERM');
				expect((await child).exitCode).toBe(0);
				await receiver.close();
			}
			const {events} = await readJournal(path.join(folder, 'journal.jsonl'));
			expect(events.filter(event => event.type === 'alert')).toEqual([
				expect.objectContaining({message: expect.stringMatching(/has been down for/)}),
			]);
		},
		60_000,
	);

	it('in Vietnamese: a failing hook is said on the screen in Vietnamese, the log keeps its heads, the journal stays English', async () => {
		const folder = mkdtempSync(path.join(dir, 'vi-fail-'));
		appendingHook(folder, 'cat >> "$(dirname "$0")/alerts.jsonl"\necho "cannot reach the SMS gateway" >&2\nexit 3');
		const tokens = {a: token()};
		const agent = await startAgent({site: 'a', token: tokens.a});
		const h = await hub(
			folder,
			[{id: 'a', endpoint: agent.url, token: tokens.a}],
			{after: '1s', remind: 0, command: ['./hook.sh']},
			{},
			'vi',
		);
		try {
			await waitFor(() => h.up('a'), 'up');
			await agent.process.kill('SIGKILL');
			await waitFor(() => h.shown.length >= 1, 'the failure on the screen');
			expect(h.shown[0]).toBe(
				`không gửi được cảnh báo (site-down a): lệnh ${path.join(folder, 'hook.sh')} báo lỗi, mã thoát 3 (cannot reach the SMS gateway)`,
			);
			expect(h.log).toContainEqual(
				`alert hook failed (site-down a): lệnh ${path.join(folder, 'hook.sh')} báo lỗi, mã thoát 3 (cannot reach the SMS gateway)`,
			);
			expect(h.log.find(line => line.startsWith('ALERT'))).toMatch(/^ALERT site-down: Site a \(a\) đã mất kết nối \d+ giây/);
			expect(lines(path.join(folder, 'alerts.jsonl'))[0]).toMatchObject({
				lang: 'vi',
				message: expect.stringMatching(/^Site a \(a\) đã mất kết nối \d+ giây/),
			});
		} finally {
			await h.stop();
			await agent.stop();
		}
		const {events} = await readJournal(path.join(folder, 'journal.jsonl'));
		expect(events.filter(event => event.type === 'alert')).toEqual([
			expect.objectContaining({message: expect.stringMatching(/^Site a \(a\) has been down for/)}),
		]);
	}, 60_000);

	it("serve: a command hook sees PATH, LANG and the alert's DIEMCAU_* variables, never a site token from the environment", async () => {
		const folder = mkdtempSync(path.join(dir, 'env-'));
		appendingHook(folder, 'env > "$(dirname "$0")/env.txt"\ncat >> "$(dirname "$0")/alerts.jsonl"');
		const agent = await startAgent({site: 'a', token: token()});
		await agent.stop(); // a site that never answers
		const plan = writePlan(folder, [{id: 'a', endpoint: agent.url, token: token()}], {
			probe,
			alerts: {after: '1s', remind: '0', command: ['./hook.sh']},
		});
		// The site's token from the hub's environment, as `token: {env: …}` has it.
		const written = JSON.parse(readFileSync(plan, 'utf8'));
		written.sites[0].token = {env: 'PHO_AN_SITE_TOKEN'};
		writeFileSync(plan, JSON.stringify(written));
		const siteToken = token();
		const agentToken = token();
		const child = execa('node', [BIN, 'serve', plan, '--journal', path.join(folder, 'journal.jsonl')], {
			reject: false,
			stdin: 'ignore',
			env: {
				DIEMCAU_CONFIG_DIR: path.join(folder, 'config'),
				PHO_AN_SITE_TOKEN: siteToken,
				DIEMCAU_TOKEN: agentToken,
				LANG: 'C.UTF-8',
				HOME: folder,
				AWS_SECRET_ACCESS_KEY: 'not-for-hooks',
			},
		});
		try {
			await waitFor(() => lines(path.join(folder, 'alerts.jsonl')).length >= 1, 'the site-down alert from serve');
		} finally {
			child.kill('SIGTERM');
			expect((await child).exitCode).toBe(0);
		}
		const dumped = readFileSync(path.join(folder, 'env.txt'), 'utf8');
		const names = dumped
			.trim()
			.split('\n')
			.map(line => line.split('=')[0]!)
			.sort();
		// PWD is the shell's own.
		expect(names).toEqual([
			'DIEMCAU_ALERT',
			'DIEMCAU_ALERT_STATE',
			'DIEMCAU_AT',
			'DIEMCAU_MESSAGE',
			'DIEMCAU_MESSAGE_EN',
			'DIEMCAU_SITE',
			'LANG',
			'PATH',
			'PWD',
		]);
		expect(dumped).toContain('DIEMCAU_ALERT=site-down\n');
		expect(dumped).toContain('LANG=C.UTF-8\n');
		expect(dumped).not.toContain(siteToken);
		expect(dumped).not.toContain(agentToken);
		expect(dumped).not.toContain('not-for-hooks');
	}, 60_000);

	it("diemcau serve runs the plan's hooks: a dead site alerted by command and webhook, logged, and journalled", async () => {
		const folder = mkdtempSync(path.join(dir, 'serve-'));
		appendingHook(folder);
		const receiver = await startReceiver();
		const agent = await startAgent({site: 'a', token: token()});
		await agent.stop(); // its port, now closed: a site that never answers
		const plan = writePlan(folder, [{id: 'a', endpoint: agent.url, token: token()}], {
			probe,
			alerts: {after: '2s', remind: '0', command: ['./hook.sh'], webhook: receiver.url},
		});
		const child = execa('node', [BIN, 'serve', plan, '--journal', path.join(folder, 'journal.jsonl')], {
			reject: false,
			stdin: 'ignore',
			env: {DIEMCAU_CONFIG_DIR: path.join(folder, 'config')},
		});
		let log = '';
		child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
		try {
			await waitFor(
				() => lines(path.join(folder, 'alerts.jsonl')).length >= 1 && receiver.received.length >= 1,
				'the site-down alert from serve',
			);
			expect(lines(path.join(folder, 'alerts.jsonl'))).toEqual([expect.objectContaining({alert: 'site-down', state: 'firing', site: 'a'})]);
			await waitFor(() => / ALERT site-down: Site a \(a\) has been down for \d+ s/.test(log), 'the log line').catch(error => {
				throw new Error(`${(error as Error).message}\n${log}`);
			});
		} finally {
			child.kill('SIGTERM');
			expect((await child).exitCode).toBe(0);
			await receiver.close();
		}
		const {events} = await readJournal(path.join(folder, 'journal.jsonl'));
		expect(events.filter(event => event.type === 'alert')).toEqual([
			expect.objectContaining({alert: 'site-down', state: 'firing', site: 'a'}),
		]);
	}, 60_000);
});
