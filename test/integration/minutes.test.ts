import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import type {Report} from '../../src/documents/report.js';
import {recordRestart} from '../helpers/record-restart.js';

// The minutes of a meeting the hub crashed in, was quit and restarted in, with lengthened and
// shortened items and site outages (fixtures/journals/duc-pho-2021-restart.jsonl), from the
// built CLI: in JSON, in Vietnamese and English Markdown, and as a Word document opened by real
// software (LibreOffice converts it to PDF, pdftotext reads it back).

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'fixtures/journals');
const journal = path.join(fixtures, 'duc-pho-2021-restart.jsonl');
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-minutes-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));
const expected = (name: string) => readFileSync(path.join(fixtures, name), 'utf8');

const reportOf = (file: string, args: string[], env: Record<string, string> = {}) =>
	execa('node', [path.join(root, 'dist/src/bin.js'), 'report', file, ...args], {
		reject: false,
		env: {NO_COLOR: '1', LANG: 'C.UTF-8', DIEMCAU_CONFIG_DIR: path.join(dir, 'config'), ...env},
	});
const report = (args: string[], env: Record<string, string> = {}) => reportOf(journal, args, env);

/** The fixture journal as a plan naming its chair and secretary would have written it. */
function journalWithSigners(): string {
	const [header, ...rest] = readFileSync(journal, 'utf8').split('\n');
	const parsed = JSON.parse(header!) as {meeting: {session: Record<string, unknown>}};
	parsed.meeting.session.chair = 'Nguyễn Thị Kiều';
	parsed.meeting.session.secretary = 'Trần Văn Bình';
	const file = path.join(dir, 'with-signers.jsonl');
	writeFileSync(file, [JSON.stringify(parsed), ...rest].join('\n'));
	return file;
}

/** A part of a .docx (a zip) as text. */
const part = async (docx: string, name: string) => (await execa('unzip', ['-p', docx, name])).stdout;

