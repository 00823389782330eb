import {wordReason} from './link-reason-words.js';
import {wordWarning} from './warning-words.js';
import {wordByPattern, type WordPattern} from './word-patterns.js';

// A plan's problems and warnings (plan-problems.ts, plan.ts, plan-syntax.ts, plan-security.ts,
// plan-warnings.ts write them in English, one line each led by its field path) in Vietnamese,
// for the technician who fixes the plan: read back by shape, as warning-words.ts does. Field
// paths, field names, values and examples stay as written in the file (they are the YAML's own);
// a line of a shape this table does not know is shown as it is.

type Lang = 'vi' | 'en';

/** What a value was ("the text "x"", "a list"…), in Vietnamese. */
function kind(text: string): string {
	const words: Record<string, string> = {'empty (null)': 'để trống (null)', 'a list': 'một danh sách', 'a date': 'một ngày', 'a section ({…})': 'một mục con ({…})', true: 'true', false: 'false'};
	if (words[text]) return words[text]!;
	let match = /^the text "(.*)"$/s.exec(text);
	if (match) return `chữ "${match[1]}"`;
	match = /^the number (.+)$/.exec(text);
	if (match) return `số ${match[1]}`;
	return text;
}

/** What a value must be (TYPE_WORDS of plan-problems.ts), in Vietnamese. */
function expected(text: string): string {
	const words: Record<string, string> = {
		'text (in quotes if it has a colon)': 'chữ (đặt trong ngoặc kép nếu có dấu hai chấm)',
		'a number': 'một số',
		'a whole number': 'một số nguyên',
		'true or false': 'true hoặc false',
		'a list ([…] or lines starting with "- ")': 'một danh sách ([…] hoặc các dòng bắt đầu bằng "- ")',
		'a section': 'một mục con',
		'a date like 2026-12-01': 'một ngày dạng 2026-12-01',
	};
	return words[text] ?? text;
}

const BOUND: Record<string, string> = {'at least': 'ít nhất', 'more than': 'lớn hơn', 'at most': 'nhiều nhất', 'less than': 'nhỏ hơn'};

