import {wordLinkReason, type ReasonCode} from '../i18n/link-reason-words.js';
import {utcOffsetLabel} from '../model/plan/time-zone.js';
import type {Report, ReportDetails} from './report.js';
import {nameOf} from './report.js';
import {formatClock, formatSignedClock} from '../i18n/numbers.js';
import {formatPercent, reportWords, type DocLang} from '../i18n/report-words.js';

// The minutes as a document model, in one language: the facts, then sections of paragraphs,
// tables and lists. The Markdown (report-markdown.ts) and the Word document (report-docx.ts)
// both render this, so they say the same thing. Times are HH:MM:SS in the meeting's zone.

export interface MinutesTable {
	head: string[];
	rows: string[][];
	/** Rows drawn bold (totals). */
	bold?: number[];
	/** Relative column widths for a printed page (default: the first column wide, the rest alike). */
	weights?: number[];
}

export interface MinutesSection {
	heading: string;
	blocks: Array<{paragraph: string} | {table: MinutesTable} | {list: string[]}>;
}

export interface Minutes {
	lang: DocLang;
	title: string;
	facts: Array<[string, string]>;
	zoneLine: string;
	sections: MinutesSection[];
}

/** "08:02:10" from an ISO time with offset (the local clock time it carries). */
export function clock(iso: string | null): string {
	return iso === null ? '—' : iso.slice(11, 19);
}

/** "25/11/2021" from "2021-11-25". */
export function day(date: string): string {
	const [year, month, dayOfMonth] = date.split('-');
	return `${dayOfMonth}/${month}/${year}`;
}

/** 690 → "11:30", 3725 → "1:02:05": durations are written in one place, with the language's words. */
export const duration = formatClock;

/** Over (+) or under (−) the plan; "0:00" on time. */
const delta = formatSignedClock;

