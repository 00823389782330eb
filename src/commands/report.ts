import {writeFile} from 'node:fs/promises';
import {parseCommandArgs, type Command} from '../cli/command.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {lastJournal, readJournal} from '../hub/journal.js';
import {journalsDir} from '../hub/journal-name.js';
import {chooseLang} from '../i18n/lang-option.js';
import {cliWords} from '../i18n/cli-words.js';
import {buildReport} from '../documents/report.js';
import {reportDocx} from '../documents/report-docx.js';
import {reportMarkdown} from '../documents/report-markdown.js';

const help = `
Usage: diemcau report [JOURNAL] [--format md|json|docx] [--out FILE] [--lang vi|en]

The meeting's timeline from its journal (the .jsonl file "diemcau run" writes; it prints
its path on exit). Without JOURNAL, the last meeting's journal in the data folder (it says
which, on stderr). Items planned, adjusted (+/-) and actual, each speaker against the
budget, attendance per site, link outages (one row each, from/to), the hub's own gaps, and
each site's availability during the meeting. Needs no plan file.

  --format md     minutes in Markdown, ready to paste (default)
  --format json   stable JSON: {session, items, speakers, attendance, incidents, outages, hubGaps, availability}
  --format docx   minutes as a Word document in the administrative layout (Nghị định 30/2020):
                  needs --out; the format is also chosen by --out FILE.docx
  --out FILE      write to FILE instead of the terminal
  --lang vi|en    language of the minutes (default: the language chosen before, else LANG)

Times are the meeting's local time, in the plan's session.timeZone when it has one. The
journal is only read, never changed; a last line cut off by a crash is ignored with a warning.
Exit 0 ok, 2 if the journal is missing or damaged.
`;

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, {format: {type: 'string'}, out: {type: 'string'}, lang: {type: 'string'}}, help, {min: 0, max: 1});
		const format = values.format ?? (values.out?.toLowerCase().endsWith('.docx') ? 'docx' : 'md');
		if (format !== 'md' && format !== 'json' && format !== 'docx') throw new DiemcauError('DIEMCAU_USAGE', `--format takes md, json or docx, not "${format}".`);
		if (format === 'docx' && !values.out) throw new DiemcauError('DIEMCAU_USAGE', '--format docx writes a file: add --out FILE.docx.');
		const lang = chooseLang(values.lang);
		let file = positionals[0];
		if (file === undefined) {
			const last = lastJournal();
			if (!last) {
				throw new DiemcauError('DIEMCAU_USAGE', `no journal in ${journalsDir()} yet: give the journal's path, diemcau report JOURNAL (\`diemcau run\` prints it on exit).`);
			}
			file = last;
		}
		const {header, events, warnings} = await readJournal(file);
		if (positionals[0] === undefined) {
			process.stderr.write(`diemcau: ${cliWords(lang).lastJournal(file, header.plan.title, header.plan.date)}\n`);
		}
		for (const warning of warnings) process.stderr.write(`diemcau: ${cliWords(lang).warning(warning)}\n`);
		const {report, details} = buildReport(header, events);
		const output = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : format === 'docx' ? await reportDocx(report, details, lang) : reportMarkdown(report, details, lang);
		if (!values.out) {
			process.stdout.write(output);
			return EXIT.ok;
		}
		try {
			await writeFile(values.out, output, {mode: 0o600});
		} catch (error) {
			throw new DiemcauError('DIEMCAU_OUTPUT_UNWRITABLE', cliWords(lang).cannotWriteMinutes(values.out, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
		}
		process.stderr.write(`diemcau: ${cliWords(lang).minutesIn(values.out)}\n`);
		return EXIT.ok;
	},
};