/** What follows a problem's path, by shape. */
const PROBLEMS: WordPattern[] = [
	{match: /^unknown field `([^`]+)` — did you mean `([^`]+)`\?$/, vi: m => `trường \`${m[1]}\` không có trong kế hoạch — có phải ý là \`${m[2]}\`?`},
	{match: /^unknown field `([^`]+)` — the fields here are (.+)$/s, vi: m => `trường \`${m[1]}\` không có trong kế hoạch — ở đây chỉ có các trường ${m[2]}`},
	{match: /^unknown field `([^`]+)`$/, vi: m => `trường \`${m[1]}\` không có trong kế hoạch`},
	{match: /^missing — write (.+)$/s, vi: m => `còn thiếu — hãy viết ${m[1]}`},
	{match: /^missing$/, vi: () => 'còn thiếu'},
	{match: /^write (\{.*\})$/s, vi: m => `hãy viết ${m[1]}`},
	{match: /^must be a whole number, not (.+)$/s, vi: m => `phải là một số nguyên, không phải ${kind(m[1]!)}`},
	{match: /^must be one of (.+?), not (.+?)(?: — did you mean `([^`]+)`\?)?$/s, vi: m => `phải là một trong ${m[1]}, không phải ${kind(m[2]!)}${m[3] ? ` — có phải ý là \`${m[3]}\`?` : ''}`},
	{match: /^must list (at least|more than|at most|less than) (\S+) entries$/, vi: m => `phải có ${BOUND[m[1]!]} ${m[2]} mục`},
	{match: /^must be (at least|more than|at most|less than) (\S+) characters long$/, vi: m => `phải dài ${BOUND[m[1]!]} ${m[2]} ký tự`},
	{match: /^must be (at least|more than|at most|less than) (\S+), not (.+)$/s, vi: m => `phải ${BOUND[m[1]!]} ${m[2]}, không phải ${kind(m[3]!)}`},
	{match: /^not a form this field takes$/, vi: () => 'trường này không nhận dạng giá trị này'},
	// plan.ts's own rules.
	{match: /^must be 1$/, vi: () => 'phải là 1'},
	{match: /^must use only a-z, 0-9 and "-" \(like "(.+)"\)$/, vi: m => `chỉ được dùng chữ a-z, số 0-9 và dấu "-" (như "${m[1]}")`},
	{match: /^must be a time like "(.+)"$/, vi: m => `phải là giờ dạng "${m[1]}"`},
	{match: /^must be a date like (\S+)$/, vi: m => `phải là ngày dạng ${m[1]}`},
	{match: /^must not be empty$/, vi: () => 'không được để trống'},
	{match: /^must be an environment variable name$/, vi: () => 'phải là tên một biến môi trường'},
	{match: /^must be \{file: PATH\} or \{env: VAR\}, never the token itself$/, vi: () => 'phải là {file: PATH} hoặc {env: VAR}, không bao giờ ghi chính mã truy cập vào đây'},
	{match: /^must be an IANA time zone like "(.+)"$/, vi: m => `phải là múi giờ IANA như "${m[1]}"`},
	{match: /^must list at least one site$/, vi: () => 'phải có ít nhất một điểm cầu'},
	{match: /^must list at least one agenda item$/, vi: () => 'phải có ít nhất một mục trong chương trình'},
	{match: /^an agent site needs a token: \{file: PATH\} or \{env: VAR\}$/, vi: () => 'điểm cầu có agent cần mã truy cập: {file: PATH} hoặc {env: VAR}'},
	{
		match: /^needs an endpoint like (\S+), or "connect: dial-out" when its agent calls the hub \(behind NAT\)$/,
		vi: m => `cần \`endpoint\` như ${m[1]}, hoặc "connect: dial-out" khi agent của điểm cầu tự gọi về điểm cầu chính (sau NAT)`,
	},
	{
		match: /^a dial-out site has no endpoint \(its agent calls the hub at hub\.listen\): remove it, or set "connect: dial-in"$/,
		vi: () => 'điểm cầu dial-out không có `endpoint` (agent tự gọi về điểm cầu chính ở hub.listen): hãy bỏ dòng này, hoặc đặt "connect: dial-in"',
	},
	{
		match: /^only a diemcau agent can dial out: use "mode: agent", or "connect: dial-in" for a plain WebSocket endpoint$/,
		vi: () => 'chỉ agent diemcau mới tự gọi về được: hãy dùng "mode: agent", hoặc "connect: dial-in" cho một `endpoint` WebSocket thường',
	},
	{match: /^"(.+)" is already used by (\S+)$/s, vi: m => `"${m[1]}" đã được dùng ở ${m[2]}`},
	{
		match: /^(\S+) is already the endpoint of (\S+): each site has its own agent, so give it its own address or port$/,
		vi: m => `${m[1]} đã là \`endpoint\` của ${m[2]}: mỗi điểm cầu có agent riêng, hãy cho nó địa chỉ hoặc cổng riêng`,
	},
	{match: /^no site has id "(.+)"$/s, vi: m => `không có điểm cầu mã "${m[1]}"`},
	{match: /^must not be above (\S+)$/, vi: m => `không được lớn hơn ${m[1]}`},
	// endpointProblem (plan-problems.ts).
	{match: /^must be a ws:\/\/ or wss:\/\/ URL like (\S+)$/, vi: m => `phải là địa chỉ ws:// hoặc wss:// như ${m[1]}`},
	{match: /^must start with ws:\/\/ or wss:\/\/ \(like (\S+)\), not (\S+)$/, vi: m => `phải bắt đầu bằng ws:// hoặc wss:// (như ${m[1]}), không phải ${m[2]}`},
	{match: /^has no host: write like (\S+)$/, vi: m => `thiếu tên máy: hãy viết như ${m[1]}`},
	{match: /^"(.*)" is not a port number \(1–65535\)$/, vi: m => `"${m[1]}" không phải số cổng (1–65535)`},
	{match: /^port (\S+) is not a port \(1–65535\)$/, vi: m => `cổng ${m[1]} không hợp lệ (1–65535)`},
	{match: /^is not a valid URL: write it like (\S+)$/, vi: m => `không phải địa chỉ hợp lệ: hãy viết như ${m[1]}`},
	// host-port.ts, token-strength.ts.
	{match: /^must be HOST:PORT like "(.+?)" \(an IPv6 host in brackets: "(.+?)"\), not "(.*)"$/s, vi: m => `phải có dạng HOST:PORT như "${m[1]}" (địa chỉ IPv6 trong ngoặc vuông: "${m[2]}"), không phải "${m[3]}"`},
	{match: /^port (\d+) is above 65535$/, vi: m => `cổng ${m[1]} lớn hơn 65535`},
	{
		match: /^the token is too weak \(about (\d+) bits, at least (\d+) needed\): make a new one with "diemcau token new FILE"(.*)$/s,
		vi: m => `mã truy cập quá yếu (khoảng ${m[1]} bit, cần ít nhất ${m[2]}): hãy tạo mã mới bằng "diemcau token new FILE" và dùng cùng tệp đó cho agent của điểm cầu`,
	},
	// Last: the general shape of the ones above.
	{match: /^must be (.+), not (.+)$/s, vi: m => `phải là ${expected(m[1]!)}, không phải ${kind(m[2]!)}`},
];

