import type {LinkGrade} from '../model/meeting/session.js';
import {formatSignedMinutes, formatSpanWords} from './numbers.js';

// The minutes' words in Vietnamese and English (DESIGN.md "Outputs": the minutes exist in both).
// Numbers follow each language's conventions (Intl: vi-VN "5,1 %", en "5.1 %").

export type DocLang = 'vi' | 'en';

const vi = {
	locale: 'vi-VN',
	title: (title: string) => `Biên bản: ${title}`,
	docTitle: 'BIÊN BẢN',
	date: 'Ngày',
	venue: 'Địa điểm',
	started: 'Bắt đầu',
	ended: 'Kết thúc',
	notEnded: 'Chưa kết thúc',
	delegates: 'Đại biểu',
	startedLine: (at: string, planned: string, off: string) => `${at} (dự kiến ${planned}, ${off})`,
	notStartedLine: (planned: string) => `chưa bắt đầu (dự kiến ${planned})`,
	endedLine: (at: string, planned: string, off: string) => `${at} (dự kiến ${planned}, ${off})`,
	notEndedLine: (asOf: string, projected: string, planned: string, off: string) =>
		`nhật ký dừng lúc ${asOf}; dự báo kết thúc ${projected} (dự kiến ${planned}, ${off})`,
	delegatesLine: (present: number, expected: number, late: number, absent: number, sites: number) =>
		`${present}/${expected} có mặt (đến muộn ${late}, vắng ${absent}) tại ${sites} điểm cầu`,
	lateness: (s: number) => (s === 0 ? 'đúng giờ' : `${s > 0 ? 'muộn' : 'sớm'} ${formatSpanWords(s, 'vi')}`),
	span: (s: number) => formatSpanWords(s, 'vi'),
	zoneLine: (zone: string | null, offset: string) =>
		`Giờ địa phương${zone ? ` (${zone}, ${offset})` : ` (${offset})`}. Thời lượng tính theo phút:giây, không kể thời gian tạm dừng.`,
	items: 'Nội dung hội nghị',
	itemsHead: ['#', 'Nội dung', 'Bắt đầu', 'Kết thúc', 'Kế hoạch', 'Điều chỉnh', 'Thực tế', 'Chênh lệch'],
	itemsNote:
		'Điều chỉnh: thời lượng sau khi người điều hành thêm (+) hoặc bớt (−) phút; chênh lệch so với thời lượng đã điều chỉnh, như màn hình đã hiển thị.',
	adjusted: (to: string, minutes: number) => `${to} (${formatSignedMinutes(minutes, 'vi')})`,
	skipped: 'bỏ qua',
	notRun: 'chưa thực hiện',
	speakers: 'Phát biểu của các điểm cầu',
	speakersHead: ['Điểm cầu', 'Bắt đầu', 'Kết thúc', 'Thời lượng', 'Định mức', 'Chênh lệch', 'Ghi chú'],
	skippedTurn: (reason: string | null) => (reason ? `bỏ qua vì ${reason}, mời lại cuối lượt` : 'bỏ qua, mời lại cuối lượt'),
	speaking: 'đang phát biểu',
	attendance: 'Điểm danh',
	attendanceHead: ['Điểm cầu', 'Triệu tập', 'Có mặt', 'Đến muộn', 'Vắng', 'Chưa điểm danh'],
	total: 'Tổng cộng',
	absences: 'Vắng mặt:',
	noReason: 'không rõ lý do',
	links: 'Sự cố đường truyền',
	noIncidents: 'Không có sự cố đường truyền.',
	// What is known of a gap: a clean stop has its time; a crash only the hub's last sign of life (its last journal line).
	hubGap: (from: string, to: string, span: string, clean: boolean) =>
		clean
			? `Phần mềm tại điểm cầu chính được đóng lúc ${from}, chạy lại lúc ${to} (${span}); trong khoảng này không đo được đường truyền.`
			: `Phần mềm tại điểm cầu chính dừng đột ngột (lỗi, mất điện hoặc bị tắt): còn hoạt động lần cuối lúc ${from}, chạy lại lúc ${to} (${span} sau đó); trong khoảng này không đo được đường truyền.`,
	outagesHead: ['Điểm cầu', 'Từ', 'Đến', 'Thời lượng', 'Lý do'],
	notRestored: 'chưa khôi phục',
	gradeChange: (at: string, site: string, from: string, to: string) => `${at} — ${site}: chất lượng ${from} → ${to}`,
	gradeChanges: 'Thay đổi chất lượng:',
	alertsSent: 'Cảnh báo đã gửi:',
	alertLine: (at: string, site: string, kind: string, resolved: boolean, _message: string) =>
		`${at} — ${site}: ${kind}${resolved ? ' (đã hết)' : ''}`,
	alertKind: {
		'site-down': 'điểm cầu mất kết nối',
		'speaker-link': 'đường truyền của điểm cầu đang phát biểu kém',
		'item-overrun': 'mục quá giờ',
		storm: 'nhiều điểm cầu mất kết nối cùng lúc',
	} as Record<string, string>,
	availability: 'Thời gian kết nối trong hội nghị',
	availabilityHead: ['Điểm cầu', 'Mất kết nối', 'Tỷ lệ kết nối'],
	availabilityNote: 'Tính từ lúc bắt đầu đến lúc kết thúc hội nghị, không kể thời gian phần mềm tại điểm cầu chính ngừng chạy.',
	notes: 'Ghi chú',
	grade: {good: 'tốt', fair: 'trung bình', poor: 'kém', measuring: 'đang đo', down: 'mất kết nối'} as Record<LinkGrade, string>,
	// The administrative layout (Nghị định 30/2020/NĐ-CP).
	motto: ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'],
	number: 'Số:        /BB-HĐND',
	placeDate: (place: string, day: string, month: string, year: string) => `${place}, ngày ${day} tháng ${month} năm ${year}`,
	about: (title: string) => title,
	recipients: 'Nơi nhận:',
	defaultRecipients: ['Các điểm cầu dự hội nghị;', 'Lưu: VT.'],
	signHere: '(Ký, ghi rõ họ tên)',
	rehearsalTitle: 'BIÊN BẢN KIỂM TRA ĐƯỜNG TRUYỀN',
	// Phụ lục III's form of a biên bản: who chairs and who keeps the minutes, among the facts and under the signatures.
	chair: 'Chủ trì (chủ tọa)',
	secretary: 'Thư ký (người ghi biên bản)',
	chairSigns: 'CHỦ TỌA',
	secretarySigns: 'THƯ KÝ',
	/** The text's last sentence (the layout adds "./."). */
	endedAt: (hour: string, minute: string, day: string, month: string, year: string) =>
		`Hội nghị kết thúc vào lúc ${hour} giờ ${minute} phút, ngày ${day} tháng ${month} năm ${year}`,
	notEndedAt: (asOf: string) => `Biên bản lập theo nhật ký đến ${asOf}; hội nghị chưa kết thúc`,
	rehearsalEndedAt: (hour: string, minute: string, day: string, month: string, year: string) =>
		`Việc kiểm tra kết thúc vào lúc ${hour} giờ ${minute} phút, ngày ${day} tháng ${month} năm ${year}`,
};

