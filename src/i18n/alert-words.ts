import type {Grade} from '../model/link/link-stats.js';
import {wordReason} from './link-reason-words.js';
import {wordByPattern, type WordPattern} from './word-patterns.js';

// What an alert says, as a code with parameters, and its words in each language: one table (as
// refusals.ts is for the model's refusals). The rules (alert-rules.ts) decide with codes; the hub
// words the hook's `message` (a technician's phone) in the hub's language, and keeps the English
// (`messageEn`, the journal, the log) for scripts. Site names and item titles are the plan's own.

/** An alert's text as data. `site` is the label the rules give ("Xã Phổ An (pho-an)"). */
export type AlertText =
	| {code: 'site-down'; site: string; downMs: number; reason: string | null}
	| {code: 'site-still-down'; site: string; downMs: number; reason: string | null}
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
type Lang = 'vi' | 'en';
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
export const GRADE_VI: Record<Grade, string> = {good: 'tốt', fair: 'khá', poor: 'kém', down: 'mất kết nối'};
const because = (reason: string | null, lang: Lang) => (reason ? `: ${wordReason(reason, lang)}` : '');
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
		en: a => `${a.down} of ${a.total} sites went down within ${a.spanS} s: the hub's own line (its router or uplink) is the likely cause, not the sites`,
		vi: a => `${a.down}/${a.total} điểm cầu mất kết nối trong vòng ${a.spanS} giây: nhiều khả năng do đường truyền của điểm cầu chính (bộ định tuyến hoặc đường kết nối Internet), không phải do các xã`,
	},
	'storm-never-up': {
		en: a => `${a.down} of ${a.total} sites have not answered since the hub started: check the hub's own line (its router or uplink) first, then whether the sites are switched on`,
		vi: a => `${a.down}/${a.total} điểm cầu chưa trả lời từ khi điểm cầu chính khởi động: hãy kiểm tra đường truyền của điểm cầu chính (bộ định tuyến, đường kết nối Internet) trước, rồi xem các xã đã bật máy chưa`,
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
		{code: 'site-down', site: 'Xã Phổ An (pho-an)', downMs: 30_000, reason: 'connection refused'},
		{code: 'site-down', site: 'Xã Phổ An (pho-an)', downMs: 125_000, reason: null},
	],
	'site-still-down': [{code: 'site-still-down', site: 'Xã Phổ An (pho-an)', downMs: 3_780_000, reason: 'no answer to 3 probes'}],
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

/** An alert's text in a language. */
export function wordAlert(text: AlertText, lang: Lang): string {
	return (ALERT_WORDS[text.code][lang] as (a: AlertText) => string)(text);
}

// Why a hook failed, as src/hub/alert-hooks.ts writes it in English, read back and worded (as
// warning-words.ts does for start-up warnings). Programs, hosts, signals and what the hook itself
// printed stay as they are; a text of another shape is shown as it is.
const HOOK_FAILURES: WordPattern[] = [
	{match: /^command (.+) did not finish within (\d+) s \(ended\)$/s, vi: m => `lệnh ${m[1]} không xong trong ${m[2]} giây (đã dừng lệnh)`},
	{match: /^command (.+): no such program$/s, vi: m => `không có chương trình ${m[1]}`},
	{match: /^command (.+): not executable$/s, vi: m => `lệnh ${m[1]} không có quyền chạy (chmod +x)`},
	{match: /^command (.+?) exited with code (-?\d+)(?:: (.*))?$/s, vi: m => `lệnh ${m[1]} báo lỗi, mã thoát ${m[2]}${m[3] ? ` (${m[3]})` : ''}`},
	{match: /^command (.+?) was ended by (SIG[A-Z0-9]+)(?:: (.*))?$/s, vi: m => `lệnh ${m[1]} bị dừng bởi tín hiệu ${m[2]}${m[3] ? ` (${m[3]})` : ''}`},
	{match: /^webhook (\S+) answered (\d+)(?: \((\d+) tries\))?$/, vi: m => `webhook ${m[1]} trả lời mã lỗi HTTP ${m[2]}${m[3] ? ` (đã thử ${m[3]} lần)` : ''}`},
	{match: /^webhook (\S+) did not answer within (\d+) s(?: \((\d+) tries\))?$/, vi: m => `webhook ${m[1]} không trả lời trong ${m[2]} giây${m[3] ? ` (đã thử ${m[3]} lần)` : ''}`},
	{match: /^webhook (\S+): (.+?)(?: \((\d+) tries\))?$/s, vi: m => `không gửi được tới webhook ${m[1]} (${m[2]})${m[3] ? `, đã thử ${m[3]} lần` : ''}`},
	{match: /^(command|webhook): (\d+) alerts already waiting, this one was dropped$/, vi: m => `${m[1] === 'command' ? 'lệnh' : 'webhook'}: đã có ${m[2]} cảnh báo đang chờ gửi, bỏ cảnh báo này`},
	{match: /^command (.+?): (.+)$/s, vi: m => `không chạy được lệnh ${m[1]} (${m[2]})`},
];

/** Examples of every hook failure alert-hooks.ts gives (the wording test walks them). */
export const HOOK_FAILURE_EXAMPLES: readonly string[] = [
	'command /plans/notify.sh did not finish within 10 s (ended)',
	'command notify-sms: no such program',
	'command /plans/notify.sh: not executable',
	'command /plans/notify.sh exited with code 3: cannot reach the SMS gateway',
	'command /plans/notify.sh exited with code 1',
	'command /plans/notify.sh was ended by SIGTERM',
	'webhook notify.example.vn answered 404',
	'webhook notify.example.vn answered 503 (4 tries)',
	'webhook notify.example.vn did not answer within 5 s (4 tries)',
	'webhook notify.example.vn: ECONNREFUSED (4 tries)',
	'command: 100 alerts already waiting, this one was dropped',
	'command /plans/notify.sh: spawn E2BIG',
];

/** Why an alert hook failed, in a language. */
export function wordHookFailure(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	return wordByPattern(HOOK_FAILURES, text) ?? text;
}

/** The line a hook failure gives the screen and the log: the head stays the same in every language (for grep). */
export function hookFailureLine(alert: string, site: string | null, error: string, lang: Lang): string {
	const which = `${alert}${site ? ` ${site}` : ''}`;
	return lang === 'vi' ? `không gửi được cảnh báo (${which}): ${wordHookFailure(error, 'vi')}` : `alert hook failed (${which}): ${error}`;
}

/** A hook failure's log line ("alert hook failed (site-down pho-an): …") in a language: run prints them on exit. */
export function wordHookFailureLine(line: string, lang: Lang): string {
	const match = /^alert hook failed \((\S+)(?: (\S+))?\): (.*)$/s.exec(line);
	return match && lang !== 'en' ? hookFailureLine(match[1]!, match[2] ?? null, match[3]!, lang) : line;
}
