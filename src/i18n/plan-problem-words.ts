import type {
	Bound,
	DurationField,
	PlanHeadMessage,
	PlanHeadParams,
	PlanProblem,
	PlanProblemParams,
	PlanSyntaxParams,
	PlanSyntaxProblem,
	PlanWarning,
	PlanWarningParams,
	SiteRef,
	ValueKind,
	YamlErrorCode,
} from '../model/plan/plan-problem-codes.js';
import {wordTokenFileProblem} from '../model/token-file-words.js';
import {defineWords, type Lang} from './catalog.js';
import {formatFixed} from './numbers.js';

// A plan's problems and warnings (src/model/plan/plan-problem-codes.ts), worded for the technician
// who fixes the plan, in English and in Vietnamese. Each line leads with its field path (or line
// and column); field paths, field names, values, file names and examples stay as the file writes
// them, since they are the YAML's own. The English is what the README and `plan check` show.

const tick = (name: string) => `\`${name}\``;
const ticks = (names: readonly string[]) => names.map(tick).join(', ');
const num = (value: number, lang: Lang) => (Number.isInteger(value) ? String(value) : formatFixed(value, 2, lang).replace(/[.,]?0+$/, ''));

/** What a value was. */
function kind(value: ValueKind, lang: Lang): string {
	const vi = lang === 'vi';
	switch (value.kind) {
		case 'null':
			return vi ? 'để trống (null)' : 'empty (null)';
		case 'list':
			return vi ? 'một danh sách' : 'a list';
		case 'date':
			return vi ? 'một ngày' : 'a date';
		case 'section':
			return vi ? 'một mục con ({…})' : 'a section ({…})';
		case 'boolean':
			return String(value.value);
		case 'text':
			return vi ? `chữ "${value.value}"` : `the text "${value.value}"`;
		case 'number':
			return vi ? `số ${value.value}` : `the number ${value.value}`;
	}
}

/** What a value must be, by zod's type name; a name this table does not know is shown as it is. */
const EXPECTED: Record<Lang, Record<string, string>> = {
	en: {
		string: 'text (in quotes if it has a colon)',
		number: 'a number',
		int: 'a whole number',
		boolean: 'true or false',
		array: 'a list ([…] or lines starting with "- ")',
		object: 'a section',
		date: 'a date like 2026-12-01',
	},
	vi: {
		string: 'chữ (đặt trong ngoặc kép nếu có dấu hai chấm)',
		number: 'một số',
		int: 'một số nguyên',
		boolean: 'true hoặc false',
		array: 'một danh sách ([…] hoặc các dòng bắt đầu bằng "- ")',
		object: 'một mục con',
		date: 'một ngày dạng 2026-12-01',
	},
};

const BOUND: Record<Lang, Record<Bound, string>> = {
	en: {min: 'at least', above: 'more than', max: 'at most', below: 'less than'},
	vi: {min: 'ít nhất', above: 'lớn hơn', max: 'nhiều nhất', below: 'nhỏ hơn'},
};

const DURATION_FOR: Record<Lang, Record<DurationField, string>> = {
	en: {after: 'how long a site must stay down', remind: 'how often a firing alert is repeated; 0 for never'},
	vi: {
		after: 'điểm cầu mất kết nối liên tục bao lâu thì mới báo',
		remind: 'bao lâu nhắc lại một cảnh báo còn hiệu lực; 0 là không nhắc lại',
	},
};

const EXAMPLE_URL = 'ws://10.0.0.5:7701/probe';

