import {copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createHash} from 'node:crypto';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {Meeting} from '../../src/hub/meeting.js';
import {titleSlug} from '../../src/hub/journal-name.js';
import {planIdentity, type Plan} from '../../src/model/plan/plan.js';
import {fixturePlan, fixturePlanFile, T0} from '../helpers/session.js';

// Finding a meeting's journal afterwards: a name made of the date and the title,
// `report` with no argument reads the last one and says which, and a plan given by mistake
// is called a plan, not a "damaged journal".

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/src/bin.js');
const fixtureJournal = path.join(root, 'fixtures/journals/duc-pho-2021.jsonl');
const tmp = mkdtempSync(path.join(tmpdir(), 'diemcau-journal-name-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));
let count = 0;
const freshDir = () => mkdtempSync(path.join(tmp, `${count++}-`));
const SLUG = 'hoi-nghi-truc-bao-giua-thuong-truc-hdnd-thi-xa-voi-thuong';

async function openAndClose(plan: Plan, dataDir: string): Promise<string> {
	const {meeting} = await Meeting.open({plan}, {dataDir, clock: () => T0, utcOffsetMinutes: 420});
	await meeting.intent({type: 'toggle-item'});
	await meeting.close();
	return meeting.journalPath;
}

describe('journal names', () => {
	it('slugs a Vietnamese title to plain words, cut at a word', () => {
		expect(titleSlug('Hội nghị trực báo')).toBe('hoi-nghi-truc-bao');
		expect(titleSlug('Đại hội Đảng bộ — phường Phổ Ninh (2026)')).toBe('dai-hoi-dang-bo-phuong-pho-ninh-2026');
		expect(titleSlug(fixturePlan().session.title)).toBe(SLUG);
		expect(titleSlug('!!!')).toBe('meeting');
	});

	it('is the date and the title; another meeting of that day and title gets the hash too', async () => {
		const dataDir = freshDir();
		const plan = fixturePlan();
		const file = await openAndClose(plan, dataDir);
		expect(file).toBe(path.join(dataDir, 'journals', `2021-11-25-${SLUG}.jsonl`));
		expect(await openAndClose(plan, dataDir)).toBe(file);
		const other: Plan = {...plan, agenda: plan.agenda.slice(0, 2)};
		const otherFile = await openAndClose(other, dataDir);
		expect(path.basename(otherFile)).toMatch(new RegExp(`^2021-11-25-${SLUG}-[0-9a-f]{12}\\.jsonl$`));
		expect(await openAndClose(other, dataDir)).toBe(otherFile);
	});

	it('resumes a journal begun under the old name (date and hash)', async () => {
		const dataDir = freshDir();
		const plan = fixturePlan();
		const hash = createHash('sha256')
			.update(JSON.stringify(planIdentity(plan)))
			.digest('hex')
			.slice(0, 12);
		const old = path.join(dataDir, 'journals', `2021-11-25-${hash}.jsonl`);
		mkdirSync(path.dirname(old), {recursive: true});
		copyFileSync(fixtureJournal, old);
		const {meeting} = await Meeting.open({plan}, {dataDir, clock: () => T0 + 4 * 3_600_000});
		expect(meeting.journalPath).toBe(old);
		expect(meeting.state.seq).toBeGreaterThan(10);
		await meeting.close();
	});
});

describe('diemcau report, afterwards', () => {
	const report = (args: string[], dataHome: string) =>
		execa('node', [bin, 'report', ...args], {reject: false, env: {NO_COLOR: '1', XDG_DATA_HOME: dataHome}});

	it('without a JOURNAL reads the last meeting written and says which', async () => {
		const home = freshDir();
		const dir = path.join(home, 'diemcau-nodejs', 'journals');
		mkdirSync(dir, {recursive: true});
		const older = path.join(dir, '2021-11-24-hop-cu.jsonl');
		const newer = path.join(dir, `2021-11-25-${SLUG}.jsonl`);
		copyFileSync(fixtureJournal, newer);
		writeFileSync(older, 'not even read\n');
		utimesSync(older, new Date(2021, 0, 1), new Date(2021, 0, 1));
		const result = await report(['--format', 'json'], home);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toBe(
			`diemcau: the last meeting's journal: ${newer} ("Hội nghị trực báo giữa Thường trực HĐND thị xã với Thường trực HĐND các xã, phường năm 2021", 2021-11-25)`,
		);
		expect(JSON.parse(result.stdout).session.date).toBe('2021-11-25');
	});

	it('--lang vi: which journal, where the minutes went and a file it cannot write, in Vietnamese', async () => {
		const home = freshDir();
		const dir = path.join(home, 'diemcau-nodejs', 'journals');
		mkdirSync(dir, {recursive: true});
		const newer = path.join(dir, `2021-11-25-${SLUG}.jsonl`);
		copyFileSync(fixtureJournal, newer);
		const out = path.join(home, 'bien-ban.md');
		const result = await report(['--lang', 'vi', '--out', out], home);
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr.split('\n')).toEqual([
			`diemcau: nhật ký của hội nghị gần nhất: ${newer} (“Hội nghị trực báo giữa Thường trực HĐND thị xã với Thường trực HĐND các xã, phường năm 2021”, 2021-11-25)`,
			`diemcau: biên bản đã ghi vào ${out}`,
		]);
		// /proc/version takes no writes (EIO as root, EACCES otherwise).
		const refused = await report([newer, '--lang', 'vi', '--out', '/proc/version'], home);
		expect(refused.exitCode).toBe(2);
		expect(refused.stderr).toMatch(/^diemcau: Không ghi được \/proc\/version \((EIO|EACCES)\)\. Hãy chọn một thư mục ghi được\.$/);
	});

	it('finds the meeting last served on this machine though its journal was written elsewhere (--journal), in its language', async () => {
		const home = freshDir();
		// An older meeting in the data folder, and then a meeting served with its journal somewhere else.
		const dir = path.join(home, 'diemcau-nodejs', 'journals');
		mkdirSync(dir, {recursive: true});
		copyFileSync(fixtureJournal, path.join(dir, `2021-11-25-${SLUG}.jsonl`));
		const elsewhere = path.join(freshDir(), 'hop-hom-nay.jsonl');
		const env = {NO_COLOR: '1', XDG_DATA_HOME: home, DIEMCAU_CONFIG_DIR: path.join(home, 'config'), LANG: 'C.UTF-8'};
		const served = execa('node', [bin, 'serve', fixturePlanFile, '--journal', elsewhere, '--lang', 'vi'], {
			reject: false,
			stdin: 'ignore',
			env,
		});
		let log = '';
		served.stderr?.on('data', (chunk: Buffer) => void (log += chunk.toString()));
		const until = performance.now() + 30_000;
		while (!/serving "/.test(log) && served.exitCode === null && performance.now() < until)
			await new Promise(resolve => setTimeout(resolve, 50));
		served.kill('SIGTERM');
		expect((await served).exitCode, log).toBe(0);
		const result = await execa('node', [bin, 'report'], {reject: false, env});
		expect(result.exitCode, result.stderr).toBe(0);
		// Served with --lang vi: the journal says so, and the minutes are Vietnamese though LANG is not.
		expect(result.stderr).toBe(
			`diemcau: nhật ký của hội nghị gần nhất: ${elsewhere} (“Hội nghị trực báo giữa Thường trực HĐND thị xã với Thường trực HĐND các xã, phường năm 2021”, 2021-11-25)`,
		);
		expect(result.stdout).toMatch(/^# Biên bản: Hội nghị trực báo/);
		const english = await execa('node', [bin, 'report', '--lang', 'en'], {reject: false, env});
		expect(english.stdout).toMatch(/^# Minutes: Hội nghị trực báo/);
	}, 60_000);

	it('with no journal yet, says where it looked and what to give', async () => {
		const home = freshDir();
		const result = await report([], home);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe(
			`diemcau: no journal in ${path.join(home, 'diemcau-nodejs', 'journals')} yet: give the journal's path, diemcau report JOURNAL (\`diemcau run\` prints it on exit).`,
		);
	});

	it('given the plan by mistake, says it is a plan and what to run, never "fix that line"', async () => {
		const result = await report([fixturePlanFile], freshDir());
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe(
			`diemcau: ${fixturePlanFile}: this is not a diemcau journal (it looks like a plan: did you mean \`diemcau run ${fixturePlanFile}\` (the dashboard) or \`diemcau plan check ${fixturePlanFile}\`? A journal is the .jsonl file \`run\` writes; \`diemcau report\` without a file reads the last one).`,
		);
		expect(result.stderr).not.toMatch(/damaged|fix or remove/);
	});

	it('given some other file, says it is not a journal', async () => {
		const file = path.join(freshDir(), 'notes.txt');
		writeFileSync(file, 'hello\n');
		const result = await report([file], freshDir());
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/: this is not a diemcau journal \(a journal is the \.jsonl file `diemcau run` writes/);
	});
});
