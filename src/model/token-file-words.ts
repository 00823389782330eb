// Why a token file was refused, as a code with parameters, and its words in each language (one
// table, typed so that a missing language does not compile). Every sentence says what to do.

type Lang = 'vi' | 'en';

/** What is wrong with a token file. */
export type TokenFileProblem =
	| {code: 'missing'; file: string}
	| {code: 'empty'; file: string}
	| {code: 'unreadable'; file: string; errno: string}
	| {code: 'directory'; file: string}
	| {code: 'fifo'; file: string}
	| {code: 'device'; file: string}
	| {code: 'not-regular'; file: string}
	| {code: 'too-big'; file: string; bytes: number; max: number}
	| {code: 'foreign-link'; file: string; uid: number};

type Of<C extends TokenFileProblem['code']> = Extract<TokenFileProblem, {code: C}>;

const MAKE = 'diemcau token new FILE';

const WORDS: {[C in TokenFileProblem['code']]: {[L in Lang]: (p: Of<C>) => string}} = {
	// The first three keep the words the hub's link reason has always had (src/model/reason-codes.ts reads them back).
	missing: {
		en: p => `cannot read token file ${p.file}: no such file`,
		vi: p => `không đọc được tệp mã ${p.file}: không có tệp này`,
	},
	empty: {
		en: p => `token file ${p.file} is empty`,
		vi: p => `tệp mã ${p.file} trống`,
	},
	unreadable: {
		en: p => `cannot read token file ${p.file}${p.errno ? ` (${p.errno})` : ''}`,
		vi: p => `không đọc được tệp mã ${p.file}${p.errno ? ` (${p.errno})` : ''}`,
	},
	directory: {
		en: p => `token file ${p.file} is a folder, not a file: name the file that holds the token`,
		vi: p => `tệp mã ${p.file} là một thư mục, không phải tệp: hãy chỉ đúng tệp chứa mã`,
	},
	fifo: {
		en: p => `token file ${p.file} is a pipe (FIFO), not a regular file: write the token into a plain file (${MAKE}) and name that`,
		vi: p =>
			`tệp mã ${p.file} là một đường ống (FIFO), không phải tệp thông thường: hãy ghi mã vào một tệp thông thường (${MAKE}) rồi chỉ tới tệp đó`,
	},
	device: {
		en: p => `token file ${p.file} is a device, not a regular file: write the token into a plain file (${MAKE}) and name that`,
		vi: p =>
			`tệp mã ${p.file} là một thiết bị, không phải tệp thông thường: hãy ghi mã vào một tệp thông thường (${MAKE}) rồi chỉ tới tệp đó`,
	},
	'not-regular': {
		en: p => `token file ${p.file} is not a regular file: write the token into a plain file (${MAKE}) and name that`,
		vi: p => `tệp mã ${p.file} không phải tệp thông thường: hãy ghi mã vào một tệp thông thường (${MAKE}) rồi chỉ tới tệp đó`,
	},
	'too-big': {
		en: p =>
			`token file ${p.file} holds ${p.bytes} bytes, more than a token ever needs (${p.max} at most): name the file that holds only the token (${MAKE})`,
		vi: p => `tệp mã ${p.file} có ${p.bytes} byte, lớn hơn mức một mã cần (tối đa ${p.max} byte): hãy chỉ tới tệp chỉ chứa mã (${MAKE})`,
	},
	'foreign-link': {
		en: p =>
			`token file ${p.file} is a symbolic link to a file of another user (uid ${p.uid}): keep the token in a file of the user who runs diemcau (${MAKE}), not behind a link`,
		vi: p =>
			`tệp mã ${p.file} là liên kết tượng trưng (symlink) tới tệp của người dùng khác (uid ${p.uid}): hãy để mã trong một tệp của chính người dùng chạy diemcau (${MAKE}), không qua liên kết`,
	},
};

/** A token file's problem in a language. */
export function wordTokenFileProblem(problem: TokenFileProblem, lang: Lang): string {
	return (WORDS[problem.code][lang] as (p: TokenFileProblem) => string)(problem);
}

/** One example of each code (the wording test walks these). */
export const TOKEN_FILE_EXAMPLES: {[C in TokenFileProblem['code']]: Of<C>} = {
	missing: {code: 'missing', file: 'tokens/pho-an.token'},
	empty: {code: 'empty', file: 'tokens/pho-an.token'},
	unreadable: {code: 'unreadable', file: 'tokens/pho-an.token', errno: 'EACCES'},
	directory: {code: 'directory', file: 'tokens'},
	fifo: {code: 'fifo', file: 'tokens/pho-an.token'},
	device: {code: 'device', file: '/dev/zero'},
	'not-regular': {code: 'not-regular', file: 'tokens/pho-an.token'},
	'too-big': {code: 'too-big', file: 'tokens/pho-an.token', bytes: 1_048_576, max: 4096},
	'foreign-link': {code: 'foreign-link', file: 'tokens/pho-an.token', uid: 0},
};
