import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {BIN} from '../helpers/agents.js';
import {fixturePlanFile} from '../helpers/session.js';
import {waitFor} from '../helpers/wait.js';

// `diemcau serve`: the hub core as a real process with no terminal at all (stdin from
// /dev/null, stdout and stderr pipes), its log lines, and a clean stop on SIGTERM and SIGINT.

const dirs: string[] = [];
const children: ResultPromise[] = [];
afterEach(() => {
	for (const child of children.splice(0)) child.kill('SIGKILL');
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

function startServe(dir: string, extra: string[] = []) {
	const child = execa('node', [BIN, 'serve', fixturePlanFile, '--journal', path.join(dir, 'journal.jsonl'), ...extra], {
		reject: false,
		stdin: 'ignore',
		env: {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')},
	});
	children.push(child);
	let err = '';
	child.stderr?.on('data', (chunk: Buffer) => {
		err += chunk.toString();
	});
	return {child, log: () => err};
}

describe('diemcau serve', () => {
	it('runs headless, logs one line per link event, stops on SIGTERM with the journal flushed, and resumes', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-serve-'));
		dirs.push(dir);
		const first = startServe(dir);
		// The fixture's loopback endpoints have no agent: every site goes down, one line each.
		await waitFor(() => (first.log().match(/ link \S+ down: /g)?.length ?? 0) === 15, 'fifteen link-down lines');
		expect(first.log()).toMatch(/^\S+Z serving "Hội nghị trực báo[^"]*": 15 sites, a new meeting, journal /m);
		first.child.kill('SIGTERM');
		const result = await first.child;
		expect(result.exitCode).toBe(0);
		expect(first.log()).toMatch(/SIGTERM: stopping\n.*stopped; the journal is flushed: /);
		expect(first.log()).not.toMatch(/Error|at .*\.js:\d+/);
		const events = readFileSync(path.join(dir, 'journal.jsonl'), 'utf8')
			.trim()
			.split('\n')
			.slice(1)
			.map(line => JSON.parse(line) as {type: string; site?: string});
		expect(
			events
				.filter(event => event.type === 'link-down')
				.map(event => event.site)
				.sort(),
		).toHaveLength(15);

		// Same journal again: the meeting resumes (nothing journalled twice), and Ctrl-C stops it too.
		const second = startServe(dir);
		await waitFor(() => /serving .*resumed from 16 events/.test(second.log()), 'the resume line');
		second.child.kill('SIGINT');
		expect((await second.child).exitCode).toBe(0);
		expect(second.log()).toContain('SIGINT: stopping');
	});

	it('--lang vi: every log line keeps its head (for grep), its words in Vietnamese', async () => {
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-serve-vi-'));
		dirs.push(dir);
		const served = startServe(dir, ['--lang', 'vi']);
		await waitFor(() => (served.log().match(/ link \S+ down: /g)?.length ?? 0) === 15, 'fifteen link-down lines');
		expect(served.log()).toMatch(/^\S+Z serving "Hội nghị trực báo[^"]*": 15 điểm cầu, hội nghị mới, nhật ký /m);
		// No agent on the fixture's ports (or, in a fresh clone, no token files yet): why, in words.
		expect(served.log()).toMatch(/^\S+Z link pho-an down: (bị từ chối kết nối|mã truy cập: không đọc được tệp mã)/m);
		served.child.kill('SIGTERM');
		expect((await served.child).exitCode).toBe(0);
		expect(served.log()).toMatch(/SIGTERM: stopping: đang dừng\n.*stopped: đã dừng, nhật ký đã ghi xong: /);
		for (const line of served.log().trim().split('\n')) {
			const words = line
				.replace(/^\S+Z (link \S+ down|serving "[^"]*"|SIGTERM: stopping|stopped|warning):/, '')
				.replace(/\/\S+|\([^)]*\)|"[^"]*"/g, '');
			expect(words, line).not.toMatch(
				/(?<!\p{L})(the|is|not|no|sites|new|meeting|journal|connection|refused|token|file|such|flushed)(?!\p{L})/iu,
			);
		}
	});

	it('refuses a bad plan with exit 2 and what to fix, never a stack', async () => {
		const result = await execa('node', [BIN, 'serve', '/nonexistent/plan.yaml'], {reject: false, stdin: 'ignore'});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toMatch(/^diemcau: .*plan/m);
		expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
		const usage = await execa('node', [BIN, 'serve'], {reject: false, stdin: 'ignore'});
		expect(usage.exitCode).toBe(2);
		expect(usage.stderr).toContain('Usage: diemcau serve PLAN');
	});
});
