import type {Bilingual} from '../i18n/catalog.js';
import {writeFile} from 'node:fs/promises';
import {choiceOption, parseCommandArgs, type Command} from '../cli/command.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {lastJournal, readJournal} from '../hub/journal.js';
import {journalsDir} from '../hub/journal-name.js';
import {checkLang, chooseLang} from '../cli/lang-option.js';
import {rememberedJournal} from '../hub/last-journal.js';
import {cliWords} from '../i18n/cli-words.js';
import {buildReport} from '../documents/report.js';
import {reportDocx} from '../documents/report-docx.js';
import {reportMarkdown} from '../documents/report-markdown.js';

const OPTIONS = {
	format: {
		type: 'string',
		arg: 'md|json|docx',
		rows: [
			{arg: 'md', help: {en: 'minutes in Markdown, ready to paste (default)', vi: 'biên bản dạng Markdown, dán được ngay (mặc định)'}},
			{
				arg: 'json',
				help: {
					en: 'stable JSON: {session, items, speakers, attendance, incidents, outages, hubGaps, availability}',
					vi: 'JSON ổn định: {session, items, speakers, attendance, incidents, outages, hubGaps, availability}',
				},
			},
			{
				arg: 'docx',
				help: {
					en: 'minutes as a Word document in the administrative layout (Nghị định 30/2020): needs --out; the format is also chosen by --out FILE.docx',
					vi: 'biên bản dạng văn bản Word theo thể thức văn bản hành chính (Nghị định 30/2020): cần --out; định dạng này cũng được chọn khi --out FILE.docx',
				},
			},
		],
	},
	out: {type: 'string', arg: 'FILE', help: {en: 'write to FILE instead of the terminal', vi: 'ghi vào FILE thay vì in ra màn hình'}},
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'language of the minutes (default: the language the meeting was run in, else the language chosen before, else LANG)',
			vi: 'ngôn ngữ của biên bản (mặc định: ngôn ngữ đã dùng khi điều hành hội nghị, nếu không thì ngôn ngữ đã chọn trước đó, nếu không nữa thì theo LANG)',
		},
	},
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
${usageLine('report [JOURNAL]', OPTIONS)}

The meeting's timeline from its journal (the .jsonl file "diemcau run" writes; it prints
its path on exit). Without JOURNAL, the journal of the last meeting run or served on this
machine, wherever it was written (--journal FILE too); it says which, on stderr. Items planned, adjusted (+/-) and actual, each speaker against the
budget, attendance per site, link outages (one row each, from/to), the hub's own gaps, and
each site's availability during the meeting. Needs no plan file.

${optionRows(OPTIONS)}

Times are the meeting's local time, in the plan's session.timeZone when it has one. The
journal is only read, never changed; a last line cut off by a crash is ignored with a warning.
Exit 0 ok, 2 if the journal is missing or damaged.
`,
	vi: `
${usageLine('report [JOURNAL]', OPTIONS, 'vi')}

Diễn biến hội nghị lập từ nhật ký (tệp .jsonl mà "diemcau run" ghi; lệnh in đường dẫn tệp khi
thoát). Không có JOURNAL thì dùng nhật ký của hội nghị gần nhất đã chạy bằng run hoặc serve
trên máy này, dù được ghi ở đâu (kể cả --journal FILE); lệnh báo là tệp nào, trên stderr. Gồm:
các mục theo kế hoạch, được điều chỉnh (+/-) và thực tế, từng người phát biểu so với thời gian
dành cho họ, điểm danh từng điểm cầu, các lần mất đường truyền (mỗi lần một dòng, từ/đến), các
khoảng gián đoạn của chính điểm cầu chính, và mức sẵn sàng của từng điểm cầu trong hội nghị.
Không cần tệp kế hoạch.

${optionRows(OPTIONS, {}, 'vi')}

Thời gian là giờ địa phương của hội nghị, theo session.timeZone của kế hoạch nếu có. Nhật ký
chỉ được đọc, không bao giờ bị thay đổi; dòng cuối bị cắt dở do sự cố được bỏ qua kèm cảnh báo.
Mã thoát 0 khi thành công, 2 nếu thiếu nhật ký hoặc nhật ký bị hỏng.
`,
};

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 0, max: 1});
		const format = values.format ?? (values.out?.toLowerCase().endsWith('.docx') ? 'docx' : 'md');
		choiceOption(format, '--format', ['md', 'json', 'docx']);
		if (format === 'docx' && !values.out) throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('docx-needs-out'));
		checkLang(values.lang);
		let file = positionals[0];
		if (file === undefined) {
			const last = rememberedJournal() ?? lastJournal();
			if (!last) {
				throw new DiemcauError('DIEMCAU_NO_JOURNAL_GIVEN', says('no-journal-yet', {dir: journalsDir()}));
			}
			file = last;
		}
		const {header, events, warnings} = await readJournal(file);
		// The minutes speak the meeting's language unless told otherwise.
		const lang = values.lang ?? header.lang ?? chooseLang(undefined);
		if (positionals[0] === undefined) {
			process.stderr.write(`diemcau: ${cliWords(lang).lastJournal({file, title: header.plan.title, date: header.plan.date})}\n`);
		}
		for (const warning of warnings) process.stderr.write(`diemcau: ${cliWords(lang).warning({warning})}\n`);
		const {report, details} = buildReport(header, events);
		const output =
			format === 'json'
				? `${JSON.stringify(report, null, 2)}\n`
				: format === 'docx'
					? await reportDocx(report, details, lang)
					: reportMarkdown(report, details, lang);
		if (!values.out) {
			process.stdout.write(output);
			return EXIT.ok;
		}
		try {
			await writeFile(values.out, output, {mode: 0o600});
		} catch (error) {
			throw new DiemcauError(
				'DIEMCAU_OUTPUT_UNWRITABLE',
				says('minutes-unwritable', {file: values.out, why: (error as NodeJS.ErrnoException).code ?? (error as Error).message}),
			);
		}
		process.stderr.write(`diemcau: ${cliWords(lang).minutesIn({file: values.out})}\n`);
		return EXIT.ok;
	},
};