/** The schema's problems, the text after the field path. */
export const planProblemWords = defineWords<PlanProblemParams>({
	en: {
		'unknown-field': ({field, suggestion, fields}) =>
			`unknown field ${tick(field)}${suggestion ? ` — did you mean ${tick(suggestion)}?` : fields.length > 0 ? ` — the fields here are ${ticks(fields)}` : ''}`,
		missing: ({example}) => `missing${example ? ` — write ${example}` : ''}`,
		'write-section': ({shape}) => `write ${shape}`,
		'not-whole-number': ({value}) => `must be a whole number, not ${kind(value, 'en')}`,
		'wrong-type': ({expected, value}) => `must be ${EXPECTED.en[expected] ?? expected}, not ${kind(value, 'en')}`,
		'must-equal': ({value}) => `must be ${value}`,
		'one-of': ({options, value, suggestion}) =>
			`must be one of ${options.join(', ')}, not ${kind(value, 'en')}${suggestion ? ` — did you mean ${tick(suggestion)}?` : ''}`,
		'list-size': ({bound, limit}) => `must list ${BOUND.en[bound]} ${num(limit, 'en')} entries`,
		'text-length': ({bound, limit}) => `must be ${BOUND.en[bound]} ${num(limit, 'en')} characters long`,
		'number-range': ({bound, limit, value}) => `must be ${BOUND.en[bound]} ${num(limit, 'en')}, not ${kind(value, 'en')}`,
		'no-form': () => 'not a form this field takes',
		other: ({text}) => text,
		'id-format': () => 'must use only a-z, 0-9 and "-" (like "pho-an")',
		'time-format': () => 'must be a time like "08:00"',
		'date-format': () => 'must be a date like 2021-11-25',
		empty: () => 'must not be empty',
		'env-name': () => 'must be an environment variable name',
		'secret-ref': () => 'must be {file: PATH} or {env: VAR}, never the token itself',
		'time-zone': () => 'must be an IANA time zone like "Asia/Ho_Chi_Minh"',
		'no-sites': () => 'must list at least one site',
		'no-agenda': () => 'must list at least one agenda item',
		'token-needed': () => 'an agent site needs a token: {file: PATH} or {env: VAR}',
		'endpoint-needed': () =>
			'needs an endpoint like ws://HOST:7700/probe, or "connect: dial-out" when its agent calls the hub (behind NAT)',
		'dial-out-endpoint': () =>
			'a dial-out site has no endpoint (its agent calls the hub at hub.listen): remove it, or set "connect: dial-in"',
		'dial-out-mode': () => 'only a diemcau agent can dial out: use "mode: agent", or "connect: dial-in" for a plain WebSocket endpoint',
		'id-taken': ({id, first}) => `"${id}" is already used by ${first}`,
		'endpoint-taken': ({endpoint, first}) =>
			`${endpoint} is already the endpoint of ${first}: each site has its own agent, so give it its own address or port`,
		'no-such-site': ({id}) => `no site has id "${id}"`,
		'not-above': ({other}) => `must not be above ${other}`,
		'endpoint-not-url': () => `must be a ws:// or wss:// URL like ${EXAMPLE_URL}`,
		'endpoint-scheme': ({scheme}) => `must start with ws:// or wss:// (like ${EXAMPLE_URL}), not ${scheme}://`,
		'endpoint-no-host': () => `has no host: write like ${EXAMPLE_URL}`,
		'endpoint-port-text': ({port}) => `"${port}" is not a port number (1–65535)`,
		'endpoint-port-range': ({port}) => `port ${port} is not a port (1–65535)`,
		'endpoint-invalid': () => `is not a valid URL: write it like ${EXAMPLE_URL}`,
		'host-port-format': ({value}) => `must be HOST:PORT like "127.0.0.1:9464" (an IPv6 host in brackets: "[::1]:9464"), not "${value}"`,
		'host-port-range': ({port}) => `port ${port} is above 65535`,
		'duration-format': ({field}) => `must be a duration like "30s", "10m" or "1h" (${DURATION_FOR.en[field]})`,
		'duration-range': ({field, minSeconds, maxMinutes}) =>
			`must be between ${num(minSeconds, 'en')} s and ${num(maxMinutes, 'en')} min (${DURATION_FOR.en[field]})`,
		'command-empty': () => 'must name a program: ["notify-send", "diemcau"]',
		'webhook-url': () => 'must be an http:// or https:// URL',
		'token-weak': ({bits, min}) =>
			`the token is too weak (about ${bits} bits, at least ${min} needed): make a new one with "diemcau token new FILE" and give the same file to the site's agent`,
		'token-file-missing': ({file, suggestion}) =>
			`token file ${file} does not exist${suggestion ? ` (did you mean ${suggestion}?)` : ''}: fix the path, or write the site's token there (diemcau token new FILE), the same file as its agent's --token-file; if the tokens are made later, check with --allow-missing-tokens`,
		'token-file-refused': ({problem}) => wordTokenFileProblem(problem, 'en'),
	},
	vi: {
		'unknown-field': ({field, suggestion, fields}) =>
			`trường ${tick(field)} không có trong kế hoạch${suggestion ? ` — có phải ý là ${tick(suggestion)}?` : fields.length > 0 ? ` — ở đây chỉ có các trường ${ticks(fields)}` : ''}`,
		missing: ({example}) => `còn thiếu${example ? ` — hãy viết ${example}` : ''}`,
		'write-section': ({shape}) => `hãy viết ${shape}`,
		'not-whole-number': ({value}) => `phải là một số nguyên, không phải ${kind(value, 'vi')}`,
		'wrong-type': ({expected, value}) => `phải là ${EXPECTED.vi[expected] ?? expected}, không phải ${kind(value, 'vi')}`,
		'must-equal': ({value}) => `phải là ${value}`,
		'one-of': ({options, value, suggestion}) =>
			`phải là một trong ${options.join(', ')}, không phải ${kind(value, 'vi')}${suggestion ? ` — có phải ý là ${tick(suggestion)}?` : ''}`,
		'list-size': ({bound, limit}) => `phải có ${BOUND.vi[bound]} ${num(limit, 'vi')} mục`,
		'text-length': ({bound, limit}) => `phải dài ${BOUND.vi[bound]} ${num(limit, 'vi')} ký tự`,
		'number-range': ({bound, limit, value}) => `phải ${BOUND.vi[bound]} ${num(limit, 'vi')}, không phải ${kind(value, 'vi')}`,
		'no-form': () => 'trường này không nhận dạng giá trị này',
		other: ({text}) => `giá trị không hợp lệ (${text})`,
		'id-format': () => 'chỉ được dùng chữ a-z, số 0-9 và dấu "-" (như "pho-an")',
		'time-format': () => 'phải là giờ dạng "08:00"',
		'date-format': () => 'phải là ngày dạng 2021-11-25',
		empty: () => 'không được để trống',
		'env-name': () => 'phải là tên một biến môi trường',
		'secret-ref': () => 'phải là {file: PATH} hoặc {env: VAR}, không bao giờ ghi chính mã truy cập vào đây',
		'time-zone': () => 'phải là múi giờ IANA như "Asia/Ho_Chi_Minh"',
		'no-sites': () => 'phải có ít nhất một điểm cầu',
		'no-agenda': () => 'phải có ít nhất một mục trong chương trình',
		'token-needed': () => 'điểm cầu có agent cần mã truy cập: {file: PATH} hoặc {env: VAR}',
		'endpoint-needed': () =>
			'cần `endpoint` như ws://HOST:7700/probe, hoặc "connect: dial-out" khi agent của điểm cầu tự gọi về điểm cầu chính (sau NAT)',
		'dial-out-endpoint': () =>
			'điểm cầu dial-out không có `endpoint` (agent tự gọi về điểm cầu chính ở hub.listen): hãy bỏ dòng này, hoặc đặt "connect: dial-in"',
		'dial-out-mode': () =>
			'chỉ agent diemcau mới tự gọi về được: hãy dùng "mode: agent", hoặc "connect: dial-in" cho một `endpoint` WebSocket thường',
		'id-taken': ({id, first}) => `"${id}" đã được dùng ở ${first}`,
		'endpoint-taken': ({endpoint, first}) =>
			`${endpoint} đã là \`endpoint\` của ${first}: mỗi điểm cầu có agent riêng, hãy cho nó địa chỉ hoặc cổng riêng`,
		'no-such-site': ({id}) => `không có điểm cầu mã "${id}"`,
		'not-above': ({other}) => `không được lớn hơn ${other}`,
		'endpoint-not-url': () => `phải là địa chỉ ws:// hoặc wss:// như ${EXAMPLE_URL}`,
		'endpoint-scheme': ({scheme}) => `phải bắt đầu bằng ws:// hoặc wss:// (như ${EXAMPLE_URL}), không phải ${scheme}://`,
		'endpoint-no-host': () => `thiếu tên máy: hãy viết như ${EXAMPLE_URL}`,
		'endpoint-port-text': ({port}) => `"${port}" không phải số cổng (1–65535)`,
		'endpoint-port-range': ({port}) => `cổng ${port} không hợp lệ (1–65535)`,
		'endpoint-invalid': () => `không phải địa chỉ hợp lệ: hãy viết như ${EXAMPLE_URL}`,
		'host-port-format': ({value}) =>
			`phải có dạng HOST:PORT như "127.0.0.1:9464" (địa chỉ IPv6 trong ngoặc vuông: "[::1]:9464"), không phải "${value}"`,
		'host-port-range': ({port}) => `cổng ${port} lớn hơn 65535`,
		'duration-format': ({field}) => `phải là khoảng thời gian như "30s", "10m" hoặc "1h" (${DURATION_FOR.vi[field]})`,
		'duration-range': ({field, minSeconds, maxMinutes}) =>
			`phải trong khoảng ${num(minSeconds, 'vi')} giây đến ${num(maxMinutes, 'vi')} phút (${DURATION_FOR.vi[field]})`,
		'command-empty': () => 'phải ghi tên một chương trình: ["notify-send", "diemcau"]',
		'webhook-url': () => 'phải là địa chỉ http:// hoặc https://',
		'token-weak': ({bits, min}) =>
			`mã truy cập quá yếu (khoảng ${bits} bit, cần ít nhất ${min}): hãy tạo mã mới bằng "diemcau token new FILE" và dùng cùng tệp đó cho agent của điểm cầu`,
		'token-file-missing': ({file, suggestion}) =>
			`không có tệp mã ${file}${suggestion ? ` (có phải là ${suggestion}?)` : ''}: hãy sửa lại đường dẫn, hoặc ghi mã của điểm cầu vào đó (diemcau token new FILE), cùng tệp với --token-file của agent; nếu mã sẽ được tạo sau, hãy kiểm tra với --allow-missing-tokens`,
		'token-file-refused': ({problem}) => wordTokenFileProblem(problem, 'vi'),
	},
});

