import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {rehearsalDocx} from '../../src/documents/rehearsal-document.js';
import {rehearsalResult} from '../helpers/rehearsal-result.js';

// The rehearsal's Word document (what `rehearse --report FILE.docx` writes), opened by real
// software: LibreOffice converts it to PDF, pdftotext reads it back.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-rehearsal-docx-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const has = async (tool: string) => (await execa('sh', ['-c', `command -v ${tool}`], {reject: false})).exitCode === 0;

describe('rehearsal report as .docx', () => {
	it('in Vietnamese, in the administrative layout: motto, title, every site with its verdict and what to fix, A4', async () => {
		const session = {
			title: 'x',
			date: '2021-11-25',
			start: '08:00',
			timeZone: 'Asia/Ho_Chi_Minh',
			issuer: ['HĐND THỊ XÃ ĐỨC PHỔ', 'VĂN PHÒNG'],
			place: 'Đức Phổ',
		};
		const docx = path.join(dir, 'kiem-tra.docx');
		writeFileSync(docx, await rehearsalDocx(rehearsalResult(), 'vi', session, 'Điểm cầu thị xã'));
		// The XML: Vietnamese on the defaults and every run, the office as author, a first page without a number.
		const part = async (name: string) => (await execa('unzip', ['-p', docx, name])).stdout;
		const document = await part('word/document.xml');
		expect(await part('word/styles.xml')).toMatch(/<w:docDefaults>.*<w:lang w:val="vi-VN"\/>.*<\/w:docDefaults>/s);
		const runs = (document.match(/<w:r>.*?<\/w:r>/gs) ?? []).filter(run => run.includes('<w:t'));
		expect(runs.filter(run => !run.includes('<w:lang w:val="vi-VN"/>'))).toEqual([]);
		expect(document).toContain('<w:titlePg/>');
		expect(await part('docProps/core.xml')).toContain('<cp:lastModifiedBy>Điểm cầu thị xã</cp:lastModifiedBy>');
		const words = (document.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map(t => t.replace(/<[^>]+>/g, ''));
		const end = words.findIndex(word => word.endsWith('./.'));
		expect(words[end]).toMatch(/^Việc kiểm tra kết thúc vào lúc \d\d giờ \d\d phút, ngày 24 tháng 11 năm 2021\.\/\.$/);
		// The signer: NGƯỜI KIỂM TRA with a line to write the name on.
		expect(words.slice(-2)).toEqual(['NGƯỜI KIỂM TRA', '……………………………']);
		if (!(await has('soffice')) || !(await has('pdftotext'))) {
			process.stdout.write('SKIPPED: the LibreOffice check needs soffice and pdftotext (Debian: libreoffice-writer poppler-utils)\n');
			return;
		}
		const converted = await execa(
			'soffice',
			[`-env:UserInstallation=file://${path.join(dir, 'lo-profile')}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
			{reject: false, timeout: 120_000},
		);
		const pdf = path.join(dir, 'kiem-tra.pdf');
		expect(existsSync(pdf), converted.stderr).toBe(true);
		const flat = (await execa('pdftotext', [pdf, '-'])).stdout.replace(/\s+/g, ' ');
		for (const text of [
			'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
			'Độc lập - Tự do - Hạnh phúc',
			'VĂN PHÒNG',
			'Đức Phổ, ngày 24 tháng 11 năm 2021',
			'BIÊN BẢN KIỂM TRA ĐƯỜNG TRUYỀN',
			'Nơi nhận:',
			'NGƯỜI KIỂM TRA',
		])
			expect(flat).toContain(text);
		for (const site of ['Phường Phổ Hòa', 'Xã Phổ Châu', 'Xã Phổ Nhơn', 'Phường Phổ Văn']) expect(flat).toContain(site);
		expect(flat).toContain('không đạt');
		expect(flat).toContain('phải khắc phục: mất gói 5 % > 4 %');
		expect(flat).toContain('Chị Tư, 0905 333 444');
		expect(flat.normalize('NFC')).toBe(flat);
		const info = (await execa('pdfinfo', [pdf])).stdout;
		expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
		expect(flat).toMatch(/Việc kiểm tra kết thúc vào lúc \d\d giờ \d\d phút, ngày 24 tháng 11 năm 2021\.\/\./);
		expect((await execa('pdftotext', ['-layout', pdf, '-'])).stdout).toMatch(/NGƯỜI KIỂM TRA\n(.*\n){1,8}\s{20,}…{10,}/);
		// Page numbers from page 2, centred at the top: none on page 1.
		const pages = Number(/Pages:\s+(\d+)/.exec(info)![1]);
		const firstLine = async (page: number) =>
			(await execa('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'])).stdout
				.split('\n')
				.find(line => line.trim() !== '')!
				.trim();
		expect(await firstLine(1)).toMatch(/^HĐND THỊ XÃ ĐỨC PHỔ\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/);
		for (let page = 2; page <= pages; page++) expect(await firstLine(page)).toBe(String(page));
		process.stdout.write(`rehearsal .docx: ${pages} pages\n`);
	}, 180_000);
});
