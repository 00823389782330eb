import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import type {Report} from '../../src/documents/report.js';
import {recordMeeting} from '../helpers/record-meeting.js';

// `diemcau report` run as a real process (the built CLI) on the recorded 2021 meeting in
// fixtures/journals/, against its expected JSON and Markdown minutes.

const root = path.resolve(import.meta.dirname, '../..');
const fixtures = path.join(root, 'fixtures/journals');
const journal = path.join(fixtures, 'duc-pho-2021.jsonl');
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-report-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

// LANG and the config folder are the test's own, so the minutes' language is the one asked for.
const report = (...args: string[]) =>
	execa('node', [path.join(root, 'dist/src/bin.js'), 'report', ...args], {
		reject: false,
		env: {NO_COLOR: '1', LANG: 'vi_VN.UTF-8', DIEMCAU_CONFIG_DIR: path.join(dir, 'config')},
	});

describe('diemcau report', () => {
	it('the fixture journal is what the scripted meeting writes today (the format has not drifted)', async () => {
		const file = path.join(dir, 'again.jsonl');
		await recordMeeting(file);
		expect(readFileSync(file, 'utf8')).toBe(readFileSync(journal, 'utf8'));
	});

	it('prints the expected JSON, with the figures of the recorded meeting', async () => {
		const {stdout, exitCode} = await report(journal, '--format', 'json');
		expect(exitCode).toBe(0);
		expect(`${stdout}\n`).toBe(readFileSync(path.join(fixtures, 'duc-pho-2021.report.json'), 'utf8'));
		const parsed = JSON.parse(stdout) as Report;
		expect(Object.keys(parsed)).toEqual(['session', 'items', 'speakers', 'attendance', 'incidents', 'outages', 'hubGaps', 'availability']);
		expect(parsed.session).toMatchObject({
			plannedStart: '2021-11-25T08:00:00+07:00',
			startedAt: '2021-11-25T08:02:10+07:00',
			endedAt: '2021-11-25T10:20:00+07:00',
			plannedEnd: '2021-11-25T10:45:00+07:00',
		});
		// Roll call 08:02:10-08:13:40; topics 22:30 minus a 3-minute pause, lengthened to 21 minutes
		// (the over/under is against that, as the screen showed it); remarks skipped.
		expect(parsed.items.map(item => [item.id, item.plannedS, item.adjustedS, item.actualS, item.overrunS, item.skipped])).toEqual([
			['opening', 600, 600, 690, 90, false],
			['topics', 1200, 1260, 1170, -90, false],
			['discussion', 6000, 6000, 5420, -580, false],
			['remarks', 1200, 1200, null, null, true],
			['conclusion', 900, 900, 810, -90, false],
		]);
		const minh = parsed.speakers.filter(turn => turn.site === 'pho-minh');
		expect(minh).toEqual([
			{
				site: 'pho-minh',
				startedAt: null,
				endedAt: '2021-11-25T08:49:00+07:00',
				actualS: 0,
				budgetS: 360,
				skipped: true,
				reason: 'link down',
			},
			{
				site: 'pho-minh',
				startedAt: '2021-11-25T09:54:40+07:00',
				endedAt: '2021-11-25T10:00:00+07:00',
				actualS: 320,
				budgetS: 360,
				skipped: false,
				reason: null,
			},
		]);
		expect(parsed.speakers.filter(turn => !turn.skipped)).toHaveLength(15);
		expect(parsed.attendance.find(row => row.site === 'pho-khanh')).toEqual({
			site: 'pho-khanh',
			expected: 7,
			present: 6,
			late: 1,
			absent: 0,
		});
		expect(parsed.incidents.map(incident => `${incident.at.slice(11, 19)} ${incident.site} ${incident.type} ${incident.grade}`)).toEqual([
			'08:06:30 pho-cuong down down',
			'08:07:10 pho-cuong up fair',
			'08:35:00 pho-minh down down',
			'08:52:15 pho-minh up poor',
			'09:10:00 pho-minh grade fair',
		]);
	});

	it('prints the expected Markdown minutes with the Vietnamese names of the plan', async () => {
		const {stdout, exitCode} = await report(journal);
		expect(exitCode).toBe(0);
		expect(`${stdout}\n`).toBe(readFileSync(path.join(fixtures, 'duc-pho-2021.report.md'), 'utf8'));
		expect(stdout).toContain(
			'| 1 | Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu | 08:02:10 | 08:13:40 | 10:00 | — | 11:30 | +1:30 |',
		);
		expect(stdout).toContain(
			'| 2 | Chủ trì trao đổi một số nội dung trọng tâm | 08:13:40 | 08:36:10 | 20:00 | 21:00 (+1 phút) | 19:30 | −1:30 |',
		);
		expect(stdout).toContain('| Phường Phổ Minh | — | — | — | 6:00 |  | bỏ qua vì đường truyền mất kết nối, mời lại cuối lượt |');
		expect(stdout).toContain('- Xã Phổ An — Trưởng Ban Pháp chế HĐND: ốm');
		// One row per outage, the reason in Vietnamese words.
		expect(stdout).toContain('| Phường Phổ Minh | 08:35:00 | 08:52:15 | 17:15 | bị từ chối kết nối (agent chưa chạy hoặc sai cổng) |');
		expect(stdout).toContain('Giờ địa phương (Asia/Ho_Chi_Minh, UTC+07:00)');
		expect(stdout).toContain('| Phường Phổ Minh | 17:15 | 87,5 % |');
		expect(stdout).not.toMatch(/connection refused|timeout/);
	});

	it('reports a meeting still running (torn tail ignored with a warning) with its projected end', async () => {
		const lines = readFileSync(journal, 'utf8').split('\n');
		const partial = path.join(dir, 'partial.jsonl');
		// Up to the 3rd speaker's start (seq 131 = pho-ninh), plus half a line.
		writeFileSync(partial, `${lines.slice(0, 132).join('\n')}\n{"seq":132,"at":"2021-11-25T0`);
		const {stdout, stderr, exitCode} = await report(partial, '--format', 'json');
		expect(exitCode).toBe(0);
		// LANG=vi_VN: the warning in Vietnamese too.
		expect(stderr).toMatch(/^diemcau: cảnh báo: Nhật ký .*partial\.jsonl: dòng cuối bị cắt dở \(29 byte/);
		const parsed = JSON.parse(stdout) as Report;
		expect(parsed.session.endedAt).toBeNull();
		expect(parsed.items[2]).toMatchObject({id: 'discussion', endedAt: null, actualS: 12 * 60 + 50});
		expect(parsed.speakers.at(-1)).toMatchObject({site: 'pho-ninh', endedAt: null, actualS: 0});
		// 08:49:00 + (100 min - 12:50) + 20 + 15 min = 10:51:10.
		expect(parsed.session.projectedEnd).toBe('2021-11-25T10:51:10+07:00');
		const markdown = await report(partial);
		expect(markdown.stdout).toContain(
			'- **Chưa kết thúc:** nhật ký dừng lúc 08:49:00; dự báo kết thúc 10:51:10 (dự kiến 10:45:00, muộn 6 phút 10 giây)',
		);
	});

	it('exits 2 with a clear message for a missing or damaged journal, or a bad --format', async () => {
		const missing = await report(path.join(dir, 'nope.jsonl'));
		expect(missing.exitCode).toBe(2);
		// LANG=vi_VN: what to fix in Vietnamese.
		expect(missing.stderr).toBe(`diemcau: Không đọc được nhật ký ${path.join(dir, 'nope.jsonl')}: không có tệp này.`);
		const damaged = path.join(dir, 'damaged.jsonl');
		const lines = readFileSync(journal, 'utf8').split('\n');
		lines[40] = 'not json at all';
		writeFileSync(damaged, lines.join('\n'));
		const corrupt = await report(damaged);
		expect(corrupt.exitCode).toBe(2);
		expect(corrupt.stderr).toMatch(/^diemcau: Nhật ký .*damaged\.jsonl bị hỏng ở dòng 41 \(dòng không phải JSON\)\. Tệp được giữ nguyên/);
		expect(corrupt.stderr).not.toMatch(/\n\s+at /); // no stack trace
		const format = await report(journal, '--format', 'pdf');
		expect(format.exitCode).toBe(2);
		expect(format.stderr).toContain('--format nhận md, json hoặc docx, không nhận "pdf"');
		const usage = await report(journal, journal);
		expect(usage.exitCode).toBe(2);
		expect(usage.stderr).toContain('thừa tham số');
		const english = await execa('node', [path.join(root, 'dist/src/bin.js'), 'report', path.join(dir, 'nope.jsonl'), '--lang', 'en'], {
			reject: false,
			env: {NO_COLOR: '1', LANG: 'vi_VN.UTF-8', DIEMCAU_CONFIG_DIR: path.join(dir, 'config')},
		});
		expect(english.stderr).toBe(`diemcau: Cannot read journal ${path.join(dir, 'nope.jsonl')}: no such file.`);
	});
});
