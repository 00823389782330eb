// A plan's problems and warnings as messages: a code and its parameters, raised where the check
// is made (the schema, its cross-field checks, the token and file checks) and worded only where
// they are shown, from src/i18n/plan-problem-words.ts in each language. Adding a problem is one
// entry here (its parameters) and its wording in both languages there; a missing one is a
// compile error. Field paths, values and file names travel as parameters, never inside words.

import type {TokenFileProblem} from '../token-file-words.js';

/** What a value was, as the schema's problems name it ("the text "x"", "a list"…). */
export type ValueKind =
	| {kind: 'null'}
	| {kind: 'list'}
	| {kind: 'date'}
	| {kind: 'section'}
	| {kind: 'boolean'; value: boolean}
	| {kind: 'text'; value: string}
	| {kind: 'number'; value: number};

/** A bound of a size or a range: at least, more than, at most, less than. */
export type Bound = 'min' | 'above' | 'max' | 'below';

/** What an `alerts:` duration is for, as its problem names it. */
export type DurationField = 'after' | 'remind';

/** The schema's problems, by code: their parameters. */
export type PlanProblemParams = {
	'unknown-field': {field: string; suggestion?: string; fields: readonly string[]};
	missing: {example?: string};
	'write-section': {shape: string};
	'not-whole-number': {value: ValueKind};
	/** `expected` is zod's name of the type (string, number, int, boolean, array, object, date…). */
	'wrong-type': {expected: string; value: ValueKind};
	'must-equal': {value: string};
	'one-of': {options: readonly string[]; value: ValueKind; suggestion?: string};
	'list-size': {bound: Bound; limit: number};
	'text-length': {bound: Bound; limit: number};
	'number-range': {bound: Bound; limit: number; value: ValueKind};
	'no-form': Record<string, never>;
	/** A zod message this table does not know (a library's own words), shown as it is. */
	other: {text: string};
	'id-format': Record<string, never>;
	'time-format': Record<string, never>;
	'date-format': Record<string, never>;
	empty: Record<string, never>;
	'env-name': Record<string, never>;
	'secret-ref': Record<string, never>;
	'time-zone': Record<string, never>;
	'no-sites': Record<string, never>;
	'no-agenda': Record<string, never>;
	'token-needed': Record<string, never>;
	'endpoint-needed': Record<string, never>;
	'dial-out-endpoint': Record<string, never>;
	'dial-out-mode': Record<string, never>;
	'id-taken': {id: string; first: string};
	'endpoint-taken': {endpoint: string; first: string};
	'no-such-site': {id: string};
	'not-above': {other: string};
	'endpoint-not-url': Record<string, never>;
	'endpoint-scheme': {scheme: string};
	'endpoint-no-host': Record<string, never>;
	'endpoint-port-text': {port: string};
	'endpoint-port-range': {port: string};
	'endpoint-invalid': Record<string, never>;
	'host-port-format': {value: string};
	'host-port-range': {port: number};
	'duration-format': {field: DurationField};
	'duration-range': {field: DurationField; minSeconds: number; maxMinutes: number};
	'command-empty': Record<string, never>;
	'webhook-url': Record<string, never>;
	'token-weak': {bits: number; min: number};
	/** A token file that does not exist (`plan check` without --allow-missing-tokens), with a file beside it of a close name. */
	'token-file-missing': {file: string; suggestion?: string};
	/** A token file the hub would refuse on the day: not a small regular file of this user. */
	'token-file-refused': {problem: TokenFileProblem};
};

/** A plan's warnings (the plan works, but something would let the day down), by code. */
export type PlanWarningParams = {
	'plain-ws': {endpoint: string};
	'token-env-unset': {variable: string};
	'token-file-missing': {file: string};
	'token-file-empty': {file: string};
	'token-file-unreadable': {file: string; errno?: string};
	'token-file-open': {file: string};
	'token-file-shared': {sites: readonly SiteRef[]; file: string};
	'token-shared': {sites: readonly SiteRef[]};
	'ca-missing': {file: string};
	'listen-missing': {count: number};
	'listen-loopback': {address: string};
	'date-past': {date: string; today: string};
};

/** A site named in a message: its field path and id (`sites[3] (pho-an)`). */
export interface SiteRef {
	path: string;
	id: string;
}

/** Why a plan's text could not be read as YAML or JSON, by code. */
export type PlanSyntaxParams = {
	yaml: {code: YamlErrorCode};
	'too-deep': Record<string, never>;
	'json-syntax': {text: string};
	/** The parser's own words, for an error without a code this table knows. */
	'parser-words': {text: string};
};

