import {execFileSync} from 'node:child_process';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readTokenFile} from '../../src/plan/token-file.js';
import {TOKEN_FILE_EXAMPLES, wordTokenFileProblem} from '../../src/model/token-file-words.js';

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-token-file-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('readTokenFile', () => {
	it('warns of a token others can read on Linux, not on Windows where mode bits say nothing', () => {
		const file = path.join(dir, 'open.token');
		writeFileSync(file, 'secret-token\n');
		chmodSync(file, 0o644);
		const linux = readTokenFile(file, 'linux');
		expect(linux).toMatchObject({ok: true, value: 'secret-token'});
		expect(linux.ok && linux.warning).toMatch(/can be read by other users: run chmod 600/);
		expect(readTokenFile(file, 'win32')).toEqual({ok: true, value: 'secret-token'});
	});

	it('a missing or empty file is a reason, never the token', () => {
		expect(readTokenFile(path.join(dir, 'nope.token'))).toMatchObject({
			ok: false,
			reason: expect.stringMatching(/no such file$/),
			problem: {code: 'missing'},
		});
		const empty = path.join(dir, 'empty.token');
		writeFileSync(empty, '  \n', {mode: 0o600});
		expect(readTokenFile(empty)).toMatchObject({ok: false, reason: expect.stringMatching(/is empty$/), problem: {code: 'empty'}});
	});

	it('refuses at once what is not a small regular file: a FIFO (no hang), /dev/zero (no endless read), a folder, 1 MB', () => {
		const fifo = path.join(dir, 'fifo.token');
		execFileSync('mkfifo', [fifo]);
		const big = path.join(dir, 'big.token');
		writeFileSync(big, 'x'.repeat(1024 * 1024), {mode: 0o600});
		const folder = path.join(dir, 'folder.token');
		mkdirSync(folder);
		const justRight = path.join(dir, 'four-k.token');
		writeFileSync(justRight, 'y'.repeat(4096), {mode: 0o600});
		expect(readTokenFile(fifo)).toMatchObject({
			ok: false,
			problem: {code: 'fifo'},
			reason: `token file ${fifo} is a pipe (FIFO), not a regular file: write the token into a plain file (diemcau token new FILE) and name that`,
		});
		expect(readTokenFile('/dev/zero')).toMatchObject({ok: false, problem: {code: 'device'}});
		expect(readTokenFile(folder)).toMatchObject({ok: false, problem: {code: 'directory'}});
		expect(readTokenFile(big)).toMatchObject({ok: false, problem: {code: 'too-big', bytes: 1024 * 1024, max: 4096}});
		expect(readTokenFile(justRight)).toMatchObject({ok: true, value: 'y'.repeat(4096)});
	});

	it('follows a symbolic link only to a file of the user who reads it', () => {
		const own = path.join(dir, 'own.token');
		writeFileSync(own, 'own-token\n', {mode: 0o600});
		const ownLink = path.join(dir, 'own-link.token');
		symlinkSync(own, ownLink);
		expect(readTokenFile(ownLink)).toEqual({ok: true, value: 'own-token'});
		// As root: a file handed to another uid (nobody's); as anyone else: a root-owned file everyone can read.
		let target = '/etc/hostname';
		if (process.getuid?.() === 0) {
			target = path.join(dir, 'theirs.token');
			writeFileSync(target, 'their-token\n', {mode: 0o600});
			chownSync(target, 65534, 65534);
		}
		const link = path.join(dir, 'theirs-link.token');
		symlinkSync(target, link);
		const result = readTokenFile(link);
		expect(result).toMatchObject({ok: false, problem: {code: 'foreign-link'}});
		expect(JSON.stringify(result)).not.toContain('their-token');
	});

	it('words every problem in Vietnamese and English, each saying what to do', () => {
		for (const example of Object.values(TOKEN_FILE_EXAMPLES)) {
			const vi = wordTokenFileProblem(example, 'vi');
			const en = wordTokenFileProblem(example, 'en');
			expect(vi).not.toBe(en);
			expect(vi).toMatch(/tệp mã/);
			// No English words left in the Vietnamese, beyond the command to type and the file.
			const words = vi.replace(/diemcau token new FILE|\S*\/\S*/g, '').split(/[\s():,.]+/u);
			expect(
				words.filter(word =>
					['token', 'file', 'the', 'is', 'a', 'of', 'not', 'cannot', 'read', 'link', 'folder', 'pipe', 'device', 'bytes'].includes(
						word.toLowerCase(),
					),
				),
			).toEqual([]);
		}
	});
});
