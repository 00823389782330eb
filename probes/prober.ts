import {randomBytes} from 'node:crypto';
import {testError, type TestError} from '../src/model/link/test-errors.js';
import {HubBandwidth, type BandwidthResult} from './hub-bandwidth.js';
import {startHubListener, type DialedAgent, type HubListener} from './hub-listener.js';
import type {ListenerGuardOptions} from './listener-guard.js';
import type {ListenResult, ProbeEngine, ProbeEvent, ProberOptions, ProberStats, ProbeTarget, SiteFrame} from './probe-types.js';
import {CLOSE, DIAL_OUT_HANDSHAKE_MS} from './protocol.js';
import {DEFAULT_WAIT_MS, SiteLink, type LinkContext} from './site-link.js';
import {StallWatch} from './stall-watch.js';
import {UdpHub} from './udp-hub.js';
import type {VideoLoadResult} from './udp-session.js';

export type {ListenResult, ProbeEngine, ProbeEvent, ProberOptions, ProberStats, ProbeTarget, SiteFrame} from './probe-types.js';

/** How long a dial-out agent has to open the bandwidth test's connection it was asked for. */
const BULK_CALL_MS = 10_000;

/**
 * The hub listener's limits for `sites` dial-out sites: room for each site's connection and a
 * bandwidth test's second one. Authenticated sessions need a token, so they are not capped per
 * address (many communes may share one carrier-grade NAT address); the unauthenticated pool stays
 * a few per address, as on every listener (probes/listener-guard.ts). Every site calling at once
 * is the normal case after a hub restart, not an attack: the pool holds them all, and a
 * handshake may take 10 s while the rush is served. With a 3 s limit and a pool of 512, 2,000
 * agents calling a restarted hub evicted and timed out each other for 30 s (BENCHMARKS.md).
 */
export function listenerLimits(sites: number): ListenerGuardOptions {
	const sessions = 2 * sites + 16;
	return {
		maxConnections: sessions,
		maxPerAddress: sessions,
		preAuthPool: Math.max(64, sites + 16),
		preAuthPerAddress: 8,
		handshakeTimeoutMs: DIAL_OUT_HANDSHAKE_MS,
	};
}

/**
 * Probes many sites over one connection each. Site i of n sends at phase i/n of the interval,
 * so 2,000 sites at 1 Hz make a steady trickle, never a burst. Sites that dial out (behind NAT)
 * call the hub's listener, which this prober runs; their sockets are handed to their SiteLink.
 */
export class Prober implements ProbeEngine {
	private readonly links = new Map<string, SiteLink>();
	private readonly stall: StallWatch;
	private readonly ctx: LinkContext;
	private readonly udp: UdpHub;
	private started = false;
	private readonly dialOut: ProbeTarget[];
	private listener: Promise<HubListener | null> | null = null;
	private listenResult: Promise<ListenResult | null> = Promise.resolve(null);
	/** Bandwidth connections asked of dial-out agents, by `site bulk-id`. */
	private readonly bulkWaiting = new Map<string, SiteLink>();

	constructor(targets: ProbeTarget[], options: ProberOptions, onEvent: (event: ProbeEvent) => void) {
		if (!(options.intervalMs > 0) || !(options.timeoutMs > 0)) throw new RangeError('intervalMs and timeoutMs must be positive');
		const clock = options.clock ?? (() => performance.now());
		this.stall = new StallWatch(clock);
		this.udp = new UdpHub(options.udpRate ?? 5, clock, {note: note => this.ctx.emit({type: 'udp-note', site: '', at: clock(), note})});
		this.ctx = {
			udp: this.udp,
			clock,
			intervalMs: options.intervalMs,
			timeoutMs: options.timeoutMs,
			downAfter: Math.max(1, options.downAfter ?? 3),
			backoff: options.backoff ?? {},
			waitMs: options.waitMs ?? DEFAULT_WAIT_MS,
			originAt: 0,
			stall: this.stall,
			counters: {probesSent: 0},
			emit: event => {
				try {
					onEvent(event);
				} catch (error) {
					// A listener's bug must not kill the probes of every site.
					process.emitWarning(`diemcau prober listener failed: ${(error as Error).message}`);
				}
			},
		};
		const count = targets.length;
		targets.forEach((target, index) => {
			if (this.links.has(target.id)) throw new RangeError(`duplicate site id ${target.id}`);
			this.links.set(target.id, new SiteLink(target, (index * options.intervalMs) / Math.max(1, count), this.ctx));
		});
		this.dialOut = targets.filter(target => target.connect === 'dial-out');
		this.options = options;
	}

