import type {BandwidthResult} from './hub-bandwidth.js';
import type {UdpReport, VideoLoadResult} from './udp-session.js';

// The probe engine's types, in a leaf: the prober, each site's link and the worker thread all
// speak them, and none of them needs to import another for a type.

/** One site to probe: its endpoint, mode, token (agent mode) and a CA to trust for wss://. */
export interface ProbeTarget {
	id: string;
	endpoint: string;
	mode: 'agent' | 'ws-ping';
	token?: string;
	ca?: string | Buffer;
}

/** Probe timing; see DESIGN.md "Probing". */
export interface ProberOptions {
	intervalMs: number;
	timeoutMs: number;
	downAfter?: number; // consecutive lost probes after which the socket is terminated and redialled (default 3)
	backoff?: {baseMs?: number; capMs?: number}; // reconnect: capped exponential with full jitter, cap <= 5000
	clock?: () => number; // monotonic ms, default performance.now
	udpRate?: number; // UDP test packets per second and site (default 5; 0 = off)
}

/** What the prober reports; `at` is monotonic ms. rttMs null = lost; stalled = measured while the hub's loop lagged. */
export type ProbeEvent =
	| {type: 'connected'; site: string; at: number}
	| {type: 'disconnected'; site: string; at: number; reason: string}
	| {type: 'sample'; site: string; at: number; seq: number; rttMs: number | null; stalled: boolean}
	| {type: 'bad-frame'; site: string; at: number; reason: string}
	| {type: 'udp'; site: string; at: number; udp: UdpReport};

/** What the Monitor needs of a prober, in this thread (Prober) or in a worker (ThreadedProber). */
export interface ProbeEngine {
	start(): void;
	stop(): Promise<void>;
	bandwidth(site: string, opts: {bytes?: number; seconds?: number}): Promise<BandwidthResult>;
	/** A paced video-rate UDP stream at `kbps` for `ms` with one agent site; its loss and jitter each way. */
	videoLoad(site: string, kbps: number, ms: number): Promise<VideoLoadResult>;
	stats(): ProberStats;
}

/** Hub self-monitoring: probes sent so far; over the last ~10 s, the p99 of the prober's event-loop delay and of how late probes left their slot (ms). */
export interface ProberStats {
	probesSent: number;
	loopDelayP99Ms: number;
	sendLateP99Ms: number;
}
