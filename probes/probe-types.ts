import type {LinkReason} from '../src/model/link/link-reasons.js';
import type {UdpNote} from '../src/model/udp-note.js';
import type {BandwidthResult} from './hub-bandwidth.js';
import type {UdpReport, VideoLoadResult} from './udp-session.js';
import type {CheckinAckMessage, StateMessage} from '../src/model/meeting/console-state.js';

// The probe engine's types, in a leaf: the prober, each site's link and the worker thread all
// speak them, and none of them needs to import another for a type.

/**
 * One site to probe: its endpoint, mode, token (agent mode) and a CA to trust for wss://.
 * `connect: 'dial-out'`: the site's agent calls the hub's listener (ProberOptions.listen) and
 * has no endpoint; the probing over that socket is the same (DESIGN.md "Connection direction").
 */
export interface ProbeTarget {
	id: string;
	endpoint: string;
	mode: 'agent' | 'ws-ping';
	token?: string;
	ca?: string | Buffer;
	connect?: 'dial-in' | 'dial-out';
}

/** Where the hub listens for dial-out agents (wss:// with `tls`). */
export interface ListenOptions {
	host: string;
	port: number;
	tls?: {cert: string; key: string};
}

/** The listener for dial-out agents: its URL once listening, or why it could not listen. */
export type ListenResult = {url: string} | {error: string; code?: string};

/** Probe timing; see DESIGN.md "Probing". */
export interface ProberOptions {
	intervalMs: number;
	timeoutMs: number;
	downAfter?: number; // consecutive lost probes after which the socket is terminated and redialled (default 3)
	backoff?: {baseMs?: number; capMs?: number}; // reconnect: capped exponential with full jitter, cap <= 5000
	clock?: () => number; // monotonic ms, default performance.now
	udpRate?: number; // UDP test packets per second and site (default 5; 0 = off)
	listen?: ListenOptions; // needed when any target dials out
	waitMs?: number; // a dial-out site that has not called this long after start is reported down, "not connected" (default 10 s)
}

/** Hub → agent frames a caller may send one site over its probe connection (the site console's). */
export type SiteFrame = StateMessage | CheckinAckMessage;

/** Why a dial-out agent was refused: no site's token has its key id, or one has but the proof is wrong. */
export type AgentRefusal = 'no-site' | 'bad-proof';

/** What the prober reports; `at` is monotonic ms. rttMs null = lost; stalled = measured while the hub's loop lagged. */
export type ProbeEvent =
	| {type: 'connected'; site: string; at: number}
	| {type: 'disconnected'; site: string; at: number; reason: LinkReason}
	| {type: 'sample'; site: string; at: number; seq: number; rttMs: number | null; stalled: boolean}
	| {type: 'bad-frame'; site: string; at: number; reason: string}
	| {type: 'udp'; site: string; at: number; udp: UdpReport}
	/** A dial-out site's new connection replaced its previous one (a rebooted PC, or two agents for one site). */
	| {type: 'replaced'; site: string; at: number; from: string; previous: string}
	/**
	 * A dial-out agent refused at the hub's listener (its proof fits no dial-out site: a wrong or
	 * old token, or an agent meant for another hub), with its address; rate-limited, so `more`
	 * counts the refusals not reported since the last report. `site` is empty: the agent proved none.
	 */
	| {type: 'refused-agent'; site: ''; at: number; from: string; why: AgentRefusal; more: number}
	/**
	 * What the hub's UDP test stream says while it runs (its rate lowered or raised on its own
	 * measured drops, a receive buffer smaller than asked, a session moved to a new address):
	 * a line in `serve`'s log. `site` is empty: it is the hub's, or names its site in the note.
	 */
	| {type: 'udp-note'; site: ''; at: number; note: UdpNote}
	/** The site's console opened or closed (it closes with the connection too). */
	| {type: 'console'; site: string; at: number; open: boolean}
	/** A mark from the site's console, checked only for shape: the caller checks the roster and answers with a checkin-ack. */
	| {
			type: 'checkin';
			site: string;
			at: number;
			checkin: {id: string; role: number; status: 'present' | 'late' | 'absent'; reason?: string};
	  };

/** What the Monitor needs of a prober, in this thread (Prober) or in a worker (ThreadedProber). */
export interface ProbeEngine {
	start(): void;
	stop(): Promise<void>;
	bandwidth(site: string, opts: {bytes?: number; seconds?: number}): Promise<BandwidthResult>;
	/** A paced video-rate UDP stream at `kbps` for `ms` with one agent site; its loss and jitter each way. */
	videoLoad(site: string, kbps: number, ms: number): Promise<VideoLoadResult>;
	stats(): ProberStats;
	/** The dial-out listener: resolves once it listens (or failed); null when no target dials out. */
	listening(): Promise<ListenResult | null>;
	/** Send one frame to a site over its probe connection (sealed); false when the site is not connected. */
	sendToSite(site: string, frame: SiteFrame): boolean;
}

/** Hub self-monitoring: probes sent so far; over the last ~10 s, the p99 of the prober's event-loop delay and of how late probes left their slot (ms). */
export interface ProberStats {
	probesSent: number;
	loopDelayP99Ms: number;
	sendLateP99Ms: number;
	/** UDP datagrams the kernel dropped at the hub's own sockets (its loop fell behind); left out of the sites' loss down. */
	udpReceiveDrops: number;
	/** The UDP test stream: its rate (the plan's unless the hub lowered it on its own measured drops), and packets that tried to move a session. */
	udp?: {
		planRatePps: number;
		ratePps: number;
		lowered: {from: number; to: number; drops: number} | null;
		/** The receive buffer the system granted the hub's socket, when smaller than asked (bytes). */
		recvBufferCapped?: {asked: number; granted: number} | null;
		peerMoves: number;
		foreignDropped: number;
	};
}
