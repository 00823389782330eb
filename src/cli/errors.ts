import type {Bilingual, Lang} from '../i18n/catalog.js';
import {usageWords} from '../i18n/cli-words.js';
import {errorWords, type ErrorMessage} from '../i18n/error-words.js';

/** Exit codes of every command: 0 ok, 1 a check failed, 2 bad usage or bad input. */
export const EXIT = {ok: 0, checkFailed: 1, badInput: 2} as const;

/** What went wrong, by condition (the message's code says it in words). */
export type DiemcauErrorCode =
	// The command line
	| 'DIEMCAU_OPTION_UNKNOWN'
	| 'DIEMCAU_OPTION_VALUE'
	| 'DIEMCAU_OPTION_CONFLICT'
	| 'DIEMCAU_ARGUMENT_MISSING'
	| 'DIEMCAU_ARGUMENT_UNEXPECTED'
	| 'DIEMCAU_NO_PLAN_GIVEN'
	| 'DIEMCAU_NO_JOURNAL_GIVEN'
	| 'DIEMCAU_TOKEN_FILE_EXISTS'
	| 'DIEMCAU_LISTEN_MISSING'
	| 'DIEMCAU_SIMULATION_FAILED'
	| 'DIEMCAU_INSTALL_INCOMPLETE'
	// Files, tokens, the hub
	| 'DIEMCAU_PLAN_INVALID'
	| 'DIEMCAU_PLAN_UNREADABLE'
	| 'DIEMCAU_TOKEN_MISSING'
	| 'DIEMCAU_TOKEN_WEAK'
	| 'DIEMCAU_JOURNAL_CORRUPT'
	| 'DIEMCAU_JOURNAL_UNREADABLE'
	| 'DIEMCAU_JOURNAL_OTHER_PLAN'
	| 'DIEMCAU_JOURNAL_WRITE'
	| 'DIEMCAU_NO_TTY'
	| 'DIEMCAU_OUTPUT_UNWRITABLE'
	| 'DIEMCAU_TLS'
	| 'DIEMCAU_CONTROL_PATH'
	| 'DIEMCAU_CONTROL_BUSY'
	| 'DIEMCAU_NO_HUB'
	| 'DIEMCAU_NOT_A_HUB'
	| 'DIEMCAU_OTHER_MEETING'
	| 'DIEMCAU_METRICS_LISTEN'
	| 'DIEMCAU_LISTEN';

/** An error the user can act on: its message says what to fix; the CLI prints it without a stack. */
export class DiemcauError extends Error {
	readonly code: DiemcauErrorCode;
	readonly exitCode: number;
	/** What to say, as a code of the errors' catalog area and its parameters (worded in the user's language where shown). */
	readonly words: ErrorMessage;
	/** The command's help in English, printed after the message (a usage mistake). */
	readonly help: string | undefined;
	/** The command's help in every language, when the command gave it so. */
	readonly helps: Bilingual | undefined;
	/** Extra lines printed under the message (every problem of a plan, say). */
	readonly details: readonly string[];

	constructor(
		code: DiemcauErrorCode,
		words: ErrorMessage,
		options: {exitCode?: number; details?: readonly string[]; help?: string | Bilingual} = {},
	) {
		const given = options.help;
		const help = (typeof given === 'string' ? given : given?.en)?.trim();
		// `message` stays the English wording (logs, JSON outputs and tests read it the same everywhere).
		super(help ? `${errorWords.word(words, 'en')}\n\n${help}` : errorWords.word(words, 'en'));
		this.name = 'DiemcauError';
		this.code = code;
		this.words = words;
		this.help = help;
		this.helps = typeof given === 'object' ? {en: given.en.trim(), vi: given.vi.trim()} : undefined;
		this.exitCode = options.exitCode ?? EXIT.badInput;
		this.details = options.details ?? [];
	}
}

/** The error's message in a language: its words, then the help (whole in English; its synopsis in Vietnamese). */
export function errorText(error: DiemcauError, lang: Lang): string {
	const said = errorWords.word(error.words, lang);
	if (!error.help) return said;
	return `${said}\n\n${lang === 'en' ? error.help : synopsisIn(error.helps?.[lang] ?? error.help, lang)}`;
}

/**
 * The help's synopsis (`Cách dùng: diemcau COMMAND [--flag ARG]…`, names only) under the language's head,
 * and where the whole help is (`diemcau COMMAND --help`, in the same language).
 */
function synopsisIn(help: string, lang: Lang): string {
	const [synopsis = ''] = help.split('\n\n');
	const own = usageWords.word({code: 'head', params: {}}, lang);
	if (synopsis.startsWith(`${own} diemcau `)) {
		const command = /^\S+/.exec(synopsis.slice(`${own} diemcau `.length))![0];
		return `${synopsis}\n${usageWords.word({code: 'moreHelp', params: {command}}, lang)}`;
	}
	const match = /^Usage: diemcau (\S+)/.exec(synopsis);
	if (!match) return usageWords.word({code: 'moreHelp', params: {command: 'COMMAND'}}, lang);
	const head = usageWords.word({code: 'head', params: {}}, lang);
	const shift = ' '.repeat(Math.max(0, head.length - 'Usage:'.length));
	const lines = synopsis.split('\n').map((line, index) => (index === 0 ? `${head}${line.slice('Usage:'.length)}` : `${shift}${line}`));
	return `${lines.join('\n')}\n${usageWords.word({code: 'moreHelp', params: {command: match[1]!}}, lang)}`;
}
