import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import stringWidth from 'string-width';
import {afterEach, describe, expect, it} from 'vitest';
import {poll, processesMatching, Terminal} from './tmux.js';

// `diemcau demo` in a real terminal (tmux): real agent processes, the real dashboard, real keys.

const names = [
	'Phường Nguyễn Nghiêm',
	'Phường Phổ Hòa',
	'Phường Phổ Minh',
	'Phường Phổ Ninh',
	'Phường Phổ Quang',
	'Phường Phổ Thạnh',
	'Phường Phổ Văn',
	'Phường Phổ Vinh',
	'Xã Phổ An',
	'Xã Phổ Châu',
	'Xã Phổ Cường',
	'Xã Phổ Khánh',
	'Xã Phổ Nhơn',
	'Xã Phổ Phong',
	'Xã Phổ Thuận',
];

const open: Terminal[] = [];
afterEach(async () => {
	for (const terminal of open.splice(0)) await terminal.close();
});

async function demo(columns: number, rows: number): Promise<Terminal> {
	const terminal = await Terminal.start(['demo', '--journal', '{dir}/journal.jsonl', '--lang', 'en'], {columns, rows});
	open.push(terminal);
	return terminal;
}

const exitCode = (terminal: Terminal) => (existsSync(terminal.exitFile) ? readFileSync(terminal.exitFile, 'utf8').trim() : null);

describe('diemcau demo in a terminal', () => {
	it('at 120×40 shows all 15 sites with live links; space then n are journalled; q y leaves no agent behind', async () => {
		const terminal = await demo(120, 40);
		// Live links: answered probes show RTTs and the dead site goes down.
		const screen = await terminal.waitFor(
			s => names.every(name => s.includes(name)) && /✖ Xã Phổ Châu/.test(s) && /● .*\d+(\.\d)?ms/.test(s),
			'all 15 sites with live links',
			40_000,
		);
		expect(screen).not.toMatch(/\+\d+ more/);
		// The agents are running as processes under the demo's temp folder.
		const agents = await processesMatching(terminal.dir);
		expect(agents.length).toBeGreaterThanOrEqual(15);
		// Both directions, as on the day: most agents dial out to the hub (12 of 15), three are dialled.
		expect(agents.filter(line => / agent .*--hub ws:\/\/127\.0\.0\.1:\d+\/agent/.test(line))).toHaveLength(12);
		expect(agents.filter(line => / agent .*--port 0 /.test(line))).toHaveLength(3);

		await terminal.keys(['Space']);
		await terminal.waitFor(s => s.includes('[running]'), 'the first item running');
		await terminal.keys(['n']);
		await terminal.waitFor(s => s.includes('Item 2/5'), 'the second item');
		const journal = path.join(terminal.dir, 'journal.jsonl');
		const events = await poll(
			() =>
				readFileSync(journal, 'utf8')
					.split('\n')
					.filter(Boolean)
					.map(line => JSON.parse(line) as {type: string; item?: string}),
			lines => lines.some(event => event.type === 'item-ended'),
			'the journal to record the item ended',
		);
		const operator = events
			.filter(event => event.type.startsWith('item-') || event.type.startsWith('session-'))
			.map(event => `${event.type} ${event.item ?? ''}`.trim());
		expect(operator).toEqual(['session-started', 'item-started opening', 'item-ended opening', 'item-started topics']);

		await terminal.keys(['q']);
		await terminal.waitFor(s => s.includes('(y/n)'), 'the quit question');
		await terminal.keys(['y']);
		await poll(
			() => exitCode(terminal),
			code => code !== null,
			'the demo to exit',
		);
		expect(exitCode(terminal)).toBe('0');
		expect(await processesMatching(terminal.dir)).toEqual([]);
		// The demo's temp folder (tokens, agents' files) is gone; only what the test put there stays.
		expect(readdirSync(terminal.dir).filter(name => name.startsWith('diemcau-demo-'))).toEqual([]);
	});

	it('at 80×24 fits the screen: header, windowed rows with "+N more", the agenda panel and the key line', async () => {
		const terminal = await demo(80, 24);
		const screen = await terminal.waitFor(
			s => /\+\d+ more/.test(s) && s.includes('Item 1/5') && /space start/.test(s),
			'the dashboard at 80×24',
			40_000,
		);
		const lines = screen.split('\n');
		expect(lines.length).toBeLessThanOrEqual(24);
		for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(80);
		expect(lines[0]).toContain('Hội nghị trực báo');
		expect(lines[1]).toMatch(/Session .* Planned end \d\d:\d\d · Projected \d\d:\d\d/);
		expect(screen).toMatch(/Next: /);
		await terminal.keys(['q']);
		await poll(
			() => exitCode(terminal),
			code => code !== null,
			'the demo to exit before the meeting starts',
		);
		expect(await processesMatching(terminal.dir)).toEqual([]);
	});

	it('keeps its journal in the data folder and says where; `diemcau report` then finds it, in the language the demo ran in', async () => {
		const {mkdtempSync, rmSync} = await import('node:fs');
		const {tmpdir} = await import('node:os');
		const {execa} = await import('execa');
		const {BIN} = await import('./tmux.js');
		const data = mkdtempSync(path.join(tmpdir(), 'diemcau-demo-data-'));
		try {
			const terminal = await Terminal.start(['demo', '--lang', 'en'], {columns: 120, rows: 40}, {XDG_DATA_HOME: data});
			open.push(terminal);
			await terminal.waitFor(s => s.includes('Item 1/5') && /space start/.test(s), 'the dashboard', 40_000);
			await terminal.keys(['Space']);
			await terminal.waitFor(s => s.includes('[running]'), 'the first item running');
			await terminal.keys(['q']);
			await terminal.waitFor(s => s.includes('(y/n)'), 'the quit question');
			await terminal.keys(['y']);
			await poll(
				() => exitCode(terminal),
				code => code !== null,
				'the demo to exit',
			);
			expect(exitCode(terminal)).toBe('0');
			// Its last words give the journal's path, in the data folder's journals.
			const journals = path.join(data, 'diemcau-nodejs', 'journals');
			const screen = await terminal.waitFor(s => s.includes('the journal is'), 'the journal announced');
			const said = /the journal is (\S+\.jsonl)/.exec(screen.replace(/\n/g, ''))![1]!;
			expect(path.dirname(said)).toBe(journals);
			expect(path.basename(said)).toMatch(/^demo-\d{4}-\d\d-\d\d-\d{6}\.jsonl$/);
			expect(readdirSync(journals)).toEqual([path.basename(said)]);
			const report = await execa('node', [BIN, 'report'], {
				reject: false,
				env: {XDG_DATA_HOME: data, DIEMCAU_CONFIG_DIR: path.join(data, 'config'), LANG: 'vi_VN.UTF-8', NO_COLOR: '1'},
			});
			expect(report.exitCode, report.stderr).toBe(0);
			expect(report.stderr).toContain(`the last meeting's journal: ${said}`);
			expect(report.stdout).toMatch(/^# Minutes: Hội nghị trực báo/);
		} finally {
			rmSync(data, {recursive: true, force: true});
		}
	});

	it('without a terminal exits 2 and points to status and rehearse', async () => {
		const {execa} = await import('execa');
		const {BIN} = await import('./tmux.js');
		const result = await execa('node', [BIN, 'demo'], {reject: false, stdin: 'ignore'});
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('diemcau status');
		expect(result.stderr).toContain('diemcau rehearse');
	});
});
