import {parseArgs, type ParseArgsConfig} from 'node:util';
import process from 'node:process';
import {DiemcauError} from './errors.js';

/** A CLI command: its --help text and its body, which returns the exit code. */
export interface Command {
	help: string;
	run(args: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** util.parseArgs with errors that say what to fix (exit 2), never a stack. */
export function parseCommandArgs<O extends Options>(args: string[], options: O, help: string, positionals: {min: number; max: number}) {
	let parsed;
	try {
		parsed = parseArgs({args, options, allowPositionals: true, strict: true});
	} catch (error) {
		throw new DiemcauError('DIEMCAU_USAGE', `${(error as Error).message.replace(/\. To specify.*$/, '')}\n\n${help.trim()}`);
	}
	const count = parsed.positionals.length;
	if (count < positionals.min || count > positionals.max) {
		const what = count < positionals.min ? 'missing argument' : `unexpected argument "${parsed.positionals[positionals.max]}"`;
		throw new DiemcauError('DIEMCAU_USAGE', `${what}\n\n${help.trim()}`);
	}
	return parsed as {values: {[K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string}; positionals: string[]};
}

/** Parse a whole number option within bounds, or throw a usage error naming the flag. */
export function intOption(value: string | undefined, flag: string, fallback: number, min: number, max: number): number {
	if (value === undefined) return fallback;
	const number = Number(value);
	if (!Number.isInteger(number) || number < min || number > max) {
		throw new DiemcauError('DIEMCAU_USAGE', `${flag} takes a whole number from ${min} to ${max}, not "${value}".`);
	}
	return number;
}

/** Parse a duration like 90s, 3m, 1h, 500ms or a bare number of seconds into milliseconds. */
export function durationOption(value: string | undefined, flag: string, fallbackMs: number): number {
	if (value === undefined) return fallbackMs;
	const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
	if (!match) throw new DiemcauError('DIEMCAU_USAGE', `${flag} takes a duration like 90s, 3m or 1h, not "${value}".`);
	const unit = {ms: 1, s: 1000, m: 60_000, h: 3_600_000}[(match[2] ?? 's') as 'ms' | 's' | 'm' | 'h'];
	const ms = Number(match[1]) * unit;
	if (ms <= 0) throw new DiemcauError('DIEMCAU_USAGE', `${flag} must be longer than zero.`);
	return ms;
}

/** Refuse a --lang other than vi or en (exit 2). */
export function checkLang(value: string | undefined): void {
	if (value !== undefined && value !== 'vi' && value !== 'en') {
		throw new DiemcauError('DIEMCAU_USAGE', `--lang takes vi or en, not "${value}".`);
	}
}

/** Refuse to start a screen without a terminal: the dashboard needs raw keys. */
export function requireTty(name: string): void {
	if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
		throw new DiemcauError(
			'DIEMCAU_NO_TTY',
			`"${name}" needs a terminal (stdin and stdout must be a TTY). Without one, use \`diemcau serve PLAN\` for the hub without a screen, \`diemcau status PLAN\` for a one-shot check of every site or \`diemcau rehearse PLAN\` for a rehearsal with a verdict.`,
		);
	}
}
