import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {figure, skipped, tempDir} from './util.js';

// wss:// end to end, as an operator runs it: a CA and an agent certificate made by the test with
// openssl, `diemcau agent --tls-cert --tls-key`, and `diemcau status` on a plan that trusts the CA
// (plan-wide `ca`, or per site). A wrong CA must show the site down with a TLS reason. The token
// must appear in no output of any command run here.

const TOKEN = 'tls-fault-token-2f9a61';
const temp = tempDir('tls');
const outputs: string[] = [];
let agent: StartedAgent | undefined;
afterAll(async () => {
	await agent?.stop();
	temp.remove();
});

let openssl: string | null = null;
try {
	execFileSync('openssl', ['version'], {stdio: 'ignore'});
} catch {
	openssl = 'openssl is not installed';
	skipped('wss:// with a generated CA', openssl);
}

function ssl(...args: string[]): void {
	execFileSync('openssl', args, {cwd: temp.dir, stdio: 'ignore'});
}

/** A CA (ca-NAME.pem/.key) and, when `leaf`, a certificate for 127.0.0.1 signed by it. */
function makeCa(name: string): string {
	ssl(
		'req',
		'-x509',
		'-newkey',
		'ec',
		'-pkeyopt',
		'ec_paramgen_curve:prime256v1',
		'-nodes',
		'-days',
		'2',
		'-subj',
		`/CN=diemcau test CA ${name}`,
		'-keyout',
		`ca-${name}.key`,
		'-out',
		`ca-${name}.pem`,
	);
	return path.join(temp.dir, `ca-${name}.pem`);
}

async function status(plan: string) {
	const result = await execa('node', [BIN, 'status', plan, '--json', '--count', '3'], {reject: false, env: {NO_COLOR: '1'}});
	outputs.push(result.stdout, result.stderr);
	return {exitCode: result.exitCode, site: result.stdout ? JSON.parse(result.stdout).sites[0] : null, stderr: result.stderr};
}

/** A plan for the agent in its own folder, trusting `ca` plan-wide or on the site. */
function plan(name: string, endpoint: string, ca: string, where: 'plan' | 'site', token = TOKEN): string {
	const dir = path.join(temp.dir, name);
	writeFileSync(path.join(temp.dir, `${name}.ca.pem`), readFileSync(ca));
	const file = writePlan(dir, [{id: 'pho-an', endpoint, token}], {probe: {intervalMs: 200, timeoutMs: 1000}});
	const data = JSON.parse(readFileSync(file, 'utf8'));
	if (where === 'plan') data.ca = {file: `../${name}.ca.pem`};
	else data.sites[0].ca = {file: `../${name}.ca.pem`};
	writeFileSync(file, JSON.stringify(data));
	return file;
}

describe.skipIf(openssl !== null)('wss:// agent and status with a CA from the plan', () => {
	it('is up when the plan trusts the CA, down with a TLS reason when not, and the token is never printed', async () => {
		const ca = makeCa('good');
		const wrongCa = makeCa('wrong');
		ssl(
			'req',
			'-newkey',
			'ec',
			'-pkeyopt',
			'ec_paramgen_curve:prime256v1',
			'-nodes',
			'-subj',
			'/CN=127.0.0.1',
			'-keyout',
			'agent.key',
			'-out',
			'agent.csr',
		);
		writeFileSync(path.join(temp.dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
		ssl(
			'x509',
			'-req',
			'-in',
			'agent.csr',
			'-CA',
			'ca-good.pem',
			'-CAkey',
			'ca-good.key',
			'-CAcreateserial',
			'-days',
			'2',
			'-extfile',
			'ext.cnf',
			'-out',
			'agent.pem',
		);
		agent = await startAgent({
			site: 'pho-an',
			token: TOKEN,
			extraArgs: ['--tls-cert', path.join(temp.dir, 'agent.pem'), '--tls-key', path.join(temp.dir, 'agent.key')],
		});
		let agentErr = '';
		agent.process.stderr?.on('data', chunk => (agentErr += chunk));
		expect(agent.url).toMatch(/^wss:\/\/127\.0\.0\.1:\d+\/probe$/);

		const trusted = await status(plan('trusted', agent.url, ca, 'plan'));
		expect(trusted.exitCode, trusted.stderr).toBe(0);
		expect(trusted.site).toMatchObject({id: 'pho-an', state: 'up', error: null});
		const perSite = await status(plan('per-site', agent.url, ca, 'site'));
		expect(perSite.exitCode, perSite.stderr).toBe(0);
		expect(perSite.site.state).toBe('up');

		const wrong = await status(plan('wrong', agent.url, wrongCa, 'plan'));
		expect(wrong.exitCode).toBe(1);
		expect(wrong.site).toMatchObject({state: 'down'});
		expect(wrong.site.error).toMatch(/^TLS: /);
		// In Vietnamese, OpenSSL's own words (a real handshake's) only in the parentheses.
		const {wordReason} = await import('../../src/i18n/link-reason-words.js');
		expect(wordReason(wrong.site.error, 'vi')).toBe(
			`lỗi TLS: chứng chỉ không do một tổ chức cấp CA mà máy này tin cậy ký, hoặc thiếu chứng chỉ trung gian (${wrong.site.error.slice('TLS: '.length)})`,
		);
		// Plain ws:// to a TLS agent is refused too, without hanging.
		const plainWs = await status(plan('plain', agent.url.replace('wss://', 'ws://'), ca, 'plan'));
		expect(plainWs.exitCode).toBe(1);
		// The right CA but the wrong token: auth failed, and neither token printed.
		const wrongToken = await status(plan('wrong-token', agent.url, ca, 'plan', 'not-the-tls-token-5d8e2c7a9b1f4a6c'));
		expect(wrongToken.exitCode).toBe(1);
		expect(wrongToken.site.error).toMatch(/^auth failed/);

		const check = await execa('node', [BIN, 'plan', 'check', plan('check', agent.url, ca, 'plan')], {reject: false});
		outputs.push(check.stdout, check.stderr);
		expect(check.exitCode).toBe(0);
		await agent.stop();
		outputs.push(agentErr);
		const all = outputs.join('\n');
		expect(all).not.toContain(TOKEN);
		expect(all).not.toContain('not-the-tls-token-5d8e2c7a9b1f4a6c');
		figure('tls', {
			trustedPlanWide: trusted.site.state,
			trustedPerSite: perSite.site.state,
			wrongCa: wrong.site.error,
			plainWsToTls: plainWs.site.error,
			wrongTokenOverTls: wrongToken.site.error,
			outputsCheckedForToken: outputs.length,
			tokenFound: 0,
		});
	}, 120_000);
});
