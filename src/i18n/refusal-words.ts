import type {CheckinField, JournalFailure, Refusal, RefusalCode} from '../model/meeting/refusals.js';
import type {Lang} from './catalog.js';
import {errorWords, says} from './error-words.js';

// The words of every refusal (src/model/meeting/refusals.ts: the model decides with codes) in each
// language, one table (as link-reason-words.ts is for the wire). Screens word them in the
// operator's language; the control socket and logs keep the English text for scripts.
// Item titles and site names in the parameters are the plan's own (already in its language).

type Of<C extends RefusalCode> = Extract<Refusal, {code: C}>;

const q = (title: string) => `“${title}”`;
const MARK_VI = {present: 'có mặt', late: 'đến muộn', absent: 'vắng'} as const;
const DONE_VI = {ended: 'đã kết thúc', skipped: 'đã bỏ qua'} as const;

/** Which part of a site console's mark the hub could not read. */
const CHECKIN_FIELD_EN: {[F in CheckinField]: string} = {
	message: 'it is not a mark',
	id: 'its id is not 1–40 letters, digits, - or _',
	role: 'its role is not one of the site’s roster',
	status: 'its mark is not present, late or absent',
	reason: 'its reason is not text',
};
const CHECKIN_FIELD_VI: {[F in CheckinField]: string} = {
	message: 'đây không phải lượt điểm danh',
	id: 'mã lượt điểm danh không phải 1–40 chữ cái, chữ số, - hoặc _',
	role: 'thành phần không có trong danh sách của điểm cầu',
	status: 'điểm danh chỉ nhận có mặt, đến muộn hoặc vắng',
	reason: 'lý do vắng không phải văn bản',
};

/** Every refusal's words. The English is the text the model has always given. */
export const REFUSAL_WORDS: {[C in RefusalCode]: {[L in Lang]: (r: Of<C>) => string}} = {
	'session-ended': {
		en: () => 'the meeting has ended: nothing in it can change now (q quits)',
		vi: () => 'hội nghị đã kết thúc: không thay đổi được gì nữa (q để thoát)',
	},
	'session-not-started': {en: () => 'the session has not started', vi: () => 'hội nghị chưa bắt đầu'},
	'nothing-to-run': {en: () => 'no item is left to run: end the session', vi: () => 'không còn mục nào để chạy: hãy kết thúc hội nghị'},
	'item-not-started': {
		en: r => `${q(r.item)} has not started yet: start it first`,
		vi: r => `${q(r.item)} chưa bắt đầu: hãy bắt đầu mục này trước (phím space)`,
	},
	'item-paused': {
		en: r => `${q(r.item)} is paused: resume it first`,
		vi: r => `${q(r.item)} đang tạm dừng: hãy tiếp tục trước (phím space)`,
	},
	'item-done': {en: r => `${q(r.item)} is ${r.status}`, vi: r => `${q(r.item)} ${DONE_VI[r.status]}`},
	'last-item': {
		en: r => `${q(r.item)} is the last item: end the session instead`,
		vi: r => `${q(r.item)} là mục cuối: hãy kết thúc hội nghị`,
	},
	'first-item': {
		en: r => `${q(r.item)} is the first item: there is nothing to go back to`,
		vi: r => `${q(r.item)} là mục đầu tiên: không có mục nào để quay lại`,
	},
	'one-minute-steps': {en: () => 'an item is lengthened or shortened one minute at a time', vi: () => 'mỗi lần chỉ thêm hoặc bớt một phút'},
	'item-one-minute': {en: r => `${q(r.item)} is already one minute long`, vi: r => `${q(r.item)} chỉ còn một phút, không bớt được nữa`},
	'nothing-to-skip': {en: () => 'no item is left to skip', vi: () => 'không còn mục nào để bỏ qua'},
	'item-not-optional': {
		en: r => `${q(r.item)} is not optional: only optional items can be skipped`,
		vi: r => `${q(r.item)} là mục bắt buộc: chỉ bỏ qua được mục "nếu có"`,
	},
	'no-speaker-queue': {en: r => `${q(r.item)} has no speaker queue`, vi: r => `${q(r.item)} không có danh sách phát biểu`},
	'queue-empty': {en: () => 'the speaker queue is empty', vi: () => 'danh sách phát biểu đã hết'},
	'all-queued-down': {
		en: r => `every site left in the queue (${r.count}) has its link down`,
		vi: r => `cả ${r.count} điểm cầu còn trong danh sách đều mất kết nối`,
	},
	'nobody-speaking': {en: () => 'nobody is speaking', vi: () => 'chưa có ai phát biểu'},
	'not-in-queue': {en: r => `${r.site} is not in the speaker queue`, vi: r => `${r.site} không có trong danh sách phát biểu`},
	'already-first': {en: r => `${r.site} is already first in the queue`, vi: r => `${r.site} đã đứng đầu danh sách`},
	'already-last': {en: r => `${r.site} is already last in the queue`, vi: r => `${r.site} đã ở cuối danh sách`},
	'already-queued': {en: r => `${r.site} is already in the queue`, vi: r => `${r.site} đã có trong danh sách`},
	'speaking-now': {en: r => `${r.site} is speaking now`, vi: r => `${r.site} đang phát biểu`},
	'unknown-site': {en: r => `no site has id "${r.site}"`, vi: r => `không có điểm cầu mã "${r.site}"`},
	'no-role': {en: r => `${r.site} has no role number ${r.role}`, vi: r => `${r.site} không có thành phần số ${r.role}`},
	'bad-attendance': {
		en: r => `attendance is present, late, absent or unmarked, not "${r.status}"`,
		vi: r => `điểm danh chỉ nhận có mặt, đến muộn, vắng hoặc bỏ đánh dấu, không nhận "${r.status}"`,
	},
	'not-marked': {en: () => 'not marked yet', vi: () => 'chưa điểm danh'},
	'already-marked': {en: r => `already marked ${r.status}`, vi: r => `đã điểm danh: ${MARK_VI[r.status]}`},
	'empty-note': {en: () => 'a note needs some text', vi: () => 'ghi chú cần có nội dung'},
	'hub-stopping': {en: () => 'the hub is shutting down', vi: () => 'điểm cầu chính đang tắt'},
	'hub-gone': {
		en: () => 'the hub went away before it answered: look at the screen once it is back',
		vi: () => 'điểm cầu chính ngừng trước khi trả lời: hãy xem lại màn hình khi nó chạy lại',
	},
	'hub-unreachable': {
		en: () => 'the hub is not reachable: nothing was sent',
		vi: () => 'không liên lạc được với điểm cầu chính: chưa gửi gì',
	},
	viewer: {en: () => 'viewer: cannot change the meeting', vi: () => 'màn hình chỉ xem: không thay đổi được hội nghị'},
	'journal-write-failed': {en: r => wordJournalFailure(r.failure, 'en'), vi: r => wordJournalFailure(r.failure, 'vi')},
	'bad-checkin': {
		en: r => `the hub could not read this mark (${CHECKIN_FIELD_EN[r.field]}): is the agent up to date?`,
		vi: r => `điểm cầu chính không đọc được lượt điểm danh này (${CHECKIN_FIELD_VI[r.field]}): hãy cập nhật phần mềm ở điểm cầu`,
	},
	other: {en: r => r.text, vi: r => r.text},
};

