import {describe, expect, it} from 'vitest';
import {COMMAND_NAMES, commandWords, usageText} from '../../src/i18n/command-words.js';
import {ENGLISH} from '../helpers/english.js';

// The top-level usage in both languages: every command is listed with what it is for, the
// English exactly as it always was, the Vietnamese with no English sentence.

describe('the top-level usage', () => {
	it('lists every command in both languages, the English unchanged', () => {
		const en = usageText('en');
		expect(en.split('\n').slice(0, 4)).toEqual([
			'Usage: diemcau COMMAND [options]',
			'',
			'Commands:',
			'  demo      the dashboard on simulated sites (what `npm start` runs)',
		]);
		expect(en).toContain('Exit codes: 0 ok, 1 a check failed (a site down, a rehearsal fail), 2 bad usage or bad input.');
		const vi = usageText('vi');
		for (const name of COMMAND_NAMES) expect(vi).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
		expect(vi.split('\n')[0]).toBe('Cách dùng: diemcau LỆNH [tùy chọn]');
	});

	it.each(commandWords.codes)('%s is worded in Vietnamese with no English sentence', code => {
		const params = code === 'unknown-command' ? {name: 'bogus'} : {};
		const vi = commandWords.word({code, params} as Parameters<typeof commandWords.word>[0], 'vi');
		const en = commandWords.word({code, params} as Parameters<typeof commandWords.word>[0], 'en');
		expect(vi).not.toBe(en);
		// Command names, code in backticks and quoted values are not sentences.
		expect(vi.replace(/`[^`]*`|"[^"]*"|^\S+ \S+ \[FILE\]:|^plan check PLAN:/g, ''), vi).not.toMatch(ENGLISH);
	});
});
