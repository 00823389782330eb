import type {HubAddon, HubCore} from './core.js';
import type {Intent} from '../model/meeting/intents.js';
import {cleanText} from '../model/sanitize.js';
import {wordLinkReason} from '../i18n/link-reason-words.js';
import type {LinkReason} from '../model/link/link-reasons.js';
import type {IntentOutcome} from './meeting.js';
import {wordRefusal} from '../i18n/refusal-words.js';
import {wordIntentNotice} from '../i18n/intent-notice-words.js';
import {warningWords, wordJournalFailure, type Warning} from '../i18n/warning-words.js';
import {GRADE_VI} from '../i18n/alert-words.js';

// The headless hub's log: one line per notable event (a link down, up or regraded; an intent
// from a screen and what came of it; a journal write failing and recovering; a screen attaching
// or leaving), each stamped with the wall time, for stderr under systemd, CI or nohup.

/** A string for the log: the one sanitiser (no controls, no bidi overrides, one line, capped). */
export function logSafe(text: string, max = 300): string {
	return cleanText(text, max);
}

/** The warning when a dial-out site's new connection replaced its live one (a rebooted PC, or two agents for one site). */
export function replacedText(event: {site: string; from: string; previous: string}): Warning {
	return {code: 'agent-replaced', params: {site: event.site, from: logSafe(event.from, 60), previous: logSafe(event.previous, 60)}};
}

/** A one-line description of an intent ("next-item", "mark-attendance pho-an #2 absent"). */
export function intentText(intent: Intent): string {
	switch (intent.type) {
		case 'extend-item':
			return `extend-item ${intent.minutes > 0 ? '+' : ''}${intent.minutes}m`;
		case 'mark-attendance':
			return `mark-attendance ${intent.site} #${intent.role + 1} ${intent.status}`;
		case 'move-speaker':
			return `move-speaker ${intent.site} ${intent.delta > 0 ? '+' : ''}${intent.delta}`;
		case 'queue-speaker':
		case 'drop-speaker':
			return `${intent.type} ${intent.site}`;
		default:
			return intent.type;
	}
}

const gradeVi = (grade: string) => GRADE_VI[grade as keyof typeof GRADE_VI] ?? grade;

// Each line's head (`link pho-an down`, `intent next-item from attach-2`, `journal write failed`)
// is the same in every language, for grep and the README; in Vietnamese the words after it are.
const vi = {
	down: (reason: LinkReason | undefined) => (reason ? `: ${logSafe(wordLinkReason(reason, 'vi'))}` : ': mất kết nối'),
	up: (grade: string) => `: đã kết nối lại, đường truyền ${gradeVi(grade)}`,
	grade: (previous: string, grade: string) => `: đường truyền chuyển từ ${gradeVi(previous)} sang ${gradeVi(grade)}`,
	measured: (grade: string) => `: đã có kết quả đo, đường truyền ${gradeVi(grade)}`,
	journalled: (outcome: Extract<IntentOutcome, {ok: true}>) =>
		`đã ghi vào nhật ký${outcome.noticeCode ? ` (${logSafe(wordIntentNotice(outcome.noticeCode, 'vi'))})` : ''}`,
	refused: (outcome: Extract<IntentOutcome, {ok: false}>) => `bị từ chối: ${logSafe(wordRefusal(outcome.refusal, 'vi'))}`,
};

/** What came of an intent, after its log line's head: "journalled", "refused: why" (in `lang`). */
export function outcomeText(outcome: IntentOutcome, lang: 'vi' | 'en'): string {
	if (lang === 'vi') return outcome.ok ? vi.journalled(outcome) : vi.refused(outcome);
	return outcome.ok ? `journalled${outcome.notice ? ` (${logSafe(outcome.notice)})` : ''}` : `refused: ${logSafe(outcome.reason)}`;
}

