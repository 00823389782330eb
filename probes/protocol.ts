// The diemcau.v2 / diemcau.v3 wire protocol: JSON text frames over WebSocket at /probe.
// Hand-written validation (no zod) because a hub parses thousands of pongs a second.
//
// Handshake (plain frames): agent `hello {v:2, nonce}` (no site id) → hub `challenge {nonce}` →
// agent `proof {mac}` → hub `auth {mac}` → agent `auth-ok`. The agent proves itself first; the hub
// answers only a valid proof, so a fake agent gets no MAC of the hub's. Every frame after `auth`
// (from `auth-ok` on, both ways, every type) is sealed: probes/frame-mac.ts.
// v1 → v2: the order above (v1: the hub proved first, to anyone), no site id before auth, and
// sealed frames after it. v2 → v3: the frame MAC only (SipHash-2-4, not HMAC-SHA256); the
// messages, `hello`'s `v: 2` included, are the same, and a v3 side still speaks v2 to an older peer.

/** The WebSocket subprotocol of older agents and hubs: frames sealed with HMAC-SHA256. */
export const PROTOCOL_V2 = 'diemcau.v2';
/** v2 with frames sealed with SipHash-2-4 (probes/frame-mac.ts); the messages are the same. */
export const PROTOCOL_V3 = 'diemcau.v3';
/** The subprotocols this version speaks, newest first: a dialler offers them all, a listener picks the first it is offered. */
export const PROTOCOLS: readonly string[] = [PROTOCOL_V3, PROTOCOL_V2];

/** The frame MAC of a negotiated subprotocol (ws.protocol); null when it is none of ours. */
export function frameMacOf(protocol: string): 2 | 3 | null {
	return protocol === PROTOCOL_V3 ? 3 : protocol === PROTOCOL_V2 ? 2 : null;
}

/** The subprotocol a listener speaking `ours` (newest first) picks from those a dialler offered; false: none. */
export function pickProtocol(offered: ReadonlySet<string>, ours: readonly string[] = PROTOCOLS): string | false {
	for (const protocol of ours) if (offered.has(protocol)) return protocol;
	return false;
}
/** HTTP path of the agent's WebSocket endpoint. */
export const PROBE_PATH = '/probe';
/** Largest frame either side accepts; anything bigger is closed with 1009. */
export const MAX_PAYLOAD = 64 * 1024;
/** Largest bandwidth-test data chunk (leaves room for the JSON envelope inside MAX_PAYLOAD). */
export const MAX_CHUNK = 60 * 1024;
/** Largest bandwidth test an agent accepts per direction. */
export const MAX_BW_BYTES = 32 * 1024 * 1024;
/** A handshake not finished within this time is closed (4408). */
export const HANDSHAKE_TIMEOUT_MS = 3_000;
/** The same limit between a dial-out agent and the hub's listener, where every site calling a restarted hub at once is the normal case. */
export const DIAL_OUT_HANDSHAKE_MS = 10_000;

/**
 * Close codes. 1003: binary frame (we only speak text). 1008: a frame that is well formed but not
 * allowed now (anything before auth, a second auth). 1009: frame over MAX_PAYLOAD. 4400: garbage
 * (not JSON, unknown type, bad fields). 4401: authentication failed. 4408: handshake timeout.
 * 4409: idle. 1013: agent full (maxConnections sessions). 4429: evicted from the pool of unauthenticated connections (it was full).
 */
export const CLOSE = {
	normal: 1000,
	goingAway: 1001,
	unsupported: 1003,
	policy: 1008,
	tooBig: 1009,
	badMessage: 4400,
	authFailed: 4401,
	handshakeTimeout: 4408,
	idle: 4409,
	full: 1013,
	evicted: 4429,
} as const;

/** Agent → hub, first frame: the agent's fresh nonce (and nothing about the site). */
/** `key`: only from a dial-out agent, its key id (probes/key-id.ts), so the hub checks one token, not all. */
/** `bulk`: only on the second connection a dial-out agent opens for a bandwidth test (the id of the hub's `bulk-open`). */
export type HelloMessage = {type: 'hello'; v: 2; nonce: string; key?: string; bulk?: string};
/** Hub → agent: the hub's fresh nonce. */
export type ChallengeMessage = {type: 'challenge'; nonce: string};
/** Agent → hub: agentMac over both nonces (probes/auth.ts). */
export type ProofMessage = {type: 'proof'; mac: string};
/** Hub → agent, only after a valid proof: hubMac over both nonces. */
export type AuthMessage = {type: 'auth'; mac: string};
/** Agent → hub: the hub's proof was valid; the first sealed frame. */
export type AuthOkMessage = {type: 'auth-ok'};
export type PingMessage = {type: 'ping'; seq: number; t0: number};
export type PongMessage = {type: 'pong'; seq: number; t0: number; t1: number; t2: number};
/** Hub → agent: send me `bytes` of data (download test). */
export type BwDownMessage = {type: 'bw-down'; id: string; bytes: number};
/** Hub → agent: I am about to send `bytes` of data (upload test). */
export type BwUpMessage = {type: 'bw-up'; id: string; bytes: number};
export type BwDataMessage = {type: 'bw-data'; id: string; data: string};
/** Agent → hub: cumulative bytes of an upload received (paced by --rate-kbps), the hub's send window. */
export type BwAckMessage = {type: 'bw-ack'; id: string; bytes: number};
/** Agent → hub: end of a download, with the agent's own timing. */
export type BwDoneMessage = {type: 'bw-done'; id: string; bytes: number; ms: number};
/** Agent → hub: end of an upload, with the agent's own timing. */
export type BwResultMessage = {type: 'bw-result'; id: string; bytes: number; ms: number};
/**
 * Agent → hub: a bandwidth test refused. `reason` is its English text (what older hubs read); `code`
 * names it, with `waitS` (rate-limited) or `maxBytes` (too-large), for the hub to word.
 */
