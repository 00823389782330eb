import type {Bilingual} from '../i18n/catalog.js';
import {randomBytes} from 'node:crypto';
import {chmodSync, closeSync, openSync, writeSync} from 'node:fs';
import process from 'node:process';
import {parseCommandArgs, type Command} from '../cli/command.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {cliWords} from '../i18n/cli-words.js';
import {says} from '../i18n/error-words.js';
import {MIN_TOKEN_BITS, NEW_TOKEN_BYTES} from '../model/plan/token-strength.js';
import {chooseLang} from '../cli/lang-option.js';

const OPTIONS = {
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'words what it says (default: the language chosen before, else LANG)',
			vi: 'ngôn ngữ của thông báo (mặc định: ngôn ngữ đã chọn trước đó, nếu không thì theo LANG)',
		},
	},
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
${usageLine('token new [FILE]', OPTIONS)}

Make a new random site token (${NEW_TOKEN_BYTES * 8} bits, base64url). With FILE it is written there,
readable by you only (mode 600), and never printed; the file must not exist yet. Without FILE
it is printed on standard output. Give the same token to the site's agent (--token-file) and
to the plan ({file: PATH}). Tokens under ${MIN_TOKEN_BITS} bits are refused by both sides.

${optionRows(OPTIONS)}
`,
	vi: `
${usageLine('token new [FILE]', OPTIONS, 'vi')}

Tạo một mã truy cập ngẫu nhiên mới cho điểm cầu (${NEW_TOKEN_BYTES * 8} bit, base64url). Có FILE thì
mã được ghi vào tệp đó, chỉ bạn đọc được (quyền 600), và không bao giờ được in ra; tệp đó phải
chưa tồn tại. Không có FILE thì mã được in ra đầu ra chuẩn. Hãy dùng cùng một mã cho agent của
điểm cầu (--token-file) và cho kế hoạch ({file: PATH}). Cả hai bên đều từ chối mã dưới
${MIN_TOKEN_BITS} bit.

${optionRows(OPTIONS, {}, 'vi')}
`,
};

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 1, max: 2});
		const lang = chooseLang(values.lang);
		if (positionals[0] !== 'new')
			throw new DiemcauError('DIEMCAU_ARGUMENT_UNEXPECTED', says('token-subcommand', {value: positionals[0] ?? ''}), {help});
		const token = randomBytes(NEW_TOKEN_BYTES).toString('base64url');
		const file = positionals[1];
		if (!file) {
			process.stdout.write(`${token}\n`);
			return EXIT.ok;
		}
		let fd: number;
		try {
			fd = openSync(file, 'wx', 0o600); // never overwrite: a site's working token may be in it
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EEXIST') throw new DiemcauError('DIEMCAU_TOKEN_FILE_EXISTS', says('token-file-exists', {file}));
			throw new DiemcauError(
				'DIEMCAU_OUTPUT_UNWRITABLE',
				code === 'ENOENT' ? says('no-such-folder', {file}) : says('cannot-write', {file, why: code ?? 'error'}),
			);
		}
		try {
			writeSync(fd, `${token}\n`);
		} finally {
			closeSync(fd);
		}
		chmodSync(file, 0o600); // whatever the umask
		process.stdout.write(`${cliWords(lang).tokenWritten({file})}\n`);
		return EXIT.ok;
	},
};
