import type {Grade} from '../model/link/link-stats.js';
import {wordLinkReason} from './link-reason-words.js';
import {linkReason, type LinkReason} from '../model/link/link-reasons.js';
import {defineWords, message, type Lang, type Message, type Wordings} from './catalog.js';

// What an alert says, as a code with parameters, and its words in each language: one table (as
// refusals.ts is for the model's refusals). The rules (alert-rules.ts) decide with codes; the hub
// words the hook's `message` (a technician's phone) in the hub's language, and keeps the English
// (`messageEn`, the journal, the log) for scripts. Site names and item titles are the plan's own.

/** An alert's text as data. `site` is the label the rules give ("Xã Phổ An (pho-an)"). */
export type AlertText =
	| {code: 'site-down'; site: string; downMs: number; reason: LinkReason | null}
	| {code: 'site-still-down'; site: string; downMs: number; reason: LinkReason | null}
	| {code: 'site-back'; site: string; downMs: number}
	| {code: 'storm-burst'; down: number; total: number; spanS: number}
	| {code: 'storm-never-up'; down: number; total: number}
	| {code: 'storm-still'; down: number; total: number}
	| {code: 'storm-over'; down: number; total: number}
	| {code: 'speaker-bad'; site: string; down: boolean; still: boolean}
	| {code: 'speaker-link-back'; site: string; grade: Grade}
	| {code: 'speaker-stopped'; site: string}
	| {code: 'overrun'; item: string; plannedMs: number; still: boolean}
	| {code: 'overrun-over'; item: string};

export type AlertTextCode = AlertText['code'];
type Of<C extends AlertTextCode> = Extract<AlertText, {code: C}>;

/** "45 s", "2 min 5 s", "1 h 3 min"; in Vietnamese "45 giây", "2 phút 5 giây", "1 giờ 3 phút". */
export function alertDuration(ms: number, lang: Lang = 'en'): string {
	const [sec, min, hour] = lang === 'vi' ? ['giây', 'phút', 'giờ'] : ['s', 'min', 'h'];
	const s = Math.max(0, Math.round(ms / 1000));
	if (s < 60) return `${s} ${sec}`;
	const m = Math.floor(s / 60);
	if (m < 60) return s % 60 === 0 ? `${m} ${min}` : `${m} ${min} ${s % 60} ${sec}`;
	return m % 60 === 0 ? `${Math.floor(m / 60)} ${hour}` : `${Math.floor(m / 60)} ${hour} ${m % 60} ${min}`;
}

/** A link grade in Vietnamese words (alerts, serve's log). */
export const GRADE_VI: Record<Grade, string> = {good: 'tốt', fair: 'khá', poor: 'kém', measuring: 'đang đo', down: 'mất kết nối'};
const because = (reason: LinkReason | null, lang: Lang) => (reason ? `: ${wordLinkReason(reason, lang)}` : '');
const d = alertDuration;