const SITES = [
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

async function which(tool: string): Promise<boolean> {
	return (await execa('sh', ['-c', `command -v ${tool}`], {reject: false})).exitCode === 0;
}

describe('minutes that match the screen', () => {
	it('the fixture journal is what the scripted meeting writes today', async () => {
		const file = path.join(dir, 'again.jsonl');
		await recordRestart(file);
		expect(readFileSync(file, 'utf8')).toBe(expected('duc-pho-2021-restart.jsonl'));
	});

	it('JSON: the plan as adjusted, outages as intervals, the hub gaps, and no first-connection incidents', async () => {
		const {stdout, exitCode} = await report(['--format', 'json']);
		expect(exitCode).toBe(0);
		expect(`${stdout}\n`).toBe(expected('duc-pho-2021-restart.report.json'));
		const parsed = JSON.parse(stdout) as Report;
		expect(parsed.session.timeZone).toBe('Asia/Ho_Chi_Minh');
		// '-' fourteen times on the 15-minute conclusion, then 1:06 of it: the screen's "1:06 / 1:00 +0:06".
		expect(parsed.items.find(item => item.id === 'conclusion')).toMatchObject({plannedS: 900, adjustedS: 60, actualS: 66, overrunS: 6});
		expect(parsed.items.find(item => item.id === 'topics')).toMatchObject({plannedS: 1200, adjustedS: 1320, actualS: 1560, overrunS: 240});
		expect(parsed.hubGaps).toEqual([
			// The crash: from the hub's heartbeat at 08:31:12 (its last sign of life), not its last note at 08:31:02.
			{from: '2021-11-25T08:31:12+07:00', to: '2021-11-25T08:33:38+07:00', durationS: 146, clean: false},
			{from: '2021-11-25T09:26:00+07:00', to: '2021-11-25T09:27:10+07:00', durationS: 70, clean: true},
		]);
		expect(parsed.outages).toEqual([
			{
				site: 'pho-minh',
				from: '2021-11-25T08:45:00+07:00',
				to: '2021-11-25T08:52:15+07:00',
				durationS: 435,
				reason: 'no answer to 3 probes',
			},
			// Down before the clean quit and still down after the restart: one outage, not two.
			{site: 'pho-cuong', from: '2021-11-25T09:25:00+07:00', to: '2021-11-25T09:31:00+07:00', durationS: 360, reason: 'connection refused'},
			{site: 'pho-thuan', from: '2021-11-25T09:44:00+07:00', to: null, durationS: 936, reason: 'no answer to 3 probes'},
		]);
		// 44 first connections (at 07:55:02 and after each resume) and 2 recoveries are in the journal; only the recoveries are incidents.
		const journalUps = readFileSync(journal, 'utf8')
			.split('\n')
			.filter(line => line.includes('"type":"link-up"')).length;
		expect(journalUps).toBe(46);
		expect(parsed.incidents.map(incident => `${incident.at.slice(11, 19)} ${incident.site} ${incident.type}`)).toEqual([
			'08:45:00 pho-minh down',
			'08:52:15 pho-minh up',
			'09:25:00 pho-cuong down',
			'09:31:00 pho-cuong up',
			'09:33:00 pho-khanh grade',
			'09:44:00 pho-thuan down',
		]);
		// Measured time: 08:00:30-09:59:36 less the hub's 216 s of gaps = 6,930 s; pho-cuong was down 290 s of it.
		expect(parsed.availability.find(row => row.site === 'pho-cuong')).toEqual({site: 'pho-cuong', downS: 290, availabilityPct: 95.8});
		expect(parsed.speakers.filter(turn => turn.skipped).map(turn => [turn.site, turn.reason])).toEqual([
			['pho-minh', 'link down'],
			['pho-cuong', 'link down'],
			['pho-thuan', 'link down'],
		]);
	});

	it('Vietnamese minutes (LANG=vi_VN.UTF-8): reasons in words, Vietnamese numbers, the zone of the plan', async () => {
		const {stdout, exitCode} = await report([], {LANG: 'vi_VN.UTF-8'});
		expect(exitCode).toBe(0);
		expect(`${stdout}\n`).toBe(expected('duc-pho-2021-restart.report.vi.md'));
		expect(stdout).toContain('Giờ địa phương (Asia/Ho_Chi_Minh, UTC+07:00)');
		expect(stdout).toContain('| 5 | Chủ trì kết luận Hội nghị | 09:58:30 | 09:59:36 | 15:00 | 1:00 (−14 phút) | 1:06 | +0:06 |');
		expect(stdout).toContain(
			'- Phần mềm tại điểm cầu chính dừng đột ngột (lỗi, mất điện hoặc bị tắt): còn hoạt động lần cuối lúc 08:31:12, chạy lại lúc 08:33:38 (2 phút 26 giây sau đó)',
		);
		expect(stdout).toContain('- Phần mềm tại điểm cầu chính được đóng lúc 09:26:00, chạy lại lúc 09:27:10 (1 phút 10 giây)');
		expect(stdout).toContain('| Xã Phổ Cường | 09:25:00 | 09:31:00 | 6:00 | bị từ chối kết nối (agent chưa chạy hoặc sai cổng) |');
		expect(stdout).toContain('| Xã Phổ Thuận | 09:44:00 | chưa khôi phục | 15:36 | không trả lời 3 lần đo liên tiếp |');
		expect(stdout).toContain('| Xã Phổ Cường | 4:50 | 95,8 % |');
		expect(stdout).toContain('| Xã Phổ Cường | — | — | — | 6:00 |  | bỏ qua vì đường truyền mất kết nối, mời lại cuối lượt |');
		expect(stdout).not.toContain('kết nối lại');
		expect(stdout).not.toMatch(/no answer|connection refused|link down/);
	});

	it('the minutes speak the language the meeting was run in (the journal says vi), whatever LANG says', async () => {
		const {stdout, exitCode} = await report([], {LANG: 'en_US.UTF-8'});
		expect(exitCode).toBe(0);
		expect(`${stdout}\n`).toBe(expected('duc-pho-2021-restart.report.vi.md'));
	});

	it('English minutes with --lang en, whatever LANG or the journal says', async () => {
		const {stdout, exitCode} = await report(['--lang', 'en'], {LANG: 'vi_VN.UTF-8'});
		expect(exitCode).toBe(0);
		expect(`${stdout}\n`).toBe(expected('duc-pho-2021-restart.report.en.md'));
		expect(stdout).toContain('| Xã Phổ Thuận | 09:44:00 | not restored | 15:36 | no answer to 3 probes |');
		expect(stdout).toContain('| Xã Phổ Cường | 4:50 | 95.8 % |');
		expect(stdout).toContain(
			'- The hub stopped without closing (a crash, a power cut or a kill): its last sign of life 08:31:12; restarted 08:33:38 (2 min 26 s later)',
		);
	});

	it('.docx as Nghị định 30/2020 has it, in its XML: vi-VN on the defaults and every run, a real author, page numbers from page 2, "./." where the text ends, THƯ KÝ and CHỦ TỌA', async () => {
		const docx = path.join(dir, 'bien-ban-xml.docx');
		// No --lang: the meeting ran in Vietnamese, so the minutes are Vietnamese.
		const written = await reportOf(journalWithSigners(), ['--out', docx], {LANG: 'en_US.UTF-8'});
		expect(written.exitCode, written.stderr).toBe(0);
		const styles = await part(docx, 'word/styles.xml');
		expect(styles).toMatch(/<w:docDefaults>.*<w:lang w:val="vi-VN"\/>.*<\/w:docDefaults>/s);
		const document = await part(docx, 'word/document.xml');
		const runs = document.match(/<w:r>.*?<\/w:r>/gs) ?? [];
		const withText = runs.filter(run => run.includes('<w:t'));
		expect(withText.length).toBeGreaterThan(100);
		expect(withText.filter(run => !run.includes('<w:lang w:val="vi-VN"/>'))).toEqual([]);
		const core = await part(docx, 'docProps/core.xml');
		expect(core).toContain('<cp:lastModifiedBy>Điểm cầu thị xã — Hội trường UBND thị xã</cp:lastModifiedBy>');
		expect(core).toContain('<dc:creator>Điểm cầu thị xã — Hội trường UBND thị xã</dc:creator>');
		expect(core).not.toContain('Un-named');
		// A first page with a header of its own (empty); the others carry PAGE, centred.
		expect(document).toContain('<w:titlePg/>');
		const rels = await part(docx, 'word/_rels/document.xml.rels');
		const headerOf = async (type: string) => {
			const id = new RegExp(`<w:headerReference w:type="${type}" r:id="(rId\\d+)"/>`).exec(document)![1]!;
			const target = new RegExp(`Id="${id}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)!;
			return part(docx, `word/${target[1] ?? target[2]}`);
		};
		const first = await headerOf('first');
		const others = await headerOf('default');
		expect(first).not.toMatch(/PAGE/);
		expect(others).toMatch(/<w:jc w:val="center"\/>/);
		expect(others).toMatch(/<w:instrText[^>]*>PAGE<\/w:instrText>/);
		// The text ends with "./.", then come the signatures: THƯ KÝ left, CHỦ TỌA right, with the plan's names.
		const words = (document.match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map(t => t.replace(/<[^>]+>/g, ''));
		const end = words.findIndex(word => word.endsWith('./.'));
		expect(words[end]).toBe('Hội nghị kết thúc vào lúc 09 giờ 59 phút, ngày 25 tháng 11 năm 2021./.');
		expect(words.slice(end + 1, end + 5)).toEqual(['THƯ KÝ', 'Trần Văn Bình', 'CHỦ TỌA', 'Nguyễn Thị Kiều']);
		expect(words.filter(word => word.endsWith('./.'))).toHaveLength(1);
		expect(words).toContain('Chủ trì (chủ tọa): ');
		expect(words).toContain('Nguyễn Thị Kiều');

		// A plan without the names: lines to write them on by hand.
		const blank = path.join(dir, 'bien-ban-blank.docx');
		expect((await report(['--out', blank])).exitCode).toBe(0);
		const blankWords = ((await part(blank, 'word/document.xml')).match(/<w:t(?: [^>]*)?>[^<]*<\/w:t>/g) ?? []).map(t =>
			t.replace(/<[^>]+>/g, ''),
		);
		const blankEnd = blankWords.findIndex(word => word.endsWith('./.'));
		expect(blankWords.slice(blankEnd + 1, blankEnd + 5)).toEqual(['THƯ KÝ', '……………………………', 'CHỦ TỌA', '……………………………']);

		// English minutes are tagged English.
		const english = path.join(dir, 'minutes-en.docx');
		expect((await report(['--out', english, '--lang', 'en'])).exitCode).toBe(0);
		const englishXml = await part(english, 'word/document.xml');
		expect(englishXml).not.toContain('vi-VN');
		expect(englishXml).toContain('The meeting ended at 09:59 on 25/11/2021./.');
	}, 60_000);

	it('.docx in the administrative layout, read back through LibreOffice: motto, title, every site, the signatures, page numbers from page 2, NFC, A4', async () => {
		const docx = path.join(dir, 'bien-ban.docx');
		const written = await reportOf(journalWithSigners(), ['--out', docx, '--lang', 'vi']);
		expect(written.exitCode, written.stderr).toBe(0);
		expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK'); // a zip, as .docx is
		if (!(await which('soffice')) || !(await which('pdftotext'))) {
			process.stdout.write('SKIPPED: the LibreOffice check needs soffice and pdftotext (Debian: libreoffice-writer poppler-utils)\n');
			return;
		}
		// A profile of its own, so a LibreOffice someone else runs on this machine does not take the job.
		const profile = path.join(dir, 'lo-profile');
		const converted = await execa(
			'soffice',
			[`-env:UserInstallation=file://${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', dir, docx],
			{reject: false, timeout: 120_000},
		);
		const pdf = path.join(dir, 'bien-ban.pdf');
		expect(existsSync(pdf), converted.stderr).toBe(true);
		// Reading order keeps a cell's wrapped lines together; the layout keeps a line's parts together.
		const {stdout: text} = await execa('pdftotext', [pdf, '-']);
		const {stdout: layout} = await execa('pdftotext', ['-layout', pdf, '-']);
		const flat = text.replace(/\s+/g, ' ');
		expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
		expect(flat).toContain('Độc lập - Tự do - Hạnh phúc');
		expect(flat).toContain('HĐND THỊ XÃ ĐỨC PHỔ');
		expect(layout).toMatch(/Số:\s+\/BB-HĐND/);
		expect(flat).toContain('Đức Phổ, ngày 25 tháng 11 năm 2021');
		expect(flat).toContain('BIÊN BẢN');
		expect(flat).toContain('Nơi nhận:');
		expect(layout).toMatch(/^\s*THƯ KÝ\s{5,}CHỦ TỌA\s*$/m);
		expect(layout).toMatch(/^\s*Trần Văn Bình\s{5,}Nguyễn Thị Kiều\s*$/m);
		expect(flat).toContain('Hội nghị kết thúc vào lúc 09 giờ 59 phút, ngày 25 tháng 11 năm 2021./.');
		// Page numbers: none on page 1; from page 2, the page's number alone on its first line.
		const pages = Number(/Pages:\s+(\d+)/.exec((await execa('pdfinfo', [pdf])).stdout)![1]);
		expect(pages).toBeGreaterThanOrEqual(3);
		const firstLine = async (page: number) =>
			(await execa('pdftotext', ['-f', String(page), '-l', String(page), '-layout', pdf, '-'])).stdout
				.split('\n')
				.find(line => line.trim() !== '')!
				.trim();
		expect(await firstLine(1)).toMatch(/^HĐND THỊ XÃ ĐỨC PHỔ\s+CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM$/);
		for (let page = 2; page <= pages; page++) expect(await firstLine(page)).toBe(String(page));
		const missing = SITES.filter(site => !flat.includes(site));
		expect(missing, 'sites missing from the PDF').toEqual([]);
		expect(flat).toContain('chưa khôi phục');
		expect(text.normalize('NFC')).toBe(text);
		expect(layout.normalize('NFC')).toBe(layout);
		const {stdout: info} = await execa('pdfinfo', [pdf]);
		expect(info).toMatch(/Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)/);
		const fonts = await execa('pdffonts', [pdf], {reject: false});
		if (fonts.exitCode === 0) expect(fonts.stdout).toMatch(/Times|Liberation ?Serif/i);
	}, 180_000);
});
