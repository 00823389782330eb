import {administrativeDocx} from './docx-layout.js';
import {buildMinutes, clock} from './minutes.js';
import type {Report, ReportDetails} from './report.js';
import {reportWords, type DocLang} from '../i18n/report-words.js';

// The minutes as a Word document a town office files as it is: the administrative layout
// (docx-layout.ts) filled from the plan's `session.issuer`, `place`, `chair`, `secretary`,
// `recipients`, signed as Phụ lục III's form of a biên bản has it: THƯ KÝ left, CHỦ TỌA right.

/** Nghị định 30/2020: a day below 10 and a month below 3 get a leading zero ("ngày 05 tháng 02"). */
const dayOf = (day: string) => String(Number(day)).padStart(2, '0');
const monthOf = (month: string) => (Number(month) < 3 ? String(Number(month)).padStart(2, '0') : String(Number(month)));

/** The minutes of the meeting as .docx bytes. */
export function reportDocx(report: Report, details: ReportDetails, lang: DocLang = 'vi'): Promise<Buffer> {
	const w = reportWords(lang);
	const minutes = buildMinutes(report, details, lang);
	const session = details.session;
	const [year = '', month = '', day = ''] = report.session.date.split('-');
	const hub = details.names[Object.keys(details.names)[0]!] ?? '';
	const ended = report.session.endedAt;
	return administrativeDocx({
		issuer: session.issuer ?? [hub],
		number: w.number,
		motto: w.motto as [string, string],
		placeDate: w.placeDate(session.place ?? session.venue ?? '', dayOf(day), monthOf(month), year),
		title: w.docTitle,
		subject: report.session.title,
		facts: minutes.facts,
		preamble: minutes.zoneLine,
		sections: minutes.sections,
		recipientsLabel: w.recipients,
		closing: ended
			? w.endedAt(ended.slice(11, 13), ended.slice(14, 16), dayOf(ended.slice(8, 10)), monthOf(ended.slice(5, 7)), ended.slice(0, 4))
			: w.notEndedAt(clock(details.asOf)),
		recipients: session.recipients ?? w.defaultRecipients,
		signers: [
			{lines: [w.secretarySigns], name: session.secretary ?? ''},
			{lines: [w.chairSigns], name: session.chair ?? ''},
		],
		lang,
		author: hub,
	});
}
