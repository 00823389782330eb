import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BIN, writePlan} from '../helpers/agents.js';

// The one file a commune installs: `dist/diemcau-agent.mjs` copied alone into an empty folder,
// run with a bare `node`, answers a real hub (`diemcau status`), and refuses a wrong token.

const BUNDLE = fileURLToPath(new URL('../../dist/diemcau-agent.mjs', import.meta.url));
const UNIT = fileURLToPath(new URL('../../deploy/diemcau-agent.service', import.meta.url));
const probe = {intervalMs: 200, timeoutMs: 1000, downAfter: 3, upAfter: 2, window: 60};
const TOKEN = 'b7c1e0f4a9d24e6c8f3a1b2c3d4e5f60';

const pc = mkdtempSync(path.join(tmpdir(), 'diemcau-commune-pc-'));
const hubDir = mkdtempSync(path.join(tmpdir(), 'diemcau-bundle-hub-'));
let agent: ResultPromise | undefined;
let agentErr = '';
let url = '';

const bundled = (...args: string[]) =>
	execa('node', ['diemcau-agent.mjs', ...args], {cwd: pc, reject: false, env: {DIEMCAU_TOKEN: '', NODE_PATH: ''}, extendEnv: true});

/** Every folder from `dir` up to the root: where Node would look for node_modules. */
function ancestors(dir: string): string[] {
	const out = [dir];
	while (path.dirname(out.at(-1)!) !== out.at(-1)) out.push(path.dirname(out.at(-1)!));
	return out;
}

beforeAll(async () => {
	copyFileSync(BUNDLE, path.join(pc, 'diemcau-agent.mjs'));
	writeFileSync(path.join(pc, 'pho-an.token'), `${TOKEN}\n`, {mode: 0o600});
	agent = execa('node', ['diemcau-agent.mjs', '--site', 'pho-an', '--port', '0', '--token-file', 'pho-an.token'], {
		cwd: pc,
		reject: false,
		buffer: false,
		stdin: 'ignore',
		forceKillAfterDelay: 5000,
		env: {DIEMCAU_TOKEN: '', NODE_PATH: ''},
	});
	agent.stderr?.on('data', (chunk: Buffer) => {
		agentErr += chunk.toString();
	});
	url = await new Promise<string>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => reject(new Error(`no listening line within 15 s\n${agentErr}`)), 15_000);
		agent!.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /listening (\S+) site=pho-an/.exec(out);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]!);
			}
		});
		agent!.then(result => reject(new Error(`the bundled agent exited (code ${result.exitCode})\n${agentErr}`)));
	});
});

afterAll(async () => {
	if (agent && agent.exitCode === null) {
		agent.kill('SIGTERM');
		await agent;
	}
	rmSync(pc, {recursive: true, force: true});
	rmSync(hubDir, {recursive: true, force: true});
});

describe('the bundled agent (dist/diemcau-agent.mjs)', () => {
	it('sits alone in its folder: no node_modules anywhere Node would look', () => {
		expect(readdirSync(pc).sort()).toEqual(['diemcau-agent.mjs', 'pho-an.token']);
		for (const dir of ancestors(pc)) expect(existsSync(path.join(dir, 'node_modules')), dir).toBe(false);
	});

	it('answers a real hub: `diemcau status` sees the site up and measured', async () => {
		const plan = writePlan(hubDir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: url, token: TOKEN}], {probe});
		const result = await execa('node', [BIN, 'status', plan, '--json', '--count', '3'], {reject: false, env: {NO_COLOR: '1'}});
		expect(result.stderr).toBe('');
		expect(result.exitCode).toBe(0);
		const site = JSON.parse(result.stdout).sites[0];
		// At least --count probes: status also waits for the UDP stream to settle (a few probes more).
		expect(site).toMatchObject({id: 'pho-an', state: 'up', error: null});
		expect(site.sent).toBeGreaterThanOrEqual(3);
		expect(site.received).toBe(site.sent);
		expect(site.rttMs.p50).toBeGreaterThan(0);
	});

	it('refuses a hub with the wrong token, and says nothing of the site', async () => {
		const wrongDir = path.join(hubDir, 'wrong');
		const plan = writePlan(wrongDir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: url, token: 'f0e1d2c3b4a5968778695a4b3c2d1e0f'}], {
			probe,
		});
		const result = await execa('node', [BIN, 'status', plan, '--json', '--count', '2'], {reject: false, env: {NO_COLOR: '1'}});
		expect(result.exitCode).toBe(1);
		expect(JSON.parse(result.stdout).sites[0]).toMatchObject({state: 'down', sent: 0, error: expect.stringMatching(/^auth failed/)});
		expect(agent!.exitCode).toBeNull(); // still serving after the refusal
	});

	it('--help names the command the commune types; bad usage says what to fix, exit 2', async () => {
		const help = await bundled('--help');
		expect(help.exitCode).toBe(0);
		expect(help.stdout).toMatch(/^Usage: node diemcau-agent\.mjs --site ID/);
		expect(help.stdout).toMatch(/node diemcau-agent\.mjs --site ID … --console \[--lang vi\|en\]/); // the site console is in the one file (its screen: test/e2e/site-console.test.ts)
		const bad = await bundled('--port', '0');
		expect(bad.exitCode).toBe(2);
		expect(bad.stderr).toMatch(/--site ID is required/);
		expect(bad.stderr).toMatch(/Usage: node diemcau-agent\.mjs/);
		expect(bad.stderr).not.toMatch(/at .*\.mjs:\d+/); // no stack trace
		const noToken = await bundled('--site', 'pho-an', '--port', '0', '--token-file', 'missing.token');
		expect(noToken.exitCode).toBe(2);
		expect(noToken.stderr).toMatch(/cannot read token file .*missing\.token: no such file/);
	});

	it("the shipped systemd unit's command starts the agent (paths moved to a temp folder, any free port)", async () => {
		const unit = readFileSync(UNIT, 'utf8');
		const execStart = /^ExecStart=(.+)$/m.exec(unit)?.[1];
		const credential = /^LoadCredential=token:(.+)$/m.exec(unit)?.[1];
		expect(execStart).toBeDefined();
		expect(credential).toBe('/opt/diemcau/pho-an.token');
		// What systemd would run: /opt/diemcau is our folder, %d the credentials folder holding `token`.
		const creds = path.join(pc, 'credentials');
		mkdirSync(creds);
		copyFileSync(path.join(pc, 'pho-an.token'), path.join(creds, 'token'));
		const [node, ...args] = execStart!
			.split(/\s+/)
			.map(word => word.replaceAll('/opt/diemcau', pc).replaceAll('%d', creds))
			.map(word => (word === '7701' ? '0' : word));
		expect(node).toBe('/usr/bin/node');
		const child = execa(process.execPath, args, {cwd: pc, reject: false, buffer: false, stdin: 'ignore', env: {DIEMCAU_TOKEN: ''}});
		const line = await new Promise<string>((resolve, reject) => {
			let out = '';
			child.stdout?.on('data', (chunk: Buffer) => {
				out += chunk.toString();
				if (out.includes('\n')) resolve(out.trim());
			});
			child.then(result => reject(new Error(`exited (code ${result.exitCode}): ${String(result.stderr ?? '')}`)));
		});
		expect(line).toMatch(/^listening ws:\/\/0\.0\.0\.0:\d+\/probe site=pho-an udp=\d+$/);
		child.kill('SIGTERM');
		const done = await child;
		expect({exitCode: done.exitCode, signal: done.signal, stderr: String(done.stderr ?? '')}).toEqual({
			exitCode: 0,
			signal: undefined,
			stderr: '',
		});
	});
});
