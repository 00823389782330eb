import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, describe, expect, it} from 'vitest';
import {poll, processesMatching, Terminal} from './tmux.js';

// A Vietnamese operator drives the dashboard through every refusal the keys can produce (the
// plan's sites are unreachable here, so every link is down) and meets no English sentence on
// any screen: each refusal is worded in Vietnamese, and so is every other line the keys reach.

const fixture = fileURLToPath(new URL('../../fixtures/duc-pho-2021.yaml', import.meta.url));
const config = mkdtempSync(path.join(tmpdir(), 'diemcau-e2e-vi-'));
let terminal: Terminal | null = null;
afterAll(async () => {
	await terminal?.close();
	rmSync(config, {recursive: true, force: true});
});

/** Words that make a sentence English. Names, "RTT", "MOS", "p50", key names are not sentences. */
const ENGLISH =
	/(?<!\p{L})(the|is|are|has|have|not|no|to|of|yet|first|last|already|failed|refused|answer|probes?|queue|item|session|speaking|nobody|empty|marked|down|done|timeout|connection|waiting|start|skip|quit|help|back|next|late|present|absent|ago|now)(?!\p{L})/iu; // letters around: \b would split "toàn" at "à"

function englishLines(screen: string): string[] {
	// The key line names keys ("space", "Esc", "Enter", "PgUp"); take the key names out first.
	return screen
		.split('\n')
		.map(line => line.replace(/\b(space|Esc|Enter|PgUp|PgDn|y\/n)\b/g, '').replace(/wss?:\/\/\S+/g, ''))
		.filter(line => ENGLISH.test(line));
}