/** The text after a problem's path, in Vietnamese (as it is when the table does not know it). */
function wordProblemText(text: string): string {
	return wordByPattern(PROBLEMS, text) ?? text;
}

/** A syntax problem's words (plan-syntax.ts), in Vietnamese. */
const YAML_VI: Record<string, string> = {
	'a tab is used to indent; YAML indents with spaces only: replace the tab with spaces': 'có dấu tab để thụt lề; YAML chỉ thụt lề bằng dấu cách: hãy thay tab bằng dấu cách',
	'this field is written twice in the same section: keep one': 'trường này được viết hai lần trong cùng một mục: hãy giữ một',
	'the indentation does not line up: fields of one section start in the same column, with spaces': 'thụt lề không thẳng hàng: các trường của một mục phải bắt đầu cùng một cột, bằng dấu cách',
	'a line starting with % is not allowed here': 'không được có dòng bắt đầu bằng % ở đây',
	'a closing quote or bracket is missing': 'thiếu dấu ngoặc kép hoặc dấu ngoặc đóng',
	'two "key:" on one line: put a value that has a colon in quotes ("…")': 'có hai "tên:" trên một dòng: giá trị có dấu hai chấm phải đặt trong ngoặc kép ("…")',
	'a field name runs over two lines: put it on one line': 'tên trường bị xuống dòng: hãy viết trên một dòng',
	'a character YAML does not expect here (a stray bracket, comma or quote?)': 'có ký tự YAML không chờ đợi ở đây (thừa dấu ngoặc, dấu phẩy hay dấu ngoặc kép?)',
	'an alias (*name) cannot have a tag or anchor': 'bí danh (*tên) không được có thẻ hay neo',
	'an alias (*name) that names no anchor (&name)': 'bí danh (*tên) không trỏ tới neo nào (&tên)',
};

const SYNTAX: WordPattern[] = [
	{match: /^(.+)$/s, vi: m => YAML_VI[m[1]!] ?? m[1]!},
	{match: /^it is nested far too deeply to be a plan$/, vi: () => 'lồng nhau quá sâu, không thể là một kế hoạch'},
	{match: /^(.*) \(a missing comma or quote\?\)$/s, vi: m => `lỗi cú pháp JSON (${m[1]}): thiếu dấu phẩy hoặc dấu ngoặc kép?`},
];

const wordSyntax = (text: string) => SYNTAX.reduce((words, pattern) => (pattern.match.test(words) ? pattern.vi(pattern.match.exec(words)!) : words), text);

/** One line of a plan's problems in a language: its field path (or line and column) kept, the rest worded. */
export function wordPlanProblem(line: string, lang: Lang): string {
	if (lang === 'en') return line;
	const syntax = /^line (\d+), column (\d+): (.*?)  \(line \d+: "(.*)"\)$/s.exec(line);
	if (syntax) {
		return `dòng ${syntax[1]}, cột ${syntax[2]}: ${wordSyntax(syntax[3]!)}  (dòng ${syntax[1]}: "${syntax[4]}")`;
	}
	const field = /^(\(top level\)|[A-Za-z_][\w.[\]]*): (.*)$/s.exec(line);
	if (field) {
		const lines = field[2]!.split('\n');
		return `${field[1] === '(top level)' ? '(cấp ngoài cùng)' : field[1]}: ${lines.map(wordProblemText).join('\n')}`;
	}
	return wordSyntax(line);
}

