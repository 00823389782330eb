import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import stringWidth from 'string-width';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';

// `diemcau status` end to end: real agent processes on loopback, the built CLI, its JSON and table.

const probe = {intervalMs: 300, timeoutMs: 1000, downAfter: 3, upAfter: 2, window: 60};
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-status-'));
const agents: StartedAgent[] = [];
let planFile = '';
let upOnlyPlan = '';

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	const {port} = server.address() as {port: number};
	await new Promise<void>(resolve => server.close(() => resolve()));
	return port;
}

const status = (plan: string, ...args: string[]) =>
	execa('node', [BIN, 'status', plan, ...args], {reject: false, env: {NO_COLOR: '1', FORCE_COLOR: undefined}});

beforeAll(async () => {
	const started = await Promise.all([
		startAgent({site: 'good', token: 'tok-good'}),
		startAgent({site: 'slow', token: 'tok-slow', simulate: 'slow'}),
		startAgent({site: 'lossy', token: 'tok-lossy', simulate: 'lossy'}),
		startAgent({site: 'dead', token: 'tok-dead', simulate: 'dead'}),
		startAgent({site: 'impostor', token: 'the-real-token'}),
	]);
	agents.push(...started);
	const [good, slow, lossy, dead, impostor] = started;
	const refused = await closedPort();
	planFile = writePlan(
		dir,
		[
			{id: 'good', name: 'Phường Phổ Hòa', endpoint: good!.url, token: 'tok-good'},
			{id: 'slow', name: 'Xã Phổ Nhơn', endpoint: slow!.url, token: 'tok-slow'},
			{id: 'lossy', name: 'Phường Nguyễn Nghiêm', endpoint: lossy!.url, token: 'tok-lossy'},
			{id: 'dead', name: 'Xã Phổ Châu', endpoint: dead!.url, token: 'tok-dead'},
			{id: 'impostor', name: 'Xã Phổ Cường', endpoint: impostor!.url, token: 'not-the-token'},
			{id: 'refused', name: 'Xã Phổ Khánh', endpoint: `ws://127.0.0.1:${refused}/probe`, token: 'tok-refused'},
			// Never dialled (its token cannot be read); an address of its own, as plan check requires.
			{id: 'no-token', name: 'Xã Phổ Phong', endpoint: 'ws://127.0.0.1:1/probe', token: 'unused'},
		],
		{probe},
	);
	// Point one site at a token file that is not there: it must be down, saying so, never probed.
	const plan = JSON.parse(readFileSync(planFile, 'utf8'));
	plan.sites[6].token = {file: 'tokens/missing.token'};
	writeFileSync(planFile, JSON.stringify(plan));

	const upDir = path.join(dir, 'up');
	upOnlyPlan = writePlan(
		upDir,
		[
			{id: 'good', name: 'Phường Phổ Hòa', endpoint: good!.url, token: 'tok-good'},
			{id: 'slow', name: 'Xã Phổ Nhơn', endpoint: slow!.url, token: 'tok-slow'},
		],
		{probe},
	);
}, 60_000);

afterAll(async () => {
	await Promise.all(agents.map(agent => agent.stop()));
	rmSync(dir, {recursive: true, force: true});
});

