// Every reason a rehearsal verdict gives, as a code and its parameters (a link's down reasons are
// in down-reasons.ts, re-exported here): the wire and the model raise these, src/i18n/link-reason-words.ts and
// src/i18n/link-words.ts word them in each language (`--json` outputs keep the English).
// Adding a reason is one entry here; the catalog then fails to compile until both languages word
// it. Directions everywhere: up = hub → site, down = site → hub. Figures are numbers already
// rounded to what a person is shown; the catalog writes them in the reader's notation.

import type {TestError} from './test-errors.js';
import type {LinkReason} from './down-reasons.js';

export {linkReason, sameReason, type LinkReason, type LinkReasonCode, type LinkReasonParams, type TlsProblem} from './down-reasons.js';

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
	/** "bandwidth not measured: not connected" (the test's own reason, test-errors.ts) */
	'bandwidth-failed': {why: TestError};
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
	/** "video load not measured", or with the test's reason (test-errors.ts) */
	'video-missing': {why: TestError | null};
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
