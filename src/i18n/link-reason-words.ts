import {linkReason as reason, type LinkReason, type LinkReasonParams, type TlsProblem} from '../model/link/link-reasons.js';
import {wordTokenFileProblem} from '../model/token-file-words.js';
import {defineWords, type Lang, type Wordings} from './catalog.js';

// Why a link is down, as a code with parameters (src/model/link/link-reasons.ts), and its words in
// each language: an area of the catalog, each code's two wordings side by side.
// The wire (probes/disconnect-reason.ts) raises the code; link stats, monitor events, the feed and
// the attach protocol carry it; every screen, alert, log line and document words it here in the
// reader's language. The English wording is exactly the text `--json` outputs and the journal have
// always carried, for scripts. `legacyReasonCode` reads such a text back into its code: only for
// journals written before the journal carried the code.

export type {LinkReasonParams};

/** A reason as data: the stable code and its parameters (the model's LinkReason). */
export type ReasonCode = LinkReason;

export type ReasonCodeName = keyof LinkReasonParams;
type Wording<C extends ReasonCodeName> = {[L in Lang]: (reason: LinkReasonParams[C]) => string};

const paren = (detail: string) => (detail ? ` (${detail})` : '');

// What each TLS problem means in Vietnamese (the code comes from Node's error code); OpenSSL's raw
// text follows in parentheses, for whoever fixes the certificate.
const TLS_VI: {[P in TlsProblem]: string | null} = {
	'self-signed-chain': 'chứng chỉ gốc trong chuỗi là tự ký, máy này không tin cậy',
	'self-signed': 'chứng chỉ tự ký, máy này không tin cậy',
	expired: 'chứng chỉ đã hết hạn: hãy gia hạn chứng chỉ (hoặc xem lại đồng hồ máy)',
	'not-yet-valid': 'chứng chỉ chưa đến ngày hiệu lực: hãy xem lại đồng hồ máy',
	'wrong-name': 'chứng chỉ không mang tên máy ghi trong địa chỉ endpoint',
	'untrusted-issuer': 'chứng chỉ không do một tổ chức cấp CA mà máy này tin cậy ký, hoặc thiếu chứng chỉ trung gian',
	revoked: 'chứng chỉ đã bị thu hồi',
	'not-tls': 'bên kia không dùng TLS: có thể địa chỉ phải là ws:// chứ không phải wss://',
	unknown: null,
};

const errnoEn = (errno: string) => (errno === 'ENOENT' ? ': no such file' : errno ? ` (${errno})` : '');
const errnoVi = (errno: string) => (errno === 'ENOENT' ? ': không có tệp này' : errno ? ` (${errno})` : '');

