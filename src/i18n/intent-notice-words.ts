import type {IntentNotice} from '../model/meeting/intents.js';
import {defineWords} from './catalog.js';
import type {Lang} from './catalog.js';
import {wordLinkReason} from './link-reason-words.js';

// The words of what the meeting tells the operator beside an accepted intent
// (src/model/meeting/intents.ts IntentNotice). The control socket and the English log keep the
// English text for scripts; screens and the Vietnamese log word the code. Site names are the plan's own.

type NoticeParams = {[N in IntentNotice as N['code']]: N['params']};

export const intentNoticeWords = defineWords<NoticeParams>({
	en: {
		'last-speaker': () => 'that was the last speaker: the queue is empty',
		'speakers-skipped': p => `skipped (${wordLinkReason(p.reason, 'en')}, requeued): ${p.sites.join(', ')}`,
	},
	vi: {
		'last-speaker': () => 'đó là lượt phát biểu cuối: danh sách phát biểu đã hết',
		'speakers-skipped': p => `bỏ qua vì ${wordLinkReason(p.reason, 'vi')}, xếp lại cuối danh sách: ${p.sites.join(', ')}`,
	},
});

/** One example of each notice (the wording test walks these). */
export const INTENT_NOTICE_EXAMPLES: {[N in IntentNotice as N['code']]: N} = {
	'last-speaker': {code: 'last-speaker', params: {}},
	'speakers-skipped': {
		code: 'speakers-skipped',
		params: {sites: ['Phường Nguyễn Nghiêm', 'Đặc khu Lý Sơn'], reason: {code: 'link-down', params: {}}},
	},
};

/** A notice in a language. */
export function wordIntentNotice(notice: IntentNotice, lang: Lang): string {
	return intentNoticeWords.word(notice, lang);
}
