import {buildMinutes, type Minutes} from './minutes.js';
import {escapeMarkdown as escapeLine, escapeMarkdownInline as escapeMarkdown} from '../model/sanitize.js';
import type {Report, ReportDetails} from './report.js';
import type {DocLang} from '../i18n/report-words.js';

// The minutes in Markdown, in the reader's language, with the names of the plan: what the town
// office (Văn phòng thị xã) pastes into its report. Every name, title, reason and note comes from
// the plan, the journal or a site: text, never Markdown, never a link or an entity. Lines are
// escaped as sanitize.ts does; table cells only where a cell could turn into markup (a leading
// "-" is no list in a cell); links and entities everywhere are shown as written.

export {duration} from './minutes.js';

const cell = (text: string) => escapeMarkdown(text).replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

/** Render the document model as Markdown. */
export function minutesMarkdown(minutes: Minutes): string {
	const lines: string[] = [`# ${escapeMarkdown(minutes.title)}`, ''];
	for (const [label, value] of minutes.facts) lines.push(`- **${label}:** ${escapeMarkdown(value)}`);
	lines.push('', minutes.zoneLine, '');
	for (const section of minutes.sections) {
		lines.push(`## ${section.heading}`, '');
		for (const block of section.blocks) {
			if ('paragraph' in block) lines.push(escapeLine(block.paragraph), '');
			else if ('list' in block) lines.push(...block.list.map(item => `- ${escapeLine(item)}`), '');
			else {
				const {head, rows, bold = []} = block.table;
				lines.push(row(head), `| ${head.map(() => '---').join(' | ')} |`);
				rows.forEach((cells, index) =>
					lines.push(bold.includes(index) ? row(cells).replace(/^\| ([^|]+?) \|/, (_, first: string) => `| **${first}** |`) : row(cells)),
				);
				lines.push('');
			}
		}
	}
	return `${lines.join('\n').trimEnd()}\n`;
}

/** The minutes of the meeting as Markdown, in Vietnamese unless told otherwise. */
export function reportMarkdown(report: Report, details: ReportDetails, lang: DocLang = 'vi'): string {
	return minutesMarkdown(buildMinutes(report, details, lang));
}
