import {defineWords, message, type Lang, type Message, type Wordings} from './catalog.js';

// Why a link is down, as a code with parameters, and its words in each language: an area of the
// catalog, each code's two wordings side by side.
// The wire (disconnect-reason.ts), link stats and the journal keep the English text, which
// `--json` outputs carry unchanged for scripts; screens and documents word the code in the
// reader's language. `reasonCode` reads the English text back into its code, so journals
// written before the codes existed are worded too.

/** The parameters of each reason, by its code. */
export type LinkReasonParams = {
	'connection-refused': Record<string, never>;
	'connection-reset': Record<string, never>;
	timeout: Record<string, never>;
	'host-not-found': Record<string, never>;
	'host-unreachable': Record<string, never>;
	'frame-too-large': Record<string, never>;
	'sent-garbage': Record<string, never>;
	tls: {detail: string};
	'not-agent': {protocol: string};
	'auth-locked': Record<string, never>;
	'agent-busy': Record<string, never>;
	'agent-busy-legacy': Record<string, never>;
	'agent-flooded': Record<string, never>;
	'agent-full': Record<string, never>;
	'auth-refused-token': Record<string, never>;
	'auth-wrong-token': Record<string, never>;
	'no-agent-at-path': Record<string, never>;
	'http-refused': {status: number};
	'auth-failed': Record<string, never>;
	'auth-unknown-token': Record<string, never>;
	'protocol-error': {detail: string};
	closed: Record<string, never>;
	'no-answer': {probes: number};
	'link-down': Record<string, never>;
	'not-connected': Record<string, never>;
	'token-env-unset': {variable: string};
	'token-file-empty': {file: string};
	'token-file-unreadable': {file: string; errno: string};
	other: {text: string};
};

/** A reason as data: the stable code and its parameters. */
export type ReasonCode = Message<LinkReasonParams>;

export type ReasonCodeName = keyof LinkReasonParams;
type Wording<C extends ReasonCodeName> = {[L in Lang]: (reason: LinkReasonParams[C]) => string};

const paren = (detail: string) => (detail ? ` (${detail})` : '');

// OpenSSL's words (as Node gives them) for the certificate problems a site meets, in Vietnamese;
// the raw text follows in parentheses, for whoever fixes the certificate.
const TLS_VI: ReadonlyArray<readonly [RegExp, string]> = [
	[/self[- ]signed certificate in certificate chain/i, 'chứng chỉ gốc trong chuỗi là tự ký, máy này không tin cậy'],
	[/self[- ]signed certificate/i, 'chứng chỉ tự ký, máy này không tin cậy'],
	[/certificate has expired/i, 'chứng chỉ đã hết hạn: hãy gia hạn chứng chỉ (hoặc xem lại đồng hồ máy)'],
	[/certificate is not yet valid/i, 'chứng chỉ chưa đến ngày hiệu lực: hãy xem lại đồng hồ máy'],
	[/does not match certificate|altnames|hostname mismatch/i, 'chứng chỉ không mang tên máy ghi trong địa chỉ endpoint'],
	[
		/unable to verify the first certificate|unable to get (local )?issuer certificate|unknown ca|unable to verify leaf signature/i,
		'chứng chỉ không do một tổ chức cấp CA mà máy này tin cậy ký, hoặc thiếu chứng chỉ trung gian',
	],
	[/certificate revoked/i, 'chứng chỉ đã bị thu hồi'],
	[
		/wrong version number|packet length too long|unknown protocol/i,
		'bên kia không dùng TLS: có thể địa chỉ phải là ws:// chứ không phải wss://',
	],
];

