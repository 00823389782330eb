import {DiemcauError, type DiemcauErrorCode} from '../cli/errors.js';
import {wordPlanError, type PlanErrorWords} from '../i18n/plan-problem-words.js';
import type {Lang} from '../i18n/catalog.js';
import type {PlanHeadMessage, PlanProblem, PlanSyntaxProblem} from '../model/plan/plan-problem-codes.js';

/**
 * A plan that cannot be used: its head and every problem as messages, worded where the error is
 * printed in the user's language. Its `message` and `details` are the English wording, for logs,
 * JSON outputs and anything that reads a DiemcauError.
 */
export class PlanError extends DiemcauError {
	readonly head: PlanHeadMessage;
	readonly problems: readonly PlanProblem[];
	readonly syntax: readonly PlanSyntaxProblem[];

	constructor(
		code: DiemcauErrorCode,
		head: PlanHeadMessage,
		found: {problems?: readonly PlanProblem[]; syntax?: readonly PlanSyntaxProblem[]} = {},
	) {
		const problems = found.problems ?? [];
		const syntax = found.syntax ?? [];
		const english = wordPlanError(head, problems, syntax, 'en');
		super(
			code,
			{code: 'plan-error', params: {en: english.message, vi: wordPlanError(head, problems, syntax, 'vi').message}},
			{details: english.details},
		);
		this.head = head;
		this.problems = problems;
		this.syntax = syntax;
	}

	/** The head line and the lines under it in a language. */
	worded(lang: Lang): PlanErrorWords {
		return wordPlanError(this.head, this.problems, this.syntax, lang);
	}
}
