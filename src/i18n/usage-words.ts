import {wordByPattern, type WordPattern} from './word-patterns.js';
// A command line's mistakes (src/command.ts, the commands' own checks) in Vietnamese: what is
// wrong and what to type, read back from the English by shape as warning-words.ts does. Flags,
// values and examples stay as typed; the --help text a message may carry after a blank line stays
// as it is (the reference). A message of a shape this table does not know is shown as it is.

type Lang = 'vi' | 'en';

const USAGE: WordPattern[] = [
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
	{
		match: /^"(\S+)" needs a terminal \(stdin and stdout must be a TTY\)\. Without one, use `diemcau serve PLAN` for the hub without a screen, `diemcau status PLAN` for a one-shot check of every site or `diemcau rehearse PLAN` for a rehearsal with a verdict\.$/,
		vi: m => `"${m[1]}" cần một cửa sổ dòng lệnh thật (stdin và stdout phải là TTY). Không có thì hãy dùng \`diemcau serve PLAN\` cho điểm cầu chính không màn hình, \`diemcau status PLAN\` để kiểm tra nhanh mọi điểm cầu, hoặc \`diemcau rehearse PLAN\` để kiểm tra đường truyền có kết luận.`,
	},
	{match: /^cannot write (.+): it exists already \(remove it first if you mean to replace that token\)\.$/s, vi: m => `không ghi được ${m[1]}: tệp đã có (muốn thay mã đó thì hãy xóa tệp trước).`},
	{match: /^cannot write (.+): no such folder\.$/s, vi: m => `không ghi được ${m[1]}: không có thư mục này.`},
	// The hub's control socket, the journal: what `run`, `attach` and `report` may stop with.
	{match: /^(.+) exists and is not a socket: move it away, or choose another control socket with --control PATH\.$/s, vi: m => `${m[1]} đã có và không phải ổ điều khiển (socket): hãy chuyển nó đi, hoặc chọn ổ điều khiển khác bằng --control PATH.`},
	{
		match: /^a hub already runs on this journal \(its control socket (.+) answers\): attach to it with `diemcau attach`, or stop it first\.$/s,
		vi: m => `đã có một điểm cầu chính chạy trên nhật ký này (ổ điều khiển ${m[1]} đang trả lời): hãy gắn vào bằng \`diemcau attach\`, hoặc dừng nó trước.`,
	},
	{match: /^(.+) is not a socket, so not a diemcau hub's control socket: name the right one with --control PATH\.$/s, vi: m => `${m[1]} không phải socket, nên không phải ổ điều khiển của điểm cầu chính: hãy chỉ đúng ổ bằng --control PATH.`},
	{
		match: /^no hub is running for this meeting: there is no control socket at (.+)\. Start the hub with `diemcau run PLAN` or `diemcau serve PLAN`, or name its socket with --control PATH\.$/s,
		vi: m => `chưa có điểm cầu chính nào chạy cho hội nghị này: không có ổ điều khiển ở ${m[1]}. Hãy chạy \`diemcau run PLAN\` hoặc \`diemcau serve PLAN\`, hoặc chỉ ổ điều khiển bằng --control PATH.`,
	},
	{match: /^(.+) is not a diemcau hub's control socket \((.+)\): name the right one with --control PATH\.$/s, vi: m => `${m[1]} không phải ổ điều khiển của điểm cầu chính (${m[2]}): hãy chỉ đúng ổ bằng --control PATH.`},
	{match: /^the hub that made (.+) is not running any more \(the socket was left behind\): start it again on the same journal\.$/s, vi: m => `điểm cầu chính đã tạo ${m[1]} không còn chạy (ổ điều khiển còn sót lại): hãy chạy lại nó trên cùng nhật ký.`},
	{match: /^(.+) belongs to another user \(permission denied\): attach as the user who runs the hub\.$/s, vi: m => `${m[1]} thuộc người dùng khác (không có quyền): hãy gắn vào bằng người dùng đang chạy điểm cầu chính.`},
	{match: /^the hub refused this screen: (.+)$/s, vi: m => `điểm cầu chính không nhận màn hình này (${m[1]})`},
	{
		match: /^the hub at (.+) runs another meeting \((.+)\), not the plan's \((.+)\): name the right one with --journal FILE or --control PATH\.$/s,
		vi: m => `điểm cầu chính ở ${m[1]} đang chạy hội nghị khác (${m[2]}), không phải hội nghị của kế hoạch (${m[3]}): hãy chỉ đúng bằng --journal FILE hoặc --control PATH.`,
	},
	{match: /^Cannot read journal (.+): no such file\.$/s, vi: m => `Không đọc được nhật ký ${m[1]}: không có tệp này.`},
	{match: /^Cannot read journal (.+): (.+)\.$/s, vi: m => `Không đọc được nhật ký ${m[1]} (${m[2]}).`},
	{match: /^Journal (.+) is empty: it has no header line\.$/s, vi: m => `Nhật ký ${m[1]} trống: không có dòng tiêu đề.`},
	{match: /^(.+): this is not a diemcau journal \((.+)\)\.$/s, vi: m => `${m[1]}: đây không phải nhật ký diemcau (${m[2]}).`},
	{
		match: /^Journal (.+) is damaged at line (\d+): (.+)\. It was left untouched: fix or remove that line, or start over with --fresh \(the old file is kept\)\.$/s,
		vi: m => `Nhật ký ${m[1]} bị hỏng ở dòng ${m[2]} (${m[3]}). Tệp được giữ nguyên: hãy sửa hoặc xóa dòng đó, hoặc bắt đầu lại với --fresh (tệp cũ vẫn được giữ).`,
	},
	{
		match: /^Journal (.+) belongs to another meeting \((.+)\)\. Pick another file with --journal FILE, or start over with --fresh \(the old file is kept\)\.$/s,
		vi: m => `Nhật ký ${m[1]} là của một hội nghị khác (${m[2]}). Hãy chọn tệp khác bằng --journal FILE, hoặc bắt đầu lại với --fresh (tệp cũ vẫn được giữ).`,
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
	'"attach" needs a terminal (stdin and stdout must be a TTY). Without one, use `diemcau serve PLAN` for the hub without a screen, `diemcau status PLAN` for a one-shot check of every site or `diemcau rehearse PLAN` for a rehearsal with a verdict.',
	'cannot write tokens/pho-an.token: it exists already (remove it first if you mean to replace that token).',
	'cannot write tokens/pho-an.token: no such folder.',
	'/data/j.sock exists and is not a socket: move it away, or choose another control socket with --control PATH.',
	'a hub already runs on this journal (its control socket /data/j.sock answers): attach to it with `diemcau attach`, or stop it first.',
	"/data/j.sock is not a socket, so not a diemcau hub's control socket: name the right one with --control PATH.",
	'no hub is running for this meeting: there is no control socket at /data/j.sock. Start the hub with `diemcau run PLAN` or `diemcau serve PLAN`, or name its socket with --control PATH.',
	"/data/j.sock is not a diemcau hub's control socket (no answer within 3 s): name the right one with --control PATH.",
	'the hub that made /data/j.sock is not running any more (the socket was left behind): start it again on the same journal.',
	'/data/j.sock belongs to another user (permission denied): attach as the user who runs the hub.',
	'the hub refused this screen: too many screens',
	'the hub at /data/j.sock runs another meeting ("Họp thử", 2021-11-24), not the plan\'s ("Kỳ họp thứ 4", 2021-11-25): name the right one with --journal FILE or --control PATH.',
	'Cannot read journal /data/j.jsonl: no such file.',
	'Cannot read journal /data/j.jsonl: EACCES.',
	'Journal /data/j.jsonl is empty: it has no header line.',
	'/data/plan.yaml: this is not a diemcau journal (it is a plan: run diemcau plan check).',
	'Journal /data/j.jsonl is damaged at line 12: expected event number 11, found 13. It was left untouched: fix or remove that line, or start over with --fresh (the old file is kept).',
	'Journal /data/j.jsonl belongs to another meeting ("Họp thử", 2021-11-24, 3 sites, 4 agenda items). Pick another file with --journal FILE, or start over with --fresh (the old file is kept).',
];

/** An error's message in a language (a usage mistake, the control socket, the journal): its first paragraph worded, the help after it kept. */
export function wordUsage(message: string, lang: Lang): string {
	if (lang === 'en') return message;
	const [first = '', ...rest] = message.split('\n\n');
	const worded = wordByPattern(USAGE, first);
	return worded === null ? message : [worded, ...rest].join('\n\n');
}