/** A TLS detail (OpenSSL's English) in Vietnamese, or null when the table does not know it. */
function tlsDetailVi(detail: string): string | null {
	return TLS_VI.find(([match]) => match.test(detail))?.[1] ?? null;
}

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
			const words = tlsDetailVi(r.detail);
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
	'link-down': {en: () => 'link down', vi: () => 'đường truyền mất kết nối'},
	'not-connected': {en: () => 'not connected', vi: () => 'agent của điểm cầu chưa gọi về điểm cầu chính'},
	'token-env-unset': {
		en: r => `token: environment variable ${r.variable} is not set`,
		vi: r => `mã truy cập: chưa đặt biến môi trường ${r.variable}`,
	},
	'token-file-empty': {en: r => `token: token file ${r.file} is empty`, vi: r => `mã truy cập: tệp mã ${r.file} trống`},
	'token-file-unreadable': {
		en: r => `token: cannot read token file ${r.file}${r.errno === 'ENOENT' ? ': no such file' : r.errno ? ` (${r.errno})` : ''}`,
		vi: r => `mã truy cập: không đọc được tệp mã ${r.file}${r.errno === 'ENOENT' ? ': không có tệp này' : r.errno ? ` (${r.errno})` : ''}`,
	},
	other: {en: r => r.text, vi: r => r.text},
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
	tls: {code: 'tls', params: {detail: 'self-signed certificate'}},
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
	'link-down': {code: 'link-down', params: {}},
	'not-connected': {code: 'not-connected', params: {}},
	'token-env-unset': {code: 'token-env-unset', params: {variable: 'DIEMCAU_TOKEN_PHO_AN'}},
	'token-file-empty': {code: 'token-file-empty', params: {file: '/plans/tokens/pho-an.token'}},
	'token-file-unreadable': {code: 'token-file-unreadable', params: {file: '/plans/tokens/pho-an.token', errno: 'ENOENT'}},
	other: {code: 'other', params: {text: 'EWHATEVER'}},
};

/** The wire's reasons: an area of the catalog. */
export const linkReasonWords = defineWords<LinkReasonParams>({
	en: Object.fromEntries(Object.entries(WORDS).map(([code, words]) => [code, words.en])) as Wordings<LinkReasonParams>,
	vi: Object.fromEntries(Object.entries(WORDS).map(([code, words]) => [code, words.vi])) as Wordings<LinkReasonParams>,
});

const reason = <C extends ReasonCodeName>(code: C, params: LinkReasonParams[C]): ReasonCode => message<LinkReasonParams, C>(code, params);

const FIXED = new Map<string, ReasonCode>(
	(Object.keys(REASON_EXAMPLES) as ReasonCodeName[])
		.filter(
			code =>
				![
					'tls',
					'http-refused',
					'protocol-error',
					'no-answer',
					'not-agent',
					'token-env-unset',
					'token-file-empty',
					'token-file-unreadable',
					'other',
				].includes(code),
		)
		.map(code => [linkReasonWords.word(REASON_EXAMPLES[code], 'en'), REASON_EXAMPLES[code]]),
);

/** The code of a reason's English text (as the wire and the journal write it). */
export function reasonCode(text: string): ReasonCode {
	const fixed = FIXED.get(text);
	if (fixed) return fixed;
	let match = /^no answer to (\d+) probes$/.exec(text);
	if (match) return reason('no-answer', {probes: Number(match[1])});
	match = /^refused \(HTTP (\d+)\)$/.exec(text);
	if (match) return reason('http-refused', {status: Number(match[1])});
	match = /^not a diemcau agent, or an older one \(no (\S+) subprotocol: upgrade it\)$/.exec(text);
	if (match) return reason('not-agent', {protocol: match[1]!});
	if (text === 'not a diemcau agent (no diemcau.v1 subprotocol)') return reason('not-agent', {protocol: 'diemcau.v1'});
	match = /^token: environment variable (\S+) is not set$/.exec(text);
	if (match) return reason('token-env-unset', {variable: match[1]!});
	match = /^token: token file (.+) is empty$/s.exec(text);
	if (match) return reason('token-file-empty', {file: match[1]!});
	match = /^token: cannot read token file (.+?)(?:: no such file| \((E[A-Z]+)\))?$/s.exec(text);
	if (match)
		return reason('token-file-unreadable', {file: match[1]!, errno: text.endsWith(': no such file') ? 'ENOENT' : (match[2] ?? '')});
	match = /^TLS: (.*)$/s.exec(text);
	if (match) return reason('tls', {detail: match[1]!});
	match = /^protocol error(?: \((.*)\))?$/s.exec(text);
	if (match) return reason('protocol-error', {detail: match[1] ?? ''});
	return reason('other', {text});
}

/** A reason in a language, from its code. */
export function wordReasonCode(reason: ReasonCode, lang: Lang): string {
	return linkReasonWords.word(reason, lang);
}

/** A reason's English text in a language (the journal's and the wire's text, worded for the reader). */
export function wordReason(text: string, lang: Lang): string {
	return lang === 'en' ? text : wordReasonCode(reasonCode(text), lang);
}
