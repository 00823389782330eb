import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterEach, describe, expect, it} from 'vitest';
import {poll, Terminal} from './tmux.js';

// The language is the user's choice: LANG decides until the user picks one with --lang, and
// only that choice is remembered. Four runs of the dashboard in a real terminal, one config folder.

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

describe('the language of the dashboard', () => {
	it('LANG=vi_VN.UTF-8 after a run in English opens in Vietnamese; after --lang en, English is remembered', async () => {
		const config = mkdtempSync(path.join(tmpdir(), 'diemcau-e2e-lang-'));
		dirs.push(config);
		const journal = path.join(config, 'journal.jsonl');
		const settings = () => {
			const file = path.join(config, 'config.json');
			return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
		};
		const run = async (args: string[], lang: string, expectScreen: RegExp, what: string) => {
			const terminal = await Terminal.start(
				['run', fixture, '--journal', journal, ...args],
				{columns: 100, rows: 30},
				{DIEMCAU_CONFIG_DIR: config, LANG: lang},
			);
			open.push(terminal);
			const screen = await terminal.waitFor(s => expectScreen.test(s), what);
			await terminal.keys(['q']);
			expect(await exited(terminal)).toBe('0');
			return screen;
		};

		await run([], 'en_US.UTF-8', /Item 1\/5/, 'the dashboard in English (LANG=en_US)');
		expect(settings().lang).toBeUndefined(); // not chosen: nothing saved
		const vi = await run([], 'vi_VN.UTF-8', /Mục 1\/5/, 'the dashboard in Vietnamese (LANG=vi_VN)');
		expect(vi).toContain('Điểm cầu');
		await run(['--lang', 'en'], 'vi_VN.UTF-8', /Item 1\/5/, 'English, chosen with --lang en');
		expect(settings().lang).toBe('en');
		await run([], 'vi_VN.UTF-8', /Item 1\/5/, 'English again: the choice is remembered over LANG');
		await run(['--lang', 'vi'], 'en_US.UTF-8', /Mục 1\/5/, 'Vietnamese, chosen with --lang vi');
		expect(settings().lang).toBe('vi');
	}, 120_000);
});
