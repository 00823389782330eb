import {describe, expect, it} from 'vitest';
// @ts-expect-error -- plain JavaScript shipped as-is in the commune package, no types
import {WORDS, agentArgs, readSettings} from '../../scripts/commune/khoi-dong.mjs';

// The commune package's launcher (scripts/commune/khoi-dong.mjs) without Wine: how it reads the
// settings a clerk edits in Notepad, the agent options it makes of them, and that each of its
// messages has both languages.

type Words = Record<string, {vi: (...args: unknown[]) => string; en: (...args: unknown[]) => string}>;

describe('the commune launcher', () => {
	it("reads Notepad's file (BOM, CRLF, comments, spaces) and makes the dial-out options", () => {
		const text =
			'\uFEFF# ghi chú\r\ndiem_cau = pho-an \r\n\r\ndia_chi_trung_tam = 10.0.0.5:7700\r\ncong =\r\ntep_ma = ma.txt\r\nman_hinh = khong\r\n';
		const {settings} = readSettings(text);
		expect(settings).toEqual({diem_cau: 'pho-an', dia_chi_trung_tam: '10.0.0.5:7700', cong: '', tep_ma: 'ma.txt', man_hinh: 'khong'});
		const planned = agentArgs(settings, '/folder', 'diem-cau.txt', () => true);
		// No console ("khong"): the agent's log is still in the clerk's language.
		expect(planned.args).toEqual([
			'--site',
			'pho-an',
			'--hub',
			'ws://10.0.0.5:7700/agent',
			'--token-file',
			'/folder/ma.txt',
			'--lang',
			'vi',
		]);
	});

	it('dialled in on a port; wss kept; the console unless "khong"', () => {
		const exists = () => true;
		expect(agentArgs({diem_cau: 'a', cong: '7701'}, '/f', 'x', exists).args).toEqual([
			'--site',
			'a',
			'--host',
			'0.0.0.0',
			'--port',
			'7701',
			'--token-file',
			'/f/ma-bao-mat.txt',
			'--console',
			'--lang',
			'vi',
		]);
		expect(agentArgs({diem_cau: 'a', dia_chi_trung_tam: 'wss://hub.example:7700', man_hinh: 'không'}, '/f', 'x', exists).args).toContain(
			'wss://hub.example:7700/agent',
		);
	});

	it('names the first thing to fix', () => {
		const exists = () => true;
		expect(readSettings('diem_cau pho-an').problem?.[0]).toBe('badLine');
		expect(readSettings('ma = 1').problem?.[0]).toBe('unknownName');
		expect(agentArgs({}, '/f', 'x', exists).problem[0]).toBe('noSite');
		expect(agentArgs({diem_cau: 'a'}, '/f', 'x', exists).problem[0]).toBe('noWay');
		expect(agentArgs({diem_cau: 'a', dia_chi_trung_tam: 'nowhere'}, '/f', 'x', exists).problem[0]).toBe('badHub');
		expect(agentArgs({diem_cau: 'a', cong: '70000'}, '/f', 'x', exists).problem[0]).toBe('badPort');
		expect(agentArgs({diem_cau: 'a', cong: '7701'}, '/f', 'x', () => false).problem[0]).toBe('noToken');
	});

	it('says every message in Vietnamese and in English', () => {
		for (const [key, words] of Object.entries(WORDS as Words)) {
			const vi = words.vi('A', 'B', 'C');
			const en = words.en('A', 'B', 'C');
			expect(vi, key).toBeTruthy();
			expect(en, key).toBeTruthy();
			expect(vi, key).not.toBe(en);
		}
	});
});
