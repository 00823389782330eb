import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {poll, processesMatching, Terminal} from './tmux.js';

// `diemcau run` in a real terminal, and the demo's agents when the terminal itself goes away.

const fixture = fileURLToPath(new URL('../../fixtures/duc-pho-2021.yaml', import.meta.url));
const open: Terminal[] = [];
const dirs: string[] = [];
afterEach(async () => {
	for (const terminal of open.splice(0)) await terminal.close();
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

const exited = (terminal: Terminal) =>
	poll(
		() => (existsSync(terminal.exitFile) ? readFileSync(terminal.exitFile, 'utf8').trim() : null),
		code => code !== null,
		'the command to exit',
	);

describe('diemcau run in a terminal', () => {
	it('opens a plan (sites unreachable show down), and with no PLAN reopens the last one and says which', async () => {
		const config = mkdtempSync(path.join(tmpdir(), 'diemcau-e2e-config-'));
		dirs.push(config);
		const env = {DIEMCAU_CONFIG_DIR: config};
		const journal = path.join(config, 'journal.jsonl');
		const first = await Terminal.start(['run', fixture, '--journal', journal, '--lang', 'vi'], {columns: 100, rows: 30}, env);
		open.push(first);
		await first.waitFor(
			s => s.includes('Điểm cầu') && /✖ /.test(s) && s.includes('Mục 1/5'),
			'the dashboard in Vietnamese with sites down',
		);
		await first.keys(['Space']);
		await first.waitFor(s => s.includes('Mục 1/5') && s.includes('[đang chạy]'), 'the first item running');
		await first.keys(['q']);
		await first.waitFor(s => s.includes('(y/n)'), 'the quit question');
		await first.keys(['y']);
		expect(await exited(first)).toBe('0');

		const second = await Terminal.start(['run', '--journal', journal], {columns: 100, rows: 30}, env);
		open.push(second);
		await second.waitFor(s => s.includes('Hội nghị trực báo') && s.includes('Mục 1/5'), 'the last plan reopened (language remembered)');
		// In the language remembered, as the screen.
		expect(readFileSync(path.join(second.dir, 'stderr'), 'utf8')).toContain(`diemcau: mở kế hoạch dùng lần trước: ${fixture}`);
		// The operator is told the meeting resumed from its journal, where it was.
		await second.waitFor(s => /tiếp tục từ nhật ký: \d+ sự kiện/.test(s) && s.includes('[đang chạy]'), 'the resume notice');
		await second.keys(['q']);
		await second.waitFor(s => s.includes('(y/n)'), 'the quit question');
		await second.keys(['y']);
		expect(await exited(second)).toBe('0');
	});

	it('demo: closing the terminal (SIGHUP) stops every agent', async () => {
		const terminal = await Terminal.start(['demo', '--lang', 'en'], {columns: 100, rows: 30});
		open.push(terminal);
		await terminal.waitFor(s => s.includes('Item 1/5') && /● /.test(s), 'the demo with live links', 40_000);
		expect((await processesMatching(terminal.dir)).length).toBeGreaterThanOrEqual(15);
		await terminal.close();
		open.splice(open.indexOf(terminal), 1);
		await poll(
			() => processesMatching(terminal.dir),
			list => list.length === 0,
			'every agent to stop after the terminal closed',
		);
	});

	it('demo: even killed with SIGKILL, it leaves no agent behind', async () => {
		const terminal = await Terminal.start(['demo', '--lang', 'en'], {columns: 100, rows: 30});
		open.push(terminal);
		await terminal.waitFor(s => s.includes('Item 1/5') && /● /.test(s), 'the demo with live links', 40_000);
		const agents = await processesMatching(terminal.dir);
		expect(agents.length).toBeGreaterThanOrEqual(15);
		// The dashboard is the agents' parent; SIGKILL gives it no chance to clean up.
		const {stdout} = await execa('ps', ['-o', 'ppid=', '-p', agents[0]!.split(' ')[0]!]);
		process.kill(Number(stdout.trim()), 'SIGKILL');
		await poll(
			() => processesMatching(terminal.dir),
			list => list.length === 0,
			'every agent to exit once its parent is gone',
		);
	});
});