const refs = (sites: readonly SiteRef[]) => sites.map(site => `${site.path} (${site.id})`).join(', ');
const TOKEN_FIX = {
	en: "write the site's token there (diemcau token new FILE), the same as its agent's --token-file (until then the hub shows this site down)",
	vi: 'hãy ghi mã của điểm cầu vào đó (diemcau token new FILE), cùng tệp với --token-file của agent (cho đến lúc đó điểm cầu chính coi điểm cầu này là mất kết nối)',
};
const SHARED_FIX = {
	en: "whoever holds one site's token can pose as the others; give each site its own (diemcau token new FILE)",
	vi: 'ai có mã của một điểm cầu cũng giả được các điểm cầu kia; hãy cho mỗi điểm cầu một mã riêng (diemcau token new FILE)',
};

/** A plan's warnings, the text after the field path. */
export const planWarningWords = defineWords<PlanWarningParams>({
	en: {
		'plain-ws': ({endpoint}) =>
			`${endpoint} is plain ws:// outside loopback and private networks: anyone on the path can read and delay the probes; use wss:// (see the README, "Security")`,
		'token-env-unset': ({variable}) =>
			`environment variable ${variable} is not set: set it before \`diemcau run\` (until then the hub shows this site down)`,
		'token-file-missing': ({file}) =>
			`token file ${file} does not exist yet: write the site's token there (diemcau token new FILE), the same file as its agent's --token-file (until then the hub shows this site down)`,
		'token-file-empty': ({file}) => `token file ${file} is empty: ${TOKEN_FIX.en}`,
		'token-file-unreadable': ({file, errno}) => `cannot read token file ${file}${errno ? ` (${errno})` : ''}: ${TOKEN_FIX.en}`,
		'token-file-open': ({file}) => `token file ${file} can be read by other users: run chmod 600 ${file}`,
		'token-file-shared': ({sites, file}) => `${refs(sites)} share the token file ${file}: ${SHARED_FIX.en}`,
		'token-shared': ({sites}) => `${refs(sites)} have the same token: ${SHARED_FIX.en}`,
		'ca-missing': ({file}) => `cannot read ${file}: no such file`,
		'listen-missing': ({count}) =>
			`${count} site(s) dial out (connect: dial-out) but the hub has no listen address: add hub.listen: "0.0.0.0:7700", or give every hub command --listen HOST:PORT`,
		'listen-loopback': ({address}) =>
			`${address} is reachable only from this PC: the communes' agents cannot call it (0.0.0.0:PORT listens on every network)`,
		'date-past': ({date, today}) =>
			`${date} is already past (today is ${today}): write the meeting's date, or its planned end shows days behind`,
	},
	vi: {
		'plain-ws': ({endpoint}) =>
			`${endpoint} dùng ws:// không mã hóa qua mạng công cộng: ai ở giữa đường truyền cũng đọc và làm chậm được các lần đo; hãy dùng wss:// (xem README, mục "Security")`,
		'token-env-unset': ({variable}) =>
			`chưa đặt biến môi trường ${variable}: hãy đặt biến này trước khi chạy \`diemcau run\` (cho đến lúc đó điểm cầu chính coi điểm cầu này là mất kết nối)`,
		'token-file-missing': ({file}) =>
			`chưa có tệp mã ${file}: hãy ghi mã của điểm cầu vào đó (diemcau token new FILE), cùng tệp với --token-file của agent (cho đến lúc đó điểm cầu chính coi điểm cầu này là mất kết nối)`,
		'token-file-empty': ({file}) => `tệp mã ${file} đang trống: ${TOKEN_FIX.vi}`,
		'token-file-unreadable': ({file, errno}) => `không đọc được tệp mã ${file}${errno ? ` (${errno})` : ''}: ${TOKEN_FIX.vi}`,
		'token-file-open': ({file}) => `người khác đọc được tệp mã ${file}: hãy chạy chmod 600 ${file}`,
		'token-file-shared': ({sites, file}) => `${refs(sites)} dùng chung tệp mã ${file}: ${SHARED_FIX.vi}`,
		'token-shared': ({sites}) => `${refs(sites)} có cùng một mã: ${SHARED_FIX.vi}`,
		'ca-missing': ({file}) => `không đọc được ${file}: không có tệp này`,
		'listen-missing': ({count}) =>
			`${count} điểm cầu tự gọi về (connect: dial-out) nhưng điểm cầu chính chưa có địa chỉ nghe: hãy thêm hub.listen: "0.0.0.0:7700", hoặc chạy mọi lệnh của điểm cầu chính với --listen HOST:PORT`,
		'listen-loopback': ({address}) =>
			`${address} chỉ máy này gọi tới được: agent ở các điểm cầu không gọi về được (0.0.0.0:PORT nghe trên mọi mạng)`,
		'date-past': ({date, today}) =>
			`ngày ${date} đã qua (hôm nay là ${today}): hãy ghi đúng ngày họp, nếu không giờ kết thúc dự kiến sẽ lệch nhiều ngày`,
	},
});