export type ReportWords = typeof vi;

const en: ReportWords = {
	locale: 'en-GB',
	title: (title: string) => `Minutes: ${title}`,
	docTitle: 'MINUTES',
	date: 'Date',
	venue: 'Venue',
	started: 'Started',
	ended: 'Ended',
	notEnded: 'Not ended',
	delegates: 'Delegates',
	startedLine: (at, planned, off) => `${at} (planned ${planned}, ${off})`,
	notStartedLine: planned => `not started (planned ${planned})`,
	endedLine: (at, planned, off) => `${at} (planned ${planned}, ${off})`,
	notEndedLine: (asOf, projected, planned, off) => `the journal stops at ${asOf}; projected end ${projected} (planned ${planned}, ${off})`,
	delegatesLine: (present, expected, late, absent, sites) =>
		`${present}/${expected} present (${late} late, ${absent} absent) at ${sites} sites`,
	lateness: s => (s === 0 ? 'on time' : `${formatSpanWords(s, 'en')} ${s > 0 ? 'late' : 'early'}`),
	span: s => formatSpanWords(s, 'en'),
	zoneLine: (zone, offset) =>
		`Local time${zone ? ` (${zone}, ${offset})` : ` (${offset})`}. Durations in minutes:seconds, pauses excluded.`,
	items: 'Agenda',
	itemsHead: ['#', 'Item', 'Started', 'Ended', 'Planned', 'Adjusted', 'Actual', 'Over/under'],
	itemsNote:
		'Adjusted: the length after the operator added (+) or removed (−) minutes; over/under is against the adjusted length, as the screen showed it.',
	adjusted: (to, minutes) => `${to} (${formatSignedMinutes(minutes, 'en')})`,
	skipped: 'skipped',
	notRun: 'not held',
	speakers: 'Speaking sites',
	speakersHead: ['Site', 'Started', 'Ended', 'Length', 'Budget', 'Over/under', 'Note'],
	skippedTurn: reason => (reason ? `skipped: ${reason}, called again at the end` : 'skipped, called again at the end'),
	speaking: 'speaking',
	attendance: 'Attendance',
	attendanceHead: ['Site', 'Invited', 'Present', 'Late', 'Absent', 'Not marked'],
	total: 'Total',
	absences: 'Absent:',
	noReason: 'no reason given',
	links: 'Link incidents',
	noIncidents: 'No link incidents.',
	hubGap: (from, to, span, clean) =>
		clean
			? `The hub was closed at ${from} and restarted at ${to} (${span}); no link was measured meanwhile.`
			: `The hub stopped without closing (a crash, a power cut or a kill): its last sign of life ${from}; restarted ${to} (${span} later); no link was measured meanwhile.`,
	outagesHead: ['Site', 'From', 'To', 'Length', 'Reason'],
	notRestored: 'not restored',
	gradeChange: (at, site, from, to) => `${at} — ${site}: quality ${from} → ${to}`,
	gradeChanges: 'Quality changes:',
	alertsSent: 'Alerts sent:',
	alertLine: (at, site, kind, resolved, message) =>
		`${at} — ${site}: ${kind}${resolved ? ' (resolved)' : ''}${message ? ` — ${message}` : ''}`,
	alertKind: {
		'site-down': 'site down',
		'speaker-link': "speaking site's link degraded",
		'item-overrun': 'item overrun',
		storm: 'many sites down at once',
	},
	availability: 'Link time during the meeting',
	availabilityHead: ['Site', 'Down', 'Availability'],
	availabilityNote: 'From the start to the end of the meeting, the hub’s own gaps left out.',
	notes: 'Notes',
	grade: {good: 'good', fair: 'fair', poor: 'poor', measuring: 'measuring', down: 'down'},
	motto: ['SOCIALIST REPUBLIC OF VIETNAM', 'Independence - Freedom - Happiness'],
	number: 'No.:        /BB-HĐND',
	placeDate: (place, day, month, year) => `${place}, ${day}/${month}/${year}`,
	about: title => title,
	recipients: 'To:',
	defaultRecipients: ['The sites taking part;', 'Archive.'],
	signHere: '(Signature and full name)',
	rehearsalTitle: 'LINK REHEARSAL REPORT',
	chair: 'Chair',
	secretary: 'Secretary (minutes)',
	chairSigns: 'CHAIR',
	secretarySigns: 'SECRETARY',
	endedAt: (hour, minute, day, month, year) => `The meeting ended at ${hour}:${minute} on ${day}/${month}/${year}`,
	notEndedAt: asOf => `These minutes are drawn from the journal up to ${asOf}; the meeting had not ended`,
	rehearsalEndedAt: (hour, minute, day, month, year) => `The rehearsal ended at ${hour}:${minute} on ${day}/${month}/${year}`,
};

const tables: Record<DocLang, ReportWords> = {vi, en};

/** The minutes' words in a language. */
export function reportWords(lang: DocLang): ReportWords {
	return tables[lang];
}

/** A document's figures are written in numbers.ts, with the rest of the program's. */
export {formatDocumentNumber as formatNumber, formatDocumentPercent as formatPercent} from './numbers.js';
