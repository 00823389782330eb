import {wordTokenFileProblem, type TokenFileProblem} from '../model/token-file-words.js';
import {defineWords, type Message} from './catalog.js';

// The errors a command stops with (DiemcauError, src/cli/errors.ts): each is a code and its
// parameters, worded here in English (the error's `message`, what logs and JSON keep) and in
// Vietnamese (what report-error.ts prints for a Vietnamese user). Flags, file names, values and
// commands to type stay as they are in both languages. A help text that follows a usage error is
// the reference and is not worded here.

/** A value quoted as the user typed it. */
const q = (value: string) => `"${value}"`;

/** What is wrong with a journal's line. */
export type JournalFault =
	| {code: 'not-json' | 'not-object' | 'seq' | 'at' | 'by' | 'header-incomplete'}
	| {code: 'field'; path: string; detail: string}
	| {code: 'version'; version: string}
	| {code: 'sequence'; expected: number; found: number};

/** A journal line's fault in English (the error's message, and parseEvent's problem). */
export function journalFaultEnglish(fault: JournalFault): string {
	switch (fault.code) {
		case 'not-json':
			return 'it is not JSON';
		case 'not-object':
			return 'it is not a JSON object';
		case 'seq':
			return '"seq" is not a positive whole number';
		case 'at':
			return '"at" is not an ISO-8601 time';
		case 'by':
			return '"by" is not a screen name';
		case 'header-incomplete':
			return 'its header line is incomplete';
		case 'field':
			return `${fault.path ? `"${fault.path}": ` : ''}${fault.detail}`;
		case 'version':
			return `it is journal version ${fault.version}; this diemcau reads version 1`;
		case 'sequence':
			return `expected event number ${fault.expected}, found ${fault.found}`;
	}
}

function journalFaultVi(fault: JournalFault): string {
	switch (fault.code) {
		case 'not-json':
			return 'dòng không phải JSON';
		case 'not-object':
			return 'dòng không phải một đối tượng JSON';
		case 'seq':
			return '"seq" không phải số nguyên dương';
		case 'at':
			return '"at" không phải thời điểm dạng ISO-8601';
		case 'by':
			return '"by" không phải tên màn hình';
		case 'header-incomplete':
			return 'dòng tiêu đề thiếu thông tin';
		case 'field':
			return `${fault.path ? `trường "${fault.path}"` : 'sự kiện'} không hợp lệ`;
		case 'version':
			return `nhật ký phiên bản ${fault.version}; bản diemcau này đọc phiên bản 1`;
		case 'sequence':
			return `cần sự kiện số ${fault.expected}, gặp số ${fault.found}`;
	}
}