const YAML_WORDS: Record<Lang, Record<YamlErrorCode, string>> = {
	en: {
		TAB_AS_INDENT: 'a tab is used to indent; YAML indents with spaces only: replace the tab with spaces',
		DUPLICATE_KEY: 'this field is written twice in the same section: keep one',
		BAD_INDENT: 'the indentation does not line up: fields of one section start in the same column, with spaces',
		BAD_DIRECTIVE: 'a line starting with % is not allowed here',
		MISSING_CHAR: 'a closing quote or bracket is missing',
		BLOCK_AS_IMPLICIT_KEY: 'two "key:" on one line: put a value that has a colon in quotes ("…")',
		MULTILINE_IMPLICIT_KEY: 'a field name runs over two lines: put it on one line',
		UNEXPECTED_TOKEN: 'a character YAML does not expect here (a stray bracket, comma or quote?)',
		ALIAS_PROPS: 'an alias (*name) cannot have a tag or anchor',
		BAD_ALIAS: 'an alias (*name) that names no anchor (&name)',
		BAD_DQ_ESCAPE: 'a backslash in double quotes starts an escape YAML does not know: write \\\\ for a backslash, or use single quotes',
		BAD_PROP_ORDER: 'an anchor (&name) or tag (!tag) is in the wrong place',
		BAD_SCALAR_START: 'a value cannot start with this character (@ ` | > …): put the value in quotes',
		BLOCK_IN_FLOW: 'a list or section written on lines inside […] or {…}: write it inside the brackets, or drop the brackets',
		IMPOSSIBLE: 'the YAML cannot be read here',
		KEY_OVER_1024_CHARS: 'a field name is longer than 1024 characters',
		MULTIPLE_ANCHORS: 'a value has two anchors (&name): keep one',
		MULTIPLE_DOCS: 'the file holds more than one YAML document (a line "---" in the middle?): a plan is one document',
		MULTIPLE_TAGS: 'a value has two tags (!tag): keep one',
		NON_STRING_KEY: 'a field name must be plain text, not a list or a section',
		RESOURCE_EXHAUSTION: 'aliases (*name) expand into far too much data to be a plan',
		TAG_RESOLVE_FAILED: 'a tag (!tag) YAML does not know: remove it',
		BAD_COLLECTION_TYPE: 'a tag (!tag) that does not fit this list or section: remove it',
	},
	vi: {
		TAB_AS_INDENT: 'có dấu tab để thụt lề; YAML chỉ thụt lề bằng dấu cách: hãy thay tab bằng dấu cách',
		DUPLICATE_KEY: 'trường này được viết hai lần trong cùng một mục: hãy giữ một',
		BAD_INDENT: 'thụt lề không thẳng hàng: các trường của một mục phải bắt đầu cùng một cột, bằng dấu cách',
		BAD_DIRECTIVE: 'không được có dòng bắt đầu bằng % ở đây',
		MISSING_CHAR: 'thiếu dấu ngoặc kép hoặc dấu ngoặc đóng',
		BLOCK_AS_IMPLICIT_KEY: 'có hai "tên:" trên một dòng: giá trị có dấu hai chấm phải đặt trong ngoặc kép ("…")',
		MULTILINE_IMPLICIT_KEY: 'tên trường bị xuống dòng: hãy viết trên một dòng',
		UNEXPECTED_TOKEN: 'có ký tự YAML không chờ đợi ở đây (thừa dấu ngoặc, dấu phẩy hay dấu ngoặc kép?)',
		ALIAS_PROPS: 'bí danh (*tên) không được có thẻ hay neo',
		BAD_ALIAS: 'bí danh (*tên) không trỏ tới neo nào (&tên)',
		BAD_DQ_ESCAPE:
			'dấu gạch chéo ngược trong ngoặc kép tạo một mã thoát YAML không hiểu: hãy viết \\\\ cho một dấu gạch chéo ngược, hoặc dùng ngoặc đơn',
		BAD_PROP_ORDER: 'neo (&tên) hoặc thẻ (!thẻ) đặt sai chỗ',
		BAD_SCALAR_START: 'giá trị không được bắt đầu bằng ký tự này (@ ` | > …): hãy đặt giá trị trong ngoặc kép',
		BLOCK_IN_FLOW: 'có danh sách hoặc mục con viết theo dòng bên trong […] hay {…}: hãy viết gọn trong ngoặc, hoặc bỏ ngoặc',
		IMPOSSIBLE: 'không đọc được YAML ở chỗ này',
		KEY_OVER_1024_CHARS: 'tên trường dài quá 1024 ký tự',
		MULTIPLE_ANCHORS: 'một giá trị có hai neo (&tên): hãy giữ một',
		MULTIPLE_DOCS: 'tệp có nhiều hơn một tài liệu YAML (có dòng "---" ở giữa?): kế hoạch chỉ là một tài liệu',
		MULTIPLE_TAGS: 'một giá trị có hai thẻ (!thẻ): hãy giữ một',
		NON_STRING_KEY: 'tên trường phải là chữ, không phải danh sách hay mục con',
		RESOURCE_EXHAUSTION: 'các bí danh (*tên) bung ra quá nhiều dữ liệu, không thể là một kế hoạch',
		TAG_RESOLVE_FAILED: 'thẻ (!thẻ) YAML không hiểu: hãy bỏ thẻ này',
		BAD_COLLECTION_TYPE: 'thẻ (!thẻ) không hợp với danh sách hay mục con này: hãy bỏ thẻ này',
	},
};