/** Every alert text's words. The English is the text the alerts have always sent. */
export const ALERT_WORDS: {[C in AlertTextCode]: {[L in Lang]: (a: Of<C>) => string}} = {
	'site-down': {
		en: a => `${a.site} has been down for ${d(a.downMs)}${because(a.reason, 'en')}`,
		vi: a => `${a.site} đã mất kết nối ${d(a.downMs, 'vi')}${because(a.reason, 'vi')}`,
	},
	'site-still-down': {
		en: a => `${a.site} is still down (${d(a.downMs)})${because(a.reason, 'en')}`,
		vi: a => `${a.site} vẫn mất kết nối (${d(a.downMs, 'vi')})${because(a.reason, 'vi')}`,
	},
	'site-back': {
		en: a => `${a.site} is back after ${d(a.downMs)} down`,
		vi: a => `${a.site} đã kết nối lại sau ${d(a.downMs, 'vi')} mất kết nối`,
	},
	'storm-burst': {
		en: a =>
			`${a.down} of ${a.total} sites went down within ${a.spanS} s: the hub's own line (its router or uplink) is the likely cause, not the sites`,
		vi: a =>
			`${a.down}/${a.total} điểm cầu mất kết nối trong vòng ${a.spanS} giây: nhiều khả năng do đường truyền của điểm cầu chính (bộ định tuyến hoặc đường kết nối Internet), không phải do các điểm cầu`,
	},
	'storm-never-up': {
		en: a =>
			`${a.down} of ${a.total} sites have not answered since the hub started: check the hub's own line (its router or uplink) first, then whether the sites are switched on`,
		vi: a =>
			`${a.down}/${a.total} điểm cầu chưa trả lời từ khi điểm cầu chính khởi động: hãy kiểm tra đường truyền của điểm cầu chính (bộ định tuyến, đường kết nối Internet) trước, rồi xem các điểm cầu đã bật máy chưa`,
	},
	'storm-still': {
		en: a => `still ${a.down} of ${a.total} sites down: check the hub's own line first`,
		vi: a => `vẫn còn ${a.down}/${a.total} điểm cầu mất kết nối: hãy kiểm tra đường truyền của điểm cầu chính trước`,
	},
	'storm-over': {
		en: a => `the storm is over: ${a.down} of ${a.total} sites still down`,
		vi: a => `hết sự cố hàng loạt: còn ${a.down}/${a.total} điểm cầu mất kết nối`,
	},
	'speaker-bad': {
		en: a => `${a.site}, ${a.still ? 'still' : 'now'} speaking, ${a.down ? 'is down' : 'has a poor link'}`,
		vi: a => `${a.site} ${a.still ? 'vẫn đang' : 'đang'} phát biểu nhưng ${a.down ? 'mất kết nối' : 'đường truyền kém'}`,
	},
	'speaker-link-back': {
		en: a => `${a.site}: its link is ${a.grade} again`,
		vi: a => `${a.site}: đường truyền đã trở lại mức ${GRADE_VI[a.grade]}`,
	},
	'speaker-stopped': {
		en: a => `${a.site}: it is no longer speaking`,
		vi: a => `${a.site}: đã hết lượt phát biểu`,
	},
	overrun: {
		en: a => `"${a.item}" ${a.still ? 'is still past' : 'has run past'} its planned ${d(a.plannedMs)}`,
		vi: a => `"${a.item}" ${a.still ? 'vẫn đang' : 'đã'} quá thời gian dự kiến ${d(a.plannedMs, 'vi')}`,
	},
	'overrun-over': {
		en: a => `"${a.item}" is no longer running over`,
		vi: a => `"${a.item}" không còn quá giờ`,
	},
};

/** Examples of every code (the wording test walks them). */
export const ALERT_EXAMPLES: {[C in AlertTextCode]: Array<Of<C>>} = {
	'site-down': [
		{code: 'site-down', site: 'Xã Phổ An (pho-an)', downMs: 30_000, reason: linkReason('connection-refused', {})},
		{code: 'site-down', site: 'Xã Phổ An (pho-an)', downMs: 125_000, reason: null},
	],
	'site-still-down': [
		{code: 'site-still-down', site: 'Xã Phổ An (pho-an)', downMs: 3_780_000, reason: linkReason('no-answer', {probes: 3})},
	],
	'site-back': [{code: 'site-back', site: 'Xã Phổ An (pho-an)', downMs: 45_000}],
	'storm-burst': [{code: 'storm-burst', down: 9, total: 15, spanS: 10}],
	'storm-never-up': [{code: 'storm-never-up', down: 15, total: 15}],
	'storm-still': [{code: 'storm-still', down: 9, total: 15}],
	'storm-over': [{code: 'storm-over', down: 1, total: 15}],
	'speaker-bad': [
		{code: 'speaker-bad', site: 'Xã Phổ An (pho-an)', down: true, still: false},
		{code: 'speaker-bad', site: 'Xã Phổ An (pho-an)', down: false, still: true},
	],
	'speaker-link-back': [{code: 'speaker-link-back', site: 'Xã Phổ An (pho-an)', grade: 'fair'}],
	'speaker-stopped': [{code: 'speaker-stopped', site: 'Xã Phổ An (pho-an)'}],
	overrun: [
		{code: 'overrun', item: 'Thảo luận', plannedMs: 6_000_000, still: false},
		{code: 'overrun', item: 'Thảo luận', plannedMs: 600_000, still: true},
	],
	'overrun-over': [{code: 'overrun-over', item: 'Thảo luận'}],
};