// Every code's words, both languages side by side. The English is exactly the text the wire has always written.
const WORDS: {[C in ReasonCodeName]: Wording<C>} = {
	'connection-refused': {en: () => 'connection refused', vi: () => 'bị từ chối kết nối (agent chưa chạy hoặc sai cổng)'},
	'connection-reset': {en: () => 'connection reset', vi: () => 'kết nối bị ngắt giữa chừng'},
	timeout: {en: () => 'timeout', vi: () => 'quá thời gian chờ'},
	'host-not-found': {en: () => 'host not found', vi: () => 'không tìm thấy máy (sai tên máy)'},
	'host-unreachable': {en: () => 'host unreachable', vi: () => 'không tới được máy (mạng không thông)'},
	'frame-too-large': {en: () => 'frame too large', vi: () => 'gói tin quá lớn'},
	'sent-garbage': {en: () => 'sent garbage', vi: () => 'gửi dữ liệu không hợp lệ'},
	tls: {
		en: r => `TLS: ${r.detail}`,
		vi: r => {
			const words = TLS_VI[r.problem];
			return words ? `lỗi TLS: ${words}${paren(r.detail)}` : `lỗi kết nối bảo mật TLS${paren(r.detail)}`;
		},
	},
	'not-agent': {
		en: r => `not a diemcau agent, or an older one (no ${r.protocol} subprotocol: upgrade it)`,
		vi: r => `không phải agent diemcau, hoặc agent bản cũ (thiếu giao thức ${r.protocol}: hãy cập nhật)`,
	},
	'auth-locked': {
		en: () => 'auth failed (the agent refuses this address for a while after wrong tokens)',
		vi: () => 'xác thực thất bại (agent tạm chặn địa chỉ này sau nhiều lần sai mã)',
	},
	'agent-busy': {en: () => 'agent busy (HTTP 503)', vi: () => 'agent bận (HTTP 503)'},
	'agent-busy-legacy': {
		en: () => 'agent busy (too many connections from this address)',
		vi: () => 'agent bận (quá nhiều kết nối từ địa chỉ này)',
	},
	'agent-flooded': {
		en: () => 'agent busy (its pool of unauthenticated connections is full: a flood from many addresses?)',
		vi: () => 'agent bận (hàng chờ kết nối chưa xác thực đã đầy: có thể đang bị tấn công từ nhiều địa chỉ)',
	},
	'agent-full': {
		en: () => 'agent full (it already serves its maximum of sessions, maxConnections)',
		vi: () => 'agent đã đủ số phiên tối đa (maxConnections)',
	},
	'auth-refused-token': {
		en: () => 'auth failed (the agent refused our token)',
		vi: () => 'xác thực thất bại (agent không nhận mã của điểm cầu chính)',
	},
	'auth-wrong-token': {en: () => 'auth failed (wrong token or wrong site)', vi: () => 'xác thực thất bại (sai mã hoặc sai điểm cầu)'},
	'no-agent-at-path': {en: () => 'no diemcau agent at this path (HTTP 404)', vi: () => 'không có agent diemcau ở đường dẫn này (HTTP 404)'},
	'http-refused': {en: r => `refused (HTTP ${r.status})`, vi: r => `bị từ chối (HTTP ${r.status})`},
	'auth-failed': {en: () => 'auth failed', vi: () => 'xác thực thất bại (sai mã)'},
	'auth-unknown-token': {
		en: () => 'auth failed (the agent does not know the token)',
		vi: () => 'xác thực thất bại (agent không nhận mã này)',
	},
	'protocol-error': {en: r => `protocol error${paren(r.detail)}`, vi: r => `lỗi giao thức${paren(r.detail)}`},
	closed: {en: () => 'closed', vi: () => 'kết nối đã đóng'},
	'no-answer': {en: r => `no answer to ${r.probes} probes`, vi: r => `không trả lời ${r.probes} lần đo liên tiếp`},
	'never-answered': {en: () => 'no answer', vi: () => 'không trả lời lần đo nào'},
	'no-steady-answer': {
		en: r => `no steady answer (${r.received} of ${r.sent} probes)`,
		vi: r => `trả lời không đều (${r.received} trên ${r.sent} lần đo)`,
	},
	'link-down': {en: () => 'link down', vi: () => 'đường truyền mất kết nối'},
	'not-connected': {en: () => 'not connected', vi: () => 'agent của điểm cầu chưa gọi về điểm cầu chính'},
	flooding: {
		en: r => `flooding (over ${r.limit} ${r.what === 'roll-call-marks' ? 'roll-call marks' : 'ignored frames'} in ${r.seconds} s)`,
		vi: r =>
			`gửi dồn dập, điểm cầu chính đã ngắt (quá ${r.limit} ${r.what === 'roll-call-marks' ? 'lượt điểm danh' : 'gói tin bị bỏ qua'} trong ${r.seconds} giây)`,
	},
	forged: {en: () => 'forged or corrupted answers', vi: () => 'gói trả lời bị giả mạo hoặc hỏng (sai mã xác thực)'},
	'token-env-unset': {
		en: r => `token: environment variable ${r.variable} is not set`,
		vi: r => `mã truy cập: chưa đặt biến môi trường ${r.variable}`,
	},
	'token-file-empty': {en: r => `token: token file ${r.file} is empty`, vi: r => `mã truy cập: tệp mã ${r.file} trống`},
	'token-file-unreadable': {
		en: r => `token: cannot read token file ${r.file}${errnoEn(r.errno)}`,
		vi: r => `mã truy cập: không đọc được tệp mã ${r.file}${errnoVi(r.errno)}`,
	},
	'token-file-refused': {
		en: r => `token: ${wordTokenFileProblem(r.problem, 'en')}`,
		vi: r => `mã truy cập: ${wordTokenFileProblem(r.problem, 'vi')}`,
	},
	'ca-unreadable': {
		en: r => `cannot read CA file ${r.file}${errnoEn(r.errno)}`,
		vi: r => `không đọc được tệp chứng chỉ CA ${r.file}${errnoVi(r.errno)}`,
	},
	// Node's own words for an error this version has no code for: kept, in parentheses, for whoever fixes it.
	other: {en: r => r.text, vi: r => `lỗi kết nối (${r.text})`},
};

