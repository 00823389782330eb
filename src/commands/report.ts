import {parseCommandArgs, type Command} from '../command.js';
import {DiemcauError, EXIT} from '../errors.js';
import {lastJournal, readJournal} from '../journal.js';
import {journalsDir} from '../journal-name.js';
import {buildReport} from '../report.js';
import {reportMarkdown} from '../report-markdown.js';

const help = `
Usage: diemcau report [JOURNAL] [--format md|json]

The meeting's timeline from its journal (the .jsonl file "diemcau run" writes; it prints
its path on exit). Without JOURNAL, the last meeting's journal in the data folder (it says
which, on stderr). Items planned vs actual with over/under, each speaker against the
budget, attendance per site, link incidents with their times. Needs no plan file.

  --format md     minutes in Markdown, in Vietnamese, ready to paste (default)
  --format json   stable JSON: {session, items, speakers, attendance, incidents}

Times are the meeting's local time. The journal is only read, never changed; a last line
cut off by a crash is ignored with a warning. Exit 0 ok, 2 if the journal is missing or damaged.
`;

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, {format: {type: 'string'}}, help, {min: 0, max: 1});
		const format = values.format ?? 'md';
		if (format !== 'md' && format !== 'json') throw new DiemcauError('DIEMCAU_USAGE', `--format takes md or json, not "${format}".`);
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
			process.stderr.write(`diemcau: the last meeting's journal: ${file} ("${header.plan.title}", ${header.plan.date})\n`);
		}
		for (const warning of warnings) process.stderr.write(`diemcau: warning: ${warning}\n`);
		const {report, details} = buildReport(header, events);
		process.stdout.write(format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : reportMarkdown(report, details));
		return EXIT.ok;
	},
};
