import process from 'node:process';
import {DiemcauError, errorText} from '../cli/errors.js';
import type {Lang} from '../i18n/catalog.js';
import {PlanError} from '../plan/plan-error.js';

/** Print a user-facing error without a stack, worded in `lang` from its code; anything else is a bug and says so. Returns the exit code. */
export function reportError(error: unknown, lang: Lang = 'en'): number {
	// A plan's problems are for the technician who fixes the plan: worded from their codes in the user's language.
	if (error instanceof PlanError) {
		const {message, details} = error.worded(lang);
		process.stderr.write(`diemcau: ${message}\n`);
		for (const line of details) process.stderr.write(`  - ${line}\n`);
		return error.exitCode;
	}
	if (error instanceof DiemcauError) {
		process.stderr.write(`diemcau: ${errorText(error, lang)}\n`);
		for (const line of error.details) process.stderr.write(`  - ${line}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`diemcau: unexpected error: ${message}\nThis is a bug in diemcau; please report it with the command you ran.\n`);
	if (process.env.DIEMCAU_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 70;
}