describe('the dashboard in Vietnamese', () => {
	it('every refusal the keys can produce is worded in Vietnamese, and no screen shows an English sentence', async () => {
		terminal = await Terminal.start(
			['run', fixture, '--journal', path.join(config, 'j.jsonl'), '--lang', 'vi'],
			{columns: 120, rows: 40},
			{DIEMCAU_CONFIG_DIR: config},
		);
		const t = terminal;
		const screens: string[] = [];
		const look = async (check: (screen: string) => boolean, what: string) => {
			const screen = await t.waitFor(check, what);
			screens.push(screen);
			return screen;
		};
		const refusal = async (keys: string[], words: string) => {
			await t.keys(keys);
			await look(s => s.includes(`không thực hiện: ${words}`), `the refusal "${words}"`);
		};
		await look(s => s.includes('Mục 1/5') && /✖ /.test(s), 'the dashboard, every site down');

		// The first item, not started yet.
		await refusal(['n'], '“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” chưa bắt đầu');
		await refusal(['p'], '“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” là mục đầu tiên');
		await refusal(['s'], '“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” là mục bắt buộc');
		await refusal(['t'], '“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” không có danh sách phát biểu');
		await refusal(['x'], '“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” không có danh sách phát biểu');
		// Ten minutes, shortened to one, then once more.
		for (let i = 0; i < 9; i++) await t.keys(['-']);
		await refusal(['-'], '“Văn phòng thị xã tuyên bố lý do, giới thiệu đại biểu” chỉ còn một phút');

		// Roll call: a role marked twice.
		await t.keys(['Space']);
		await look(s => s.includes('[sắp hết giờ]'), 'the first item running, one minute long');
		await t.keys(['a']);
		await look(s => s.includes('Điểm danh'), 'the roll call');
		await t.keys(['Space']);
		await look(s => s.includes('có mặt'), 'a role marked present');
		await t.keys(['k']);
		await refusal(['Space'], 'đã điểm danh: có mặt');
		await t.keys(['Escape']);
		await look(s => s.includes('Mục 1/5') && !s.includes('Điểm danh:'), 'the main screen again');

		// The discussion, every site down.
		await t.keys(['n']);
		await look(s => s.includes('Mục 2/5'), 'the second item');
		await t.keys(['n']);
		await look(s => s.includes('Mục 3/5'), 'the discussion');
		await refusal(['t'], 'cả 15 điểm cầu còn trong danh sách đều mất kết nối');
		await t.keys(['Space']);
		await look(s => s.includes('[tạm dừng]'), 'the discussion paused');
		await refusal(['t'], '“Thảo luận của đại biểu — báo cáo ngắn gọn của các xã, phường” đang tạm dừng');
		await t.keys(['Space']);
		// The remarks are running: the conclusion after them cannot be skipped.
		await t.keys(['n']);
		await look(s => s.includes('Mục 4/5'), 'the remarks');
		await refusal(['s'], '“Chủ trì kết luận Hội nghị” là mục bắt buộc');
		await t.keys(['n']);
		await look(s => s.includes('Mục 5/5'), 'the conclusion');
		// On the last item `n` offers to end the meeting, in Vietnamese; `n` again declines.
		await t.keys(['n']);
		await look(s => s.includes('Kết thúc hội nghị? Mục đang chạy kết thúc theo. (y/n)'), 'the question whether to end the meeting');
		await t.keys(['n']);
		await look(s => !s.includes('Kết thúc hội nghị?') && s.includes('Mục 5/5'), 'the question declined, the conclusion still running');

		// The other screens the keys reach.
		await t.keys(['Enter']);
		// Why it is down, in words: no agent on its port, or (in a fresh clone) no token file yet.
		await look(
			s => s.includes('Lý do') && /bị từ chối kết nối|không đọc được tệp mã/.test(s),
			'the site detail with why it is down, in words',
		);
		await t.keys(['Escape', 'g']);
		await look(s => s.includes('Chương trình: dự kiến và thực tế'), 'the agenda');
		await t.keys(['Escape', '?']);
		await look(s => s.includes('Phím'), 'the help');
		await t.keys(['Escape', 'q']);
		await look(s => s.includes('(y/n)'), 'the quit question');

		const english = screens.flatMap(englishLines);
		expect(english, `English on a Vietnamese screen:\n${english.join('\n')}`).toEqual([]);
		await t.keys(['y']);
		// Left in the terminal: where the journal is, and the start-up warnings, in Vietnamese too.
		const after = await t.waitFor(s => s.includes('diemcau: nhật ký của hội nghị: '), 'the journal named on exit');
		expect(englishLines(after.replace(/\/\S+/g, '')), after).toEqual([]);
	}, 120_000);

	it('the rehearsal’s live view (LANG=vi_VN, no --lang) and its Ctrl-C are Vietnamese, with no English sentence', async () => {
		const r = await Terminal.start(
			['rehearse', fixture, '--duration', '5m', '--bandwidth', '0', '--video', '0', '--report', '{dir}/kiem-tra.md'],
			{columns: 100, rows: 30},
			{LANG: 'vi_VN.UTF-8'},
		);
		try {
			// The key line is the frame's last: waiting for it too means the whole frame is drawn.
			const live = await r.waitFor(
				s =>
					s.includes('Kiểm tra đường truyền ·') &&
					/✖ .*(bị từ chối kết nối|không đọc được tệp mã)/.test(s) &&
					s.includes('Ctrl-C để dừng sớm'),
				'the live view, every site down in words',
			);
			expect(live).toContain('Đang đo tất cả điểm cầu');
			expect(live).toContain('Ctrl-C để dừng sớm');
			expect(englishLines(live.replace(/\([^)]*\)/g, '')), live).toEqual([]);
			// Ctrl-C, as the terminal gives it to the rehearsal (tmux's C-c would end the wrapping shell too).
			const [rehearsal] = await processesMatching(`${r.dir}/kiem-tra.md`);
			process.kill(Number(rehearsal!.split(' ')[0]), 'SIGINT');
			const done = await r.waitFor(s => s.includes('kết luận chung:'), 'the result table', 30_000);
			expect(englishLines(done.replace(/\([^)]*\)/g, '')), done).toEqual([]);
			const stderr = await poll(
				() => readFileSync(path.join(r.dir, 'stderr'), 'utf8'),
				text => text.includes('đang dừng'),
				'the stop line on stderr',
			);
			expect(stderr).toContain('diemcau: đang dừng: ghi báo cáo những gì đã đo được (Ctrl-C lần nữa để thoát ngay)');
			expect(readFileSync(path.join(r.dir, 'kiem-tra.md'), 'utf8')).toContain('Kiểm tra đường truyền');
		} finally {
			await r.close();
		}
	}, 90_000);
});