describe('diemcau status --json on real agents', () => {
	let doc: {at: string; sites: Array<Record<string, any>>; hubUdpDrops: unknown};
	let exitCode: number | undefined;

	beforeAll(async () => {
		const result = await status(planFile, '--json', '--count', '5');
		exitCode = result.exitCode;
		expect(result.stderr).toBe('');
		doc = JSON.parse(result.stdout);
	}, 60_000);

	const site = (id: string) => doc.sites.find(entry => entry.id === id)!;

	it('exits 1 because sites are down, with a stable document', () => {
		expect(exitCode).toBe(1);
		expect(Object.keys(doc)).toEqual(['at', 'sites', 'hubUdpDrops']);
		// Linux reads the kernel's count of the hub's own UDP drops: a count, none on loopback.
		expect(doc.hubUdpDrops).toBe(0);
		expect(new Date(doc.at).toISOString()).toBe(doc.at);
		expect(doc.sites.map(entry => entry.id)).toEqual(['good', 'slow', 'lossy', 'dead', 'impostor', 'refused', 'no-token']);
		for (const entry of doc.sites) {
			expect(Object.keys(entry)).toEqual([
				'id',
				'name',
				'mode',
				'state',
				'grade',
				'rttMs',
				'jitterMs',
				'lossPct',
				'mos',
				'sent',
				'received',
				'error',
				'udp',
				'packetLossPct',
				'probeLossPct',
				'errorCode',
				'gradeReason',
			]);
		}
		expect(site('good').name).toBe('Phường Phổ Hòa');
		expect(site('good').mode).toBe('agent');
	});

	it('good: up, good, every probe answered', () => {
		// Probed on past --count 5 until its loss had its evidence (20 UDP packets each way, or 20 probes).
		expect(site('good')).toMatchObject({state: 'up', grade: 'good', lossPct: 0, error: null, udp: 'ok', gradeReason: null});
		// Lost probes are a figure from 20 probes on; before that the UDP stream's loss graded it.
		expect([null, 0]).toContain(site('good').probeLossPct);
		expect(site('good').sent).toBeGreaterThanOrEqual(5);
		expect(site('good').received).toBe(site('good').sent);
		expect(Object.keys(site('good').rttMs)).toEqual(['last', 'p50', 'p95']);
		expect(site('good').mos).toBeGreaterThan(4.3);
	});

	it('slow: up, fair, with the simulated 200 ms in its RTT', () => {
		const slow = site('slow');
		expect(slow).toMatchObject({state: 'up', error: null});
		expect(slow.sent).toBeGreaterThanOrEqual(5);
		expect(slow.rttMs.p50).toBeGreaterThanOrEqual(200);
		// 200 ms is past good's 150 ms: never good. Fair, unless this machine's own delays (a loaded
		// machine adds its own jitter and lateness to the line) pushed a figure past fair's limit,
		// and then that figure is what the row shows.
		expect(slow.grade).not.toBe('good');
		const pastFair =
			slow.rttMs.p95 > 300 ||
			(slow.jitterMs ?? 0) > 50 ||
			(slow.lossPct ?? 0) > 4 ||
			Math.max(slow.packetLossPct?.up ?? 0, slow.packetLossPct?.down ?? 0) > 4;
		expect(slow.grade, JSON.stringify(slow)).toBe(pastFair ? 'poor' : 'fair');
	});

	it('lossy: up, and graded on what it lost', () => {
		// The agent drops 8 % of pongs at random, so 5 probes may or may not lose one; the grade must follow.
		const lossy = site('lossy');
		expect(lossy.state).toBe('up');
		expect(lossy.grade).not.toBe('measuring');
		// Lost probes are a figure from 20 probes on; before that they count as lost / 20 (what 20 can only exceed).
		const lost = lossy.sent - lossy.received;
		if (lossy.sent >= 20) expect(lossy.probeLossPct).toBeCloseTo((lost / lossy.sent) * 100, 1);
		else expect(lossy.probeLossPct).toBeNull();
		// lossPct is the loss the grade used: the larger of lost probes and the worse direction's packet loss.
		const packet = lossy.packetLossPct ? Math.max(lossy.packetLossPct.up, lossy.packetLossPct.down) : 0;
		expect(lossy.lossPct).toBeCloseTo(Math.max((lost / Math.max(20, lossy.sent)) * 100, packet), 1);
		expect(lossy.grade).toBe(lossy.lossPct > 4 ? 'poor' : lossy.lossPct > 1 ? 'fair' : 'good');
	});

	it('dead: down after 3 unanswered probes', () => {
		expect(site('dead')).toMatchObject({state: 'down', grade: 'down', received: 0, udp: 'off', packetLossPct: null});
		// Nothing answers: 3 probes unanswered, or (on a machine too loaded to finish the handshake
		// within the probe timeout) the handshake itself timed out. Either way the reason says so.
		const {error, errorCode} = site('dead');
		expect([
			{error: 'no answer to 3 probes', errorCode: 'no-answer'},
			{error: 'timeout', errorCode: 'timeout'},
		]).toContainEqual({error, errorCode});
		expect(site('dead').rttMs).toBeNull();
		expect(site('dead').mos).toBeNull();
	});

	it('wrong token: down, auth failed', () => {
		expect(site('impostor')).toMatchObject({
			state: 'down',
			grade: 'down',
			sent: 0,
			error: 'auth failed (wrong token or wrong site)',
			errorCode: 'auth-wrong-token',
		});
	});

	it('nothing listening: down, connection refused', () => {
		expect(site('refused')).toMatchObject({
			state: 'down',
			grade: 'down',
			sent: 0,
			error: 'connection refused',
			errorCode: 'connection-refused',
		});
	});

	it('unreadable token file: down, naming the file, never probed', () => {
		expect(site('no-token')).toMatchObject({state: 'down', grade: 'down', sent: 0});
		expect(site('no-token').error).toMatch(/^token: cannot read token file .*missing\.token: no such file$/);
	});
});

