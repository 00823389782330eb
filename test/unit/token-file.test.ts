import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {readTokenFile} from '../../src/plan/token-file.js';

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
		expect(readTokenFile(path.join(dir, 'nope.token'))).toEqual({ok: false, reason: expect.stringMatching(/no such file$/), why: 'ENOENT'});
		const empty = path.join(dir, 'empty.token');
		writeFileSync(empty, '  \n', {mode: 0o600});
		expect(readTokenFile(empty)).toEqual({ok: false, reason: expect.stringMatching(/is empty$/), why: 'empty'});
	});
});