/** The parameters of each alert text, by its code. */
export type AlertParams = {[C in AlertTextCode]: Of<C>};

const table = (lang: Lang) =>
	Object.fromEntries(Object.entries(ALERT_WORDS).map(([code, words]) => [code, words[lang]])) as Wordings<AlertParams>;

/** The alerts: an area of the catalog. */
export const alertWords = defineWords<AlertParams>({en: table('en'), vi: table('vi')});

/** An alert's text in a language. */
export function wordAlert(text: AlertText, lang: Lang): string {
	return alertWords.word({code: text.code, params: text} as Message<AlertParams>, lang);
}

// Why an alert hook failed, as src/hub/alert-hooks.ts raises it. Programs, hosts, signals and what
// the hook itself printed (`said`, `detail`) stay as they are. The English is the text the hub's
// log and journal have always carried.

/** The parameters of each hook failure, by its code. */
export type HookFailureParams = {
	'command-timeout': {program: string; seconds: number};
	'command-missing': {program: string};
	'command-not-executable': {program: string};
	'command-exit': {program: string; code: number; said: string};
	'command-signal': {program: string; signal: string; said: string};
	'command-error': {program: string; detail: string};
	/** `tries` only when the hub asked again (429, 5xx). */
	'webhook-status': {host: string; status: number; tries: number | null};
	'webhook-timeout': {host: string; seconds: number; tries: number | null};
	'webhook-error': {host: string; detail: string; tries: number | null};
	'queue-full': {hook: 'command' | 'webhook'; waiting: number};
	/** A failure from elsewhere, passed through. */
	other: {text: string};
};

export type HookFailure = Message<HookFailureParams>;

/** Make a hook failure (keeps the code and its parameters typed together). */
export function hookFailure<C extends keyof HookFailureParams>(code: C, params: HookFailureParams[C]): HookFailure {
	return message<HookFailureParams, C>(code, params);
}

const said = (text: string) => (text ? `: ${text}` : '');
const enTries = (tries: number | null) => (tries === null ? '' : ` (${tries} tries)`);

export const hookFailureWords = defineWords<HookFailureParams>({
	en: {
		'command-timeout': p => `command ${p.program} did not finish within ${p.seconds} s (ended)`,
		'command-missing': p => `command ${p.program}: no such program`,
		'command-not-executable': p => `command ${p.program}: not executable`,
		'command-exit': p => `command ${p.program} exited with code ${p.code}${said(p.said)}`,
		'command-signal': p => `command ${p.program} was ended by ${p.signal}${said(p.said)}`,
		'command-error': p => `command ${p.program}: ${p.detail}`,
		'webhook-status': p => `webhook ${p.host} answered ${p.status}${enTries(p.tries)}`,
		'webhook-timeout': p => `webhook ${p.host} did not answer within ${p.seconds} s${enTries(p.tries)}`,
		'webhook-error': p => `webhook ${p.host}: ${p.detail}${enTries(p.tries)}`,
		'queue-full': p => `${p.hook}: ${p.waiting} alerts already waiting, this one was dropped`,
		other: p => p.text,
	},
	vi: {
		'command-timeout': p => `lệnh ${p.program} không xong trong ${p.seconds} giây (đã dừng lệnh)`,
		'command-missing': p => `không có chương trình ${p.program}`,
		'command-not-executable': p => `lệnh ${p.program} không có quyền chạy (chmod +x)`,
		'command-exit': p => `lệnh ${p.program} báo lỗi, mã thoát ${p.code}${p.said ? ` (${p.said})` : ''}`,
		'command-signal': p => `lệnh ${p.program} bị dừng bởi tín hiệu ${p.signal}${p.said ? ` (${p.said})` : ''}`,
		'command-error': p => `không chạy được lệnh ${p.program} (${p.detail})`,
		'webhook-status': p => `webhook ${p.host} trả lời mã lỗi HTTP ${p.status}${p.tries === null ? '' : ` (đã thử ${p.tries} lần)`}`,
		'webhook-timeout': p => `webhook ${p.host} không trả lời trong ${p.seconds} giây${p.tries === null ? '' : ` (đã thử ${p.tries} lần)`}`,
		'webhook-error': p => `không gửi được tới webhook ${p.host} (${p.detail})${p.tries === null ? '' : `, đã thử ${p.tries} lần`}`,
		'queue-full': p => `${p.hook === 'command' ? 'lệnh' : 'webhook'}: đã có ${p.waiting} cảnh báo đang chờ gửi, bỏ cảnh báo này`,
		other: p => p.text,
	},
});