/** One example of each code (the wording test walks these). */
export const REASON_EXAMPLES: {[C in ReasonCodeName]: Extract<ReasonCode, {code: C}>} = {
	'connection-refused': {code: 'connection-refused', params: {}},
	'connection-reset': {code: 'connection-reset', params: {}},
	timeout: {code: 'timeout', params: {}},
	'host-not-found': {code: 'host-not-found', params: {}},
	'host-unreachable': {code: 'host-unreachable', params: {}},
	'frame-too-large': {code: 'frame-too-large', params: {}},
	'sent-garbage': {code: 'sent-garbage', params: {}},
	tls: {code: 'tls', params: {problem: 'self-signed', detail: 'self-signed certificate'}},
	'not-agent': {code: 'not-agent', params: {protocol: 'diemcau.v2'}},
	'auth-locked': {code: 'auth-locked', params: {}},
	'agent-busy': {code: 'agent-busy', params: {}},
	'agent-busy-legacy': {code: 'agent-busy-legacy', params: {}},
	'agent-flooded': {code: 'agent-flooded', params: {}},
	'agent-full': {code: 'agent-full', params: {}},
	'auth-refused-token': {code: 'auth-refused-token', params: {}},
	'auth-wrong-token': {code: 'auth-wrong-token', params: {}},
	'no-agent-at-path': {code: 'no-agent-at-path', params: {}},
	'http-refused': {code: 'http-refused', params: {status: 500}},
	'auth-failed': {code: 'auth-failed', params: {}},
	'auth-unknown-token': {code: 'auth-unknown-token', params: {}},
	'protocol-error': {code: 'protocol-error', params: {detail: 'bad frame'}},
	closed: {code: 'closed', params: {}},
	'no-answer': {code: 'no-answer', params: {probes: 3}},
	'never-answered': {code: 'never-answered', params: {}},
	'no-steady-answer': {code: 'no-steady-answer', params: {received: 2, sent: 5}},
	'link-down': {code: 'link-down', params: {}},
	'not-connected': {code: 'not-connected', params: {}},
	flooding: {code: 'flooding', params: {what: 'roll-call-marks', limit: 30, seconds: 10}},
	forged: {code: 'forged', params: {}},
	'token-env-unset': {code: 'token-env-unset', params: {variable: 'DIEMCAU_TOKEN_PHO_AN'}},
	'token-file-empty': {code: 'token-file-empty', params: {file: '/plans/tokens/pho-an.token'}},
	'token-file-unreadable': {code: 'token-file-unreadable', params: {file: '/plans/tokens/pho-an.token', errno: 'ENOENT'}},
	'token-file-refused': {code: 'token-file-refused', params: {problem: {code: 'directory', file: '/plans/tokens'}}},
	'ca-unreadable': {code: 'ca-unreadable', params: {file: '/plans/ca.pem', errno: 'ENOENT'}},
	other: {code: 'other', params: {text: 'EWHATEVER'}},
};

/** The wire's reasons: an area of the catalog. */
export const linkReasonWords = defineWords<LinkReasonParams>({
	en: Object.fromEntries(Object.entries(WORDS).map(([code, words]) => [code, words.en])) as Wordings<LinkReasonParams>,
	vi: Object.fromEntries(Object.entries(WORDS).map(([code, words]) => [code, words.vi])) as Wordings<LinkReasonParams>,
});

// Parameterless codes by their English text (legacy journals only).
const FIXED = new Map<string, ReasonCode>(
	(Object.keys(REASON_EXAMPLES) as ReasonCodeName[])
		.filter(code => Object.keys(REASON_EXAMPLES[code].params).length === 0)
		.map(code => [linkReasonWords.word(REASON_EXAMPLES[code], 'en'), REASON_EXAMPLES[code]]),
);

// OpenSSL's texts as old journals kept them, to the problem Node's code would have named.
const LEGACY_TLS: ReadonlyArray<readonly [RegExp, TlsProblem]> = [
	[/self[- ]signed certificate in certificate chain/i, 'self-signed-chain'],
	[/self[- ]signed certificate/i, 'self-signed'],
	[/certificate has expired/i, 'expired'],
	[/certificate is not yet valid/i, 'not-yet-valid'],
	[/does not match certificate|altnames|hostname mismatch/i, 'wrong-name'],
	[
		/unable to verify the first certificate|unable to get (local )?issuer certificate|unknown ca|unable to verify leaf signature/i,
		'untrusted-issuer',
	],
	[/certificate revoked/i, 'revoked'],
	[/wrong version number|packet length too long|unknown protocol/i, 'not-tls'],
];

/**
 * The code of a reason's English text, for journals written before the journal carried the code
 * (and texts from parts of the program that still carry a reason as text). No live link reason
 * passes through here: the wire raises the code.
 */
