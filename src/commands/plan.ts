import type {Bilingual} from '../i18n/catalog.js';
import {parseCommandArgs, type Command} from '../cli/command.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {loadPlan} from '../plan/plan-file.js';
import {checkPlanSecurity} from '../plan/plan-security.js';
import {planWarnings} from '../plan/plan-warnings.js';
import {plannedMinutes} from '../model/plan/plan.js';
import {chooseLang} from '../cli/lang-option.js';
import {wordPlanWarning} from '../i18n/plan-problem-words.js';
import {PlanError} from '../plan/plan-error.js';

const OPTIONS = {
	'allow-missing-tokens': {
		type: 'boolean',
		help: {
			en: 'the token files are made later (diemcau token new FILE): one that does not exist yet is a warning, not an error',
			vi: 'các tệp mã truy cập sẽ được tạo sau (diemcau token new FILE): tệp chưa có chỉ là cảnh báo, không phải lỗi',
		},
	},
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'words the summary, the problems and the warnings (default: the language chosen before, else LANG); field paths and values stay as the file writes them',
			vi: 'ngôn ngữ của phần tóm tắt, các lỗi và cảnh báo (mặc định: ngôn ngữ đã chọn trước đó, nếu không thì theo LANG); đường dẫn trường và giá trị giữ nguyên như trong tệp',
		},
	},
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
${usageLine('plan check PLAN', OPTIONS)}

Validate a plan file (YAML or JSON). Prints "ok" and a one-line summary, or every
problem on a line of its own with its field path and what to write instead, like
  sites[0]: unknown field \`endpiont\` — did you mean \`endpoint\`?
  sites[2].endpoint: port 78020 is not a port (1–65535)
It also reads the site tokens (never printing them) and refuses tokens under 128 bits, a
token file that does not exist, and one that is not a regular file of at most 4 KiB (a
FIFO, a device, a folder) or is a symbolic link to another user's file.
Warnings go to stderr, one a line with its field path, and do not change the exit code:
a token file empty, unreadable or readable by other users, sites sharing a token or a
token file, a plain ws:// endpoint outside loopback and private networks, a CA file
missing, a date already past.

${optionRows(OPTIONS)}

Exit 0 when valid (warnings or not), 2 when not. The README's "The plan file" lists every field.
`,
	vi: `
${usageLine('plan check PLAN', OPTIONS, 'vi')}

Kiểm tra một tệp kế hoạch (YAML hoặc JSON). In "ok" và một dòng tóm tắt, hoặc mỗi lỗi một dòng
với đường dẫn trường và cách viết đúng, ví dụ:
  sites[0]: trường \`endpiont\` không có trong kế hoạch — có phải ý là \`endpoint\`?
  sites[2].endpoint: cổng 78020 không hợp lệ (1–65535)
Lệnh cũng đọc mã truy cập của các điểm cầu (không bao giờ in ra) và từ chối mã dưới 128 bit,
tệp mã truy cập không tồn tại, và tệp không phải là tệp thường tối đa 4 KiB (một FIFO, một
thiết bị, một thư mục) hoặc là liên kết tượng trưng tới tệp của người dùng khác.
Cảnh báo được ghi ra stderr, mỗi cảnh báo một dòng với đường dẫn trường, và không làm đổi mã
thoát: tệp mã truy cập rỗng, không đọc được hoặc người dùng khác đọc được, các điểm cầu dùng
chung một mã hoặc một tệp mã, địa chỉ ws:// không mã hóa nằm ngoài loopback và mạng riêng,
thiếu tệp CA, ngày họp đã qua.

${optionRows(OPTIONS, {}, 'vi')}

Mã thoát 0 khi hợp lệ (có hay không có cảnh báo), 2 khi không hợp lệ. Mục "The plan file" trong
README liệt kê mọi trường.
`,
};

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 0, max: 2});
		const lang = chooseLang(values.lang);
		const [verb, file] = positionals;
		if (verb === undefined) throw new DiemcauError('DIEMCAU_ARGUMENT_MISSING', says('plan-verb-missing'), {help});
		if (verb !== 'check') {
			const looksLikeFile = /\.(ya?ml|json)$/i.test(verb) || verb.includes('/');
			const words = looksLikeFile ? says('plan-verb-is-file', {file: verb}) : says('plan-subcommand', {value: verb});
			throw new DiemcauError('DIEMCAU_ARGUMENT_UNEXPECTED', words, {help});
		}
		if (file === undefined) throw new DiemcauError('DIEMCAU_ARGUMENT_MISSING', says('plan-missing'), {help});
		const loaded = loadPlan(file);
		const {plan} = loaded;
		const security = checkPlanSecurity(loaded, process.env, {allowMissingTokens: values['allow-missing-tokens'] === true});
		if (security.problems.length > 0) {
			const code = security.problems.every(problem => problem.message.code === 'token-weak')
				? 'DIEMCAU_TOKEN_WEAK'
				: 'DIEMCAU_TOKEN_MISSING';
			throw new PlanError(
				code,
				{code: 'plan-problems', params: {file: loaded.file, count: security.problems.length}},
				{problems: security.problems},
			);
		}
		const total = plannedMinutes(plan);
		const optional = plan.agenda.filter(item => item.optional).length;
		const head = `ok ${plan.session.title} — ${plan.session.date} ${plan.session.start}: `;
		process.stdout.write(
			lang === 'vi'
				? `${head}${plan.sites.length} điểm cầu, ${plan.agenda.length} mục chương trình (${optional} mục "nếu có"), dự kiến ${total} phút\n`
				: `${head}${plan.sites.length} sites, ${plan.agenda.length} agenda items (${optional} optional), ${total} min planned\n`,
		);
		for (const warning of [...planWarnings(loaded), ...security.warnings])
			process.stderr.write(`diemcau: ${lang === 'vi' ? 'cảnh báo' : 'warning'}: ${wordPlanWarning(warning, lang)}\n`);
		return EXIT.ok;
	},
};
