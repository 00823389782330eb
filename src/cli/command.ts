import {parseArgs, type ParseArgsConfig} from 'node:util';
import process from 'node:process';
import type {Bilingual} from '../i18n/catalog.js';
import {says} from '../i18n/error-words.js';
import {parseDuration} from '../model/duration.js';
import {DiemcauError} from './errors.js';

/** A CLI command: its --help text in every language and its body, which returns the exit code. */
export interface Command {
	help: Bilingual;
	run(args: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** A command's help as a usage error carries it: in every language (a bare string is English alone). */
export type Help = string | Bilingual;

/** The flag a parseArgs error names (`'--foo'`, `'--duration <value>'`), else the first argument that looks like one. */
function flagOf(error: Error, args: readonly string[]): string {
	const quoted = /'(-[^' ]+)/.exec(error.message)?.[1];
	return quoted ?? args.find(arg => arg.startsWith('-')) ?? '?';
}

/** parseArgs' own mistakes (Node's ERR_PARSE_ARGS_*) as the condition they name. */
function parseArgsError(error: unknown, args: readonly string[], options: Options, help: Help): DiemcauError {
	if (!(error instanceof Error)) return new DiemcauError('DIEMCAU_OPTION_UNKNOWN', says('option-misused', {option: String(error)}), {help});
	const code = (error as NodeJS.ErrnoException).code;
	const option = flagOf(error, args);
	if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new DiemcauError('DIEMCAU_OPTION_UNKNOWN', says('option-unknown', {option}), {help});
	if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
		const name = option.replace(/^-+/, '').replace(/=.*$/, '');
		const spec = options[name] ?? Object.values(options).find(o => o.short === name);
		const words = spec?.type === 'boolean' ? says('option-takes-no-value', {option}) : says('option-needs-value', {option});
		return new DiemcauError('DIEMCAU_OPTION_VALUE', words, {help});
	}
	if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL')
		return new DiemcauError('DIEMCAU_ARGUMENT_UNEXPECTED', says('argument-unexpected', {value: option}), {help});
	return new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-misused', {option}), {help});
}

/** util.parseArgs with errors that say what to fix (exit 2), never a stack. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, help: Help, positionals: {min: number; max: number}) {
	let parsed;
	try {
		parsed = parseArgs({args, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw parseArgsError(error, args, options, help);
	}
	const count = parsed.positionals.length;
	if (count < positionals.min) throw new DiemcauError('DIEMCAU_ARGUMENT_MISSING', says('argument-missing'), {help});
	if (count > positionals.max) {
		throw new DiemcauError('DIEMCAU_ARGUMENT_UNEXPECTED', says('argument-unexpected', {value: parsed.positionals[positionals.max]!}), {
			help,
		});
	}
	return parsed as {values: {[K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string}; positionals: string[]};
}

/** Parse a whole number option within bounds, or throw a usage error naming the flag. */
export function intOption(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
	if (value === undefined) return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-whole-number', {option: flag, min, max, value}));
	}
	return number;
}

/** Parse a duration like 90s, 3m, 1h30m, 500ms or a bare number of seconds (src/model/duration.ts) into milliseconds. */
export function durationOption(value: string | undefined, flag: string, fallbackMs: number): number {
	if (value === undefined) return fallbackMs;
	const ms = parseDuration(value);
	if (ms === null) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-duration', {option: flag, value}));
	if (ms <= 0) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-not-positive', {option: flag}));
	return ms;
}

/** Refuse a value of a flag outside its choices (exit 2). */
export function choiceOption<C extends string>(
	value: string | undefined,
	flag: string,
	choices: readonly C[],
): asserts value is C | undefined {
	if (value !== undefined && !(choices as readonly string[]).includes(value)) {
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-choice', {option: flag, choices, value}));
	}
}

/** Refuse a --lang other than vi or en (exit 2). */
export function checkLang(value: string | undefined): asserts value is 'vi' | 'en' | undefined {
	choiceOption(value, '--lang', ['vi', 'en']);
}

/** Refuse to start a screen without a terminal: the dashboard needs raw keys. */
export function requireTty(name: string): void {
	if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
		throw new DiemcauError('DIEMCAU_NO_TTY', says('needs-terminal', {command: name}));
	}
}
