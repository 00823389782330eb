import process from 'node:process';
import {DiemcauError} from '../cli/errors.js';
import {wordPlanHead, wordPlanProblem} from '../i18n/plan-problem-words.js';
import {wordUsage} from '../i18n/usage-words.js';

// A plan's problems are for the technician who fixes the plan: worded in the user's language.
const PLAN_ERRORS = new Set(['DIEMCAU_PLAN_INVALID', 'DIEMCAU_PLAN_UNREADABLE', 'DIEMCAU_TOKEN_WEAK']);

/** Print a user-facing error without a stack; anything else is a bug and says so. Returns the exit code. */
export function reportError(error: unknown, lang: 'vi' | 'en' = 'en'): number {
	if (error instanceof DiemcauError) {
		const worded = lang !== 'en' && PLAN_ERRORS.has(error.code);
		const message = worded ? wordPlanHead(error.message, lang) : wordUsage(error.message, lang);
		process.stderr.write(`diemcau: ${message}\n`);
		for (const line of error.details) process.stderr.write(`  - ${worded ? wordPlanProblem(line, lang) : line}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`diemcau: unexpected error: ${message}\nThis is a bug in diemcau; please report it with the command you ran.\n`);
	if (process.env.DIEMCAU_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 70;
}
