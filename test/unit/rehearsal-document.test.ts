import {describe, expect, it} from 'vitest';
import {rehearsalResult as result} from '../helpers/rehearsal-result.js';
import {rehearsalMarkdownIn} from '../../src/documents/rehearsal-document.js';
import {verdictReasons, wordVerdictReason} from '../../src/i18n/link-words.js';
import {verdictReason} from '../../src/model/link/link-reasons.js';

// The rehearsal report the town sends the communes, in Vietnamese: verdicts, figures with
// Vietnamese decimals, and every reason verdict.ts can give worded, none left in English.

const ENGLISH =
	/(?<!\p{L})(the|is|no|not|answer|for|times|longest|down|up|loss|available|bandwidth|measured|failed|refused|wrong|token|site|fix|pass|warn|fail)(?!\p{L})/iu;

describe('the rehearsal report in Vietnamese', () => {
	it('every reason verdict.ts gives for these figures is worded in Vietnamese, figures with a decimal comma', () => {
		const reasons = result().sites.flatMap(site => verdictReasons(site.verdict, 'vi'));
		expect(reasons.length).toBeGreaterThan(8);
		for (const reason of reasons) expect(reason.replace(/\(.*?\)/g, ''), reason).not.toMatch(ENGLISH);
		expect(reasons.join('\n')).not.toMatch(/\d\.\d/);
		expect(wordVerdictReason(verdictReason('packet-loss', {direction: 'up', value: 5.1, limit: 4}), 'vi')).toBe(
			'mất gói UDP chiều lên (điểm cầu chính → điểm cầu) 5,1 % > 4 %',
		);
		expect(wordVerdictReason(verdictReason('packet-loss', {direction: 'up', value: 5.1, limit: 4}), 'en')).toBe(
			'packet loss up 5.1 % > 4 %',
		);
	});

	it('the Markdown: verdicts, figures with Vietnamese decimals, what to fix with the contact, in the plan zone', () => {
		const text = rehearsalMarkdownIn(result(), 'vi', {title: 'x', date: '2021-11-25', start: '08:00', timeZone: 'Asia/Ho_Chi_Minh'});
		expect(text).toContain('- **Thời gian:** 24/11/2021 08:00:00');
		expect(text).toContain('Giờ địa phương (Asia/Ho_Chi_Minh, UTC+07:00).');
		expect(text).toContain('| Xã Phổ Nhơn | không đạt | 211 | 42 | 5,1 % | – | 97,2 % | 1,1 Mbit/s | 700 kbit/s |');
		expect(text).toContain('Xã Phổ Châu (không đạt), liên hệ: Chị Tư, 0905 333 444:');
		expect(text).toContain('- phải khắc phục: không trả lời trong 60 giây (bị từ chối kết nối (agent chưa chạy hoặc sai cổng))');
		expect(text).toContain('- phải khắc phục: mất gói 5 % > 4 %');
		expect(text).toContain('- phải khắc phục: băng thông tải lên (điểm cầu chính → điểm cầu) 700 kbit/s');
		expect(text).toContain('- phải khắc phục: không đo được băng thông: quá thời gian chờ');
		expect(text).toContain('- nên khắc phục: mất kết nối 2 lần, lâu nhất 4,2 giây không trả lời');
		expect(text).toContain('xác thực thất bại (sai mã hoặc sai điểm cầu)');
		const body = text
			.split('\n')
			.filter(line => !line.startsWith('|'))
			.join('\n');
		expect(body.replace(/\(.*?\)/g, '').replace(/RTT p95|jitter|MOS|Mbit\/s|kbit\/s|ms/g, '')).not.toMatch(ENGLISH);
	});
});

describe('the rehearsal table in Vietnamese', () => {
	it('one row a site with its verdict and reasons in words, then the counts', async () => {
		const {rehearsalTableIn} = await import('../../src/documents/rehearsal-document.js');
		const text = rehearsalTableIn(result(), 'vi', {color: false});
		expect(text.split('\n')[0]).toMatch(/^ĐIỂM CẦU\s+KẾT LUẬN/);
		expect(text).toMatch(/Xã Phổ Châu\s+không đạt.*không trả lời trong 60 giây/);
		expect(text).toContain('4 điểm cầu: 1 đạt, 0 cần khắc phục, 3 không đạt · kết luận chung: KHÔNG ĐẠT');
		expect(text.replace(/\(.*?\)/g, '').replace(/RTT P95|RTT p95|JITTER|jitter|Mbit\/s|kbit\/s|ms/g, '')).not.toMatch(ENGLISH);
	});

	it('fits 80 and 100 columns in Vietnamese without cutting a figure, and in a pipe keeps one line a site', async () => {
		const {rehearsalTableIn} = await import('../../src/documents/rehearsal-document.js');
		const {default: stringWidth} = await import('string-width');
		for (const width of [80, 100]) {
			const lines = rehearsalTableIn(result(), 'vi', {color: false, width}).trimEnd().split('\n');
			expect(
				lines.every(line => stringWidth(line) <= width),
				lines.join('\n'),
			).toBe(true);
			const nhon = lines.find(line => line.startsWith('Xã Phổ Nhơn'))!;
			expect(nhon).toMatch(/không đạt +211 +42 +5,1 %/);
			expect(lines.slice(lines.indexOf(nhon) + 1).find(line => line.startsWith('    '))).toContain('mất gói 5 % > 4 %');
		}
		const piped = rehearsalTableIn(result(), 'vi', {color: false, width: null}).trimEnd().split('\n');
		expect(piped).toHaveLength(result().sites.length + 2);
		expect(piped[0]).toMatch(/TẢI LÊN +LÝ DO$/);
	});
});