/** Why a plan's text is not YAML or JSON. The parser's own words, when no code says more, are quoted as they are. */
export const planSyntaxWords = defineWords<PlanSyntaxParams>({
	en: {
		yaml: ({code}) => YAML_WORDS.en[code],
		'too-deep': () => 'it is nested far too deeply to be a plan',
		'json-syntax': ({text}) => `${text} (a missing comma or quote?)`,
		'parser-words': ({text}) => text,
	},
	vi: {
		yaml: ({code}) => YAML_WORDS.vi[code],
		'too-deep': () => 'lồng nhau quá sâu, không thể là một kế hoạch',
		// Node's own English words of the error are left out: the line, column and quoted line say where.
		'json-syntax': () => 'lỗi cú pháp JSON: thiếu dấu phẩy hoặc dấu ngoặc kép?',
		'parser-words': ({text}) => `lỗi cú pháp (${text})`,
	},
});

/** The head line of a plan that cannot be used. */
export const planHeadWords = defineWords<PlanHeadParams>({
	en: {
		'plan-missing': ({file}) => `Cannot read plan ${file}: no such file.`,
		'plan-folder': ({file}) => `Cannot read plan ${file}: it is a folder.`,
		'plan-unreadable': ({file, errno}) => `Cannot read plan ${file}: ${errno}.`,
		'plan-extension': ({file}) => `Plan ${file}: the file name must end in .yaml, .yml or .json.`,
		'plan-syntax': ({file, format}) => `Plan ${file} is not valid ${format}:`,
		'plan-problems': ({file, count}) => `Plan ${file} has ${count} problem(s):`,
		'tokens-weak': ({file, count, min}) => `${count} site token(s) of ${file} are too weak to probe with (at least ${min} bits):`,
	},
	vi: {
		'plan-missing': ({file}) => `Không đọc được kế hoạch ${file}: không có tệp này.`,
		'plan-folder': ({file}) => `Không đọc được kế hoạch ${file}: đó là một thư mục.`,
		'plan-unreadable': ({file, errno}) => `Không đọc được kế hoạch ${file} (${errno}).`,
		'plan-extension': ({file}) => `Kế hoạch ${file}: tên tệp phải kết thúc bằng .yaml, .yml hoặc .json.`,
		'plan-syntax': ({file, format}) => `Kế hoạch ${file} không đúng cú pháp ${format}:`,
		'plan-problems': ({file, count}) => `Kế hoạch ${file} có ${count} lỗi:`,
		'tokens-weak': ({file, count, min}) =>
			`${count} mã truy cập của điểm cầu trong ${file} quá yếu, không dùng để đo được (cần ít nhất ${min} bit):`,
	},
});

