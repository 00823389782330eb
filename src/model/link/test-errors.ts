// Why a rehearsal's bandwidth or video load test did not measure, as a code and its parameters:
// the prober raises these where the test fails (probes/prober.ts, hub-bandwidth.ts, udp-hub.ts),
// they cross the prober's thread as data, and src/i18n/test-error-words.ts words them in each
// language. `reason` parameters are the link's own reason as a code (link-reasons.ts), worded by
// the link reasons' table; a site's `reason` in `site-refused` is its agent's words.
import type {LinkReason} from './down-reasons.js';

/** Why a site's UDP test stream is off. */
export type UdpOff =
	/** The plan's `probe.udpRate` is 0. */
	| {code: 'rate-zero'}
	/** The agent runs without UDP (`--no-udp`, or it could not open its socket). */
	| {code: 'agent-without-udp'}
	/** The agent speaks an older packet layout than the hub. */
	| {code: 'agent-older'; agent: number; hub: number}
	/** The agent says the hub speaks another layout than its own. */
	| {code: 'hub-other'; hub: number; agent: number}
	/** The hub could not open its UDP socket. */
	| {code: 'hub-socket'; errno: string}
	/** An older agent's own words, without a code. */
	| {code: 'agent-says'; text: string};

/** The parameters of each test error, by its code. */
export type TestErrorParams = {
	/** "unknown site pho-xyz" */
	'unknown-site': {site: string};
	/** "ws-ping sites have no bandwidth test" */
	'no-bandwidth-test': Record<string, never>;
	/** "ws-ping sites have no UDP" */
	'no-udp': Record<string, never>;
	/** "not connected" */
	'not-connected': Record<string, never>;
	/** "disconnected", or "disconnected: connection reset" (the link's reason) */
	disconnected: {reason: LinkReason | null};
	/** "busy: a bandwidth test of this site is running" */
	'busy-bandwidth': Record<string, never>;
	/** "busy: a video load test is running" */
	'busy-video': Record<string, never>;
	/** "the prober stopped" */
	'prober-stopped': Record<string, never>;
	/** "UDP not started" */
	'udp-not-started': Record<string, never>;
	/** "UDP is off: …" (why the stream is off) */
	'udp-off': {reason: UdpOff};
	/** "the bandwidth connection failed: connection refused" (the link's reason) */
	'bulk-failed': {reason: LinkReason};
	/** "the bandwidth connection failed: not connected": the probe connection could not ask a dial-out agent to call. */
	'bulk-not-asked': Record<string, never>;
	/** "the bandwidth connection failed: the agent did not open its bandwidth connection" */
	'bulk-not-called': Record<string, never>;
	/** "timeout": a fixed-size transfer did not finish in time. */
	timeout: Record<string, never>;
	/** "busy: one bandwidth test at a time": the agent runs another test. */
	'site-busy': Record<string, never>;
	/** "busy: too many bandwidth tests; wait 12 s": the agent's allowance of tests is spent. */
	'site-rate-limited': {waitS: number};
	/** "too large: at most 268435456 bytes" */
	'site-too-large': {maxBytes: number};
	/** An agent's refusal without a code (an older agent): its words, as it sent them. */
	'site-refused': {reason: string};
};

export type TestErrorCode = keyof TestErrorParams;

/** A test error in transit: its code and that code's parameters. */
export type TestError = {[C in TestErrorCode]: {code: C; params: TestErrorParams[C]}}[TestErrorCode];

/** Make a test error (keeps the code and its parameters typed together). */
export function testError<C extends TestErrorCode>(
	code: C,
	...params: TestErrorParams[C] extends Record<string, never> ? [] : [TestErrorParams[C]]
): TestError {
	return {code, params: params[0] ?? {}} as TestError;
}