describe('diemcau status table', () => {
	it('prints one aligned row a site with grade symbols, no colour under NO_COLOR', async () => {
		const result = await status(planFile, '--count', '3');
		expect(result.exitCode).toBe(1);
		const lines = result.stdout.trimEnd().split('\n');
		expect(result.stdout).not.toMatch(/\u001B\[/);
		const [header, ...rows] = lines;
		expect(rows).toHaveLength(8); // 7 sites and the summary
		const summary = rows.pop()!;
		expect(summary).toMatch(/^7 sites: 3 up \(1 good, 1 fair, 1 poor\), 4 down$|^7 sites: 3 up \(2 good, 1 fair, 0 poor\), 4 down$/);
		const stateColumn = stringWidth(header!.slice(0, header!.indexOf('STATE')));
		for (const row of rows) {
			const match = / (up|down) /.exec(row.slice(row.indexOf('  ')));
			expect(match).not.toBeNull();
			const at = row.indexOf(match![0], row.indexOf('  ')) + 1;
			expect(stringWidth(row.slice(0, at))).toBe(stateColumn); // Vietnamese names padded by display width
		}
		const row = (name: string) => rows.find(line => line.includes(name))!;
		expect(row('Xã Phổ Nhơn')).toMatch(/^◐ fair/);
		// A second wrong token from this address within the minute: the agent refuses it outright (429).
		expect(row('Xã Phổ Cường')).toMatch(/^✖ down .* auth failed/);
		expect(row('Xã Phổ Khánh')).toMatch(/connection refused$/);
		expect(row('Phường Phổ Hòa')).toMatch(/^● good/);
	}, 60_000);

	it('exits 0 when every site is up', async () => {
		const result = await status(upOnlyPlan, '--json', '--count', '2');
		expect(result.exitCode).toBe(0);
		const doc = JSON.parse(result.stdout);
		expect(doc.sites.map((entry: {state: string}) => entry.state)).toEqual(['up', 'up']);
	}, 60_000);

	it('exits 2 on bad usage or a bad plan, without a stack trace', async () => {
		const usage = await status(upOnlyPlan, '--count', '0');
		expect(usage.exitCode).toBe(2);
		expect(usage.stderr).toMatch(/--count takes a whole number from 1 to 1000/);
		const badPlan = path.join(dir, 'bad.json');
		writeFileSync(badPlan, JSON.stringify({version: 1, sites: []}));
		const bad = await status(badPlan);
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toMatch(/sites: must list at least one site/);
		expect(bad.stderr).not.toMatch(/\n\s+at /);
	});
});
