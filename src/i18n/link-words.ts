import {linkReason, type Direction, type LinkReason, type VerdictReason, type VerdictReasonParams} from '../model/link/link-reasons.js';
import {testError} from '../model/link/test-errors.js';
import {defineWords, type Lang} from './catalog.js';
import {formatNumber} from './numbers.js';
import {wordLinkReason} from './link-reason-words.js';
import {wordTestError} from './test-error-words.js';

// The words of a rehearsal verdict's reasons (src/model/link/verdict.ts raises them as codes):
// the report the town sends the communes, the live and final tables, `rehearse --json`. The
// English is exactly the text `rehearse --json` has always carried in `reasons`; the Vietnamese
// writes its figures with a decimal comma. The wire's and the tests' own reasons inside (`why`)
// are worded by their own tables.

const en = (n: number) => formatNumber(n, 'en');
const vi = (n: number) => formatNumber(n, 'vi');
const enWhy = (why: LinkReason | null) => (why ? ` (${wordLinkReason(why, 'en')})` : '');
const viWhy = (why: LinkReason | null) => (why ? ` (${wordLinkReason(why, 'vi')})` : '');

/** A percentage as a reason shows it: whole from 10 up, else one decimal without a trailing zero. */
export function reasonPct(value: number, lang: Lang): string {
	return formatNumber(value >= 10 ? Math.round(value) : Number(value.toFixed(1)), lang);
}

/**
 * Why a live grade is what it is when it does not rest on the figures shown beside it.
 * `udpBlockedHeld`: UDP stopped passing after it measured packet loss; the grade keeps that loss
 * (DESIGN.md "Truthful loss").
 */
export const gradeReasonWords = defineWords<{'udp-blocked-held': {lossPct: number}}>({
	en: {'udp-blocked-held': p => `UDP blocked — last measured loss ${reasonPct(p.lossPct, 'en')} %`},
	vi: {'udp-blocked-held': p => `UDP bị chặn — lần đo gần nhất mất ${reasonPct(p.lossPct, 'vi')} % gói tin`},
});

/** The live grade's reason when UDP went silent after measuring `lossPct` % loss, in a language. */
export function udpBlockedHeld(lossPct: number, lang: Lang): string {
	return gradeReasonWords.word({code: 'udp-blocked-held', params: {lossPct}}, lang);
}
/** Up = hub → site, down = site → hub. */
const way = (direction: Direction) =>
	direction === 'up' ? 'chiều lên (điểm cầu chính → điểm cầu)' : 'chiều xuống (điểm cầu → điểm cầu chính)';