/** Examples of every hook failure alert-hooks.ts gives (the wording test walks them). */
export const HOOK_FAILURE_EXAMPLES: readonly HookFailure[] = [
	hookFailure('command-timeout', {program: '/plans/notify.sh', seconds: 10}),
	hookFailure('command-missing', {program: 'notify-sms'}),
	hookFailure('command-not-executable', {program: '/plans/notify.sh'}),
	hookFailure('command-exit', {program: '/plans/notify.sh', code: 3, said: 'cannot reach the SMS gateway'}),
	hookFailure('command-exit', {program: '/plans/notify.sh', code: 1, said: ''}),
	hookFailure('command-signal', {program: '/plans/notify.sh', signal: 'SIGTERM', said: ''}),
	hookFailure('command-error', {program: '/plans/notify.sh', detail: 'spawn E2BIG'}),
	hookFailure('webhook-status', {host: 'notify.example.vn', status: 404, tries: null}),
	hookFailure('webhook-status', {host: 'notify.example.vn', status: 503, tries: 4}),
	hookFailure('webhook-timeout', {host: 'notify.example.vn', seconds: 5, tries: 4}),
	hookFailure('webhook-error', {host: 'notify.example.vn', detail: 'ECONNREFUSED', tries: 4}),
	hookFailure('queue-full', {hook: 'command', waiting: 100}),
	hookFailure('other', {text: 'EWHATEVER'}),
];

/** Why an alert hook failed, in a language. */
export function wordHookFailure(failure: HookFailure, lang: Lang): string {
	return hookFailureWords.word(failure, lang);
}

/** The line a hook failure gives the screen and the log: the head stays the same in every language (for grep). */
export function hookFailureLine(alert: string, site: string | null, failure: HookFailure, lang: Lang): string {
	const which = `${alert}${site ? ` ${site}` : ''}`;
	return lang === 'vi'
		? `không gửi được cảnh báo (${which}): ${wordHookFailure(failure, 'vi')}`
		: `alert hook failed (${which}): ${wordHookFailure(failure, 'en')}`;
}

/** The hub log's line for a hook failure: its head in English in every language (for grep), the failure in the hub's. */
export function hookFailureLogLine(alert: string, site: string | null, failure: HookFailure, lang: Lang): string {
	return `${LOG_HEAD}${alert}${site ? ` ${site}` : ''}): ${wordHookFailure(failure, lang)}`;
}

const LOG_HEAD = 'alert hook failed (';

/** A hook failure's log line as `run` prints it on exit: the whole line in its language (the failure already is). */
export function hookFailureExitLine(line: string, lang: Lang): string {
	return lang === 'vi' && line.startsWith(LOG_HEAD) ? `không gửi được cảnh báo (${line.slice(LOG_HEAD.length)}` : line;
}
