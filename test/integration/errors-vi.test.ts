import {randomBytes} from 'node:crypto';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';

// The built CLI driven through its failure paths with --lang vi, as a Vietnamese user meets them:
// each error is a sentence in Vietnamese, no English sentence in it (flags, file names, values and
// the help that may follow a usage mistake — the reference — stay as typed).

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/src/bin.js');
const agent = path.join(root, 'dist/diemcau-agent.mjs');
const plan = path.join(root, 'fixtures/duc-pho-2021.yaml');
const dir = mkdtempSync(path.join(tmpdir(), `diemcau-errors-vi-${process.pid}-`));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

// Its own config, data and LANG: nothing of the machine's choices leaks in.
const env = {
	NO_COLOR: '1',
	LANG: 'en_US.UTF-8',
	DIEMCAU_CONFIG_DIR: path.join(dir, 'config'),
	XDG_DATA_HOME: path.join(dir, 'data'),
	XDG_CONFIG_HOME: path.join(dir, 'xdg'),
	HOME: dir,
};
const diemcau = (...args: string[]) => execa('node', [bin, ...args], {reject: false, env, timeout: 30_000});

/** The sentence of an error: its first paragraph (a usage help may follow), without the "diemcau: " head. */
const sentence = (stderr: string) => stderr.split('\n\n')[0]!.replace(/^diemcau: /, '');
/** Flags, file names, paths, values, commands in backticks and codes stay as written. */
const own = (text: string) =>
	text.replace(
		/"[^"]*"|“[^”]*”|`[^`]*`|--\S+|\S*\/\S*|\S+\.\S+|\S*\d\S*|\b[A-Z][A-Z_:]+\b|\b(vi|en|diemcau|agent|socket|token|plan)\b/g,
		'',
	);
const ENGLISH =
	/(?<!\p{L})(the|is|not|no|refused|failed|cannot|must|takes|given|missing|unknown|option|argument|such|file|folder|journal|exists|already|run|write|read|with|or|and|to|of|yet)(?!\p{L})/iu;

function expectVietnamese(stderr: string): void {
	const said = sentence(stderr).trim();
	expect(said, stderr).not.toBe('');
	expect(own(said), said).not.toMatch(ENGLISH);
	expect(said, said).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/iu); // Vietnamese, not only flags
}