export function legacyReasonCode(text: string): ReasonCode {
	const fixed = FIXED.get(text);
	if (fixed) return fixed;
	let match = /^no answer to (\d+) probes$/.exec(text);
	if (match) return reason('no-answer', {probes: Number(match[1])});
	match = /^no steady answer \((\d+) of (\d+) probes\)$/.exec(text);
	if (match) return reason('no-steady-answer', {received: Number(match[1]), sent: Number(match[2])});
	match = /^refused \(HTTP (\d+)\)$/.exec(text);
	if (match) return reason('http-refused', {status: Number(match[1])});
	match = /^not a diemcau agent, or an older one \(no (\S+) subprotocol: upgrade it\)$/.exec(text);
	if (match) return reason('not-agent', {protocol: match[1]!});
	if (text === 'not a diemcau agent (no diemcau.v1 subprotocol)') return reason('not-agent', {protocol: 'diemcau.v1'});
	match = /^flooding \(over (\d+) (roll-call marks|ignored frames) in (\d+) s\)$/.exec(text);
	if (match)
		return reason('flooding', {
			what: match[2] === 'roll-call marks' ? 'roll-call-marks' : 'ignored-frames',
			limit: Number(match[1]),
			seconds: Number(match[3]),
		});
	match = /^token: environment variable (\S+) is not set$/.exec(text);
	if (match) return reason('token-env-unset', {variable: match[1]!});
	match = /^token: token file (.+) is empty$/s.exec(text);
	if (match) return reason('token-file-empty', {file: match[1]!});
	match = /^token: cannot read token file (.+?)(?:: no such file| \((E[A-Z]+)\))?$/s.exec(text);
	if (match)
		return reason('token-file-unreadable', {file: match[1]!, errno: text.endsWith(': no such file') ? 'ENOENT' : (match[2] ?? '')});
	match = /^cannot read CA file (.+?)(?:: no such file| \((E[A-Z]+)\))?$/s.exec(text);
	if (match) return reason('ca-unreadable', {file: match[1]!, errno: text.endsWith(': no such file') ? 'ENOENT' : (match[2] ?? '')});
	match = /^TLS: (.*)$/s.exec(text);
	if (match) {
		const detail = match[1]!;
		return reason('tls', {problem: LEGACY_TLS.find(([test]) => test.test(detail))?.[1] ?? 'unknown', detail});
	}
	match = /^protocol error(?: \((.*)\))?$/s.exec(text);
	if (match) return reason('protocol-error', {detail: match[1] ?? ''});
	return reason('other', {text});
}

/** A link reason in a language, from its code. */
export function wordLinkReason(reason: ReasonCode, lang: Lang): string {
	return linkReasonWords.word(reason, lang);
}

/** The English text of a reason, as `--json` outputs and the journal carry it. */
export function reasonText(reason: ReasonCode): string {
	return linkReasonWords.word(reason, 'en');
}

/**
 * A reason kept as English text (a journal written before codes, or a rehearsal test error that
 * still embeds one) in a language.
 */
export function wordReason(text: string, lang: Lang): string {
	return lang === 'en' ? text : wordLinkReason(legacyReasonCode(text), lang);
}

/**
 * The reason of a journalled link event: its code when the journal carries one this version
 * knows, else read back from its English text (journals written before the code).
 */
export function journalReason(event: {reason?: string | null; reasonCode?: unknown}): ReasonCode | null {
	return linkReasonOf(event.reasonCode) ?? (event.reason ? legacyReasonCode(event.reason) : null);
}

/** A reason read from a file or a frame: itself when its code is one this version words with the parameters it needs, else undefined. */
export function linkReasonOf(value: unknown): ReasonCode | undefined {
	const coded = value as {code?: unknown; params?: unknown} | null | undefined;
	if (!coded || typeof coded !== 'object' || typeof coded.code !== 'string' || !Object.hasOwn(REASON_EXAMPLES, coded.code))
		return undefined;
	if (coded.params === null || typeof coded.params !== 'object') return undefined;
	const params = coded.params as Record<string, unknown>;
	const example = REASON_EXAMPLES[coded.code as ReasonCodeName].params as Record<string, unknown>;
	if (!Object.keys(example).every(key => typeof params[key] === typeof example[key])) return undefined;
	const known = {code: coded.code, params} as ReasonCode;
	try {
		// A parameter of the right type but a value this version cannot word (a token file problem of a later version).
		for (const lang of ['en', 'vi'] as const) wordLinkReason(known, lang);
	} catch {
		return undefined;
	}
	return known;
}