	private readonly options: ProberOptions;

	/** The dial-out listener: its URL once listening, or why not; null when no site dials out. */
	listening(): Promise<ListenResult | null> {
		return this.listenResult;
	}

	/** One console frame to a site over its probe connection; false when it is not connected (or its console is closed, for state). */
	sendToSite(site: string, frame: SiteFrame): boolean {
		return this.links.get(site)?.sendConsole(frame) ?? false;
	}

	private listen(): void {
		const {listen} = this.options;
		if (this.dialOut.length === 0) return;
		if (!listen) {
			this.listenResult = Promise.resolve({error: 'sites dial out but the hub has no address to listen on', code: 'NO_LISTEN'});
			return;
		}
		const {clock, emit} = this.ctx;
		const opening = startHubListener({
			host: listen.host,
			port: listen.port,
			...(listen.tls ? {tls: listen.tls} : {}),
			sites: this.dialOut.map(target => ({id: target.id, token: target.token ?? ''})),
			clock,
			guard: listenerLimits(this.dialOut.length),
			onAgent: agent => this.adopt(agent),
			onReplaced: (site, from, previous) => emit({type: 'replaced', site, at: clock(), from, previous}),
			onRefused: ({from, why, more}) => emit({type: 'refused-agent', site: '', at: clock(), from, why, more}),
		});
		this.listener = opening.then(
			listener => listener,
			() => null,
		);
		this.listenResult = opening.then(
			listener => ({url: listener.url}),
			(error: NodeJS.ErrnoException) => ({error: error.message, ...(error.code ? {code: error.code} : {})}),
		);
	}

	/** A dial-out agent proved its site: its probe connection, or a bandwidth connection we asked for. */
	private adopt(agent: DialedAgent): void {
		if (!this.started) return void agent.ws.terminate();
		if (agent.bulk !== undefined) {
			const key = `${agent.site} ${agent.bulk}`;
			const waiting = this.bulkWaiting.get(key);
			if (!waiting) return void agent.ws.close(CLOSE.policy, 'no bandwidth test asked for');
			this.bulkWaiting.delete(key);
			return waiting.attach(agent);
		}
		this.links.get(agent.site)?.attach(agent);
	}

	/** Dial every site; probes of many sites spread across the interval. */
	start(): void {
		if (this.started) return;
		this.started = true;
		this.ctx.originAt = this.ctx.clock();
		this.stall.start();
		this.listen();
		for (const link of this.links.values()) link.start();
	}

	/** Close every socket, clear every timer. */
	async stop(): Promise<void> {
		this.started = false;
		this.stall.stop();
		await Promise.all([...this.links.values()].map(link => link.stop()));
		const listener = await this.listener;
		await listener?.close();
		await this.udp.stop();
	}

