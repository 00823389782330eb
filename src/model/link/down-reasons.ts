import type {TokenFileProblem} from '../token-file-words.js';

// Why a link is down, as a code and its parameters: the wire raises these where the link fails
// (probes/disconnect-reason.ts, site-link.ts), src/i18n/link-reason-words.ts words them in each
// language. A rehearsal's test errors (test-errors.ts) and verdict reasons (link-reasons.ts)
// carry them inside.

/** The parameters of each reason a link is down, by its code (src/i18n/link-reason-words.ts words them). */
export type LinkReasonParams = {
	'connection-refused': Record<string, never>;
	'connection-reset': Record<string, never>;
	timeout: Record<string, never>;
	'host-not-found': Record<string, never>;
	'host-unreachable': Record<string, never>;
	'frame-too-large': Record<string, never>;
	'sent-garbage': Record<string, never>;
	/** A TLS failure: `problem` names it from Node's error code, `detail` is OpenSSL's own text (cleaned). */
	tls: {problem: TlsProblem; detail: string};
	'not-agent': {protocol: string};
	'auth-locked': Record<string, never>;
	'agent-busy': Record<string, never>;
	'agent-busy-legacy': Record<string, never>;
	'agent-flooded': Record<string, never>;
	'agent-full': Record<string, never>;
	'auth-refused-token': Record<string, never>;
	'auth-wrong-token': Record<string, never>;
	'no-agent-at-path': Record<string, never>;
	'http-refused': {status: number};
	'auth-failed': Record<string, never>;
	'auth-unknown-token': Record<string, never>;
	'protocol-error': {detail: string};
	closed: Record<string, never>;
	'no-answer': {probes: number};
	/** `status` found no answer at all before its deadline. */
	'never-answered': Record<string, never>;
	/** `status` found some answers, too few to call the link up, before its deadline. */
	'no-steady-answer': {received: number; sent: number};
	'link-down': Record<string, never>;
	'not-connected': Record<string, never>;
	/** The site sent more frames of a kind than any honest agent does; the hub cut it. */
	flooding: {what: 'roll-call-marks' | 'ignored-frames'; limit: number; seconds: number};
	/** Frames failing their MAC: someone on the path writes them. */
	forged: Record<string, never>;
	'token-env-unset': {variable: string};
	'token-file-empty': {file: string};
	'token-file-unreadable': {file: string; errno: string};
	/** A token file refused for what it is (a folder, a pipe, too big…): the problem as token-file-words.ts names it. */
	'token-file-refused': {problem: TokenFileProblem};
	/** The plan's CA bundle for wss:// could not be read. */
	'ca-unreadable': {file: string; errno: string};
	/** A reason this version has no code for (an error Node gave in its own words). */
	other: {text: string};
};

/** The TLS failures a site meets, named from Node's error codes (`unknown`: any other). */
export type TlsProblem =
	| 'self-signed-chain'
	| 'self-signed'
	| 'expired'
	| 'not-yet-valid'
	| 'wrong-name'
	| 'untrusted-issuer'
	| 'revoked'
	| 'not-tls'
	| 'unknown';

export type LinkReasonCode = keyof LinkReasonParams;

/** Why a link is down, in transit from the wire to every screen: its code and that code's parameters. */
export type LinkReason = {[C in LinkReasonCode]: {code: C; params: LinkReasonParams[C]}}[LinkReasonCode];

/** Make a link reason (keeps the code and its parameters typed together). */
export function linkReason<C extends LinkReasonCode>(code: C, params: LinkReasonParams[C]): LinkReason {
	return {code, params} as LinkReason;
}

/** True when two reasons are the same code with the same parameters. */
export function sameReason(a: LinkReason | null, b: LinkReason | null): boolean {
	if (a === b) return true;
	if (a === null || b === null || a.code !== b.code) return false;
	const pa = a.params as Record<string, unknown>;
	const pb = b.params as Record<string, unknown>;
	const keys = Object.keys(pa);
	return keys.length === Object.keys(pb).length && keys.every(key => pa[key] === pb[key]);
}
