import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {wordPlanProblem} from '../../src/i18n/plan-problem-words.js';
import {DEFAULT_PROBE, DEFAULT_THRESHOLDS, parsePlan, planIdentity, sameIdentity, speakerSites} from '../../src/model/plan/plan.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {ensureFixtureTokens} from '../helpers/session.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = path.join(root, 'fixtures/duc-pho-2021.yaml');
const bin = path.join(root, 'dist/src/bin.js');
const fixtureData = () => parseYaml(readFileSync(fixture, 'utf8')) as Record<string, any>;
const tmp = mkdtempSync(path.join(tmpdir(), 'diemcau-plan-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

function minimal(extra: Record<string, unknown> = {}) {
	return {
		version: 1,
		session: {title: 'T', date: '2021-11-25', start: '08:00'},
		hub: {id: 'hub', name: 'Hub'},
		sites: [{id: 'a', name: 'A', endpoint: 'ws://127.0.0.1:1/probe', token: {env: 'A_TOKEN'}}],
		agenda: [{id: 'opening', title: 'Opening', minutes: 5}],
		...extra,
	};
}

function problems(data: unknown): string[] {
	const result = parsePlan(data);
	if (result.ok) throw new Error('expected the plan to be refused');
	return result.problems.map(problem => wordPlanProblem(problem, 'en'));
}

describe('plan schema', () => {
	it('accepts the Đức Phổ fixture: 15 sites, 5 agenda items, one optional', () => {
		const {plan} = loadPlan(fixture);
		expect(plan.sites).toHaveLength(15);
		expect(plan.agenda.map(item => item.optional)).toEqual([false, false, false, true, false]);
		expect(new Set(plan.sites.map(site => new URL(site.endpoint!).port)).size).toBe(15);
		expect(speakerSites(plan, plan.agenda[2]!)).toHaveLength(15);
	});

	it('fills the documented defaults', () => {
		const result = parsePlan(minimal());
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.plan.probe).toEqual(DEFAULT_PROBE);
		expect(result.plan.thresholds).toEqual(DEFAULT_THRESHOLDS);
		expect(result.plan.sites[0]!.mode).toBe('agent');
	});

	it('normalises names to NFC so column widths hold', () => {
		const decomposed = 'Phường Phổ Hòa'.normalize('NFD');
		const result = parsePlan(minimal({sites: [{id: 'a', name: decomposed, endpoint: 'ws://h/probe', token: {env: 'X'}}]}));
		expect(result.ok && result.plan.sites[0]!.name).toBe('Phường Phổ Hòa'.normalize('NFC'));
	});

	it('lists every field problem with its path, not only the first', () => {
		const data = minimal({
			sites: [
				{id: 'a', name: 'A', endpoint: 'http://x/probe', token: {env: 'A'}},
				{id: 'b', name: 'B', endpoint: 'ws://x/probe'},
				{id: 'Bad Id', name: '', endpoint: 'ws://x/probe', mode: 'ws-ping', token: 'secret-in-plan'},
			],
			probe: {intervalMs: 10, window: 60},
		});
		const list = problems(data);
		expect(list).toEqual(
			expect.arrayContaining([
				'sites[0].endpoint: must start with ws:// or wss:// (like ws://10.0.0.5:7701/probe), not http://',
				'sites[1].token: an agent site needs a token: {file: PATH} or {env: VAR}',
				expect.stringMatching(/^sites\[2\]\.id: must use only a-z/),
				'sites[2].name: must not be empty',
				'sites[2].token: must be {file: PATH} or {env: VAR}, never the token itself',
				expect.stringMatching(/^probe\.intervalMs: /),
				expect.stringMatching(/^sites\[2\]\.endpoint: ws:\/\/x\/probe is already the endpoint of sites\[1\]/),
			]),
		);
		expect(list).toHaveLength(7);
		// The token itself never appears in what is printed.
		expect(list.join('\n')).not.toContain('secret-in-plan');
	});

	it('lists every cross-field problem (duplicate ids, unknown speakers, threshold order)', () => {
		const data = minimal({
			sites: [
				{id: 'a', name: 'A', endpoint: 'ws://x/probe', token: {env: 'A'}},
				{id: 'a', name: 'B', endpoint: 'ws://y/probe', token: {env: 'B'}},
			],
			thresholds: {good: {rttMs: 400, jitterMs: 30, lossPct: 1}, fair: {rttMs: 300, jitterMs: 50, lossPct: 4}},
			agenda: [
				{id: 'talk', title: 'Talk', minutes: 5, speakers: {perSpeakerMinutes: 2, from: ['a', 'nowhere']}},
				{id: 'talk', title: 'Again', minutes: 5},
			],
		});
		expect(problems(data)).toEqual([
			'sites[1].id: "a" is already used by sites[0]',
			'agenda[0].speakers.from[1]: no site has id "nowhere"',
			'agenda[1].id: "talk" is already used by agenda[0]',
			'thresholds.good.rttMs: must not be above thresholds.fair.rttMs',
		]);
	});

	it('lists field and cross-field problems in one pass, so one edit fixes them all', () => {
		const data = minimal({
			version: 2,
			sites: [
				{id: 'a', name: 'A', endpoint: 'http://x', token: 'the-token-itself'},
				{id: 'a', name: 'B', endpoint: 'ws://y/probe', token: {env: 'B'}},
			],
		});
		expect(problems(data)).toEqual([
			'version: must be 1',
			'sites[0].endpoint: must start with ws:// or wss:// (like ws://10.0.0.5:7701/probe), not http://',
			'sites[0].token: must be {file: PATH} or {env: VAR}, never the token itself',
			'sites[1].id: "a" is already used by sites[0]',
		]);
	});

	it('names a missing top-level section', () => {
		const data = minimal();
		delete (data as Record<string, unknown>).hub;
		expect(problems({...data, version: 2})).toEqual(expect.arrayContaining(['version: must be 1', expect.stringMatching(/^hub: /)]));
	});

	it('gives the same identity to a copy with other ports and tokens', () => {
		const a = fixtureData();
		const b = structuredClone(a);
		b.sites[0].endpoint = 'ws://10.0.0.5:9000/probe';
		b.sites[0].token = {env: 'OTHER'};
		const pa = parsePlan(a);
		const pb = parsePlan(b);
		expect(pa.ok && pb.ok && sameIdentity(planIdentity(pa.plan), planIdentity(pb.plan))).toBe(true);
		b.agenda[0].id = 'renamed';
		const pc = parsePlan(b);
		expect(pa.ok && pc.ok && sameIdentity(planIdentity(pa.plan), planIdentity(pc.plan))).toBe(false);
	});
});

describe('diemcau plan check (built CLI)', () => {
	// plan check refuses a token file that does not exist: the fixture's are made, not committed.
	ensureFixtureTokens();
	const run = (...args: string[]) => execa('node', [bin, 'plan', 'check', ...args], {reject: false, env: {NO_COLOR: '1'}});

	it('prints ok and a summary for the fixture, exit 0', async () => {
		const result = await run(fixture);
		expect(result.exitCode).toBe(0);
		expect(result.stdout.split('\n')[0]).toMatch(
			/^ok Hội nghị trực báo .* 2021-11-25 08:00: 15 sites, 5 agenda items \(1 optional\), 165 min planned$/,
		);
	});

	it('lists every problem with its path and exits 2, without a stack trace', async () => {
		const data = fixtureData();
		data.sites[3].endpoint = 'tcp://127.0.0.1:7704';
		data.sites[5].id = data.sites[4].id;
		delete data.sites[7].token;
		data.agenda[2].minutes = -1;
		const file = path.join(tmp, 'bad.yaml');
		writeFileSync(file, JSON.stringify(data)); // JSON is valid YAML
		const result = await run(file);
		expect(result.exitCode).toBe(2);
		expect(result.stdout).toBe('');
		expect(result.stderr).toContain('has 4 problem(s):');
		expect(result.stderr).toContain('  - sites[3].endpoint: must start with ws:// or wss:// (like ws://10.0.0.5:7701/probe), not tcp://');
		expect(result.stderr).toContain(`  - sites[5].id: "${data.sites[4].id}" is already used by sites[4]`);
		expect(result.stderr).toContain('  - sites[7].token: an agent site needs a token');
		expect(result.stderr).toMatch(/ {2}- agenda\[2\]\.minutes: /);
		expect(result.stderr).not.toMatch(/\n\s+at /);
	});

	it('in Vietnamese (--lang vi, or LANG=vi_VN for any command that loads a plan): the problems worded, paths and values as written', async () => {
		const data = fixtureData();
		data.sites[3].endpoint = 'tcp://127.0.0.1:7704';
		data.sites[5].id = data.sites[4].id;
		data.sites[0].endpiont = 'x';
		const file = path.join(tmp, 'bad-vi.yaml');
		writeFileSync(file, JSON.stringify(data));
		const env = {NO_COLOR: '1', DIEMCAU_CONFIG_DIR: path.join(tmp, 'config-vi')};
		const checked = await execa('node', [bin, 'plan', 'check', file, '--lang', 'vi'], {reject: false, env});
		expect(checked.exitCode).toBe(2);
		expect(checked.stderr.split('\n')).toEqual([
			`diemcau: Kế hoạch ${file} có 3 lỗi:`,
			'  - sites[0]: trường `endpiont` không có trong kế hoạch — có phải ý là `endpoint`?',
			'  - sites[3].endpoint: phải bắt đầu bằng ws:// hoặc wss:// (như ws://10.0.0.5:7701/probe), không phải tcp://',
			`  - sites[5].id: "${data.sites[4].id}" đã được dùng ở sites[4]`,
		]);
		const rehearsed = await execa('node', [bin, 'rehearse', file], {reject: false, env: {...env, LANG: 'vi_VN.UTF-8'}});
		expect(rehearsed.exitCode).toBe(2);
		expect(rehearsed.stderr).toBe(checked.stderr);
		const ok = await execa('node', [bin, 'plan', 'check', fixture, '--lang', 'vi'], {reject: false, env});
		expect(ok.stdout).toMatch(
			/^ok Hội nghị trực báo .* 2021-11-25 08:00: 15 điểm cầu, 5 mục chương trình \(1 mục "nếu có"\), dự kiến 165 phút$/,
		);
		expect(ok.stderr).toMatch(/^diemcau: cảnh báo: session\.date: ngày 2021-11-25 đã qua/m);
		// In English as before.
		const english = await execa('node', [bin, 'rehearse', file], {reject: false, env: {...env, LANG: 'C.UTF-8'}});
		expect(english.stderr).toContain('has 3 problem(s):');
		// A mistyped flag, the same way: what is wrong in Vietnamese, the --help after it as it is.
		const flag = await execa('node', [bin, 'rehearse', fixture, '--duration', 'soon', '--lang', 'vi'], {reject: false, env});
		expect(flag.exitCode).toBe(2);
		expect(flag.stderr).toBe('diemcau: --duration nhận một khoảng thời gian như 90s, 3m hoặc 1h, không nhận "soon".');
		const unknown = await execa('node', [bin, 'status', fixture, '--jsn'], {reject: false, env: {...env, LANG: 'vi_VN.UTF-8'}});
		expect(unknown.stderr.split('\n')[0]).toBe('diemcau: không có tùy chọn --jsn');
		const noTty = await execa('node', [bin, 'attach', '--lang', 'vi'], {reject: false, env});
		expect(noTty.stderr).toMatch(/^diemcau: "attach" cần một cửa sổ dòng lệnh thật \(stdin và stdout phải là TTY\)\./);
		const tokenFile = path.join(tmp, 'pho-an-vi.token');
		const made = await execa('node', [bin, 'token', 'new', tokenFile, '--lang', 'vi'], {reject: false, env});
		expect(made.stdout).toBe(`đã ghi mã truy cập mới vào ${tokenFile} (chỉ bạn đọc được: quyền 600)`);
		const again = await execa('node', [bin, 'token', 'new', tokenFile, '--lang', 'vi'], {reject: false, env});
		expect(again.exitCode).toBe(2);
		expect(again.stderr).toBe(`diemcau: không ghi được ${tokenFile}: tệp đã có (muốn thay mã đó thì hãy xóa tệp trước).`);
		const report = await execa('node', [bin, 'report', path.join(tmp, 'nope.jsonl'), '--lang', 'vi'], {reject: false, env});
		expect(report.stderr).toBe(`diemcau: Không đọc được nhật ký ${path.join(tmp, 'nope.jsonl')}: không có tệp này.`);
	});

	it('says what is wrong with a file that is not YAML, or not there', async () => {
		const broken = path.join(tmp, 'broken.yaml');
		writeFileSync(broken, 'version: 1\nsites: [unclosed\n');
		const bad = await run(broken);
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toMatch(/is not valid YAML/);
		expect(bad.stderr).not.toMatch(/\n\s+at /);
		const missing = await run(path.join(tmp, 'nope.yaml'));
		expect(missing.exitCode).toBe(2);
		expect(missing.stderr).toMatch(/Cannot read plan .*nope\.yaml: no such file/);
	});

	it('refuses bad usage with exit 2', async () => {
		const result = await execa('node', [bin, 'plan', 'validate', fixture], {reject: false});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/unknown plan subcommand "validate"/);
	});
});

describe('the minutes’ signers in the plan', () => {
	it('session.chair and session.secretary reach the journal header; empty names are refused', async () => {
		const {meetingPlanOf} = await import('../../src/model/meeting/session.js');
		const result = parsePlan(
			minimal({session: {title: 'T', date: '2021-11-25', start: '08:00', chair: 'Nguyễn Thị Kiều', secretary: ' Trần  Văn Bình '}}),
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(meetingPlanOf(result.plan).session).toMatchObject({chair: 'Nguyễn Thị Kiều', secretary: 'Trần Văn Bình'});
		const without = parsePlan(minimal());
		expect(without.ok && meetingPlanOf(without.plan).session).not.toHaveProperty('chair');
		expect(problems(minimal({session: {title: 'T', date: '2021-11-25', start: '08:00', chair: ''}})).join('\n')).toMatch(/session\.chair/);
	});
});