/** The yaml library's error codes (every one, so each is worded in the tool's own words). */
export type YamlErrorCode =
	| 'ALIAS_PROPS'
	| 'BAD_ALIAS'
	| 'BAD_DIRECTIVE'
	| 'BAD_DQ_ESCAPE'
	| 'BAD_INDENT'
	| 'BAD_PROP_ORDER'
	| 'BAD_SCALAR_START'
	| 'BLOCK_AS_IMPLICIT_KEY'
	| 'BLOCK_IN_FLOW'
	| 'DUPLICATE_KEY'
	| 'IMPOSSIBLE'
	| 'KEY_OVER_1024_CHARS'
	| 'MISSING_CHAR'
	| 'MULTILINE_IMPLICIT_KEY'
	| 'MULTIPLE_ANCHORS'
	| 'MULTIPLE_DOCS'
	| 'MULTIPLE_TAGS'
	| 'NON_STRING_KEY'
	| 'RESOURCE_EXHAUSTION'
	| 'TAB_AS_INDENT'
	| 'TAG_RESOLVE_FAILED'
	| 'UNEXPECTED_TOKEN'
	| 'BAD_COLLECTION_TYPE';

/** The head line of a plan that cannot be used, by code. */
export type PlanHeadParams = {
	'plan-missing': {file: string};
	'plan-folder': {file: string};
	'plan-unreadable': {file: string; errno: string};
	'plan-extension': {file: string};
	'plan-syntax': {file: string; format: 'YAML' | 'JSON'};
	'plan-problems': {file: string; count: number};
	/** A hub refusing to probe with tokens under the least strength. */
	'tokens-weak': {file: string; count: number; min: number};
};

/** A message of one of the tables above (the same shape as src/i18n/catalog.ts's `Message`). */
export type CodeMessage<P> = {[C in keyof P & string]: {code: C; params: P[C]}}[keyof P & string];

export type PlanProblemMessage = CodeMessage<PlanProblemParams>;
export type PlanWarningMessage = CodeMessage<PlanWarningParams>;
export type PlanSyntaxMessage = CodeMessage<PlanSyntaxParams>;
export type PlanHeadMessage = CodeMessage<PlanHeadParams>;

/** One problem of a plan: the field it is about (`sites[3].endpoint`; '' for the top level) and what is wrong. */
export interface PlanProblem {
	path: string;
	message: PlanProblemMessage;
}

/** One warning of a plan, with its field path. */
export interface PlanWarning {
	path: string;
	message: PlanWarningMessage;
}

/** A syntax problem, at its line and column with the line quoted when the parser says where. */
export interface PlanSyntaxProblem {
	at?: {line: number; column: number; quote: string};
	message: PlanSyntaxMessage;
}

/** A problem's message with its parameters typed together. */
export function planProblem<C extends keyof PlanProblemParams>(code: C, params: PlanProblemParams[C]): PlanProblemMessage {
	return {code, params} as PlanProblemMessage;
}

/** A warning's message with its parameters typed together. */
export function planWarning<C extends keyof PlanWarningParams>(code: C, params: PlanWarningParams[C]): PlanWarningMessage {
	return {code, params} as PlanWarningMessage;
}

/** The codes without parameters, which the schema raises as a check's message (`.regex(re, 'id-format')`). */
export type PlainProblemCode = {
	[C in keyof PlanProblemParams]: PlanProblemParams[C] extends Record<string, never> ? C : never;
}[keyof PlanProblemParams];

/** Every code without parameters (a missing one is a compile error), to tell a check's code from a library's words. */
const PLAIN: {readonly [C in PlainProblemCode]: true} = {
	'no-form': true,
	'id-format': true,
	'time-format': true,
	'date-format': true,
	empty: true,
	'env-name': true,
	'secret-ref': true,
	'time-zone': true,
	'no-sites': true,
	'no-agenda': true,
	'token-needed': true,
	'endpoint-needed': true,
	'dial-out-endpoint': true,
	'dial-out-mode': true,
	'endpoint-not-url': true,
	'endpoint-no-host': true,
	'endpoint-invalid': true,
	'command-empty': true,
	'webhook-url': true,
};

export const PLAIN_PROBLEM_CODES: ReadonlySet<string> = new Set(Object.keys(PLAIN));

/** A check's message: the code of a problem without parameters (typed, so a typo is a compile error). */
export function plainCode(code: PlainProblemCode): string {
	return code;
}

/** The key under a custom issue's `params` that carries a problem's message. */
export const PROBLEM_PARAM = 'planProblem';
