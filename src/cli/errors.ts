/** Exit codes of every command: 0 ok, 1 a check failed, 2 bad usage or bad input. */
export const EXIT = {ok: 0, checkFailed: 1, badInput: 2} as const;

export type DiemcauErrorCode =
	| 'DIEMCAU_USAGE'
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
	/** Extra lines printed under the message (every problem of a plan, say). */
	readonly details: readonly string[];

	constructor(code: DiemcauErrorCode, message: string, options: {exitCode?: number; details?: readonly string[]} = {}) {
		super(message);
		this.name = 'DiemcauError';
		this.code = code;
		this.exitCode = options.exitCode ?? EXIT.badInput;
		this.details = options.details ?? [];
	}
}