describe('the CLI’s errors with --lang vi', () => {
	it('an unknown option: the sentence in Vietnamese, the synopsis after it, and where the help is', async () => {
		const {stderr, exitCode} = await diemcau('status', plan, '--lang', 'vi', '--bogus');
		expect(exitCode).toBe(2);
		expect(sentence(stderr)).toBe('không có tùy chọn --bogus');
		expect(stderr).toContain('\n\nCách dùng: diemcau status PLAN');
		expect(stderr).toContain('\nGiải thích mọi tùy chọn: diemcau status --help');
		expect(stderr).not.toContain('Probe every site');
		expectVietnamese(stderr);
	});

	it('a bad duration', async () => {
		const {stderr, exitCode} = await diemcau('status', plan, '--lang', 'vi', '--wait', 'soon');
		expect(exitCode).toBe(2);
		expect(sentence(stderr)).toContain('--wait nhận một khoảng thời gian');
		expectVietnamese(stderr);
	});

	it('a missing plan', async () => {
		const {stderr, exitCode} = await diemcau('plan', 'check', path.join(dir, 'khong-co.yaml'), '--lang', 'vi');
		expect(exitCode).toBe(2);
		expect(sentence(stderr)).toContain('Không đọc được kế hoạch');
		expectVietnamese(stderr);
	});

	it('no plan given to run', async () => {
		const {stderr, exitCode} = await diemcau('plan', '--lang', 'vi');
		expect(exitCode).toBe(2);
		expectVietnamese(stderr);
	});

	it('a token file that exists already', async () => {
		const file = path.join(dir, 'pho-an.token');
		writeFileSync(file, 'x\n', {mode: 0o600});
		const {stderr, exitCode} = await diemcau('token', 'new', file, '--lang', 'vi');
		expect(exitCode).toBe(2);
		expect(sentence(stderr)).toContain('tệp đã có');
		expectVietnamese(stderr);
	});

	it('a token file in a folder that does not exist', async () => {
		const {stderr, exitCode} = await diemcau('token', 'new', path.join(dir, 'khong', 'pho-an.token'), '--lang', 'vi');
		expect(exitCode).toBe(2);
		expectVietnamese(stderr);
	});

	it('report without a journal, and with one that is not there', async () => {
		const none = await diemcau('report', '--lang', 'vi');
		expect(none.exitCode).toBe(2);
		expect(sentence(none.stderr)).toContain('chưa có nhật ký nào');
		expectVietnamese(none.stderr);
		const missing = await diemcau('report', path.join(dir, 'j.jsonl'), '--lang', 'vi');
		expect(missing.exitCode).toBe(2);
		expectVietnamese(missing.stderr);
		const plain = await diemcau('report', plan, '--lang', 'vi', '--format', 'pdf');
		expect(plain.exitCode).toBe(2);
		expectVietnamese(plain.stderr);
	});

	it('a report of a file that is a plan, not a journal', async () => {
		const {stderr, exitCode} = await diemcau('report', plan, '--lang', 'vi');
		expect(exitCode).toBe(2);
		expect(sentence(stderr)).toContain('không phải nhật ký');
		expectVietnamese(stderr);
	});

	it('attach without a terminal, and attach (on a terminal) without a hub', async () => {
		const plain = await diemcau('attach', '--lang', 'vi', '--control', path.join(dir, 'none.sock'));
		expect(plain.exitCode).toBe(2);
		expectVietnamese(plain.stderr);
		// A real terminal (script's pty): the next refusal is that no hub answers there.
		mkdirSync(path.join(dir, 'config'), {recursive: true});
		const command = `node ${bin} attach --lang vi --control ${path.join(dir, 'none.sock')}`;
		const tty = await execa('script', ['-qec', command, '/dev/null'], {reject: false, env, timeout: 30_000});
		expect(tty.exitCode).toBe(2);
		const line = tty.stdout.split(/\r?\n/).find(l => l.startsWith('diemcau: ')) ?? '';
		expect(line, tty.stdout).not.toBe('');
		expectVietnamese(line);
	});

	it('the agent: a weak token, no token, options that do not go together', async () => {
		const run = (args: string[], extra: Record<string, string> = {}) =>
			execa('node', [agent, ...args], {reject: false, env: {...env, ...extra}, timeout: 30_000});
		const weak = await run(['--site', 'pho-an', '--console', '--lang', 'vi'], {DIEMCAU_TOKEN: 'abc'});
		expect(weak.exitCode).toBe(2);
		expectVietnamese(weak.stderr);
		const none = await run(['--site', 'pho-an', '--console', '--lang', 'vi']);
		expect(none.exitCode).toBe(2);
		expectVietnamese(none.stderr);
		const both = await run(['--site', 'pho-an', '--console', '--lang', 'vi', '--many', 'x.json']);
		expect(both.exitCode).toBe(2);
		expectVietnamese(both.stderr);
		const url = await run(['--site', 'pho-an', '--console', '--lang', 'vi', '--hub', 'http://h:1/agent'], {DIEMCAU_TOKEN: 'a'.repeat(43)});
		expect(url.exitCode).toBe(2);
		expectVietnamese(url.stderr);
	});

	it('the agent with --console but no terminal warns in Vietnamese and runs on', async () => {
		const token = path.join(dir, 'open.token');
		writeFileSync(token, `${randomBytes(32).toString('base64url')}\n`, {mode: 0o644});
		const child = execa(
			'node',
			[agent, '--site', 'pho-an', '--port', '0', '--udp-port', 'off', '--console', '--lang', 'vi', '--token-file', token],
			{reject: false, env, timeout: 30_000},
		);
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr += chunk.toString();
		});
		const deadline = Date.now() + 20_000;
		while (!(stderr.includes('--console') && stderr.includes('chmod 600')) && Date.now() < deadline)
			await new Promise(resolve => setTimeout(resolve, 50));
		child.kill('SIGTERM');
		await child;
		const lines = stderr.split('\n').filter(line => line.startsWith('diemcau agent: '));
		expect(lines.length, stderr).toBeGreaterThanOrEqual(2);
		for (const line of lines) {
			expect(line).toMatch(/^diemcau agent: cảnh báo: /);
			expectVietnamese(line.replace(/^diemcau agent: /, ''));
		}
	});

	it('in English the same paths say what they always said', async () => {
		const {stderr} = await diemcau('status', plan, '--lang', 'en', '--bogus');
		expect(sentence(stderr)).toBe("Unknown option '--bogus'");
		const token = await diemcau('token', 'new', path.join(dir, 'pho-an.token'), '--lang', 'en');
		expect(sentence(token.stderr)).toMatch(
			/^cannot write .*pho-an\.token: it exists already \(remove it first if you mean to replace that token\)\.$/,
		);
	});
});
