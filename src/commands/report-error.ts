import process from 'node:process';
import {DiemcauError} from '../cli/errors.js';
import {PlanError} from '../plan/plan-error.js';
import {wordUsage} from '../i18n/usage-words.js';

/** Print a user-facing error without a stack; anything else is a bug and says so. Returns the exit code. */
export function reportError(error: unknown, lang: 'vi' | 'en' = 'en'): number {
	// A plan's problems are for the technician who fixes the plan: worded from their codes in the user's language.
	if (error instanceof PlanError) {
		const {message, details} = error.worded(lang);
		process.stderr.write(`diemcau: ${message}\n`);
		for (const line of details) process.stderr.write(`  - ${line}\n`);
		return error.exitCode;
	}
	if (error instanceof DiemcauError) {
		process.stderr.write(`diemcau: ${wordUsage(error.message, lang)}\n`);
		for (const line of error.details) process.stderr.write(`  - ${line}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`diemcau: unexpected error: ${message}\nThis is a bug in diemcau; please report it with the command you ran.\n`);
	if (process.env.DIEMCAU_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 70;
}
