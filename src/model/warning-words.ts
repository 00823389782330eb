// The warnings a run can start with (a token file others can read, a journal repaired or kept
// aside), worded for the screen in the operator's language. The warnings themselves stay English
// text (stderr and logs read them the same on every machine); this table reads each back and
// words it, as reason-codes.ts does for the wire. A warning it does not know is shown as it is.

type Lang = 'vi' | 'en';

const PATTERNS: Array<{match: RegExp; vi: (m: RegExpExecArray) => string}> = [
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
];

/** A start-up warning in a language. */
export function wordWarning(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	for (const pattern of PATTERNS) {
		const match = pattern.match.exec(text);
		if (match) return pattern.vi(match);
	}
	return text;
}
