// A command line's mistakes (src/command.ts, the commands' own checks) in Vietnamese: what is
// wrong and what to type, read back from the English by shape as warning-words.ts does. Flags,
// values and examples stay as typed; the --help text a message may carry after a blank line stays
// as it is (the reference). A message of a shape this table does not know is shown as it is.

type Lang = 'vi' | 'en';
type Pattern = {match: RegExp; vi: (m: RegExpExecArray) => string};

const USAGE: Pattern[] = [
	{match: /^Unknown option '(.+)'$/, vi: m => `không có tùy chọn ${m[1]}`},
	{match: /^Option '(\S+)(?: <value>)?' argument missing$/, vi: m => `tùy chọn ${m[1]} cần một giá trị`},
	{match: /^Option '(\S+)' does not take an argument$/, vi: m => `tùy chọn ${m[1]} không nhận giá trị`},
	{match: /^missing argument$/, vi: () => 'thiếu tham số'},
	{match: /^unexpected argument "(.*)"$/s, vi: m => `thừa tham số "${m[1]}"`},
	{match: /^(\S+) takes a whole number from (-?\d+) to (-?\d+), not "(.*)"\.$/s, vi: m => `${m[1]} nhận một số nguyên từ ${m[2]} đến ${m[3]}, không nhận "${m[4]}".`},
	{match: /^(\S+) takes a duration like 90s, 3m or 1h, not "(.*)"\.$/s, vi: m => `${m[1]} nhận một khoảng thời gian như 90s, 3m hoặc 1h, không nhận "${m[2]}".`},
	{match: /^(\S+) must be longer than zero\.$/, vi: m => `${m[1]} phải lớn hơn 0.`},
	{match: /^--lang takes vi or en, not "(.*)"\.$/s, vi: m => `--lang nhận vi hoặc en, không nhận "${m[1]}".`},
	{match: /^--duration must be at most 24h\.$/, vi: () => '--duration nhiều nhất là 24h.'},
	{match: /^--video-duration must be 1s to 60s, not "(.*)"\.$/s, vi: m => `--video-duration phải từ 1s đến 60s, không nhận "${m[1]}".`},
	{match: /^--bandwidth must be at most 60s, not "(.*)"\.$/s, vi: m => `--bandwidth nhiều nhất là 60s, không nhận "${m[1]}".`},
	{
		match: /^--video takes a rate like 1500k or 2m \(kbit\/s, Mbit\/s\), or 0 to skip it; not "(.*)"\.$/s,
		vi: m => `--video nhận một tốc độ như 1500k hoặc 2m (kbit/s, Mbit/s), hoặc 0 để bỏ qua; không nhận "${m[1]}".`,
	},
	{match: /^--video must be at most 4m \(4,000 kbit\/s\), not "(.*)"\.$/s, vi: m => `--video nhiều nhất là 4m (4.000 kbit/s), không nhận "${m[1]}".`},
	{match: /^--video must be at least 50k, or 0 to skip it; not "(.*)"\.$/s, vi: m => `--video ít nhất là 50k, hoặc 0 để bỏ qua; không nhận "${m[1]}".`},
	{match: /^--role takes operator or viewer, not "(.*)"\.$/s, vi: m => `--role nhận operator hoặc viewer, không nhận "${m[1]}".`},
	{match: /^--view takes projector, not "(.*)"\.$/s, vi: m => `--view chỉ nhận projector, không nhận "${m[1]}".`},
	{match: /^--format takes md, json or docx, not "(.*)"\.$/s, vi: m => `--format nhận md, json hoặc docx, không nhận "${m[1]}".`},
	{match: /^--format docx writes a file: add --out FILE\.docx\.$/, vi: () => '--format docx ghi ra tệp: hãy thêm --out FILE.docx.'},
	{match: /^--tls-cert and --tls-key go together\.$/, vi: () => '--tls-cert và --tls-key phải đi cùng nhau.'},
	{match: /^no PLAN given and no plan opened before\.$/, vi: () => 'chưa chỉ ra kế hoạch (PLAN), và trước đây chưa mở kế hoạch nào.'},
	{
		match: /^no PLAN given and no plan run here before: name the plan, --journal FILE or --control PATH\.$/,
		vi: () => 'chưa chỉ ra kế hoạch (PLAN), và máy này chưa chạy kế hoạch nào: hãy ghi kế hoạch, --journal FILE hoặc --control PATH.',
	},
];

/** Examples of every usage message above, as the commands write them (the wording test walks them). */
export const USAGE_EXAMPLES: readonly string[] = [
	'--duration takes a whole number from 1 to 16, not "x".',
	'--duration takes a duration like 90s, 3m or 1h, not "soon".',
	'--wait must be longer than zero.',
	'--lang takes vi or en, not "fr".',
	'--duration must be at most 24h.',
	'--video-duration must be 1s to 60s, not "2m".',
	'--bandwidth must be at most 60s, not "5m".',
	'--video takes a rate like 1500k or 2m (kbit/s, Mbit/s), or 0 to skip it; not "fast".',
	'--video must be at most 4m (4,000 kbit/s), not "9m".',
	'--video must be at least 50k, or 0 to skip it; not "10k".',
	'--role takes operator or viewer, not "admin".',
	'--view takes projector, not "tv".',
	'--format takes md, json or docx, not "pdf".',
	'--format docx writes a file: add --out FILE.docx.',
	'--tls-cert and --tls-key go together.',
	'no PLAN given and no plan opened before.',
	'no PLAN given and no plan run here before: name the plan, --journal FILE or --control PATH.',
];

/** A usage error's message in a language: its first paragraph worded, the help after it kept. */
export function wordUsage(message: string, lang: Lang): string {
	if (lang === 'en') return message;
	const [first = '', ...rest] = message.split('\n\n');
	for (const pattern of USAGE) {
		const match = pattern.match.exec(first);
		if (match) return [pattern.vi(match), ...rest].join('\n\n');
	}
	return message;
}