export const verdictReasonWords = defineWords<VerdictReasonParams>({
	en: {
		'no-answer': p => `no answer for ${en(p.seconds)} s${enWhy(p.why)}`,
		outages: p => `down ${p.times} times, longest no answer for ${en(p.seconds)} s${enWhy(p.why)}`,
		'rtt-p95': p => `RTT p95 ${en(p.value)} ms > ${en(p.limit)} ms`,
		jitter: p => `jitter ${en(p.value)} ms > ${en(p.limit)} ms`,
		loss: p => `loss ${en(p.value)} % > ${en(p.limit)} %`,
		available: p => `available ${en(p.value)} % < ${en(p.limit)} %`,
		'bandwidth-failed': p => `bandwidth not measured: ${wordTestError(p.why, 'en')}`,
		'bandwidth-low': p => `${p.direction} ${en(p.value)} ${p.unit} < ${en(p.limit)}`,
		'packet-loss': p => `packet loss ${p.direction} ${en(p.value)} % > ${en(p.limit)} %`,
		'udp-blocked': () => 'UDP blocked — loss measured over TCP only',
		'udp-blocked-held': p => udpBlockedHeld(p.value, 'en'),
		'not-enough-data': p => `not enough data: ${p.probes} probe${p.probes === 1 ? '' : 's'}`,
		'bandwidth-missing': () => 'bandwidth not measured',
		'under-load': p => `RTT under load p95 ${en(p.p95)} ms > idle p95 + ${en(p.limit)} ms`,
		'video-lost': p => `video load ${p.direction}: ${en(p.pct)} % lost`,
		'video-jitter': p => `video load ${p.direction}: jitter ${en(p.value)} ms > ${en(p.limit)} ms`,
		'video-missing': p => `video load not measured${p.why ? `: ${wordTestError(p.why, 'en')}` : ''}`,
	},
	vi: {
		'no-answer': p => `không trả lời trong ${vi(p.seconds)} giây${viWhy(p.why)}`,
		outages: p => `mất kết nối ${p.times} lần, lâu nhất ${vi(p.seconds)} giây không trả lời${viWhy(p.why)}`,
		'rtt-p95': p => `độ trễ RTT p95 ${vi(p.value)} ms > ${vi(p.limit)} ms`,
		jitter: p => `độ dao động trễ (jitter) ${vi(p.value)} ms > ${vi(p.limit)} ms`,
		loss: p => `mất gói ${vi(p.value)} % > ${vi(p.limit)} %`,
		available: p => `thời gian kết nối ${vi(p.value)} % < ${vi(p.limit)} %`,
		'bandwidth-failed': p => `không đo được băng thông: ${wordTestError(p.why, 'vi')}`,
		'bandwidth-low': p =>
			`${p.direction === 'up' ? 'băng thông tải lên (điểm cầu chính → điểm cầu)' : 'băng thông tải xuống (điểm cầu → điểm cầu chính)'} ${vi(p.value)} ${p.unit} < ${vi(p.limit)}`,
		'packet-loss': p => `mất gói UDP ${way(p.direction)} ${vi(p.value)} % > ${vi(p.limit)} %`,
		'udp-blocked': () => 'UDP bị chặn — chỉ đo được mất gói qua TCP (hội nghị sẽ phải chạy qua TCP)',
		'udp-blocked-held': p => udpBlockedHeld(p.value, 'vi'),
		'not-enough-data': p => `chưa đủ số liệu: mới đo ${p.probes} lần`,
		'bandwidth-missing': () => 'chưa đo được băng thông',
		'under-load': p => `độ trễ khi tải nặng p95 ${vi(p.p95)} ms > lúc rảnh + ${vi(p.limit)} ms`,
		'video-lost': p => `tải video ${way(p.direction)}: mất ${vi(p.pct)} % gói`,
		'video-jitter': p => `tải video ${way(p.direction)}: dao động trễ ${vi(p.value)} ms > ${vi(p.limit)} ms`,
		'video-missing': p => `chưa đo được tải video${p.why ? `: ${wordTestError(p.why, 'vi')}` : ''}`,
	},
});

/** One verdict reason in a language. */
export function wordVerdictReason(reason: VerdictReason, lang: Lang): string {
	return verdictReasonWords.word(reason, lang);
}

/** A site verdict's reasons in a language, failures first (English: `rehearse --json` `reasons`). */
export function verdictReasons(verdict: {findings: ReadonlyArray<{reason: VerdictReason}>}, lang: Lang): string[] {
	return verdict.findings.map(finding => wordVerdictReason(finding.reason, lang));
}

/** Sample parameters of every verdict reason (the wording test walks them). */
export const VERDICT_REASON_EXAMPLES: {[C in keyof VerdictReasonParams]: Array<VerdictReasonParams[C]>} = {
	'no-answer': [
		{seconds: 60, why: linkReason('connection-refused', {})},
		{seconds: 1.4, why: null},
	],
	outages: [{times: 3, seconds: 12, why: linkReason('connection-reset', {})}],
	'rtt-p95': [{value: 150.4, limit: 150}],
	jitter: [{value: 31, limit: 30}],
	loss: [{value: 1.2, limit: 1}],
	available: [{value: 97.5, limit: 99}],
	'bandwidth-failed': [{why: testError('not-connected')}, {why: testError('bulk-failed', {reason: linkReason('connection-refused', {})})}],
	'bandwidth-low': [
		{direction: 'down', value: 1.1, unit: 'Mbit/s', limit: 1.5},
		{direction: 'up', value: 500, unit: 'kbit/s', limit: 800},
	],
	'packet-loss': [
		{direction: 'up', value: 5.1, limit: 4},
		{direction: 'down', value: 1.5, limit: 1},
	],
	'udp-blocked': [{}],
	'udp-blocked-held': [{value: 8}, {value: 4.5}],
	'not-enough-data': [{probes: 1}, {probes: 2}],
	'bandwidth-missing': [{}],
	'under-load': [{p95: 640.5, limit: 300}],
	'video-lost': [{direction: 'up', pct: 33}],
	'video-jitter': [{direction: 'down', value: 60.5, limit: 50}],
	'video-missing': [{why: null}, {why: testError('no-udp')}],
};
