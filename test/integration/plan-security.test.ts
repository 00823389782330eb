import {chmodSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {BIN, writePlan} from '../helpers/agents.js';

// `diemcau plan check` on what the schema cannot see: plain ws:// across the internet, shared
// tokens, token files others can read, weak tokens. Real CLI, real files; nothing is dialled.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-plan-security-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const check = (plan: string) => execa('node', [BIN, 'plan', 'check', plan], {reject: false});

describe('plan check: endpoints and tokens', () => {
	it('warns about public ws://, shared tokens and readable token files, and never prints a token', async () => {
		const plan = writePlan(dir, [
			{id: 'lan', endpoint: 'ws://192.168.1.20:7700/probe', token: 'lan-token'},
			{id: 'internet', endpoint: 'ws://203.0.113.5:7700/probe', token: 'internet-token'},
			{id: 'tls', endpoint: 'wss://hub.example.vn:7700/probe', token: 'tls-token'},
			{id: 'twin', endpoint: 'ws://10.0.0.9:7700/probe', token: 'lan-token'},
		]);
		chmodSync(path.join(dir, 'tokens', 'tls.token'), 0o644);
		const result = await check(plan);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^ok /);
		// One warning a line, each led by its field path (the plan's 2021 date is one of them).
		const warnings = result.stderr.trim().split('\n');
		expect(warnings).toHaveLength(4);
		expect(warnings.every(line => /^diemcau: warning: (sites\[\d\]\.\w+|session\.date): /.test(line))).toBe(true);
		expect(result.stderr).toMatch(
			/sites\[1\]\.endpoint: ws:\/\/203\.0\.113\.5:7700\/probe is plain ws:\/\/ outside loopback and private networks: .*use wss:\/\//,
		);
		expect(result.stderr).toMatch(/sites\[2\]\.token: token file .*tls\.token can be read by other users: run chmod 600/);
		expect(result.stderr).toMatch(
			/sites\[3\]\.token: sites\[0\] \(lan\), sites\[3\] \(twin\) have the same token: whoever holds one site's token can pose as the others/,
		);
		expect(result.stderr).not.toMatch(/lan-token|internet-token|tls-token/);
	});

	it('refuses a weak token with exit 2 and what to do', async () => {
		const weakDir = path.join(dir, 'weak');
		const plan = writePlan(weakDir, [{id: 'pho-an', endpoint: 'ws://127.0.0.1:7700/probe', token: 'placeholder'}]);
		writeFileSync(path.join(weakDir, 'tokens', 'pho-an.token'), 'secret1\n', {mode: 0o600});
		const result = await check(plan);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/sites\[0\]\.token: the token is too weak .*diemcau token new FILE/);
		expect(result.stderr).not.toContain('secret1');
	});
});
