import {randomBytes} from 'node:crypto';
import {execFileSync} from 'node:child_process';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {englishLines} from '../helpers/plan-english.js';

// `diemcau plan check` on the plans a new technician wrote: each slip gets one line
// with its path and what to write instead, and warnings for what would fail on the day.

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = path.join(root, 'dist/src/bin.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'diemcau-plan-check-'));
afterAll(() => rmSync(tmp, {recursive: true, force: true}));

mkdirSync(path.join(tmp, 'tokens'));
for (const id of ['pho-an', 'pho-chau', 'pho-cuong']) {
	const file = path.join(tmp, 'tokens', `${id}.token`);
	writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`);
	chmodSync(file, 0o600);
}

const nextYear = new Date().getFullYear() + 1;

/** A 3-site plan as the README teaches, with `edit` applied to its lines. */
function plan(edit: (text: string) => string = text => text, name = 'meeting.yaml'): string {
	const text = `version: 1
session: {title: "Họp thử", date: ${nextYear}-03-02, start: "08:00"}
hub: {id: thi-xa, name: "Hội trường"}
sites:
  - id: pho-an
    name: "Xã Phổ An"
    endpoint: ws://127.0.0.1:7701/probe
    token: {file: tokens/pho-an.token}
  - id: pho-chau
    name: "Xã Phổ Châu"
    endpoint: ws://127.0.0.1:7702/probe
    token: {file: tokens/pho-chau.token}
    contact: {name: "Anh Tuấn", phone: "0905123456"}
  - id: pho-cuong
    name: "Xã Phổ Cường"
    endpoint: ws://127.0.0.1:7703/probe
    token: {file: tokens/pho-cuong.token}
agenda:
  - {id: opening, title: "Khai mạc", minutes: 10}
  - {id: discussion, title: "Thảo luận", minutes: 30, speakers: {perSpeakerMinutes: 6}}
`;
	const file = path.join(tmp, name);
	writeFileSync(file, edit(text));
	written.push({name, text: edit(text)});
	return file;
}

/** Every plan this file checks, to check again in Vietnamese at the end. */
const written: {name: string; text: string}[] = [];

const check = (...args: string[]) => execa('node', [bin, 'plan', ...args], {reject: false, env: {NO_COLOR: '1'}});

/** The problem lines of a refused plan. */
async function problems(file: string): Promise<string[]> {
	const result = await check('check', file);
	expect(result.exitCode, result.stderr).toBe(2);
	expect(result.stderr).not.toMatch(/\n\s+at /);
	return result.stderr
		.split('\n')
		.filter(line => line.startsWith('  - '))
		.map(line => line.slice(4));
}

describe('diemcau plan check: what to fix, in its own words', () => {
	it('passes the plan as written, with no warning', async () => {
		const result = await check('check', plan());
		expect(result.exitCode, result.stderr).toBe(0);
		expect(result.stderr).toBe('');
		expect(result.stdout).toBe(`ok Họp thử — ${nextYear}-03-02 08:00: 3 sites, 2 agenda items (0 optional), 40 min planned`);
	});

	it('a typo in a field name: did you mean, and no second line about the missing field', async () => {
		expect(await problems(plan(text => text.replace('    endpoint: ws://127.0.0.1:7701', '    endpiont: ws://127.0.0.1:7701')))).toEqual([
			'sites[0]: unknown field `endpiont` — did you mean `endpoint`?',
		]);
	});

	it('a port out of range says so (the URL is a ws:// URL)', async () => {
		expect(await problems(plan(text => text.replace(':7703/probe', ':78020/probe')))).toEqual([
			'sites[2].endpoint: port 78020 is not a port (1–65535)',
		]);
	});

	it('a contact written as text shows the shape to write', async () => {
		expect(
			await problems(plan(text => text.replace('contact: {name: "Anh Tuấn", phone: "0905123456"}', 'contact: "Anh Tuấn — 0905123456"'))),
		).toEqual(['sites[1].contact: write {name: "…", phone: "…"}']);
	});

	it('a dial-out site: no endpoint is fine; an endpoint beside it, or a ws-ping one, is an error; no hub.listen is a warning', async () => {
		const dialOut = (text: string) => text.replace('    endpoint: ws://127.0.0.1:7701/probe\n', '    connect: dial-out\n');
		const noListen = await check('check', plan(dialOut));
		expect(noListen.exitCode, noListen.stderr).toBe(0);
		expect(noListen.stderr).toContain(
			'hub.listen: 1 site(s) dial out (connect: dial-out) but the hub has no listen address: add hub.listen: "0.0.0.0:7700", or give every hub command --listen HOST:PORT',
		);
		const listening = await check(
			'check',
			plan(text =>
				dialOut(text).replace('hub: {id: thi-xa, name: "Hội trường"}', 'hub: {id: thi-xa, name: "Hội trường", listen: "0.0.0.0:7700"}'),
			),
		);
		expect(listening.exitCode).toBe(0);
		expect(listening.stderr).toBe('');
		const loopback = await check(
			'check',
			plan(text =>
				dialOut(text).replace('hub: {id: thi-xa, name: "Hội trường"}', 'hub: {id: thi-xa, name: "Hội trường", listen: "127.0.0.1:7700"}'),
			),
		);
		expect(loopback.stderr).toContain('hub.listen: 127.0.0.1:7700 is reachable only from this PC');
		expect(
			await problems(
				plan(text =>
					text.replace('    endpoint: ws://127.0.0.1:7701/probe\n', '    endpoint: ws://127.0.0.1:7701/probe\n    connect: dial-out\n'),
				),
			),
		).toEqual([
			'sites[0].endpoint: a dial-out site has no endpoint (its agent calls the hub at hub.listen): remove it, or set "connect: dial-in"',
		]);
		expect(await problems(plan(text => text.replace('    endpoint: ws://127.0.0.1:7702/probe\n', '')))).toEqual([
			'sites[1].endpoint: needs an endpoint like ws://HOST:7700/probe, or "connect: dial-out" when its agent calls the hub (behind NAT)',
		]);
	});

	it('two sites on one endpoint is an error', async () => {
		expect(await problems(plan(text => text.replace(':7703/probe', ':7702/probe')))).toEqual([
			'sites[2].endpoint: ws://127.0.0.1:7702/probe is already the endpoint of sites[1]: each site has its own agent, so give it its own address or port',
		]);
	});

	it('a word where a value of a list is expected names both', async () => {
		expect(
			await problems(plan(text => text.replace('kind: x', '').replace('    name: "Xã Phổ An"', '    name: "Xã Phổ An"\n    kind: xa'))),
		).toEqual(['sites[0].kind: must be one of commune, ward, special-zone, other, not the text "xa"']);
		expect(await problems(plan(text => text.replace('minutes: 10}', 'minutes: ten}')))).toEqual([
			'agenda[0].minutes: must be a number, not the text "ten"',
		]);
	});

	it('a tab in YAML gives the line, what is wrong and the line itself', async () => {
		const result = await check(
			'check',
			plan(text => text.replace('    name: "Xã Phổ Châu"', '\tname: "Xã Phổ Châu"')),
		);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toBe(
			`diemcau: Plan ${path.join(tmp, 'meeting.yaml')} is not valid YAML: line 10, column 1: a tab is used to indent; YAML indents with spaces only: replace the tab with spaces  (line 10: "→name: "Xã Phổ Châu"")`,
		);
	});

	it('a misspelt token path is an error (exit 2) naming the file beside it, fully in the language asked', async () => {
		const file = plan(text => text.replace('tokens/pho-cuong.token', 'tokens/pho-cuong.tokne'));
		const missing = path.join(tmp, 'tokens', 'pho-cuong.tokne');
		const en = await check('check', file, '--lang', 'en');
		expect(en.exitCode, en.stderr).toBe(2);
		expect(en.stdout).toBe('');
		expect(en.stderr.trim().split('\n')).toEqual([
			`diemcau: Plan ${file} has 1 problem(s):`,
			`  - sites[2].token: token file ${missing} does not exist (did you mean tokens/pho-cuong.token?): fix the path, or write the site's token there (diemcau token new FILE), the same file as its agent's --token-file; if the tokens are made later, check with --allow-missing-tokens`,
		]);
		const vi = await check('check', file, '--lang', 'vi');
		expect(vi.exitCode, vi.stderr).toBe(2);
		expect(vi.stderr.trim().split('\n')).toEqual([
			`diemcau: Kế hoạch ${file} có 1 lỗi:`,
			`  - sites[2].token: không có tệp mã ${missing} (có phải là tokens/pho-cuong.token?): hãy sửa lại đường dẫn, hoặc ghi mã của điểm cầu vào đó (diemcau token new FILE), cùng tệp với --token-file của agent; nếu mã sẽ được tạo sau, hãy kiểm tra với --allow-missing-tokens`,
		]);
		// No English word in the Vietnamese, beyond the paths, the command to type and the flags.
		const words = vi.stderr.replace(/\S*\/\S*|diemcau token new FILE|--[a-z-]+|sites\[\d\]\.token|diemcau:/g, '').split(/[\s():;,.?]+/u);
		expect(
			words.filter(word =>
				/^(token|file|plan|problem|problems|the|does|not|exist|did|you|mean|fix|path|or|write|site|if|are|made|later|check|with)$/i.test(
					word,
				),
			),
		).toEqual([]);
		// Tokens made later: a warning, exit 0.
		const later = await check('check', file, '--allow-missing-tokens');
		expect(later.exitCode, later.stderr).toBe(0);
		expect(later.stderr).toMatch(/^diemcau: warning: sites\[2\]\.token: token file .*pho-cuong\.tokne does not exist yet/);
		const laterVi = await check('check', file, '--allow-missing-tokens', '--lang', 'vi');
		expect(laterVi.exitCode, laterVi.stderr).toBe(0);
		expect(laterVi.stderr.trim()).toBe(
			`diemcau: cảnh báo: sites[2].token: chưa có tệp mã ${missing}: hãy ghi mã của điểm cầu vào đó (diemcau token new FILE), cùng tệp với --token-file của agent (cho đến lúc đó điểm cầu chính coi điểm cầu này là mất kết nối)`,
		);
	});

	it("a token file that is a FIFO, a device, a folder, 1 MB or a link to another user's file is an error, at once", async () => {
		const odd = path.join(tmp, 'odd');
		mkdirSync(odd, {recursive: true});
		execFileSync('mkfifo', [path.join(odd, 'fifo.token')]);
		mkdirSync(path.join(odd, 'folder.token'));
		writeFileSync(path.join(odd, 'big.token'), 'x'.repeat(1024 * 1024), {mode: 0o600});
		let theirs = '/etc/hostname';
		if (process.getuid?.() === 0) {
			theirs = path.join(odd, 'theirs.token');
			writeFileSync(theirs, `${randomBytes(32).toString('base64url')}\n`, {mode: 0o600});
			chownSync(theirs, 65534, 65534);
		} else {
			process.stdout.write(
				'plan token link test: not root, so the link points to /etc/hostname (root-owned) instead of a file handed to another uid\n',
			);
		}
		symlinkSync(theirs, path.join(odd, 'link.token'));
		const cases: Array<[string, RegExp]> = [
			['odd/fifo.token', /^sites\[2\]\.token: token file \S+fifo\.token is a pipe \(FIFO\), not a regular file/],
			['/dev/zero', /^sites\[2\]\.token: token file \/dev\/zero is a device, not a regular file/],
			['odd/folder.token', /^sites\[2\]\.token: token file \S+folder\.token is a folder, not a file/],
			['odd/big.token', /^sites\[2\]\.token: token file \S+big\.token holds 1048576 bytes, more than a token ever needs \(4096 at most\)/],
			['odd/link.token', /^sites\[2\]\.token: token file \S+link\.token is a symbolic link to a file of another user/],
		];
		for (const [token, message] of cases) {
			const file = plan(text => text.replace('tokens/pho-cuong.token', token));
			const started = performance.now();
			const lines = await problems(file);
			expect(lines, token).toEqual([expect.stringMatching(message)]);
			expect(performance.now() - started, `${token}: no hang`).toBeLessThan(20_000);
		}
		const vi = await check(
			'check',
			plan(text => text.replace('tokens/pho-cuong.token', 'odd/fifo.token')),
			'--lang',
			'vi',
		);
		expect(vi.stderr).toMatch(
			/ {2}- sites\[2\]\.token: tệp mã \S+fifo\.token là một đường ống \(FIFO\), không phải tệp thông thường: hãy ghi mã vào một tệp thông thường \(diemcau token new FILE\) rồi chỉ tới tệp đó/,
		);
	});

	it('a missing token file (tokens made later), one others can read and a past date are warnings: exit 0, printed', async () => {
		const loose = path.join(tmp, 'tokens', 'pho-chau.token');
		chmodSync(loose, 0o644);
		try {
			const file = plan(text =>
				text.replace(`date: ${nextYear}-03-02`, 'date: 2021-11-25').replace('tokens/pho-cuong.token', 'tokens/nope.token'),
			);
			const result = await check('check', file, '--allow-missing-tokens');
			expect(result.exitCode, result.stderr).toBe(0);
			const today = new Date();
			const pad = (n: number) => String(n).padStart(2, '0');
			const iso = `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}`;
			expect(result.stdout).toBe('ok Họp thử — 2021-11-25 08:00: 3 sites, 2 agenda items (0 optional), 40 min planned');
			expect(result.stderr.split('\n')).toEqual([
				`diemcau: warning: session.date: 2021-11-25 is already past (today is ${iso}): write the meeting's date, or its planned end shows days behind`,
				`diemcau: warning: sites[1].token: token file ${loose} can be read by other users: run chmod 600 ${loose}`,
				`diemcau: warning: sites[2].token: token file ${path.join(tmp, 'tokens', 'nope.token')} does not exist yet: write the site's token there (diemcau token new FILE), the same file as its agent's --token-file (until then the hub shows this site down)`,
			]);
		} finally {
			chmodSync(loose, 0o600);
		}
	});

	it('two sites sharing one token file is a warning', async () => {
		const result = await check(
			'check',
			plan(text => text.replace('tokens/pho-cuong.token', 'tokens/pho-an.token')),
		);
		expect(result.exitCode).toBe(0);
		expect(result.stderr).toMatch(
			/^diemcau: warning: sites\[2\]\.token: sites\[0\] \(pho-an\), sites\[2\] \(pho-cuong\) share the token file .*pho-an\.token: whoever holds one site's token can pose as the others/,
		);
	});

	it('`diemcau plan FILE` (check forgotten) shows the command to run and the usage', async () => {
		const file = plan();
		const result = await check(file);
		expect(result.exitCode).toBe(2);
		expect(result.stderr.split('\n').slice(0, 3)).toEqual([
			`diemcau: to check ${file}, run: diemcau plan check ${file}`,
			'',
			'Usage: diemcau plan check PLAN [--allow-missing-tokens] [--lang vi|en]',
		]);
		const bare = await check();
		expect(bare.exitCode).toBe(2);
		expect(bare.stderr).toContain('Usage: diemcau plan check PLAN');
	});

	it('a JSON plan with a missing comma gives its line and column', async () => {
		const file = path.join(tmp, 'meeting.json');
		writeFileSync(file, '{"version": 1,\n "session" {}}\n');
		const result = await check('check', file);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/is not valid JSON: line 2, column \d+: .*\(line 2: " "session" \{\}\}"\)/);
	});
});

describe('diemcau plan check --lang vi', () => {
	it('words every problem and warning above in Vietnamese: no English sentence, the paths and values kept', async () => {
		expect(written.length).toBeGreaterThan(10);
		for (const [index, {name, text}] of written.entries()) {
			const file = path.join(tmp, `vi-${index}-${name}`);
			writeFileSync(file, text);
			const [vi, en] = await Promise.all([check('check', file, '--lang', 'vi'), check('check', file, '--lang', 'en')]);
			expect(vi.exitCode, vi.stderr).toBe(en.exitCode);
			expect(vi.stderr).not.toMatch(/\n\s+at /);
			expect(englishLines(vi.stderr), vi.stderr).toEqual([]);
			// One line in Vietnamese for each English one, each led by the same field path.
			const lead = (stderr: string) => stderr.split('\n').map(line => /^ {2}- ([\w.[\]]+): /.exec(line)?.[1] ?? '');
			expect(lead(vi.stderr)).toEqual(lead(en.stderr));
		}
	});
});
