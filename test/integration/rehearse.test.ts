import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {escapeMarkdown} from '../../src/model/sanitize.js';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';

// `diemcau rehearse` end to end: real agent processes on loopback, the built CLI (not a TTY, so
// progress goes to stderr as plain lines), its exit code, table, JSON and Markdown report.

// udpRate 50: the lossy site's loss is sampled from a few hundred packets each way in the 6-s
// rehearsal (at 20 a second a loaded machine left ~70 reflections, whose spread, ±6 points,
// once read 38 % as 24.6 %).
// downAfter 10: the lossy agent drops 38 % of its WebSocket answers too, so three misses in a row
// came often enough to leave it down as probing ended once in a while; a site down then takes no
// load test, and the test below needs the lossy site's video load figure. Ten in a row: ≈ 1 in 16,000.
const probe = {intervalMs: 200, timeoutMs: 1000, downAfter: 10, upAfter: 2, window: 60, udpRate: 50};
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-rehearse-'));
const agents: StartedAgent[] = [];
let mixedPlan = '';
let fastPlan = '';

const names = {
	good: 'Phường Phổ Hòa',
	slow: 'Xã Phổ Nhơn',
	lossy: 'Phường Nguyễn Nghiêm',
	dead: 'Xã Phổ Châu',
	capped: 'Xã Phổ Khánh',
} as const;

const rehearse = (...args: string[]) =>
	execa('node', [BIN, 'rehearse', ...args], {reject: false, env: {NO_COLOR: '1', FORCE_COLOR: undefined}});

type Doc = {
	startedAt: string;
	durationS: number;
	plannedDurationS: number;
	cutShort: boolean;
	verdict: string;
	sites: Array<Record<string, any>>;
};
const site = (doc: Doc, id: string) => doc.sites.find(s => s.id === id)!;

beforeAll(async () => {
	// Uncapped agents would push tens of MB through loopback: cap them well above the pass floor.
	const started = await Promise.all([
		startAgent({site: 'good', token: 'tok-good', rateKbps: 4000}),
		startAgent({site: 'slow', token: 'tok-slow', simulate: 'slow', rateKbps: 4000}),
		startAgent({site: 'lossy', token: 'tok-lossy', simulate: 'lossy', lossPct: 30, rateKbps: 4000}),
		startAgent({site: 'dead', token: 'tok-dead', simulate: 'dead'}),
		startAgent({site: 'capped', token: 'tok-capped', rateKbps: 500}),
	]);
	agents.push(...started);
	const [good, slow, lossy, dead, capped] = started;
	mixedPlan = writePlan(
		dir,
		[
			{id: 'good', name: names.good, endpoint: good!.url, token: 'tok-good'},
			{id: 'slow', name: names.slow, endpoint: slow!.url, token: 'tok-slow'},
			{id: 'lossy', name: names.lossy, endpoint: lossy!.url, token: 'tok-lossy'},
			{id: 'dead', name: names.dead, endpoint: dead!.url, token: 'tok-dead'},
			{id: 'capped', name: names.capped, endpoint: capped!.url, token: 'tok-capped'},
		],
		{probe},
	);
	// Contacts are what the "to fix" list gives the technician to call.
	const plan = JSON.parse(readFileSync(mixedPlan, 'utf8'));
	plan.sites[3].contact = {name: 'Chị Tư', phone: '0905 333 444'};
	writeFileSync(mixedPlan, JSON.stringify(plan));

	fastPlan = writePlan(
		path.join(dir, 'fast'),
		[
			{id: 'good', name: names.good, endpoint: good!.url, token: 'tok-good'},
			{id: 'capped', name: names.capped, endpoint: capped!.url, token: 'tok-capped'},
		],
		{probe},
	);
}, 60_000);

afterAll(async () => {
	await Promise.all(agents.map(agent => agent.stop()));
	rmSync(dir, {recursive: true, force: true});
});

