// What a dial-out agent says about its link to the hub (the dialler's log line, the site console's
// notice): a code and its parameters. The English is here, beside the code, because the wire's
// own log (probes/) words it and reads nothing outside the model; src/i18n/agent-words.ts words
// the same codes in Vietnamese for the commune's console.

/** The parameters of each notice. `retryS`: the agent dials again within this many seconds. */
export type AgentNoticeParams = {
	connected: {hub: string};
	'refused-proof': {retryS: number};
	replaced: {retryS: number};
	'hub-stopping': {retryS: number};
	closed: {status: number; reason: string; retryS: number};
	unreachable: {hub: string; why: string; retryS: number};
	/** A peer failing the handshake again and again: its proofs are checked more slowly. */
	'handshake-failures': {site: string; failures: number; from: string};
	/** The UDP test stream's port could not be opened. */
	'udp-port-unavailable': {site: string; port: number; code: string};
};

/** A notice in transit. */
export type AgentNotice = {[C in keyof AgentNoticeParams]: {code: C; params: AgentNoticeParams[C]}}[keyof AgentNoticeParams];

const again = (p: {retryS: number}) => `; dialling again within ${p.retryS} s`;

/** The English of every notice (the agent's log keeps these lines). */
export const AGENT_NOTICE_EN: {readonly [C in keyof AgentNoticeParams]: (params: AgentNoticeParams[C]) => string} = {
	connected: p => `connected to the hub at ${p.hub}`,
	'refused-proof': p => `the hub refused the proof (wrong token, or this site is not a dial-out site of its plan)${again(p)}`,
	replaced: p => `replaced by another agent connection of this site (two agents running?)${again(p)}`,
	'hub-stopping': p => `the hub is stopping${again(p)}`,
	closed: p => `closed (${p.status}${p.reason ? ` ${p.reason}` : ''})${again(p)}`,
	unreachable: p => `cannot reach the hub at ${p.hub} (${p.why})${again(p)}`,
	'handshake-failures': p =>
		`site=${p.site}: ${p.failures} failed handshakes from ${p.from} within a minute; checking its proofs more slowly (a valid token still gets in)`,
	'udp-port-unavailable': p => `site=${p.site}: cannot open UDP port ${p.port} (${p.code}): the UDP test stream is off; pass --udp-port N`,
};

/** A notice in English. */
export function agentNoticeEnglish(notice: AgentNotice): string {
	return (AGENT_NOTICE_EN[notice.code] as (params: object) => string)(notice.params);
}

/**
 * Why the agent's UDP reflector dropped a test packet, each reason a count (its counters beside
 * `answered`): what the agent says of its UDP stream when it stops (src/i18n/agent-words.ts).
 */
export type UdpDrops = {
	malformed: number;
	unknownSession: number;
	wrongPeer: number;
	badMac: number;
	replayed: number;
	rateCapped: number;
	simulatedLoss: number;
};