/** A field path as printed: the top level has none. */
function wordPath(path: string, lang: Lang): string {
	return path === '' ? (lang === 'vi' ? '(cấp ngoài cùng)' : '(top level)') : path;
}

/** One problem of a plan, led by its field path. */
export function wordPlanProblem(problem: PlanProblem, lang: Lang): string {
	return `${wordPath(problem.path, lang)}: ${planProblemWords.word(problem.message, lang)}`;
}

/** One warning of a plan, led by its field path. */
export function wordPlanWarning(warning: PlanWarning, lang: Lang): string {
	return `${wordPath(warning.path, lang)}: ${planWarningWords.word(warning.message, lang)}`;
}

/** One syntax problem, at its line and column with the line quoted when the parser says where. */
export function wordPlanSyntax(problem: PlanSyntaxProblem, lang: Lang): string {
	const words = planSyntaxWords.word(problem.message, lang);
	if (!problem.at) return words;
	const {line, column, quote} = problem.at;
	return lang === 'vi'
		? `dòng ${line}, cột ${column}: ${words}  (dòng ${line}: "${quote}")`
		: `line ${line}, column ${column}: ${words}  (line ${line}: "${quote}")`;
}

/** What a plan error prints: its head line and the lines under it. */
export interface PlanErrorWords {
	message: string;
	details: string[];
}

/** A plan that cannot be used, in a language: its head, then every problem (a single syntax problem on the head line). */
export function wordPlanError(
	head: PlanHeadMessage,
	problems: readonly PlanProblem[],
	syntax: readonly PlanSyntaxProblem[],
	lang: Lang,
): PlanErrorWords {
	const message = planHeadWords.word(head, lang);
	if (head.code === 'plan-syntax' && syntax.length === 1) return {message: `${message} ${wordPlanSyntax(syntax[0]!, lang)}`, details: []};
	return {
		message,
		details: [...syntax.map(problem => wordPlanSyntax(problem, lang)), ...problems.map(problem => wordPlanProblem(problem, lang))],
	};
}