describe('diemcau rehearse on good, slow, lossy, dead and rate-capped agents', () => {
	const jsonFile = path.join(dir, 'mixed.json');
	const reportFile = path.join(dir, 'mixed.md');
	let result: Awaited<ReturnType<typeof rehearse>>;
	let doc: Doc;
	let report: string;

	beforeAll(async () => {
		result = await rehearse(mixedPlan, '--duration', '6s', '--bandwidth', '2s', '--json', jsonFile, '--report', reportFile);
		doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
		report = readFileSync(reportFile, 'utf8');
	}, 120_000);

	it('exits 1 because sites warn and fail, and says so', () => {
		expect(result.exitCode, result.stderr).toBe(1);
		expect(doc.verdict).toBe('fail');
		expect(doc.cutShort).toBe(false);
		expect(result.stdout).toMatch(/5 sites: 1 pass, \d warn, \d fail · verdict FAIL/);
	});

	it('passes the good site with its figures', () => {
		const good = site(doc, 'good');
		expect(good).toMatchObject({name: names.good, verdict: 'pass', reasons: []});
		expect(good.rttMs.p95).toBeLessThan(150);
		expect(good.bandwidthKbps.down).toBeGreaterThanOrEqual(1500);
		expect(good.bandwidthKbps.up).toBeGreaterThanOrEqual(1500);
	});

	it('warns (or fails) the slow site on its RTT', () => {
		const slow = site(doc, 'slow');
		expect(['warn', 'fail']).toContain(slow.verdict);
		expect(slow.reasons.join('\n')).toMatch(/^RTT p95 \d+ ms > (150|300) ms$/m);
		expect(slow.rttMs.p50).toBeGreaterThanOrEqual(200);
	});

	it('fails the lossy site on its loss', () => {
		const lossy = site(doc, 'lossy');
		expect(lossy.verdict).toBe('fail');
		expect(lossy.lossPct).toBeGreaterThan(4);
		expect(lossy.reasons.join('\n')).toMatch(/^loss \d+(\.\d)? % > 4 %$/m);
	});

	it('measures UDP packet loss each way, names its direction, and runs the load tests', () => {
		const lossy = site(doc, 'lossy');
		// The agent drops 38 % of UDP packets each way (lossy's 8 % + --loss-pct 30).
		expect(lossy.udp).toBe('ok');
		expect(lossy.packetLossPct.up).toBeGreaterThan(25);
		expect(lossy.packetLossPct.down).toBeGreaterThan(25);
		expect(lossy.reasons.join('\n')).toMatch(/^packet loss up \d+(\.\d)? % > 4 %$/m);
		expect(lossy.reasons.join('\n')).toMatch(/^packet loss down \d+(\.\d)? % > 4 %$/m);
		expect(lossy.reasons.join('\n')).toMatch(/^video load up: \d+ % lost$/m);
		const good = site(doc, 'good');
		expect(good).toMatchObject({udp: 'ok', packetLossPct: {up: 0, down: 0}});
		expect(good.latencyUnderLoadMs.p95).toBeGreaterThan(0);
		expect(good.videoLoad).toMatchObject({kbps: 1500, up: {lossPct: 0}, down: {lossPct: 0}});
		expect(site(doc, 'dead')).toMatchObject({udp: 'off', packetLossPct: null, latencyUnderLoadMs: null, videoLoad: null});
	});

	it('fails the dead site: it never answered', () => {
		const dead = site(doc, 'dead');
		expect(dead).toMatchObject({verdict: 'fail', rttMs: null, availabilityPct: 0, bandwidthKbps: null});
		expect(dead.reasons).toEqual([expect.stringMatching(/^no answer for \d+(\.\d)? s$/)]);
	});

	it('fails the site capped at 500 kbit/s on bandwidth, measured within 20 % of 500', () => {
		const capped = site(doc, 'capped');
		expect(capped.verdict).toBe('fail');
		expect(capped.reasons).toEqual([expect.stringMatching(/^down \d+ kbit\/s < 800$/), expect.stringMatching(/^up \d+ kbit\/s < 800$/)]);
		expect(capped.bandwidthKbps.down).toBeGreaterThanOrEqual(400);
		expect(capped.bandwidthKbps.down).toBeLessThanOrEqual(600);
		expect(capped.bandwidthKbps.up).toBeGreaterThanOrEqual(400);
		expect(capped.bandwidthKbps.up).toBeLessThanOrEqual(600);
	});

	it('keeps the JSON keys of DESIGN.md in order', () => {
		expect(Object.keys(doc)).toEqual(['startedAt', 'durationS', 'plannedDurationS', 'cutShort', 'verdict', 'sites']);
		expect(Object.keys(doc.sites[0]!)).toEqual([
			'id',
			'name',
			'verdict',
			'reasons',
			'rttMs',
			'jitterMs',
			'lossPct',
			'availabilityPct',
			'bandwidthKbps',
			'udp',
			'packetLossPct',
			'udpJitterMs',
			'latencyUnderLoadMs',
			'videoLoad',
		]);
		expect(Object.keys(site(doc, 'good').videoLoad)).toEqual(['kbps', 'up', 'down']);
		expect(Object.keys(site(doc, 'good').videoLoad.up)).toEqual(['lossPct', 'jitterMs']);
		expect(doc.plannedDurationS).toBe(6);
		expect(Number.isNaN(Date.parse(doc.startedAt))).toBe(false);
	});

	it('writes a Markdown report with every site, every reason and the contact of a site to fix', () => {
		for (const name of Object.values(names)) expect(report).toContain(name);
		// Reasons are text in the document: Markdown-escaped ("< 95 %" is "\\< 95 %").
		for (const s of doc.sites) for (const reason of s.reasons) expect(report).toContain(escapeMarkdown(reason));
		expect(report).toMatch(/^# Rehearsal: Test meeting$/m);
		expect(report).toContain('## To fix');
		const dead = report.slice(report.indexOf(`### ✖ ${names.dead}`));
		expect(dead).toMatch(/^Contact: Chị Tư, 0905 333 444$/m);
		expect(report).not.toContain(`### ✔ ${names.good}`); // a passing site has nothing to fix
		expect(report).not.toMatch(/Cut short/);
	});

	it('prints every site in the table on stdout and progress lines on stderr', () => {
		for (const name of Object.values(names)) expect(result.stdout).toContain(name);
		expect(result.stdout).toMatch(/✔ pass +Phường Phổ Hòa/);
		expect(result.stderr).toMatch(/^rehearse: probing 5 sites for 6 s/m);
		expect(result.stderr).toMatch(/^rehearse: bandwidth capped: down \d+ kbit\/s, up \d+ kbit\/s$/m);
	});
});

describe('diemcau rehearse: passing, skipping bandwidth, Ctrl-C, bad usage', () => {
	it('exits 0 when every site passes; --bandwidth 0 skips the test (so a capped line passes)', async () => {
		const jsonFile = path.join(dir, 'fast.json');
		const result = await rehearse(fastPlan, '--duration', '3s', '--bandwidth', '0', '--json', jsonFile);
		expect(result.exitCode, result.stderr + result.stdout).toBe(0);
		const doc: Doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
		expect(doc.verdict).toBe('pass');
		expect(doc.sites.map(s => [s.id, s.verdict, s.bandwidthKbps])).toEqual([
			['good', 'pass', null],
			['capped', 'pass', null],
		]);
		expect(result.stdout).toMatch(/verdict PASS$/m);
	}, 60_000);

	it('on SIGINT mid-run writes the report and JSON of what it measured, marked cut short, and exits 1', async () => {
		const jsonFile = path.join(dir, 'cut.json');
		const reportFile = path.join(dir, 'cut.md');
		const child = rehearse(fastPlan, '--duration', '10m', '--json', jsonFile, '--report', reportFile);
		let stderr = '';
		child.stderr!.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		// Wait (by condition) until a progress line shows both sites up, then interrupt.
		const deadline = Date.now() + 60_000;
		while (!/^rehearse: .* 2 good/m.test(stderr) && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 100));
		expect(stderr).toMatch(/2 good/);
		child.kill('SIGINT');
		const result = await child;
		expect(result.exitCode, stderr).toBe(1);
		const doc: Doc = JSON.parse(readFileSync(jsonFile, 'utf8'));
		expect(doc.cutShort).toBe(true);
		expect(doc.plannedDurationS).toBe(600);
		expect(doc.durationS).toBeLessThan(600);
		expect(doc.sites.map(s => s.id)).toEqual(['good', 'capped']);
		expect(site(doc, 'good').rttMs).not.toBeNull(); // it measured something
		expect(site(doc, 'good').bandwidthKbps).toBeNull(); // never reached the bandwidth test
		// Cut short before the tests it was asked for: at best warn, and the run says which sites.
		expect(site(doc, 'good').verdict).not.toBe('pass');
		expect(site(doc, 'good').reasons).toEqual(expect.arrayContaining(['bandwidth not measured', 'video load not measured']));
		expect(result.stdout).toMatch(/not fully measured: good, capped/);
		const report = readFileSync(reportFile, 'utf8');
		expect(report).toMatch(/Cut short/);
		expect(report).toContain(names.good);
		expect(result.stdout).toMatch(/cut short after/);
	}, 90_000);

	it('gives no pass without evidence: a 1-second run has too few probes', async () => {
		const result = await rehearse(fastPlan, '--duration', '1s', '--bandwidth', '0', '--video', '0');
		expect(result.exitCode).toBe(1);
		expect(result.stdout).toMatch(/▲ warn .*not enough data: \d probes?/);
		expect(result.stdout).not.toMatch(/✔ pass/);
	}, 60_000);

	it('exits 2 with a plain message on bad usage or a bad plan', async () => {
		const badVideo = await rehearse(fastPlan, '--video', 'fast');
		expect(badVideo.exitCode).toBe(2);
		expect(badVideo.stderr).toMatch(/--video takes a rate like 1500k/);
		const bad = await rehearse(fastPlan, '--duration', 'soon');
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toMatch(/--duration takes a duration like 90s/);
		const missing = await rehearse(path.join(dir, 'nope.yaml'));
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toMatch(/Cannot read plan .*no such file/);
		const nowhere = await rehearse(fastPlan, '--json', path.join(dir, 'no-such-folder', 'out.json'));
		expect(nowhere.exitCode).toBe(2);
		expect(nowhere.stderr).toMatch(/the folder .*no-such-folder does not exist/);
		const tooLong = await rehearse(fastPlan, '--bandwidth', '5m');
		expect(tooLong.exitCode).toBe(2);
		expect(tooLong.stderr).toMatch(/--bandwidth must be at most 60s/);
		for (const r of [bad, missing, nowhere, tooLong]) expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
	}, 30_000);

	it.each([
		['--lang vi', ['--lang', 'vi'], {}],
		['LANG=vi_VN.UTF-8', [], {LANG: 'vi_VN.UTF-8'}],
	] as const)(
		'%s: the progress lines, the stop and a failed write are Vietnamese on stderr',
		async (_how, flags, env) => {
			const folder = mkdtempSync(path.join(dir, 'vi-'));
			const [good, , , dead] = agents;
			const plan = writePlan(
				folder,
				[
					{id: 'good', name: names.good, endpoint: good!.url, token: 'tok-good'},
					{id: 'dead', name: names.dead, endpoint: dead!.url, token: 'tok-dead'},
				],
				{probe},
			);
			// /proc/version takes no writes (EIO as root, EACCES otherwise): the report of a run is lost, and said so.
			const child = execa(
				'node',
				[BIN, 'rehearse', plan, '--duration', '10m', '--bandwidth', '0', '--video', '0', '--json', '/proc/version', ...flags],
				{
					reject: false,
					env: {NO_COLOR: '1', FORCE_COLOR: undefined, DIEMCAU_CONFIG_DIR: path.join(folder, 'config'), ...env},
				},
			);
			let stderr = '';
			child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
			const deadline = Date.now() + 60_000;
			while (!/^rehearse: .*1 mất kết nối \(dead: /m.test(stderr) && Date.now() < deadline)
				await new Promise(resolve => setTimeout(resolve, 100));
			child.kill('SIGINT');
			const result = await child;
			expect(result.exitCode, stderr).toBe(2); // the JSON could not be written
			expect(stderr).toMatch(/^rehearse: đang đo 2 điểm cầu trong 600 giây \(Ctrl-C để dừng sớm, vẫn ghi báo cáo\)$/m);
			expect(stderr).toMatch(
				/^rehearse: [\d,]+ giây \/ 600 giây · 1 tốt, 0 khá, 0 kém, 1 mất kết nối \(dead: (không trả lời \d+ lần đo liên tiếp|kết nối đã đóng|quá thời gian chờ)\)$/m,
			);
			expect(stderr).toMatch(/^diemcau: đang dừng: ghi báo cáo những gì đã đo được \(Ctrl-C lần nữa để thoát ngay\)$/m);
			expect(stderr).toMatch(/^diemcau: không ghi được \/proc\/version: (lỗi đọc ghi ổ đĩa \(EIO\)|không có quyền ghi \(EACCES\))$/m);
			// No English sentence: every stderr line, its names and codes aside.
			for (const line of stderr.split('\n').filter(Boolean)) {
				const words = line.replace(/\([^)]*\)/g, '').replace(/^(rehearse|diemcau):|\/\S+|Ctrl-C|dead/g, '');
				expect(words, line).not.toMatch(
					/(?<!\p{L})(probing|sites?|for|of|good|fair|poor|down|waiting|stopping|writing|report|measured|cannot|write|no|answer|probes)(?!\p{L})/iu,
				);
			}
			expect(result.stdout).toMatch(/Xã Phổ Châu/); // the table, already worded (rehearsalTableIn)
			expect(result.stdout).toMatch(
				/kết luận chung: KHÔNG ĐẠT \(dừng sớm sau [\d,]+ giây trên 600 giây dự kiến: số liệu chỉ tính trong thời gian đó\)$/m,
			); // cut short, said so
		},
		90_000,
	);
});
