import {execFileSync} from 'node:child_process';
import {chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {Prober, type ProbeEvent} from '../../probes/prober.js';
import {decide, makeSimulation, type Profile} from '../../probes/simulation.js';
import {DEFAULT_PROBE, DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import {BIN, startAgent, strongToken, type StartedAgent} from '../helpers/agents.js';
import {testToken} from '../helpers/wire.js';
import {waitFor} from '../helpers/wait.js';

// `diemcau agent` as a user runs it: a real process, its output, its exit codes.

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-agent-test-'));
	cleanups.push(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

function probeOnce(id: string, url: string, token: string) {
	const events: ProbeEvent[] = [];
	const prober = new Prober([{id, endpoint: url, mode: 'agent', token: strongToken(token)}], {intervalMs: 100, timeoutMs: 500}, e =>
		events.push(e),
	);
	prober.start();
	cleanups.push(() => prober.stop());
	return events;
}

describe('diemcau agent', () => {
	it('prints its listening line, answers probes, and exits 0 on SIGTERM and on SIGINT', async () => {
		for (const signal of ['SIGTERM', 'SIGINT'] as const) {
			const agent = await startAgent({site: 'pho-an', token: 'tok-1'});
			expect(agent.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/probe$/);
			const events = probeOnce('pho-an', agent.url, 'tok-1');
			await waitFor(() => events.some(e => e.type === 'sample' && e.rttMs !== null), 'an answered probe');
			agent.process.kill(signal);
			const result = await agent.process;
			expect(result.exitCode).toBe(0);
			await agent.stop();
		}
	});

	it('explains in --help that TCP hides packet loss as delay and lists the profiles', async () => {
		const result = await execa('node', [BIN, 'agent', '--help']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/TCP hides packet loss as delay/);
		for (const profile of ['good', 'slow', 'jittery', 'lossy', 'flapping', 'dead']) expect(result.stdout).toContain(profile);
	});

	it('refuses bad usage with exit 2 and a message, never a stack', async () => {
		const dir = tempDir();
		const token = path.join(dir, 'token');
		writeFileSync(token, `${testToken('usage')}\n`, {mode: 0o600});
		const weak = path.join(dir, 'weak');
		writeFileSync(weak, 'secret1\n', {mode: 0o600});
		const cases: Array<[string[], RegExp]> = [
			[['agent', '--site', 'pho-an', '--token-file', token, '--simulate', 'awful'], /--simulate takes one of/],
			[['agent', '--token-file', token], /--site ID is required/],
			[['agent', '--site', 'pho-an'], /no token: pass --token-file F or set DIEMCAU_TOKEN/],
			[['agent', '--site', 'pho-an', '--token-file', path.join(dir, 'missing')], /cannot read token file .*no such file/],
			[['agent', '--site', 'pho-an', '--token-file', token, '--port', '99999'], /--port takes a whole number/],
			[
				['agent', '--site', 'pho-an', '--token-file', weak],
				/too weak \(about \d+ bits, at least 128 needed\): make a new one with "diemcau token new FILE"/,
			],
			[['agent', '--site', 'pho-an', '--token-file', token, '--console', '--lang', 'fr'], /--lang takes vi or en, not "fr"/],
			[['agent', '--site', 'pho-an', '--token-file', token, '--lang', 'fr'], /--lang takes vi or en, not "fr"/],
			[['agent', '--many', path.join(dir, 'many.json'), '--console'], /--console shows one site: it does not go with --many/],
			[['agent', '--site', 'pho-an', '--token-file', token, '--console', '--exit-with-stdin'], /--console reads the keyboard/],
		];
		for (const [args, message] of cases) {
			const result = await execa('node', [BIN, ...args], {reject: false, env: {DIEMCAU_TOKEN: ''}});
			expect(result.exitCode, args.join(' ')).toBe(2);
			expect(result.stderr).toMatch(message);
			expect(result.stderr).not.toMatch(/\n\s+at /);
		}
	});

	it("refuses a token file that is a FIFO, a device, a folder, 1 MB or a link to another user's file: exit 2 at once, in the user's language", async () => {
		const dir = tempDir();
		const fifo = path.join(dir, 'fifo');
		execFileSync('mkfifo', [fifo]);
		const folder = path.join(dir, 'folder');
		mkdirSync(folder);
		const big = path.join(dir, 'big');
		writeFileSync(big, `${testToken('big')}\n`.repeat(24_000), {mode: 0o600});
		// As root: a link to a token file handed to nobody (uid 65534); as anyone else: to a root-owned file.
		let theirs = '/etc/hostname';
		if (process.getuid?.() === 0) {
			theirs = path.join(dir, 'theirs');
			writeFileSync(theirs, `${testToken('theirs')}\n`, {mode: 0o600});
			chownSync(theirs, 65534, 65534);
		} else {
			process.stdout.write(
				'token-file link test: not root, so the link points to /etc/hostname (root-owned) instead of a file handed to another uid\n',
			);
		}
		const link = path.join(dir, 'link');
		symlinkSync(theirs, link);
		const cases: Array<[string, RegExp, RegExp]> = [
			[
				fifo,
				/is a pipe \(FIFO\), not a regular file: write the token into a plain file \(diemcau token new FILE\) and name that\.$/m,
				/là một đường ống \(FIFO\), không phải tệp thông thường: hãy ghi mã vào một tệp thông thường/,
			],
			[
				'/dev/zero',
				/token file \/dev\/zero is a device, not a regular file/,
				/tệp mã \/dev\/zero là một thiết bị, không phải tệp thông thường/,
			],
			[
				folder,
				/is a folder, not a file: name the file that holds the token\.$/m,
				/là một thư mục, không phải tệp: hãy chỉ đúng tệp chứa mã\.$/m,
			],
			[big, /holds \d+ bytes, more than a token ever needs \(4096 at most\)/, /có \d+ byte, lớn hơn mức một mã cần \(tối đa 4096 byte\)/],
			[
				link,
				/is a symbolic link to a file of another user \(uid \d+\): keep the token in a file of the user who runs diemcau/,
				/là liên kết tượng trưng \(symlink\) tới tệp của người dùng khác \(uid \d+\)/,
			],
		];
		for (const [file, en, vi] of cases) {
			for (const [lang, message] of [
				['en_US.UTF-8', en],
				['vi_VN.UTF-8', vi],
			] as const) {
				// A FIFO with no writer used to hang the agent for ever: a short timeout is the test.
				const result = await execa('node', [BIN, 'agent', '--site', 'pho-an', '--port', '0', '--token-file', file], {
					reject: false,
					timeout: 20_000,
					env: {DIEMCAU_TOKEN: '', LANG: lang, DIEMCAU_CONFIG_DIR: dir},
				});
				expect(result.timedOut, `${file} ${lang}`).toBe(false);
				expect(result.exitCode, `${file} ${lang}: ${result.stderr}`).toBe(2);
				expect(result.stderr).toMatch(message);
				expect(result.stderr).not.toMatch(/\n\s+at /);
				expect(result.stderr).not.toContain(testToken('theirs'));
			}
		}
	}, 120_000);

	it('--console without a terminal says so and stays the quiet service: it answers probes', async () => {
		const agent = await startAgent({site: 'pho-an', token: 'tok-console', extraArgs: ['--console']});
		cleanups.push(() => agent.stop());
		const events = probeOnce('pho-an', agent.url, 'tok-console');
		await waitFor(() => events.some(e => e.type === 'sample' && e.rttMs !== null), 'an answered probe');
		// In the console's language: its default (Vietnamese unless LANG is English), as the commune would read it.
		const {agentWords} = await import('../../src/i18n/agent-words.js');
		const {pickConsoleLang} = await import('../../src/i18n/strings.js');
		expect(agent.stderr()).toContain(agentWords.word({code: 'console-needs-terminal', params: {}}, pickConsoleLang(undefined)));
		const help = await execa('node', [BIN, 'agent', '--help']);
		expect(help.stdout).toMatch(/--console +the site's own screen/);
		expect(help.stdout).toMatch(/space present, l late, b absent/);
	});

	it('warns when the token file is readable by others, and never prints the token', async () => {
		const dir = tempDir();
		const token = path.join(dir, 'token');
		writeFileSync(token, `${testToken('very-secret-token')}\n`);
		chmodSync(token, 0o644);
		const child = execa('node', [BIN, 'agent', '--site', 'pho-an', '--port', '0', '--token-file', token], {reject: false});
		cleanups.push(() => void child.kill('SIGKILL'));
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', chunk => (stdout += chunk));
		child.stderr?.on('data', chunk => (stderr += chunk));
		await waitFor(() => stdout.includes('listening'), 'listening line');
		child.kill('SIGTERM');
		await child;
		expect(stderr).toMatch(/can be read by other users: run chmod 600/);
		expect(stdout + stderr).not.toContain(testToken('very-secret-token'));
	});

	it('takes the token from DIEMCAU_TOKEN', async () => {
		const child = execa('node', [BIN, 'agent', '--site', 'pho-an', '--port', '0'], {
			reject: false,
			env: {DIEMCAU_TOKEN: strongToken('env-token')},
		});
		cleanups.push(() => void child.kill('SIGKILL'));
		let stdout = '';
		child.stdout?.on('data', chunk => (stdout += chunk));
		const url = await waitFor(() => /listening (\S+)/.exec(stdout)?.[1], 'listening line');
		const events = probeOnce('pho-an', url, 'env-token');
		await waitFor(() => events.some(e => e.type === 'connected'), 'connected with the env token');
	});

	it('serves many simulated sites from one process with --many', async () => {
		const dir = tempDir();
		const many = path.join(dir, 'many.json');
		writeFileSync(path.join(dir, 'b.token'), `${strongToken('file-token')}\n`, {mode: 0o600});
		writeFileSync(
			many,
			JSON.stringify([
				{site: 'pho-an', port: 0, token: strongToken('a-token')},
				{site: 'pho-hoa', port: 0, tokenFile: 'b.token', simulate: 'dead'},
			]),
		);
		chmodSync(many, 0o644);
		const child = execa('node', [BIN, 'agent', '--many', many], {reject: false});
		cleanups.push(() => void child.kill('SIGKILL'));
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', chunk => (stdout += chunk));
		child.stderr?.on('data', chunk => (stderr += chunk));
		await waitFor(() => stdout.match(/listening/g)?.length === 2, 'two listening lines');
		// Inline tokens make it a token file: others must not read it.
		expect(stderr).toMatch(/--many file .* can be read by other users and may hold tokens: run chmod 600/);
		const urls = Object.fromEntries([...stdout.matchAll(/listening (\S+) site=(\S+)/g)].map(m => [m[2], m[1]]));
		expect(urls['pho-an']).not.toBe(urls['pho-hoa']);
		const a = probeOnce('pho-an', urls['pho-an'], 'a-token');
		const b = probeOnce('pho-hoa', urls['pho-hoa'], 'file-token');
		await waitFor(() => a.some(e => e.type === 'sample' && e.rttMs !== null), 'pho-an answers');
		await waitFor(() => b.some(e => e.type === 'sample' && e.rttMs === null), 'pho-hoa (dead) loses probes');
		child.kill('SIGTERM');
		expect((await child).exitCode).toBe(0);
	});

	it('says "auth failed" for a wrong token, and the hub never sends its proof to an agent that failed its own', async () => {
		const agent: StartedAgent = await startAgent({site: 'pho-an', token: 'right'});
		cleanups.push(() => agent.stop());
		const events = probeOnce('pho-an', agent.url, 'wrong');
		const down = await waitFor(() => events.find(e => e.type === 'disconnected'), 'disconnected');
		expect(down.type === 'disconnected' && down.reason).toEqual({code: 'auth-wrong-token', params: {}});
		expect(down.type === 'disconnected' && down.reason && reasonText(down.reason)).toBe('auth failed (wrong token or wrong site)');
	});
});

describe('simulation profiles', () => {
	// Seeded, so the check is exact and repeatable: feed 20 minutes of 1 Hz answers to the link model.
	function mulberry32(seed: number) {
		return () => {
			seed = (seed + 0x6d2b79f5) | 0;
			let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
			t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
			return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
		};
	}

	it.each([
		['good', 'good'],
		['slow', 'fair'],
		['jittery', 'poor'],
		['lossy', 'poor'],
	] as Array<[Profile, string]>)('%s grades mostly %s with the default thresholds', (profile, grade) => {
		const random = mulberry32(42);
		const sim = makeSimulation(profile);
		const tracker = new LinkTracker({...DEFAULT_PROBE, thresholds: DEFAULT_THRESHOLDS}, 0);
		tracker.connected(0);
		const counts: Record<string, number> = {};
		for (let second = 1; second <= 1200; second++) {
			const hold = decide(sim, second * 1000, random);
			tracker.sample(hold === null ? null : 0.5 + hold, second * 1000);
			if (second % 30 === 0 && second >= 120) {
				const shown = tracker.snapshot(second * 1000).grade;
				counts[shown] = (counts[shown] ?? 0) + 1;
			}
		}
		const most = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
		expect(most, JSON.stringify(counts)).toBe(grade);
	});

	it('flapping goes silent for 10 s of every 30 s and dead never answers', () => {
		const flapping = makeSimulation('flapping');
		expect(decide(flapping, 5_000)).toBe(0);
		expect(decide(flapping, 25_000)).toBeNull();
		expect(decide(flapping, 35_000)).toBe(0);
		expect(decide(makeSimulation('dead'), 1000)).toBeNull();
		expect(decide(makeSimulation('good', {delayMs: 30}), 1000)).toBe(30);
	});
});