/** The parameters of every error message, by code. */
export type ErrorParams = {
	// The command line (src/cli/command.ts, each command's own checks)
	'option-unknown': {option: string};
	'option-needs-value': {option: string};
	'option-takes-no-value': {option: string};
	'option-misused': {option: string};
	'argument-missing': Record<string, never>;
	'argument-unexpected': {value: string};
	'option-whole-number': {option: string; min: number; max: number; value: string};
	'option-duration': {option: string; value: string};
	'option-not-positive': {option: string};
	'option-choice': {option: string; choices: readonly string[]; value: string};
	'option-at-most': {option: string; max: string; value?: string};
	'option-range': {option: string; from: string; to: string; value: string};
	'option-host-port': {option: string; value: string};
	'video-rate': {value: string};
	'video-rate-high': {value: string};
	'video-rate-low': {value: string};
	'options-together': {first: string; second: string};
	'docx-needs-out': Record<string, never>;
	'no-plan-given': Record<string, never>;
	'no-plan-run-here': Record<string, never>;
	'no-journal-yet': {dir: string};
	'needs-terminal': {command: string};
	'token-subcommand': {value: string};
	'plan-verb-missing': Record<string, never>;
	'plan-verb-is-file': {file: string};
	'plan-subcommand': {value: string};
	'plan-missing': Record<string, never>;
	'token-file-exists': {file: string};
	'no-such-folder': {file: string};
	'cannot-write': {file: string; why: string};
	'out-folder-missing': {file: string; dir: string};
	'out-is-folder': {file: string};
	'minutes-unwritable': {file: string; why: string};
	'listen-missing': {sites: readonly string[]; more: number; file: string};
	'simulated-agent-failed': {why: string};
	'demo-fixture-missing': Record<string, never>;
	// The agent (src/commands/agent.ts)
	'agent-console-many': Record<string, never>;
	'agent-console-stdin': Record<string, never>;
	'agent-many-site': Record<string, never>;
	'agent-site-required': Record<string, never>;
	'agent-site-id': {value: string};
	'agent-hub-url': {value: string};
	'agent-hub-scheme': {scheme: string};
	'agent-hub-path': {path: string; expected: string};
	'agent-hub-dials-out': Record<string, never>;
	'agent-ca-needs-wss': Record<string, never>;
	'agent-port-in-use': {where: string; port: number; next: number};
	'agent-port-denied': {where: string};
	'agent-host-not-here': {where: string; host: string};
	'agent-many-unreadable': {file: string; why: string};
	'agent-many-invalid': {file: string};
	'token-none': Record<string, never>;
	/** `why`: 'empty', ENOENT, or another system code. */
	'token-unreadable': {file: string; why: string};
	/** A token file that is not a small regular file of this user (a FIFO, a device, a folder, too big, a link to another user's file). */
	'token-file-refused': {problem: TokenFileProblem};
	'token-weak': {where: string; bits: number; min: number};
	'pem-unreadable': {option: string; file: string; code: string};
	// The journal (src/hub/journal*.ts)
	'journal-missing': {file: string};
	'journal-unreadable': {file: string; code: string};
	'journal-empty': {file: string};
	'journal-damaged': {file: string; line: number; why: JournalFault};
	'not-a-journal': {file: string; looksLikePlan: boolean};
	'journal-other-meeting': {file: string; title: string; date: string; sites: number; items: number};
	'journal-closed': {file: string};
	/** `code`: the system's error code (ENOSPC…), worded; `error`: the system's text when there is no code it knows. */
	'journal-write': {file: string; code?: string; error: string};
	// The control channel and attach (src/hub/control-*.ts, src/dashboard/attached-feed.ts)
	'control-not-socket': {file: string};
	'control-busy': {file: string};
	'control-path-long': {file: string; bytes: number; max: number};
	'control-no-key': {file: string};
	'other-meeting': {file: string; title: string; date: string; planTitle: string; planDate: string};
	/** A message its own area (the control channel's words) has already worded in both languages. */
	worded: {en: string; vi: string};
	// The hub's listeners and the plan's tokens
	'tokens-weak': {count: number; file: string; bits: number};
	/** `code`: EADDRINUSE, EADDRNOTAVAIL, EACCES (worded) or another, shown with `error`. */
	'listen-failed': {where: string; code?: string; error: string};
	'metrics-failed': {where: string; code?: string; error: string};
	// The plan file (src/plan/plan-file.ts); its problems are the plan's own words
	/** A plan that cannot be used (src/plan/plan-error.ts): its head line, worded from the plan's own catalog area in both languages. */
	'plan-error': {en: string; vi: string};
};

/** An error's message in transit. */
export type ErrorMessage = Message<ErrorParams>;

/** An error's message: its code and that code's parameters, typed together. */
export function says<C extends keyof ErrorParams & string>(
	code: C,
	...params: ErrorParams[C] extends Record<string, never> ? [] : [ErrorParams[C]]
): ErrorMessage {
	return {code, params: params[0] ?? {}} as ErrorMessage;
}

/** Two or three choices read as a list ("md, json or docx"); more as "one of a, b, c, d". */
const orEn = (choices: readonly string[]) =>
	choices.length > 3
		? `one of ${choices.join(', ')}`
		: choices.length <= 2
			? choices.join(' or ')
			: `${choices.slice(0, -1).join(', ')} or ${choices.at(-1)}`;