/** One example of each code (the wording test walks these). */
export const REFUSAL_EXAMPLES: {[C in RefusalCode]: Of<C>} = {
	'session-ended': {code: 'session-ended'},
	'session-not-started': {code: 'session-not-started'},
	'nothing-to-run': {code: 'nothing-to-run'},
	'item-not-started': {code: 'item-not-started', item: 'Chủ trì kết luận Hội nghị'},
	'item-paused': {code: 'item-paused', item: 'Chủ trì kết luận Hội nghị'},
	'item-done': {code: 'item-done', item: 'Chủ trì kết luận Hội nghị', status: 'ended'},
	'last-item': {code: 'last-item', item: 'Chủ trì kết luận Hội nghị'},
	'first-item': {code: 'first-item', item: 'Văn phòng thị xã tuyên bố lý do'},
	'one-minute-steps': {code: 'one-minute-steps'},
	'item-one-minute': {code: 'item-one-minute', item: 'Chủ trì kết luận Hội nghị'},
	'nothing-to-skip': {code: 'nothing-to-skip'},
	'item-not-optional': {code: 'item-not-optional', item: 'Chủ trì kết luận Hội nghị'},
	'no-speaker-queue': {code: 'no-speaker-queue', item: 'Chủ trì kết luận Hội nghị'},
	'queue-empty': {code: 'queue-empty'},
	'all-queued-down': {code: 'all-queued-down', count: 2},
	'nobody-speaking': {code: 'nobody-speaking'},
	'not-in-queue': {code: 'not-in-queue', site: 'Xã Phổ An'},
	'already-first': {code: 'already-first', site: 'Xã Phổ An'},
	'already-last': {code: 'already-last', site: 'Xã Phổ An'},
	'already-queued': {code: 'already-queued', site: 'Xã Phổ An'},
	'speaking-now': {code: 'speaking-now', site: 'Xã Phổ An'},
	'unknown-site': {code: 'unknown-site', site: 'pho-xyz'},
	'no-role': {code: 'no-role', site: 'Xã Phổ An', role: 9},
	'bad-attendance': {code: 'bad-attendance', status: 'maybe'},
	'not-marked': {code: 'not-marked'},
	'already-marked': {code: 'already-marked', status: 'late'},
	'empty-note': {code: 'empty-note'},
	'hub-stopping': {code: 'hub-stopping'},
	'hub-gone': {code: 'hub-gone'},
	'hub-unreachable': {code: 'hub-unreachable'},
	viewer: {code: 'viewer'},
	'journal-write-failed': {
		code: 'journal-write-failed',
		failure: {file: '/var/lib/diemcau/j.jsonl', errno: 'ENOSPC', error: 'ENOSPC: no space left on device, write'},
	},
	'bad-checkin': {code: 'bad-checkin', field: 'status'},
	other: {code: 'other', text: 'ECUSTOM'},
};

/** A refusal in a language. */
export function wordRefusal(refusal: Refusal, lang: Lang): string {
	return (REFUSAL_WORDS[refusal.code][lang] as (r: Refusal) => string)(refusal);
}

/**
 * Why the journal could not be written, in a language: the words of the journal's own error
 * (src/i18n/error-words.ts 'journal-write', 'journal-closed'), so the refusal, the alert line and
 * the log say what the command's error would.
 */
export function wordJournalFailure(failure: JournalFailure, lang: Lang): string {
	return errorWords.word(
		'closed' in failure
			? says('journal-closed', {file: failure.file})
			: says('journal-write', {file: failure.file, ...(failure.errno ? {code: failure.errno} : {}), error: failure.error}),
		lang,
	);
}
