import {wordReason} from '../model/link/reason-codes.js';
import {wordTestError} from './rehearsal-progress-words.js';
import {wordByPattern, type WordPattern} from './word-patterns.js';

// A rehearsal verdict's reasons (src/model/verdict.ts writes them in English: "loss 6 % > 4 %",
// "no answer for 15 s (connection refused)") in Vietnamese for the report the town sends the
// communes. As for the wire's reasons, the English text is read back into its parts; one this
// table does not know is shown as it is (the wording test lists the known shapes).

/** "chiều lên (thị xã → điểm cầu)" for up, "chiều xuống (điểm cầu → thị xã)" for down. */
const way = (direction: string) => (direction === 'up' ? 'chiều lên (thị xã → điểm cầu)' : 'chiều xuống (điểm cầu → thị xã)');

/** vi-VN decimals: "5.1" → "5,1" (only inside numbers). */
const viNumber = (text: string) => text.replace(/(\d)\.(\d)/g, '$1,$2');

const PATTERNS: WordPattern[] = [
	{match: /^no answer for ([\d.]+) s(?: \((.+)\))?$/s, vi: m => `không trả lời trong ${m[1]} giây${m[2] ? ` (${wordReason(m[2], 'vi')})` : ''}`},
	{match: /^down (\d+) times, longest no answer for ([\d.]+) s(?: \((.+)\))?$/s, vi: m => `mất kết nối ${m[1]} lần, lâu nhất ${m[2]} giây không trả lời${m[3] ? ` (${wordReason(m[3], 'vi')})` : ''}`},
	{match: /^RTT p95 ([\d.]+) ms > ([\d.]+) ms$/, vi: m => `độ trễ RTT p95 ${m[1]} ms > ${m[2]} ms`},
	{match: /^jitter ([\d.]+) ms > ([\d.]+) ms$/, vi: m => `độ dao động trễ (jitter) ${m[1]} ms > ${m[2]} ms`},
	{match: /^loss ([\d.]+) % > ([\d.]+) %$/, vi: m => `mất gói ${m[1]} % > ${m[2]} %`},
	{match: /^available ([\d.]+) % < ([\d.]+) %$/, vi: m => `thời gian kết nối ${m[1]} % < ${m[2]} %`},
	{match: /^bandwidth not measured: (.+)$/s, vi: m => `không đo được băng thông: ${wordTestError(m[1]!, 'vi')}`},
	// src/model/link-reasons.ts (the UDP stream and the load tests); up = thị xã → điểm cầu.
	{match: /^packet loss (up|down) ([\d.]+) % > ([\d.]+) %$/, vi: m => `mất gói UDP ${way(m[1]!)} ${m[2]} % > ${m[3]} %`},
	{match: /^UDP blocked — loss measured over TCP only$/, vi: () => 'UDP bị chặn — chỉ đo được mất gói qua TCP (hội nghị sẽ phải chạy qua TCP)'},
	{match: /^not enough data: (\d+) probes?$/, vi: m => `chưa đủ số liệu: mới đo ${m[1]} lần`},
	{match: /^bandwidth not measured$/, vi: () => 'chưa đo được băng thông'},
	{match: /^RTT under load p95 ([\d.]+) ms > idle p95 \+ ([\d.]+) ms$/, vi: m => `độ trễ khi tải nặng p95 ${m[1]} ms > lúc rảnh + ${m[2]} ms`},
	{match: /^video load (up|down): ([\d.]+) % lost$/, vi: m => `tải video ${way(m[1]!)}: mất ${m[2]} % gói`},
	{match: /^video load (up|down): jitter ([\d.]+) ms > ([\d.]+) ms$/, vi: m => `tải video ${way(m[1]!)}: dao động trễ ${m[2]} ms > ${m[3]} ms`},
	{match: /^video load not measured(?:: (.+))?$/s, vi: m => `chưa đo được tải video${m[1] ? `: ${wordTestError(m[1], 'vi')}` : ''}`},
	{match: /^down ([\d.]+) (Mbit\/s|kbit\/s) < ([\d.]+)$/, vi: m => `băng thông tải xuống (điểm cầu → thị xã) ${m[1]} ${m[2]} < ${m[3]}`},
	{match: /^up ([\d.]+) (Mbit\/s|kbit\/s) < ([\d.]+)$/, vi: m => `băng thông tải lên (thị xã → điểm cầu) ${m[1]} ${m[2]} < ${m[3]}`},
];

/** One verdict reason in a language. */
export function wordVerdictReason(text: string, lang: 'vi' | 'en'): string {
	if (lang === 'en') return text;
	const worded = wordByPattern(PATTERNS, text);
	return worded === null ? text : viNumber(worded);
}

/** True when the table knows the reason's shape (the wording test asks). */
export function knownVerdictReason(text: string): boolean {
	return PATTERNS.some(pattern => pattern.match.test(text));
}