const orVi = (choices: readonly string[]) =>
	choices.length > 3
		? `một trong các giá trị ${choices.join(', ')}`
		: choices.length <= 2
			? choices.join(' hoặc ')
			: `${choices.slice(0, -1).join(', ')} hoặc ${choices.at(-1)}`;
const sitesEn = (p: {sites: readonly string[]; more: number}) => p.sites.join(', ') + (p.more > 0 ? ` and ${p.more} more` : '');
const sitesVi = (p: {sites: readonly string[]; more: number}) => p.sites.join(', ') + (p.more > 0 ? ` và ${p.more} điểm cầu khác` : '');

const WRITE_WHY_EN: Record<string, string> = {
	ENOSPC: 'the disk is full',
	EFBIG: 'the file is too large',
	EROFS: 'the disk is read-only',
	EACCES: 'permission denied',
	EPERM: 'permission denied',
	EIO: 'disk I/O error',
};
const WRITE_WHY_VI: Record<string, string> = {
	ENOSPC: 'ổ đĩa đã đầy',
	EFBIG: 'tệp quá lớn',
	EROFS: 'ổ đĩa chỉ cho đọc',
	EACCES: 'không có quyền ghi',
	EPERM: 'không có quyền ghi',
	EIO: 'lỗi đọc ghi ổ đĩa',
};
const writeWhyEn = (p: {code?: string; error: string}) => (p.code && WRITE_WHY_EN[p.code]) ?? p.error;
const writeWhyVi = (p: {code?: string; error: string}) => (p.code && WRITE_WHY_VI[p.code]) ?? `lỗi hệ thống (${p.error})`;
const listenWhyVi = (p: {code?: string; error: string}, other: string) =>
	p.code === 'EADDRINUSE'
		? `cổng này đang có chương trình khác dùng (có thể là một điểm cầu chính khác): ${other}`
		: p.code === 'EADDRNOTAVAIL'
			? 'đây không phải địa chỉ của máy này (0.0.0.0 nghe trên mọi địa chỉ)'
			: p.code === 'EACCES'
				? 'cần thêm quyền (hãy dùng cổng trên 1024)'
				: `lỗi hệ thống (${p.error})`;

