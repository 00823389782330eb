import type {TokenFileProblem} from '../token-file-words.js';

// Every reason a link is down and every reason a rehearsal verdict gives, as a code and its
// parameters: the wire and the model raise these, src/i18n/link-reason-words.ts and
// src/i18n/link-words.ts word them in each language (`--json` outputs keep the English).
// Adding a reason is one entry here; the catalog then fails to compile until both languages word
// it. Directions everywhere: up = hub → site, down = site → hub. Figures are numbers already
// rounded to what a person is shown; the catalog writes them in the reader's notation.

/** A direction of a link. */
export type Direction = 'up' | 'down';

/** The parameters of each verdict reason, by its code. */
export type VerdictReasonParams = {
	/** Nothing answered: "no answer for 60 s (connection refused)". `why` is the link's reason. */
	'no-answer': {seconds: number; why: LinkReason | null};
	/** "down 3 times, longest no answer for 12 s" */
	outages: {times: number; seconds: number; why: LinkReason | null};
	/** "RTT p95 200 ms > 150 ms" */
	'rtt-p95': {value: number; limit: number};
	/** "jitter 31 ms > 30 ms" */
	jitter: {value: number; limit: number};
	/** "loss 6 % > 4 %" */
	loss: {value: number; limit: number};
	/** "available 97 % < 99 %" */
	available: {value: number; limit: number};
	/** "bandwidth not measured: not connected" (the test's own reason, English as the prober gives it) */
	'bandwidth-failed': {why: string};
	/** "down 1.1 Mbit/s < 1.5", "up 500 kbit/s < 800" (the unit follows the limit) */
	'bandwidth-low': {direction: Direction; value: number; unit: 'kbit/s' | 'Mbit/s'; limit: number};
	/** "packet loss up 5.1 % > 4 %" */
	'packet-loss': {direction: Direction; value: number; limit: number};
	/** "UDP blocked — loss measured over TCP only" */
	'udp-blocked': Record<string, never>;
	/** "not enough data: 2 probes" */
	'not-enough-data': {probes: number};
	/** "bandwidth not measured" (asked for, never measured: a run cut short) */
	'bandwidth-missing': Record<string, never>;
	/** "RTT under load p95 640 ms > idle p95 + 300 ms" */
	'under-load': {p95: number; limit: number};
	/** "video load up: 33 % lost" */
	'video-lost': {direction: Direction; pct: number};
	/** "video load down: jitter 60 ms > 50 ms" */
	'video-jitter': {direction: Direction; value: number; limit: number};
	/** "video load not measured", or with the test's reason */
	'video-missing': {why: string | null};
	/** "UDP blocked — last measured loss 8 %": the stream stopped passing after it measured loss, which stands. */
	'udp-blocked-held': {value: number};
};

export type VerdictReasonCode = keyof VerdictReasonParams;

/** A verdict reason in transit: its code and that code's parameters. */
export type VerdictReason = {[C in VerdictReasonCode]: {code: C; params: VerdictReasonParams[C]}}[VerdictReasonCode];

/** Make a verdict reason (keeps the code and its parameters typed together). */
export function verdictReason<C extends VerdictReasonCode>(code: C, params: VerdictReasonParams[C]): VerdictReason {
	return {code, params} as VerdictReason;
}

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