/** An add-on writing the core's notable events as lines (`write` gets each line without its newline); `lang` words them after their head. */
export function eventLog(
	write: (line: string) => void,
	clock: () => number = () => Date.now(),
	lang: 'vi' | 'en' = 'en',
): HubAddon & {line(text: string): void} {
	const offs: Array<() => void> = [];
	const line = (text: string) => write(`${new Date(clock()).toISOString()} ${logSafe(text, 2000)}`);
	return {
		name: 'log',
		line,
		start(core: HubCore) {
			offs.push(
				core.monitor.onChange(change => {
					const reason = change.reason ? `: ${logSafe(wordLinkReason(change.reason, 'en'))}` : '';
					const words = lang === 'vi';
					if (change.type === 'down') line(`link ${change.site} down${words ? vi.down(change.reason) : reason}`);
					else if (change.type === 'up') line(`link ${change.site} up (${change.grade})${words ? vi.up(change.grade) : ''}`);
					else if (change.type === 'measured')
						line(`link ${change.site} measured: ${change.grade}${words ? vi.measured(change.grade) : ''}`);
					else
						line(
							`link ${change.site} ${change.previous} -> ${change.grade}${words ? vi.grade(String(change.previous), change.grade) : ''}`,
						);
				}),
				core.monitor.onProbe(event => {
					if (event.type === 'replaced') line(`warning: ${warningWords.word(replacedText(event), lang)}`);
				}),
				core.onIntent(({intent, origin, outcome}) => {
					line(`intent ${intentText(intent)} from ${origin.screen}: ${outcomeText(outcome, lang)}`);
				}),
			);
			let journalError = core.meeting.journalError;
			offs.push(
				core.meeting.onChange(() => {
					const now = core.meeting.journalError;
					if (now === journalError) return;
					const failure = core.meeting.journalFailure;
					if (lang === 'vi')
						line(
							failure === null
								? 'journal writes again: nhật ký ghi được trở lại'
								: `journal write failed: ${logSafe(wordJournalFailure(failure, 'vi'))}`,
						);
					else line(now === null ? 'journal writes again' : logSafe(now));
					journalError = now;
				}),
			);
		},
		stop() {
			for (const off of offs.splice(0)) off();
		},
	};
}

/** serve's own lines (start, signals, stop), each head the same in every language and the words after it in `lang`. */
export function serveLines(lang: 'vi' | 'en') {
	const en = lang === 'en';
	return {
		/** A warning by code, or a text already worded in `lang`. */
		warning: (warning: Warning | string) => `warning: ${typeof warning === 'string' ? warning : warningWords.word(warning, lang)}`,
		sighup: en ? 'SIGHUP ignored (stop with SIGTERM or Ctrl-C)' : 'SIGHUP ignored: bỏ qua (dừng bằng SIGTERM hoặc Ctrl-C)',
		serving: (s: {title: string; sites: number; resumedFrom: number; journal: string; control: string | null; listening: string | null}) =>
			en
				? `serving "${s.title}": ${s.sites} sites, ${s.resumedFrom > 0 ? `resumed from ${s.resumedFrom} events` : 'a new meeting'}, journal ${s.journal}${s.control ? `, screens attach at ${s.control}` : ''}${s.listening ? `, dial-out agents call ${s.listening}` : ''}`
				: `serving "${s.title}": ${s.sites} điểm cầu, ${s.resumedFrom > 0 ? `tiếp tục từ ${s.resumedFrom} sự kiện` : 'hội nghị mới'}, nhật ký ${s.journal}${s.control ? `, màn hình khác gắn vào ở ${s.control}` : ''}${s.listening ? `, agent dial-out gọi về ${s.listening}` : ''}`,
		stopping: (signal: string) => (en ? `${signal}: stopping` : `${signal}: stopping: đang dừng`),
		stopped: (journal: string) =>
			en ? `stopped; the journal is flushed: ${journal}` : `stopped: đã dừng, nhật ký đã ghi xong: ${journal}`,
	};
}
