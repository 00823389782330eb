import {buildMinutes, type Minutes} from './minutes.js';
import type {Report, ReportDetails} from './report.js';
import type {DocLang} from './report-words.js';

// The minutes in Markdown, in the reader's language, with the names of the plan: what the town
// office (Văn phòng thị xã) pastes into its report. Plan strings are Markdown-escaped.

export {duration} from './minutes.js';

const cell = (text: string) => escapeMarkdown(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
const row = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;

/** Characters Markdown would read as markup, escaped (names and notes come from the plan and the operator). */
function escapeMarkdown(text: string): string {
	return text.replace(/([\\`*_[\]<>])/g, '\\$1');
}

/** Render the document model as Markdown. */
export function minutesMarkdown(minutes: Minutes): string {
	const lines: string[] = [`# ${escapeMarkdown(minutes.title)}`, ''];
	for (const [label, value] of minutes.facts) lines.push(`- **${label}:** ${escapeMarkdown(value)}`);
	lines.push('', minutes.zoneLine, '');
	for (const section of minutes.sections) {
		lines.push(`## ${section.heading}`, '');
		for (const block of section.blocks) {
			if ('paragraph' in block) lines.push(escapeMarkdown(block.paragraph), '');
			else if ('list' in block) lines.push(...block.list.map(item => `- ${escapeMarkdown(item)}`), '');
			else {
				const {head, rows, bold = []} = block.table;
				lines.push(row(head), `| ${head.map(() => '---').join(' | ')} |`);
				rows.forEach((cells, index) => lines.push(bold.includes(index) ? row(cells).replace(/^\| ([^|]+?) \|/, (_, first: string) => `| **${first}** |`) : row(cells)));
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