	/** Measure up and down throughput of one agent-mode site (rehearsal). Never throws. */
	async bandwidth(site: string, opts: {bytes?: number; seconds?: number}): Promise<BandwidthResult> {
		const link = this.links.get(site);
		if (!link) return {error: testError('unknown-site', {site})};
		if (link.target.mode !== 'agent') return {error: testError('no-bandwidth-test')};
		if (!link.isUp()) return {error: testError('not-connected')};
		if (link.bandwidth) return {error: testError('busy-bandwidth')};
		// The probe connection holds its pings (its silence cuts nothing); UDP probes go on: latency under load.
		link.bandwidth = new HubBandwidth(link, this.ctx.clock);
		link.pauseProbes(true);
		const stopRtts = link.udp?.collectRtts();
		try {
			const kbps = {down: 0, up: 0};
			for (const kind of ['down', 'up'] as const) {
				const result = await this.bulk(link.target, kind, opts);
				if (typeof result !== 'number') return {error: result};
				kbps[kind] = result;
			}
			const rtts = (stopRtts?.() ?? []).sort((a, b) => a - b);
			const rank = (p: number) => rtts[Math.min(rtts.length, Math.max(1, Math.ceil((p / 100) * rtts.length))) - 1]!;
			return {
				downKbps: Math.round(kbps.down),
				upKbps: Math.round(kbps.up),
				...(rtts.length > 0 ? {underLoadRttMs: {p50: rank(50), p95: rank(95), samples: rtts.length}} : {}),
			};
		} finally {
			stopRtts?.();
			link.pauseProbes(false);
			link.bandwidth = null;
		}
	}

	/** A video-rate UDP load test of one agent site (rehearsal); its probes hold meanwhile, as for bandwidth. Never throws. */
	async videoLoad(site: string, kbps: number, ms: number): Promise<VideoLoadResult> {
		const link = this.links.get(site);
		if (!link) return {error: testError('unknown-site', {site})};
		if (!link.isUp() || !link.udp) return {error: testError(link.target.mode === 'agent' ? 'not-connected' : 'no-udp')};
		link.pauseProbes(true);
		try {
			return await link.udp.videoLoad(kbps, ms);
		} finally {
			link.pauseProbes(false);
		}
	}

	/** One direction of the bandwidth test on a connection of its own (authenticated like the probe connection). */
	private async bulk(target: ProbeTarget, kind: 'down' | 'up', opts: {bytes?: number; seconds?: number}): Promise<number | TestError> {
		let opened: (failed: TestError | null) => void = () => {};
		const ready = new Promise<TestError | null>(resolve => {
			opened = resolve;
		});
		const ctx: LinkContext = {
			...this.ctx,
			udp: null,
			emit: event => {
				if (event.type === 'connected') opened(null);
				else if (event.type === 'disconnected') opened(testError('bulk-failed', {reason: event.reason}));
			},
		};
		const link = new SiteLink(target, 0, ctx);
		link.bulk = true;
		link.start();
		let called: NodeJS.Timeout | undefined;
		const key = `${target.id} ${randomBytes(9).toString('base64url')}`;
		if (target.connect === 'dial-out') {
			// The hub cannot dial a site behind NAT: ask its agent, over the probe connection, to call again for the test.
			const probeLink = this.links.get(target.id);
			this.bulkWaiting.set(key, link);
			if (!probeLink?.send({type: 'bulk-open', id: key.slice(target.id.length + 1)})) opened(testError('bulk-not-asked'));
			called = setTimeout(() => opened(testError('bulk-not-called')), BULK_CALL_MS);
		}
		try {
			const failed = await ready;
			if (failed !== null) return failed;
			const test = new HubBandwidth(link, this.ctx.clock);
			link.bandwidth = test;
			return await test.one(kind, opts);
		} finally {
			clearTimeout(called);
			this.bulkWaiting.delete(key);
			await link.stop();
		}
	}

	/** Hub self-monitoring (see ProberStats). */
	stats(): ProberStats {
		const udp = this.udp;
		return {
			probesSent: this.ctx.counters.probesSent,
			...this.stall.p99s(),
			udpReceiveDrops: udp.receiveDrops,
			udp: {
				planRatePps: udp.planRatePps,
				ratePps: udp.rate,
				lowered: udp.lowered,
				recvBufferCapped: udp.recvBufferCapped,
				peerMoves: udp.counters.peerMoves,
				foreignDropped: udp.counters.foreignDropped,
			},
		};
	}
}