export type BwErrorMessage = {
	type: 'bw-error';
	id: string;
	reason: string;
	code?: 'busy' | 'rate-limited' | 'too-large';
	waitS?: number;
	maxBytes?: number;
};
/** Hub → dial-out agent: open a second connection to the hub for a bandwidth test, its hello carrying `bulk: id` (the hub cannot dial a site behind NAT). */
export type BulkOpenMessage = {type: 'bulk-open'; id: string};

// --- The site console (DESIGN.md "The site console"; probes/console-protocol.ts validates the contents in full). ---
/** Agent → hub: a mark of one role of the site's own roster, from its console. */
export type CheckinMessage = {type: 'checkin'; id: string; role: number; status: 'present' | 'late' | 'absent'; reason?: string};
/** Agent → hub: the site's console opened or closed (the hub sends `state` only while it is open). */
export type ConsoleNoticeMessage = {type: 'console'; open: boolean};
/** Hub → agent: what the town hall sees of this site (fields: src/model/meeting/console-state.ts StateMessage). */
export type StateFrame = {type: 'state'; v: 1; seq: number} & Record<string, unknown>;
/** Hub → agent: a checkin was journalled (ok) or refused (reason). */
export type CheckinAckFrame = {type: 'checkin-ack'; id: string; ok: boolean} & Record<string, unknown>;
type ConsoleFrames = CheckinMessage | ConsoleNoticeMessage | StateFrame | CheckinAckFrame;

// --- The UDP test stream's control messages (probes/udp-*.ts), after auth only. ---
/** Hub → agent: open the UDP session of this connection; `port` is the hub's UDP port (for the agent's `open` packets). */
/** `v`: the UDP packet layout (and MAC) the hub speaks (probes/udp-packet.ts LAYOUT; absent = 1, the HMAC layout). */
export type UdpStartMessage = {type: 'udp-start'; port: number; v?: number};
/** Agent → hub: the session is open; send test packets to this UDP port. */
/** `v`: the layout the agent speaks; a hub refuses a session without the same one (the agent would drop every packet). */
export type UdpReadyMessage = {type: 'udp-ready'; port: number; v?: number};
/**
 * Agent → hub: this agent cannot do UDP. `code` names why (`no-udp`: it runs without UDP;
 * `layout`: the hub speaks another layout than this agent's `v`); `reason` says it in English for
 * an older hub.
 */
export type UdpOffMessage = {type: 'udp-off'; reason: string; code?: 'no-udp' | 'layout'; v?: number};
type UdpMessage = UdpStartMessage | UdpReadyMessage | UdpOffMessage;
const isPort = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= 65_535;
const udpValidators = {
	'udp-start': (m: Record<string, unknown>) =>
		!isPort(m.port) ? 'udp-start needs port' : m.v !== undefined && !isSeq(m.v) ? 'udp-start v must be a layout number' : null,
	'udp-ready': (m: Record<string, unknown>) =>
		!isPort(m.port) ? 'udp-ready needs port' : m.v !== undefined && !isSeq(m.v) ? 'udp-ready v must be a layout number' : null,
	'udp-off': (m: Record<string, unknown>) => (typeof m.reason !== 'string' ? 'udp-off needs reason' : null),
};
// --- end of the UDP block ---

/** Every frame of diemcau.v1. */
export type Message =
	| HelloMessage
	| ChallengeMessage
	| ProofMessage
	| AuthMessage
	| AuthOkMessage
	| PingMessage
	| PongMessage
	| BwDownMessage
	| BwUpMessage
	| BwDataMessage
	| BwAckMessage
	| BwDoneMessage
	| BwResultMessage
	| BwErrorMessage
	| BulkOpenMessage
	| ConsoleFrames
	| UdpMessage;

export type MessageType = Message['type'];

/** Result of parsing one frame: the message, or why it is garbage (never throws). */
export type ParseResult = {ok: true; message: Message} | {ok: false; reason: string};