export const errorWords = defineWords<ErrorParams>({
	en: {
		'option-unknown': p => `Unknown option '${p.option}'`,
		'option-needs-value': p => `Option '${p.option} <value>' argument missing`,
		'option-takes-no-value': p => `Option '${p.option}' does not take an argument`,
		'option-misused': p => `Option '${p.option}' is not used as the help shows`,
		'argument-missing': () => 'missing argument',
		'argument-unexpected': p => `unexpected argument ${q(p.value)}`,
		'option-whole-number': p => `${p.option} takes a whole number from ${p.min} to ${p.max}, not ${q(p.value)}.`,
		'option-duration': p => `${p.option} takes a duration like 90s, 3m or 1h, not ${q(p.value)}.`,
		'option-not-positive': p => `${p.option} must be longer than zero.`,
		'option-choice': p => `${p.option} takes ${orEn(p.choices)}, not ${q(p.value)}.`,
		'option-at-most': p => `${p.option} must be at most ${p.max}${p.value === undefined ? '' : `, not ${q(p.value)}`}.`,
		'option-range': p => `${p.option} must be ${p.from} to ${p.to}, not ${q(p.value)}.`,
		'option-host-port': p =>
			`${p.option} must be HOST:PORT like "127.0.0.1:9464" (an IPv6 host in brackets: "[::1]:9464", a port up to 65535), not ${q(p.value)}.`,
		'video-rate': p => `--video takes a rate like 1500k or 2m (kbit/s, Mbit/s), or 0 to skip it; not ${q(p.value)}.`,
		'video-rate-high': p => `--video must be at most 4m (4,000 kbit/s), not ${q(p.value)}.`,
		'video-rate-low': p => `--video must be at least 50k, or 0 to skip it; not ${q(p.value)}.`,
		'options-together': p => `${p.first} and ${p.second} go together.`,
		'docx-needs-out': () => '--format docx writes a file: add --out FILE.docx.',
		'no-plan-given': () => 'no PLAN given and no plan opened before.',
		'no-plan-run-here': () => 'no PLAN given and no plan run here before: name the plan, --journal FILE or --control PATH.',
		'no-journal-yet': p =>
			`no journal in ${p.dir} yet: give the journal's path, diemcau report JOURNAL (\`diemcau run\` prints it on exit).`,
		'needs-terminal': p =>
			`"${p.command}" needs a terminal (stdin and stdout must be a TTY). Without one, use \`diemcau serve PLAN\` for the hub without a screen, \`diemcau status PLAN\` for a one-shot check of every site or \`diemcau rehearse PLAN\` for a rehearsal with a verdict.`,
		'token-subcommand': p => `unknown token subcommand ${q(p.value)}`,
		'plan-verb-missing': () => 'say what to do: diemcau plan check PLAN',
		'plan-verb-is-file': p => `to check ${p.file}, run: diemcau plan check ${p.file}`,
		'plan-subcommand': p => `unknown plan subcommand ${q(p.value)}`,
		'plan-missing': () => 'missing the PLAN to check: diemcau plan check PLAN',
		'token-file-exists': p => `cannot write ${p.file}: it exists already (remove it first if you mean to replace that token).`,
		'no-such-folder': p => `cannot write ${p.file}: no such folder.`,
		'cannot-write': p => `cannot write ${p.file}: ${p.why}.`,
		'out-folder-missing': p => `Cannot write ${p.file}: the folder ${p.dir} does not exist.`,
		'out-is-folder': p => `Cannot write ${p.file}: it is a folder.`,
		'minutes-unwritable': p => `Cannot write ${p.file}: ${p.why}. Choose a folder you can write to.`,
		'listen-missing': p =>
			`${sitesEn(p)} dial out (connect: dial-out), so the hub must listen for their agents: add hub.listen: "0.0.0.0:7700" to ${p.file}, or pass --listen HOST:PORT.`,
		'simulated-agent-failed': p => `demo: a simulated site agent failed: ${p.why}`,
		'demo-fixture-missing': () => 'demo: fixtures/duc-pho-2021.yaml is missing from the install.',
		'agent-console-many': () => '--console shows one site: it does not go with --many.',
		'agent-console-stdin': () => '--console reads the keyboard: it does not go with --exit-with-stdin.',
		'agent-many-site': () => '--many and --site do not go together.',
		'agent-site-required': () => '--site ID is required.',
		'agent-site-id': p => `--site must use only a-z, 0-9 and "-", not ${q(p.value)}.`,
		'agent-hub-url': p => `--hub must be a URL like ws://HOST:PORT/agent, not ${q(p.value)}.`,
		'agent-hub-scheme': p => `--hub must start with ws:// or wss://, not "${p.scheme}//".`,
		'agent-hub-path': p => `--hub must end in ${p.expected} (the hub's listener for dial-out agents), not ${q(p.path)}.`,
		'agent-hub-dials-out': () => '--hub dials out: it takes no --host, --port or --tls-cert (the hub has the listening port).',
		'agent-ca-needs-wss': () => '--ca goes with a wss:// --hub.',
		'agent-port-in-use': p =>
			`cannot listen on ${p.where} (EADDRINUSE): port ${p.port} is already in use (another agent, or another program, is listening there): pick another with --port, e.g. --port ${p.next}.`,
		'agent-port-denied': p =>
			`cannot listen on ${p.where} (EACCES): permission denied (ports below 1024 need root): pick another with --port, e.g. --port 7701.`,
		'agent-host-not-here': p =>
			`cannot listen on ${p.where} (EADDRNOTAVAIL): ${p.host} is not an address of this PC: pick another --host (0.0.0.0 listens on all of them).`,
		'agent-many-unreadable': p => `--many ${p.file}: ${p.why}`,
		'agent-many-invalid': p => `--many ${p.file} has problems:`,
		'token-none': () => 'no token: pass --token-file F or set DIEMCAU_TOKEN.',
		'token-file-refused': p => `${wordTokenFileProblem(p.problem, 'en')}.`,
		'token-unreadable': p =>
			p.why === 'empty'
				? `token file ${p.file} is empty.`
				: `cannot read token file ${p.file}${p.why === 'ENOENT' ? ': no such file' : ` (${p.why})`}.`,
		'token-weak': p =>
			`${p.where}: the token is too weak (about ${p.bits} bits, at least ${p.min} needed): make a new one with "diemcau token new FILE" and give the same file to the site's agent.`,
		'pem-unreadable': p => `${p.option}: cannot read ${p.file} (${p.code}).`,
		'journal-missing': p => `Cannot read journal ${p.file}: no such file.`,
		'journal-unreadable': p => `Cannot read journal ${p.file}: ${p.code === 'EISDIR' ? 'it is a folder' : p.code}.`,
		'journal-empty': p => `Journal ${p.file} is empty: it has no header line.`,
		'journal-damaged': p =>
			`Journal ${p.file} is damaged at line ${p.line}: ${journalFaultEnglish(p.why)}. It was left untouched: fix or remove that line, or start over with --fresh (the old file is kept).`,
		'not-a-journal': p =>
			p.looksLikePlan
				? `${p.file}: this is not a diemcau journal (it looks like a plan: did you mean \`diemcau run ${p.file}\` (the dashboard) or \`diemcau plan check ${p.file}\`? A journal is the .jsonl file \`run\` writes; \`diemcau report\` without a file reads the last one).`
				: `${p.file}: this is not a diemcau journal (a journal is the .jsonl file \`diemcau run\` writes (it prints its path on exit); \`diemcau report\` without a file reads the last one).`,
		'journal-other-meeting': p =>
			`Journal ${p.file} belongs to another meeting ("${p.title}", ${p.date}, ${p.sites} sites, ${p.items} agenda items). Pick another file with --journal FILE, or start over with --fresh (the old file is kept).`,
		'journal-closed': p => `journal write failed: ${p.file} is closed`,
		'journal-write': p => `journal write failed: ${writeWhyEn(p)}${p.code ? ` (${p.code})` : ''} on ${p.file}`,
		'control-not-socket': p => `${p.file} exists and is not a socket: move it away, or choose another control socket with --control PATH.`,
		'control-busy': p =>
			`a hub already runs on this journal (its control socket ${p.file} answers): attach to it with \`diemcau attach\`, or stop it first.`,
		'control-path-long': p =>
			`the control socket path ${p.file} is ${p.bytes} bytes, more than a Unix socket takes (${p.max}): choose a shorter one with --control PATH.`,
		'control-no-key': p => `no control key at ${p.file}`,
		'other-meeting': p =>
			`the hub at ${p.file} runs another meeting ("${p.title}", ${p.date}), not the plan's ("${p.planTitle}", ${p.planDate}): name the right one with --journal FILE or --control PATH.`,
		worded: p => p.en,
		'tokens-weak': p => `${p.count} site token(s) of ${p.file} are too weak to probe with (at least ${p.bits} bits):`,
		'listen-failed': p =>
			`cannot listen for dial-out agents on ${
				p.code === 'EADDRINUSE'
					? `${p.where} is already in use (another hub, or another program): choose another port with --listen HOST:PORT`
					: p.code === 'EADDRNOTAVAIL'
						? `${p.where} is not an address of this machine (0.0.0.0 listens on all of them)`
						: p.code === 'EACCES'
							? `${p.where} needs more privileges (use a port above 1024)`
							: `${p.where}: ${p.error}`
			}.`,
		'metrics-failed': p =>
			`cannot serve /metrics on ${
				p.code === 'EADDRINUSE'
					? `${p.where} is already in use (another hub, or another exporter): choose another port`
					: p.code === 'EADDRNOTAVAIL'
						? `${p.where} is not an address of this machine`
						: p.code === 'EACCES'
							? `${p.where} needs more privileges (use a port above 1024)`
							: `${p.where}: ${p.error}`
			}.`,
		'plan-error': p => p.en,
	},
	vi: {
		'option-unknown': p => `không có tùy chọn ${p.option}`,
		'option-needs-value': p => `tùy chọn ${p.option} cần một giá trị`,
		'option-takes-no-value': p => `tùy chọn ${p.option} không nhận giá trị`,
		'option-misused': p => `tùy chọn ${p.option} dùng chưa đúng như phần hướng dẫn`,
		'argument-missing': () => 'thiếu tham số',
		'argument-unexpected': p => `thừa tham số ${q(p.value)}`,
		'option-whole-number': p => `${p.option} nhận một số nguyên từ ${p.min} đến ${p.max}, không nhận ${q(p.value)}.`,
		'option-duration': p => `${p.option} nhận một khoảng thời gian như 90s, 3m hoặc 1h, không nhận ${q(p.value)}.`,
		'option-not-positive': p => `${p.option} phải lớn hơn 0.`,
		'option-choice': p => `${p.option} nhận ${orVi(p.choices)}, không nhận ${q(p.value)}.`,
		'option-at-most': p => `${p.option} nhiều nhất là ${p.max}${p.value === undefined ? '' : `, không nhận ${q(p.value)}`}.`,
		'option-range': p => `${p.option} phải từ ${p.from} đến ${p.to}, không nhận ${q(p.value)}.`,
		'option-host-port': p =>
			`${p.option} nhận địa chỉ dạng HOST:PORT như "127.0.0.1:9464" (máy IPv6 đặt trong ngoặc vuông: "[::1]:9464", cổng tối đa 65535), không nhận ${q(p.value)}.`,
		'video-rate': p => `--video nhận một tốc độ như 1500k hoặc 2m (kbit/s, Mbit/s), hoặc 0 để bỏ qua; không nhận ${q(p.value)}.`,
		'video-rate-high': p => `--video nhiều nhất là 4m (4.000 kbit/s), không nhận ${q(p.value)}.`,
		'video-rate-low': p => `--video ít nhất là 50k, hoặc 0 để bỏ qua; không nhận ${q(p.value)}.`,
		'options-together': p => `${p.first} và ${p.second} phải đi cùng nhau.`,
		'docx-needs-out': () => '--format docx ghi ra tệp: hãy thêm --out FILE.docx.',
		'no-plan-given': () => 'chưa chỉ ra kế hoạch (PLAN), và trước đây chưa mở kế hoạch nào.',
		'no-plan-run-here': () =>
			'chưa chỉ ra kế hoạch (PLAN), và máy này chưa chạy kế hoạch nào: hãy ghi kế hoạch, --journal FILE hoặc --control PATH.',
		'no-journal-yet': p =>
			`chưa có nhật ký nào trong ${p.dir}: hãy ghi đường dẫn nhật ký, diemcau report JOURNAL (\`diemcau run\` in ra đường dẫn này khi thoát).`,
		'needs-terminal': p =>
			`"${p.command}" cần một cửa sổ dòng lệnh thật (stdin và stdout phải là TTY). Không có thì hãy dùng \`diemcau serve PLAN\` cho điểm cầu chính không màn hình, \`diemcau status PLAN\` để kiểm tra nhanh mọi điểm cầu, hoặc \`diemcau rehearse PLAN\` để kiểm tra đường truyền có kết luận.`,
		'token-subcommand': p => `lệnh token không có việc ${q(p.value)}`,
		'plan-verb-missing': () => 'hãy nói cần làm gì: diemcau plan check PLAN',
		'plan-verb-is-file': p => `muốn kiểm tra ${p.file} thì hãy chạy: diemcau plan check ${p.file}`,
		'plan-subcommand': p => `lệnh plan không có việc ${q(p.value)}`,
		'plan-missing': () => 'thiếu kế hoạch cần kiểm tra: diemcau plan check PLAN',
		'token-file-exists': p => `không ghi được ${p.file}: tệp đã có (muốn thay mã đó thì hãy xóa tệp trước).`,
		'no-such-folder': p => `không ghi được ${p.file}: không có thư mục này.`,
		'cannot-write': p => `không ghi được ${p.file} (${p.why}).`,
		'out-folder-missing': p => `Không ghi được ${p.file}: thư mục ${p.dir} không tồn tại.`,
		'out-is-folder': p => `Không ghi được ${p.file}: đó là một thư mục.`,
		'minutes-unwritable': p => `Không ghi được ${p.file} (${p.why}). Hãy chọn một thư mục ghi được.`,
		'listen-missing': p =>
			`${sitesVi(p)} tự gọi về điểm cầu chính (connect: dial-out), nên điểm cầu chính phải mở cổng chờ agent của các điểm cầu này: hãy thêm hub.listen: "0.0.0.0:7700" vào ${p.file}, hoặc dùng --listen HOST:PORT.`,
		'simulated-agent-failed': p => `demo: agent của một điểm cầu mô phỏng bị lỗi (${p.why})`,
		'demo-fixture-missing': () => 'demo: bản cài đặt thiếu tệp fixtures/duc-pho-2021.yaml.',
		'agent-console-many': () => '--console chỉ hiển thị một điểm cầu: không dùng cùng --many được.',
		'agent-console-stdin': () => '--console đọc bàn phím: không dùng cùng --exit-with-stdin được.',
		'agent-many-site': () => '--many và --site không dùng cùng nhau được.',
		'agent-site-required': () => 'cần có --site ID (mã điểm cầu).',
		'agent-site-id': p => `--site chỉ gồm chữ a-z, số 0-9 và dấu "-", không nhận ${q(p.value)}.`,
		'agent-hub-url': p => `--hub phải là một địa chỉ dạng ws://HOST:PORT/agent, không nhận ${q(p.value)}.`,
		'agent-hub-scheme': p => `--hub phải bắt đầu bằng ws:// hoặc wss://, không nhận "${p.scheme}//".`,
		'agent-hub-path': p => `--hub phải kết thúc bằng ${p.expected} (cổng chờ agent tự gọi về của điểm cầu chính), không nhận ${q(p.path)}.`,
		'agent-hub-dials-out': () =>
			'--hub là agent tự gọi về điểm cầu chính: khi đó không dùng --host, --port hay --tls-cert (cổng chờ nằm ở điểm cầu chính).',
		'agent-ca-needs-wss': () => '--ca chỉ dùng với --hub dạng wss://.',
		'agent-port-in-use': p =>
			`không mở được cổng chờ ở ${p.where} (EADDRINUSE): cổng ${p.port} đang có chương trình khác (hoặc một agent khác) dùng: hãy chọn cổng khác bằng --port, ví dụ --port ${p.next}.`,
		'agent-port-denied': p =>
			`không mở được cổng chờ ở ${p.where} (EACCES): không có quyền (cổng dưới 1024 cần quyền root): hãy chọn cổng khác bằng --port, ví dụ --port 7701.`,
		'agent-host-not-here': p =>
			`không mở được cổng chờ ở ${p.where} (EADDRNOTAVAIL): ${p.host} không phải địa chỉ của máy này: hãy chọn --host khác (0.0.0.0 nghe trên mọi địa chỉ).`,
		'agent-many-unreadable': p => `--many ${p.file}: đọc tệp bị lỗi (${p.why})`,
		'agent-many-invalid': p => `--many ${p.file} có lỗi:`,
		'token-none': () => 'chưa có mã bí mật: hãy dùng --token-file F hoặc đặt biến môi trường DIEMCAU_TOKEN.',
		'token-file-refused': p => `${wordTokenFileProblem(p.problem, 'vi')}.`,
		'token-unreadable': p =>
			p.why === 'empty'
				? `tệp mã bí mật ${p.file} trống.`
				: `không đọc được tệp mã bí mật ${p.file}${p.why === 'ENOENT' ? ': không có tệp này' : ` (${p.why})`}.`,
		'token-weak': p =>
			`${p.where}: mã bí mật quá yếu (khoảng ${p.bits} bit, cần ít nhất ${p.min}): hãy tạo mã mới bằng "diemcau token new FILE" và đưa đúng tệp đó cho agent của điểm cầu.`,
		'pem-unreadable': p => `${p.option}: không đọc được ${p.file} (${p.code}).`,
		'journal-missing': p => `Không đọc được nhật ký ${p.file}: không có tệp này.`,
		'journal-unreadable': p =>
			p.code === 'EISDIR' ? `Không đọc được nhật ký ${p.file}: đó là một thư mục.` : `Không đọc được nhật ký ${p.file} (${p.code}).`,
		'journal-empty': p => `Nhật ký ${p.file} trống: không có dòng tiêu đề.`,
		'journal-damaged': p =>
			`Nhật ký ${p.file} bị hỏng ở dòng ${p.line} (${journalFaultVi(p.why)}). Tệp được giữ nguyên: hãy sửa hoặc xóa dòng đó, hoặc bắt đầu lại với --fresh (tệp cũ vẫn được giữ).`,
		'not-a-journal': p =>
			p.looksLikePlan
				? `${p.file}: đây không phải nhật ký diemcau mà là một kế hoạch: hãy chạy \`diemcau run ${p.file}\` (bảng điều khiển) hoặc \`diemcau plan check ${p.file}\`. Nhật ký là tệp .jsonl do \`run\` ghi; \`diemcau report\` không kèm tệp sẽ đọc nhật ký gần nhất.`
				: `${p.file}: đây không phải nhật ký diemcau. Nhật ký là tệp .jsonl do \`diemcau run\` ghi (đường dẫn được in ra khi thoát); \`diemcau report\` không kèm tệp sẽ đọc nhật ký gần nhất.`,
		'journal-other-meeting': p =>
			`Nhật ký ${p.file} là của một hội nghị khác (“${p.title}”, ${p.date}, ${p.sites} điểm cầu, ${p.items} mục chương trình). Hãy chọn tệp khác bằng --journal FILE, hoặc bắt đầu lại với --fresh (tệp cũ vẫn được giữ).`,
		'journal-closed': p => `không ghi được nhật ký: ${p.file} đã đóng`,
		'journal-write': p => `không ghi được nhật ký ${p.file}: ${writeWhyVi(p)}${p.code ? ` (${p.code})` : ''}`,
		'control-not-socket': p =>
			`${p.file} đã có và không phải ổ điều khiển (socket): hãy chuyển nó đi, hoặc chọn ổ điều khiển khác bằng --control PATH.`,
		'control-busy': p =>
			`đã có một điểm cầu chính chạy trên nhật ký này (ổ điều khiển ${p.file} đang trả lời): hãy gắn vào bằng \`diemcau attach\`, hoặc dừng nó trước.`,
		'control-path-long': p =>
			`đường dẫn ổ điều khiển ${p.file} dài ${p.bytes} byte, quá mức một Unix socket cho phép (${p.max}): hãy chọn đường dẫn ngắn hơn bằng --control PATH.`,
		'control-no-key': p => `chưa có khóa điều khiển ở ${p.file}`,
		'other-meeting': p =>
			`điểm cầu chính ở ${p.file} đang chạy hội nghị khác (“${p.title}”, ${p.date}), không phải hội nghị của kế hoạch (“${p.planTitle}”, ${p.planDate}): hãy chỉ đúng bằng --journal FILE hoặc --control PATH.`,
		worded: p => p.vi,
		'tokens-weak': p => `${p.count} mã bí mật của điểm cầu trong ${p.file} quá yếu để dùng đo (cần ít nhất ${p.bits} bit):`,
		'listen-failed': p =>
			`không mở được cổng chờ agent tự gọi về ở ${p.where}: ${listenWhyVi(p, 'hãy chọn cổng khác bằng --listen HOST:PORT')}.`,
		'metrics-failed': p => `không mở được /metrics ở ${p.where}: ${listenWhyVi(p, 'hãy chọn cổng khác')}.`,
		'plan-error': p => p.vi,
	},
});