/** The minutes of the meeting in `lang`. */
export function buildMinutes(report: Report, details: ReportDetails, lang: DocLang): Minutes {
	const w = reportWords(lang);
	const {session} = report;
	const name = (site: string) => nameOf(details, site);
	const reason = (code: ReasonCode | null | undefined) => (code ? wordLinkReason(code, lang) : '');
	const secondsBetween = (a: string, b: string) => Math.round((Date.parse(a) - Date.parse(b)) / 1000);

	const facts: Array<[string, string]> = [[w.date, day(session.date)]];
	if (details.venue) facts.push([w.venue, details.venue]);
	facts.push([
		w.started,
		session.startedAt
			? w.startedLine(
					clock(session.startedAt),
					clock(session.plannedStart),
					w.lateness(secondsBetween(session.startedAt, session.plannedStart)),
				)
			: w.notStartedLine(clock(session.plannedStart)),
	]);
	const endOff = w.lateness(secondsBetween(session.endedAt ?? session.projectedEnd, session.plannedEnd));
	if (session.endedAt) facts.push([w.ended, w.endedLine(clock(session.endedAt), clock(session.plannedEnd), endOff)]);
	else facts.push([w.notEnded, w.notEndedLine(clock(details.asOf), clock(session.projectedEnd), clock(session.plannedEnd), endOff)]);
	const total = report.attendance.reduce(
		(sum, r) => ({
			expected: sum.expected + r.expected,
			present: sum.present + r.present,
			late: sum.late + r.late,
			absent: sum.absent + r.absent,
		}),
		{expected: 0, present: 0, late: 0, absent: 0},
	);
	facts.push([
		w.delegates,
		w.delegatesLine(total.present + total.late, total.expected, total.late, total.absent, report.attendance.length),
	]);
	if (details.session.chair) facts.push([w.chair, details.session.chair]);
	if (details.session.secretary) facts.push([w.secretary, details.session.secretary]);

	const sections: MinutesSection[] = [];
	const adjustedAny = report.items.some(item => item.adjustedS !== item.plannedS);
	sections.push({
		heading: w.items,
		blocks: [
			{
				table: {
					weights: [0.5, 3.0, 1.4, 1.4, 1.2, 1.6, 1.2, 1.2],
					head: w.itemsHead,
					rows: report.items.map((item, index) => [
						String(index + 1),
						item.title,
						clock(item.startedAt),
						clock(item.endedAt),
						duration(item.plannedS),
						item.adjustedS === item.plannedS
							? '—'
							: w.adjusted(duration(item.adjustedS), Math.round((item.adjustedS - item.plannedS) / 60)),
						item.actualS === null ? '—' : duration(item.actualS),
						item.skipped ? w.skipped : item.overrunS === null ? w.notRun : delta(item.overrunS),
					]),
				},
			},
			...(adjustedAny ? [{paragraph: w.itemsNote}] : []),
		],
	});

	if (report.speakers.length > 0) {
		sections.push({
			heading: w.speakers,
			blocks: [
				{
					table: {
						weights: [2.4, 1.2, 1.2, 1.1, 1.1, 1.1, 2.6],
						head: w.speakersHead,
						rows: report.speakers.map((turn, index) => {
							const why = details.speakerReasons[index];
							const note = turn.skipped ? w.skippedTurn(why ? reason(why) : null) : turn.endedAt === null ? w.speaking : '';
							const spoke = turn.startedAt !== null;
							return [
								name(turn.site),
								clock(turn.startedAt),
								spoke ? clock(turn.endedAt) : clock(null),
								spoke ? duration(turn.actualS) : '—',
								duration(turn.budgetS),
								spoke && !turn.skipped ? delta(turn.actualS - turn.budgetS) : '',
								note,
							];
						}),
					},
				},
			],
		});
	}

	const attendanceRows = report.attendance.map(r => [
		name(r.site),
		String(r.expected),
		String(r.present),
		String(r.late),
		String(r.absent),
		String(details.unmarked[r.site] ?? 0),
	]);
	attendanceRows.push([
		w.total,
		String(total.expected),
		String(total.present),
		String(total.late),
		String(total.absent),
		String(total.expected - total.present - total.late - total.absent),
	]);
	sections.push({
		heading: w.attendance,
		blocks: [
			{table: {head: w.attendanceHead, rows: attendanceRows, bold: [attendanceRows.length - 1]}},
			...(details.absences.length > 0
				? [{paragraph: w.absences}, {list: details.absences.map(a => `${name(a.site)} — ${a.role}: ${a.reason ?? w.noReason}`)}]
				: []),
		],
	});

	const links: MinutesSection['blocks'] = [];
	const grades = report.incidents.filter(incident => incident.type === 'grade');
	if (
		report.hubGaps.length === 0 &&
		report.outages.length === 0 &&
		grades.length === 0 &&
		!report.incidents.some(incident => incident.type === 'alert')
	)
		links.push({paragraph: w.noIncidents});
	if (report.hubGaps.length > 0)
		links.push({list: report.hubGaps.map(gap => w.hubGap(clock(gap.from), clock(gap.to), w.span(gap.durationS), gap.clean))});
	if (report.outages.length > 0) {
		links.push({
			table: {
				weights: [2.4, 1.2, 2.0, 1.2, 3.0],
				head: w.outagesHead,
				rows: report.outages.map((outage, index) => [
					name(outage.site),
					clock(outage.from),
					outage.to === null ? w.notRestored : clock(outage.to),
					duration(outage.durationS),
					reason(details.outageReasons[index]),
				]),
			},
		});
	}
	if (grades.length > 0) {
		links.push({paragraph: w.gradeChanges});
		links.push({
			list: grades.map(incident =>
				w.gradeChange(clock(incident.at), name(incident.site), w.grade[incident.previous ?? 'good'], w.grade[incident.grade ?? 'down']),
			),
		});
	}
	const alerts = report.incidents.flatMap((incident, index) =>
		incident.type === 'alert' ? [{incident, message: details.incidentReasons[index] ?? ''}] : [],
	);
	if (alerts.length > 0) {
		links.push({paragraph: w.alertsSent});
		links.push({
			list: alerts.map(({incident, message}) =>
				w.alertLine(
					clock(incident.at),
					name(incident.site),
					w.alertKind[incident.alert ?? ''] ?? incident.alert ?? '',
					incident.state === 'resolved',
					message,
				),
			),
		});
	}
	sections.push({heading: w.links, blocks: links});

	if (report.availability.length > 0) {
		sections.push({
			heading: w.availability,
			blocks: [
				{
					table: {
						head: w.availabilityHead,
						rows: report.availability.map(row => [
							name(row.site),
							duration(row.downS),
							row.availabilityPct === null ? '—' : formatPercent(lang, row.availabilityPct),
						]),
					},
				},
				{paragraph: w.availabilityNote},
			],
		});
	}

	if (details.notes.length > 0) sections.push({heading: w.notes, blocks: [{list: details.notes.map(n => `${clock(n.at)} — ${n.text}`)}]});

	return {
		lang,
		title: w.title(session.title),
		facts,
		zoneLine: w.zoneLine(session.timeZone, utcOffsetLabel(details.utcOffsetMinutes)),
		sections,
	};
}
