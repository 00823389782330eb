import {linkReason} from '../model/link/link-reasons.js';
import type {TestError, TestErrorParams, UdpOff} from '../model/link/test-errors.js';
import {defineWords, type Lang} from './catalog.js';
import {wordLinkReason} from './link-reason-words.js';
import {formatNumber} from './numbers.js';

// Why a rehearsal's bandwidth or video load test did not measure (src/model/link/test-errors.ts),
// in each language: the live progress, its stderr lines, the final table and the report. The
// English is exactly the text the prober has always given (`rehearse --json` carries it inside
// `reasons`); a link reason inside is worded by the link reasons' table.

// Why a site's UDP stream is off (the English is the text the wire has always given).
const UDP_OFF: {[L in Lang]: (off: UdpOff) => string} = {
	en: off => {
		switch (off.code) {
			case 'rate-zero':
				return 'probe.udpRate is 0';
			case 'agent-without-udp':
				return 'this agent runs without UDP';
			case 'agent-older':
				return `the agent speaks an older UDP test stream (layout ${off.agent}, this hub ${off.hub}): update the agent`;
			case 'hub-other':
				return `the hub speaks another UDP test stream (layout ${off.hub}, this agent ${off.agent}): run the same diemcau version on both`;
			case 'hub-socket':
				return `the hub cannot open a UDP socket (${off.errno})`;
			case 'agent-says':
				return off.text;
		}
	},
	vi: off => {
		switch (off.code) {
			case 'rate-zero':
				return 'kế hoạch tắt luồng UDP (probe.udpRate là 0)';
			case 'agent-without-udp':
				return 'agent của điểm cầu chạy không có UDP';
			case 'agent-older':
				return `agent của điểm cầu dùng luồng UDP kiểu cũ (kiểu ${off.agent}, điểm cầu chính kiểu ${off.hub}): hãy cập nhật agent`;
			case 'hub-other':
				return `điểm cầu chính dùng luồng UDP kiểu khác (kiểu ${off.hub}, agent kiểu ${off.agent}): hãy dùng cùng một phiên bản diemcau ở hai đầu`;
			case 'hub-socket':
				return `điểm cầu chính không mở được cổng UDP (${off.errno})`;
			case 'agent-says':
				return `agent báo: ${off.text}`;
		}
	},
};

/** Why a site's UDP stream is off, in a language. */
export function udpOffWords(off: UdpOff, lang: Lang): string {
	return UDP_OFF[lang](off);
}

export const testErrorWords = defineWords<TestErrorParams>({
	en: {
		'unknown-site': p => `unknown site ${p.site}`,
		'no-bandwidth-test': () => 'ws-ping sites have no bandwidth test',
		'no-udp': () => 'ws-ping sites have no UDP',
		'not-connected': () => 'not connected',
		disconnected: p => (p.reason === null ? 'disconnected' : `disconnected: ${wordLinkReason(p.reason, 'en')}`),
		'busy-bandwidth': () => 'busy: a bandwidth test of this site is running',
		'busy-video': () => 'busy: a video load test is running',
		'prober-stopped': () => 'the prober stopped',
		'udp-not-started': () => 'UDP not started',
		'udp-off': p => `UDP is off: ${udpOffWords(p.reason, 'en')}`,
		'bulk-failed': p => `the bandwidth connection failed: ${wordLinkReason(p.reason, 'en')}`,
		'bulk-not-asked': () => 'the bandwidth connection failed: not connected',
		'bulk-not-called': () => 'the bandwidth connection failed: the agent did not open its bandwidth connection',
		timeout: () => 'timeout',
		'site-busy': () => 'busy: one bandwidth test at a time',
		'site-rate-limited': p => `busy: too many bandwidth tests; wait ${p.waitS} s`,
		'site-too-large': p => `too large: at most ${p.maxBytes} bytes`,
		'site-refused': p => p.reason,
	},
	vi: {
		'unknown-site': p => `không có điểm cầu ${p.site}`,
		'no-bandwidth-test': () => 'điểm cầu chế độ ws-ping không đo được băng thông',
		'no-udp': () => 'điểm cầu chế độ ws-ping không có luồng UDP',
		'not-connected': () => 'chưa kết nối',
		disconnected: p => (p.reason === null ? 'mất kết nối khi đang đo' : `mất kết nối khi đang đo: ${wordLinkReason(p.reason, 'vi')}`),
		'busy-bandwidth': () => 'đang đo băng thông điểm cầu này',
		'busy-video': () => 'đang đo tải video',
		'prober-stopped': () => 'bộ đo đã dừng',
		'udp-not-started': () => 'luồng UDP chưa bắt đầu',
		'udp-off': p => `không đo UDP: ${udpOffWords(p.reason, 'vi')}`,
		'bulk-failed': p => `không mở được kết nối đo băng thông: ${wordLinkReason(p.reason, 'vi')}`,
		'bulk-not-asked': () => 'không mở được kết nối đo băng thông: chưa kết nối',
		'bulk-not-called': () => 'không mở được kết nối đo băng thông: agent không gọi lại để đo',
		timeout: () => 'quá thời gian chờ',
		'site-busy': () => 'agent của điểm cầu đang đo một lần khác',
		'site-rate-limited': p => `agent của điểm cầu đã đo quá nhiều lần liền, hãy chờ ${formatNumber(p.waitS, 'vi')} giây`,
		'site-too-large': p => `lượng dữ liệu đo quá lớn: tối đa ${formatNumber(Number((p.maxBytes / 1048576).toFixed(1)), 'vi')} MiB`,
		'site-refused': p => `agent của điểm cầu từ chối đo (${p.reason})`,
	},
});

/** Why a bandwidth or video test did not measure, in a language. */
export function wordTestError(error: TestError, lang: Lang): string {
	return testErrorWords.word(error, lang);
}

/** Sample parameters of every test error (the wording test walks them). */
export const TEST_ERROR_EXAMPLES: {[C in keyof TestErrorParams]: Array<TestErrorParams[C]>} = {
	'unknown-site': [{site: 'pho-xyz'}],
	'no-bandwidth-test': [{}],
	'no-udp': [{}],
	'not-connected': [{}],
	disconnected: [{reason: null}, {reason: linkReason('connection-reset', {})}],
	'busy-bandwidth': [{}],
	'busy-video': [{}],
	'prober-stopped': [{}],
	'udp-not-started': [{}],
	'udp-off': [
		{reason: {code: 'rate-zero'}},
		{reason: {code: 'agent-without-udp'}},
		{reason: {code: 'agent-older', agent: 1, hub: 2}},
		{reason: {code: 'hub-other', hub: 1, agent: 2}},
		{reason: {code: 'hub-socket', errno: 'EADDRINUSE'}},
		{reason: {code: 'agent-says', text: 'maintenance'}},
	],
	'bulk-failed': [{reason: linkReason('connection-refused', {})}],
	'bulk-not-asked': [{}],
	'bulk-not-called': [{}],
	timeout: [{}],
	'site-busy': [{}],
	'site-rate-limited': [{waitS: 4}],
	'site-too-large': [{maxBytes: 33554432}],
	'site-refused': [{reason: 'busy: maintenance'}],
};
