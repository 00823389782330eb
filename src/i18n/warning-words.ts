import {wordByPattern, type WordPattern} from './word-patterns.js';
// The warnings a run can start with (a token file others can read, a journal repaired or kept
// aside), worded for the screen in the operator's language. The warnings themselves stay English
// text (stderr and logs read them the same on every machine); this table reads each back and
// words it, as link-reason-words.ts does for the wire. A warning it does not know is shown as it is.

type Lang = 'vi' | 'en';

const PATTERNS: WordPattern[] = [
	{
		match: /^(\S+): token file (.+) can be read by other users: run chmod 600 (.+)$/s,
		vi: m => `${m[1]}: người khác đọc được tệp mã ${m[2]}: hãy chạy chmod 600 ${m[3]}`,
	},
	{
		match: /^Journal (.+): the last line was cut off \((\d+) bytes, a crash or power cut while writing\); it was dropped\. Nothing the screen had shown was in it\.$/s,
		vi: m => `Nhật ký ${m[1]}: dòng cuối bị cắt dở (${m[2]} byte, do mất điện hoặc lỗi khi đang ghi) và đã được bỏ; màn hình chưa từng hiển thị nội dung đó.`,
	},
	{
		match: /^Started a fresh journal; the previous one was kept as (.+)\.$/s,
		vi: m => `Đã bắt đầu nhật ký mới; nhật ký cũ được giữ lại ở ${m[1]}.`,
	},
	{
		match: /^site (\S+): a new agent connection from (.+) replaced the one from (.+) \(a restarted PC, or two agents running for this site\?\)$/s,
		vi: m => `điểm cầu ${m[1]}: agent mới gọi về từ ${m[2]} thay cho kết nối từ ${m[3]} (máy vừa khởi động lại, hay có hai agent cùng chạy cho điểm cầu này?)`,
	},
	{
		match: /^probe\.udpRate: (\S+) packets a second at (\d+) sites is more than one hub times truthfully \((\d+) a second in all\): the UDP test stream runs at (\S+) a second per site$/s,
		vi: m => `probe.udpRate: ${m[1]} gói mỗi giây cho ${m[2]} điểm cầu là quá sức một máy chủ đo cho đúng (tổng ${m[3]} gói mỗi giây): luồng đo UDP chạy ${m[4]} gói mỗi giây mỗi điểm cầu`,
	},
	{
		match: /^no control socket, so no screen can attach: (.+)$/s,
		vi: m => `không mở được ổ điều khiển, màn hình khác không gắn vào được (${m[1]})`,
	},
];

/** A start-up warning in a language. */
export function wordWarning(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	return wordByPattern(PATTERNS, text) ?? text;
}

// Why a journal write failed is worded beside the refusal that carries it.
export {wordJournalError} from './refusal-words.js';