const isNum = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isSeq = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;
const isStr = (value: unknown, max = 256): value is string => typeof value === 'string' && value.length > 0 && value.length <= max;
const isBytes = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

// One validator per type: returns an error string or null.
const validators: Record<MessageType, (m: Record<string, unknown>) => string | null> = {
	hello: m =>
		m.v !== 2
			? 'unsupported version'
			: !isStr(m.nonce, 64)
				? 'hello needs nonce'
				: m.key !== undefined && !isStr(m.key, 32)
					? 'hello key must be a key id'
					: m.bulk !== undefined && !isStr(m.bulk, 64)
						? 'hello bulk must be an id'
						: null,
	challenge: m => (!isStr(m.nonce, 64) ? 'challenge needs nonce' : null),
	proof: m => (!isStr(m.mac, 64) ? 'proof needs mac' : null),
	auth: m => (!isStr(m.mac, 64) ? 'auth needs mac' : null),
	'auth-ok': () => null,
	ping: m => (!isSeq(m.seq) || !isNum(m.t0) ? 'ping needs seq and t0' : null),
	pong: m => (!isSeq(m.seq) || !isNum(m.t0) || !isNum(m.t1) || !isNum(m.t2) ? 'pong needs seq, t0, t1, t2' : null),
	'bw-down': m => (!isStr(m.id, 64) || !isBytes(m.bytes) ? 'bw-down needs id and bytes' : null),
	'bw-up': m => (!isStr(m.id, 64) || !isBytes(m.bytes) ? 'bw-up needs id and bytes' : null),
	'bw-data': m => (!isStr(m.id, 64) || typeof m.data !== 'string' ? 'bw-data needs id and data' : null),
	'bw-ack': m => (!isStr(m.id, 64) || !isSeq(m.bytes) ? 'bw-ack needs id and bytes' : null),
	'bw-done': m => (!isStr(m.id, 64) || !isSeq(m.bytes) || !isNum(m.ms) ? 'bw-done needs id, bytes, ms' : null),
	'bw-result': m => (!isStr(m.id, 64) || !isSeq(m.bytes) || !isNum(m.ms) ? 'bw-result needs id, bytes, ms' : null),
	'bw-error': m => (!isStr(m.id, 64) || typeof m.reason !== 'string' ? 'bw-error needs id and reason' : null),
	'bulk-open': m => (!isStr(m.id, 64) ? 'bulk-open needs id' : null),
	checkin: m =>
		!isStr(m.id, 40) || !isSeq(m.role) || (m.status !== 'present' && m.status !== 'late' && m.status !== 'absent')
			? 'checkin needs id, role and status'
			: null,
	console: m => (typeof m.open !== 'boolean' ? 'console needs open' : null),
	state: m => (m.v !== 1 || !isSeq(m.seq) ? 'state needs v 1 and seq' : null),
	'checkin-ack': m => (!isStr(m.id, 40) || typeof m.ok !== 'boolean' ? 'checkin-ack needs id and ok' : null),
	...udpValidators,
};

/** Parse and validate one text frame. Garbage gives {ok:false, reason} in plain words. */
export function parseMessage(text: string): ParseResult {
	let data: unknown;
	try {
		data = JSON.parse(text);
	} catch {
		return {ok: false, reason: 'not JSON'};
	}
	if (typeof data !== 'object' || data === null || Array.isArray(data)) return {ok: false, reason: 'not a JSON object'};
	const record = data as Record<string, unknown>;
	const type = record.type;
	if (typeof type !== 'string' || !Object.hasOwn(validators, type)) {
		return {ok: false, reason: `unknown type ${JSON.stringify(String(type)).slice(0, 40)}`};
	}
	const problem = validators[type as MessageType](record);
	return problem ? {ok: false, reason: problem} : {ok: true, message: record as unknown as Message};
}

/** Encode a message as a text frame. */
export function encode(message: Message): string {
	return JSON.stringify(message);
}

/** Encode a ping without JSON.stringify: the hub sends thousands a second. */
export function encodePing(seq: number, t0: number): string {
	return '{"type":"ping","seq":' + seq + ',"t0":' + t0 + '}';
}

/** Encode a pong (agent side, hot path). */
export function encodePong(seq: number, t0: number, t1: number, t2: number): string {
	return '{"type":"pong","seq":' + seq + ',"t0":' + t0 + ',"t1":' + t1 + ',"t2":' + t2 + '}';
}

let filler = '';
/** A bw-data frame carrying `size` bytes of filler (sliced from one shared string, no per-chunk allocation of the body). */
export function encodeData(id: string, size: number): string {
	if (filler.length < MAX_CHUNK) filler = 'x'.repeat(MAX_CHUNK);
	return '{"type":"bw-data","id":' + JSON.stringify(id) + ',"data":"' + filler.slice(0, Math.min(size, MAX_CHUNK)) + '"}';
}
