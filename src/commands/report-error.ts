import process from 'node:process';
import {DiemcauError, errorText} from '../cli/errors.js';
import type {Lang} from '../i18n/catalog.js';
import {wordPlanProblem} from '../i18n/plan-problem-words.js';

// A plan's problems, listed under its error, are for the technician who fixes the plan: worded in
// the user's language by the plan's own words.
const PLAN_ERRORS = new Set(['DIEMCAU_PLAN_INVALID', 'DIEMCAU_PLAN_UNREADABLE', 'DIEMCAU_TOKEN_WEAK']);

/** Print a user-facing error without a stack, worded in `lang` from its code; anything else is a bug and says so. Returns the exit code. */
export function reportError(error: unknown, lang: Lang = 'en'): number {
	if (error instanceof DiemcauError) {
		const plan = PLAN_ERRORS.has(error.code);
		const words = error.words;
		// The one syntax problem of a plan rides on the head line: the plan's words word it.
		const shown =
			words.code === 'plan-syntax' && words.params.problem !== undefined && lang !== 'en'
				? new DiemcauError(
						error.code,
						{code: 'plan-syntax', params: {...words.params, problem: wordPlanProblem(words.params.problem, lang)}},
						{help: error.help},
					)
				: error;
		process.stderr.write(`diemcau: ${errorText(shown, lang)}\n`);
		for (const line of error.details) process.stderr.write(`  - ${plan ? wordPlanProblem(line, lang) : line}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`diemcau: unexpected error: ${message}\nThis is a bug in diemcau; please report it with the command you ran.\n`);
	if (process.env.DIEMCAU_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 70;
}