/** The warnings `plan check` gives (plan-security.ts, plan-warnings.ts), in Vietnamese. */
const WARNINGS: WordPattern[] = [
	{
		match: /^(\S+): (\S+) is plain ws:\/\/ outside loopback and private networks: anyone on the path can read and delay the probes; use wss:\/\/ \(see the README, "Security"\)$/,
		vi: m => `${m[1]}: ${m[2]} dùng ws:// không mã hóa qua mạng công cộng: ai ở giữa đường truyền cũng đọc và làm chậm được các lần đo; hãy dùng wss:// (xem README, mục "Security")`,
	},
	{
		match: /^(\S+): (.+?): set it before `diemcau run` \(until then the hub shows this site down\)$/s,
		vi: m => `${m[1]}: ${wordReason(m[2]!, 'vi')}: hãy đặt biến này trước khi chạy \`diemcau run\` (cho đến lúc đó điểm cầu chính coi điểm cầu này là mất kết nối)`,
	},
	{
		match: /^(\S+): (.+?): write the site's token there \(diemcau token new FILE\), the same as its agent's --token-file \(until then the hub shows this site down\)$/s,
		vi: m => `${m[1]}: ${wordReason(m[2]!, 'vi')}: hãy ghi mã của điểm cầu vào đó (diemcau token new FILE), cùng tệp với --token-file của agent (cho đến lúc đó điểm cầu chính coi điểm cầu này là mất kết nối)`,
	},
	{
		match: /^(\S+): (.+) share the token file (.+): whoever holds one site's token can pose as the others; give each site its own \(diemcau token new FILE\)$/s,
		vi: m => `${m[1]}: ${m[2]} dùng chung tệp mã ${m[3]}: ai có mã của một điểm cầu cũng giả được các điểm cầu kia; hãy cho mỗi điểm cầu một mã riêng (diemcau token new FILE)`,
	},
	{
		match: /^(\S+): (.+) have the same token: whoever holds one site's token can pose as the others; give each site its own \(diemcau token new FILE\)$/s,
		vi: m => `${m[1]}: ${m[2]} có cùng một mã: ai có mã của một điểm cầu cũng giả được các điểm cầu kia; hãy cho mỗi điểm cầu một mã riêng (diemcau token new FILE)`,
	},
	{match: /^(\S+): cannot read (.+): no such file$/s, vi: m => `${m[1]}: không đọc được ${m[2]}: không có tệp này`},
	{
		match: /^hub\.listen: (\d+) site\(s\) dial out \(connect: dial-out\) but the hub has no listen address: add hub\.listen: "(.+)", or give every hub command --listen HOST:PORT$/,
		vi: m => `hub.listen: ${m[1]} điểm cầu tự gọi về (connect: dial-out) nhưng điểm cầu chính chưa có địa chỉ nghe: hãy thêm hub.listen: "${m[2]}", hoặc chạy mọi lệnh của điểm cầu chính với --listen HOST:PORT`,
	},
	{
		match: /^hub\.listen: (\S+) is reachable only from this PC: the communes' agents cannot call it \(0\.0\.0\.0:PORT listens on every network\)$/,
		vi: m => `hub.listen: ${m[1]} chỉ máy này gọi tới được: agent ở các xã không gọi về được (0.0.0.0:PORT nghe trên mọi mạng)`,
	},
	{
		match: /^session\.date: (\S+) is already past \(today is (\S+)\): write the meeting's date, or its planned end shows days behind$/,
		vi: m => `session.date: ngày ${m[1]} đã qua (hôm nay là ${m[2]}): hãy ghi đúng ngày họp, nếu không giờ kết thúc dự kiến sẽ lệch nhiều ngày`,
	},
];

/** A plan warning in a language (the start-up warnings of warning-words.ts too). */
export function wordPlanWarning(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	return wordByPattern(WARNINGS, text) ?? wordWarning(text, lang);
}

/** The head line of a plan error (src/plan/plan-file.ts, plan check) in a language. */
const HEADS: WordPattern[] = [
	{match: /^Plan (.+) has (\d+) problem\(s\):$/s, vi: m => `Kế hoạch ${m[1]} có ${m[2]} lỗi:`},
	{match: /^Plan (.+) is not valid (YAML|JSON):$/s, vi: m => `Kế hoạch ${m[1]} không đúng cú pháp ${m[2]}:`},
	{match: /^Plan (.+) is not valid (YAML|JSON): (.+)$/s, vi: m => `Kế hoạch ${m[1]} không đúng cú pháp ${m[2]}: ${wordPlanProblem(m[3]!, 'vi')}`},
	{match: /^Plan (.+): the file name must end in \.yaml, \.yml or \.json\.$/s, vi: m => `Kế hoạch ${m[1]}: tên tệp phải kết thúc bằng .yaml, .yml hoặc .json.`},
	{match: /^Cannot read plan (.+): no such file\.$/s, vi: m => `Không đọc được kế hoạch ${m[1]}: không có tệp này.`},
	{match: /^Cannot read plan (.+): it is a folder\.$/s, vi: m => `Không đọc được kế hoạch ${m[1]}: đó là một thư mục.`},
	{match: /^Cannot read plan (.+): (.+)\.$/s, vi: m => `Không đọc được kế hoạch ${m[1]}: ${m[2]}.`},
];

/** A plan error's head line in a language. */
export function wordPlanHead(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	return wordByPattern(HEADS, text) ?? text;
}
