import {escapeMarkdown as md} from './model/sanitize.js';
import type {Report, ReportDetails} from './report.js';
import {nameOf as plainNameOf} from './report.js';

// Every name, title, reason and note comes from the plan, the journal or a site: text, never Markdown.
const nameOf = (details: ReportDetails, site: string) => md(plainNameOf(details, site));

// The minutes in Markdown, in Vietnamese, with the names of the plan: what the town office
// (Văn phòng thị xã) pastes into its report. Times are HH:MM:SS local; durations m:ss.

const GRADE: Record<string, string> = {good: 'tốt', fair: 'trung bình', poor: 'kém', down: 'mất kết nối'};
const INCIDENT: Record<string, string> = {down: 'mất kết nối', up: 'kết nối lại', grade: 'đổi chất lượng'};
const REASON: Record<string, string> = {'link down': 'đường truyền mất kết nối'};

/** "08:02:10" from an ISO time with offset (the local clock time it carries). */
function clock(iso: string | null): string {
	return iso === null ? '—' : iso.slice(11, 19);
}

/** "25/11/2021" from "2021-11-25". */
function day(date: string): string {
	const [year, month, dayOfMonth] = date.split('-');
	return `${dayOfMonth}/${month}/${year}`;
}

/** 690 → "11:30", 3725 → "1:02:05". */
export function duration(totalSeconds: number): string {
	const s = Math.abs(totalSeconds);
	const hours = Math.floor(s / 3600);
	const minutes = Math.floor((s % 3600) / 60);
	const rest = String(s % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

/** Over (+) or under (-) the plan; "0:00" on time. */
function delta(totalSeconds: number): string {
	if (totalSeconds === 0) return '0:00';
	return `${totalSeconds > 0 ? '+' : '-'}${duration(totalSeconds)}`;
}

/** "muộn 6 phút 3 giây" / "sớm 2 phút" / "đúng giờ". */
function lateness(totalSeconds: number): string {
	if (totalSeconds === 0) return 'đúng giờ';
	const s = Math.abs(totalSeconds);
	const parts = [Math.floor(s / 3600) && `${Math.floor(s / 3600)} giờ`, Math.floor((s % 3600) / 60) && `${Math.floor((s % 3600) / 60)} phút`, s % 60 && `${s % 60} giây`];
	return `${totalSeconds > 0 ? 'muộn' : 'sớm'} ${parts.filter(Boolean).join(' ')}`;
}

const cell = (text: string) => text.replace(/(?<!\\)\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: string[], rows: string[][]) => [row(head), row(head.map(() => '---')), ...rows.map(row)];

/** The minutes of the meeting as Markdown. */
export function reportMarkdown(report: Report, details: ReportDetails): string {
	const {session} = report;
	const secondsBetween = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 1000);
	const offsetH = details.utcOffsetMinutes / 60;
	const lines: string[] = [`# Biên bản: ${md(session.title)}`, ''];
	lines.push(`- **Ngày:** ${day(session.date)}${details.venue ? ` — **Địa điểm:** ${md(details.venue)}` : ''}`);
	const start = session.startedAt ? `${clock(session.startedAt)} (dự kiến ${clock(session.plannedStart)}, ${lateness(secondsBetween(session.startedAt, session.plannedStart))})` : `chưa bắt đầu (dự kiến ${clock(session.plannedStart)})`;
	lines.push(`- **Bắt đầu:** ${start}`);
	const endDelta = lateness(secondsBetween(session.endedAt ?? session.projectedEnd, session.plannedEnd));
	lines.push(
		session.endedAt
			? `- **Kết thúc:** ${clock(session.endedAt)} (dự kiến ${clock(session.plannedEnd)}, ${endDelta})`
			: `- **Chưa kết thúc:** nhật ký dừng lúc ${clock(details.asOf)}; dự báo kết thúc ${clock(session.projectedEnd)} (dự kiến ${clock(session.plannedEnd)}, ${endDelta})`,
	);
	const total = report.attendance.reduce((sum, r) => ({expected: sum.expected + r.expected, present: sum.present + r.present, late: sum.late + r.late, absent: sum.absent + r.absent}), {expected: 0, present: 0, late: 0, absent: 0});
	lines.push(`- **Đại biểu:** ${total.present + total.late}/${total.expected} có mặt (đến muộn ${total.late}, vắng ${total.absent}) tại ${report.attendance.length} điểm cầu`);
	lines.push('', `Giờ địa phương (UTC${offsetH >= 0 ? '+' : '-'}${String(Math.abs(offsetH)).padStart(2, '0')}:00). Thời lượng tính theo phút:giây, không kể thời gian tạm dừng.`, '');

	lines.push('## Nội dung hội nghị', '');
	lines.push(
		...table(
			['#', 'Nội dung', 'Bắt đầu', 'Kết thúc', 'Dự kiến', 'Thực tế', 'Chênh lệch'],
			report.items.map((item, index) => [
				String(index + 1),
				md(item.title),
				clock(item.startedAt),
				clock(item.endedAt),
				duration(item.plannedS),
				item.actualS === null ? '—' : duration(item.actualS),
				item.skipped ? 'bỏ qua' : item.overrunS === null ? 'chưa thực hiện' : delta(item.overrunS),
			]),
		),
		'',
	);

	if (report.speakers.length > 0) {
		lines.push('## Phát biểu của các điểm cầu', '');
		lines.push(
			...table(
				['Điểm cầu', 'Bắt đầu', 'Kết thúc', 'Thời lượng', 'Định mức', 'Chênh lệch', 'Ghi chú'],
				report.speakers.map((turn, index) => {
					const reason = details.speakerReasons[index];
					const note = turn.skipped ? `bỏ qua${reason ? ` (${REASON[reason] ?? md(reason)})` : ''}, chuyển xuống cuối` : turn.endedAt === null ? 'đang phát biểu' : '';
					const spoke = turn.startedAt !== null;
					return [nameOf(details, turn.site), clock(turn.startedAt), spoke ? clock(turn.endedAt) : clock(null), spoke ? duration(turn.actualS) : '—', duration(turn.budgetS), spoke && !turn.skipped ? delta(turn.actualS - turn.budgetS) : '', note];
				}),
			),
			'',
		);
	}

	lines.push('## Điểm danh', '');
	lines.push(
		...table(
			['Điểm cầu', 'Triệu tập', 'Có mặt', 'Đến muộn', 'Vắng', 'Chưa điểm danh'],
			[
				...report.attendance.map(r => [nameOf(details, r.site), String(r.expected), String(r.present), String(r.late), String(r.absent), String(details.unmarked[r.site] ?? 0)]),
				['**Tổng cộng**', String(total.expected), String(total.present), String(total.late), String(total.absent), String(total.expected - total.present - total.late - total.absent)],
			],
		),
		'',
	);
	if (details.absences.length > 0) {
		lines.push('Vắng mặt:', '', ...details.absences.map(a => `- ${nameOf(details, a.site)} — ${md(a.role)}: ${a.reason ? md(a.reason) : 'không rõ lý do'}`), '');
	}

	lines.push('## Sự cố đường truyền', '');
	if (report.incidents.length === 0) lines.push('Không có sự cố.', '');
	else {
		lines.push(
			...table(
				['Thời gian', 'Điểm cầu', 'Sự kiện', 'Chất lượng', 'Lý do'],
				report.incidents.map((incident, index) => [clock(incident.at), nameOf(details, incident.site), INCIDENT[incident.type]!, GRADE[incident.grade] ?? incident.grade, md(details.incidentReasons[index] ?? '')]),
			),
			'',
		);
	}

	if (details.notes.length > 0) lines.push('## Ghi chú', '', ...details.notes.map(n => `- ${clock(n.at)} — ${md(n.text)}`), '');
	return `${lines.join('\n').trimEnd()}\n`;
}
