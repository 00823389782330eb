import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {COMMAND_NAMES} from '../../src/i18n/command-words.js';
import {ENGLISH} from '../helpers/english.js';
import {isolatedEnv} from '../helpers/isolated-env.js';

// Every command's own --help as a Vietnamese user reads it, from the built CLI: chosen by --lang,
// by LANG, and by the language saved before; no English sentence in it. What stays as typed:
// flags, quoted values and JSON keys, commands in backticks, file names, field paths, codes.

const root = path.resolve(import.meta.dirname, '../..');
const bin = path.join(root, 'dist/src/bin.js');
const agentBundle = path.join(root, 'dist/diemcau-agent.mjs');
const dir = mkdtempSync(path.join(tmpdir(), `diemcau-help-vi-${process.pid}-`));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const env = {...isolatedEnv(dir), NO_COLOR: '1', LANG: 'en_US.UTF-8', HOME: dir};
const run = (args: string[], extra: Record<string, string> = {}) =>
	execa('node', [bin, ...args], {reject: false, env: {...env, ...extra}, timeout: 30_000});

/** The help without what stays as typed: quoted text, flags, paths, file and field names, figures, codes, names. */
const own = (text: string) =>
	text.replace(
		/"[^"]*"|“[^”]*”|`[^`]*`|\{[^}]*\}|--\S+|\S*\/\S*|\S+\.\S+|\S*\d\S*|\b[a-z]+(?:-[a-z]+)+\b|\b[A-Z][A-Z_:]+\b|\b(vi|en|diemcau|agent|socket|token|plan|check|new|run|serve|status|rehearse|good|slow|jittery|lossy|flapping|dead|operator|viewer|projector|listening|dialling|URL|site|ping|null)\b/g,
		'',
	);
/** Words of an English sentence a help would have (beside the shared list). */
const HELP_ENGLISH =
	/(?<!\p{L})(and|or|with|when|every|default|language|sites?|hub|meeting|journal|file|instead|without|each|prints?|writes?|sends?|only|never|until|after|before|which|what|how|it|its|this|that)(?!\p{L})/iu;

/** The lines of a Vietnamese help that read as English, for the failure message. */
function englishLines(help: string): string[] {
	return own(help)
		.split('\n')
		.filter(line => ENGLISH.test(line) || HELP_ENGLISH.test(line));
}

describe("every command's help in Vietnamese", () => {
	it.each(COMMAND_NAMES)('diemcau %s --help --lang vi: the synopsis under "Cách dùng:", no English sentence', async name => {
		const result = await run([name, '--help', '--lang', 'vi']);
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(new RegExp(`^Cách dùng: diemcau ${name}\\b`));
		expect(englishLines(result.stdout)).toEqual([]);
		// The same help in English is still the English one.
		const en = await run([name, '--help', '--lang', 'en']);
		expect(en.stdout).toMatch(new RegExp(`^Usage: diemcau ${name}\\b`));
		expect(en.stdout).not.toMatch(/Cách dùng|điểm cầu|mặc định|Tùy chọn/u);
		expect(englishLines(en.stdout).length, 'the check finds English where there is').toBeGreaterThan(0);
	});

	it('follows LANG, then the language saved before, the same as the top-level help', async () => {
		const byLang = await run(['report', '--help'], {LANG: 'vi_VN.UTF-8'});
		expect(byLang.stdout).toMatch(/^Cách dùng: diemcau report \[JOURNAL\]/);
		expect(byLang.stdout).toContain('ngôn ngữ của biên bản');
		const savedDir = path.join(dir, 'saved');
		mkdirSync(savedDir);
		writeFileSync(path.join(savedDir, 'config.json'), JSON.stringify({lang: 'vi'}));
		const saved = await run(['status', '--help'], {DIEMCAU_CONFIG_DIR: savedDir});
		expect(saved.stdout).toMatch(/^Cách dùng: diemcau status PLAN/);
		const english = await run(['report', '--help']);
		expect(english.stdout).toMatch(/^Usage: diemcau report \[JOURNAL\]/);
		expect(english.stdout).toContain("The meeting's timeline from its journal");
	});

	it('a usage mistake in Vietnamese shows the Vietnamese synopsis and where the (Vietnamese) help is', async () => {
		const result = await run(['rehearse', '--bogus', '--lang', 'vi']);
		expect(result.exitCode).toBe(2);
		expect(result.stderr).toContain('\n\nCách dùng: diemcau rehearse PLAN [--duration D]');
		expect(result.stderr).toContain('\nGiải thích mọi tùy chọn: diemcau rehearse --help');
		expect(result.stderr).not.toContain('tiếng Anh');
		expect(englishLines(result.stderr.replace(/^diemcau: /, ''))).toEqual([]);
	});

	it("the commune's single-file agent prints its help in Vietnamese too, naming the command typed there", async () => {
		const result = await execa('node', [agentBundle, '--help', '--lang', 'vi'], {reject: false, env, timeout: 30_000});
		expect(result.exitCode).toBe(0);
		expect(result.stdout).toMatch(/^Cách dùng: node diemcau-agent\.mjs --site ID \[tùy chọn\]/);
		expect(result.stdout).toMatch(/--console +màn hình riêng của điểm cầu/);
		expect(englishLines(result.stdout)).toEqual([]);
	});
});
