import {HubBandwidth, type BandwidthResult} from './hub-bandwidth.js';
import type {ProbeEngine, ProbeEvent, ProberOptions, ProberStats, ProbeTarget} from './probe-types.js';
import {SiteLink, type LinkContext} from './site-link.js';
import {StallWatch} from './stall-watch.js';
import {UdpHub} from './udp-hub.js';
import type {VideoLoadResult} from './udp-session.js';

export type {ProbeEngine, ProbeEvent, ProberOptions, ProberStats, ProbeTarget} from './probe-types.js';

/**
 * Probes many sites over one connection each. Site i of n sends at phase i/n of the interval,
 * so 2,000 sites at 1 Hz make a steady trickle, never a burst.
 */
export class Prober implements ProbeEngine {
	private readonly links = new Map<string, SiteLink>();
	private readonly stall: StallWatch;
	private readonly ctx: LinkContext;
	private readonly udp: UdpHub;
	private started = false;

	constructor(
		targets: ProbeTarget[],
		options: ProberOptions,
		onEvent: (event: ProbeEvent) => void,
	) {
		if (!(options.intervalMs > 0) || !(options.timeoutMs > 0)) throw new RangeError('intervalMs and timeoutMs must be positive');
		const clock = options.clock ?? (() => performance.now());
		this.stall = new StallWatch(clock);
		this.udp = new UdpHub(options.udpRate ?? 5, clock);
		this.ctx = {
			udp: this.udp,
			clock,
			intervalMs: options.intervalMs,
			timeoutMs: options.timeoutMs,
			downAfter: Math.max(1, options.downAfter ?? 3),
			backoff: options.backoff ?? {},
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
	}

	/** Dial every site; probes of many sites spread across the interval. */
	start(): void {
		if (this.started) return;
		this.started = true;
		this.ctx.originAt = this.ctx.clock();
		this.stall.start();
		for (const link of this.links.values()) link.start();
	}

	/** Close every socket, clear every timer. */
	async stop(): Promise<void> {
		this.started = false;
		this.stall.stop();
		await Promise.all([...this.links.values()].map(link => link.stop()));
		await this.udp.stop();
	}

	/** Measure up and down throughput of one agent-mode site (rehearsal). Never throws. */
	async bandwidth(site: string, opts: {bytes?: number; seconds?: number}): Promise<BandwidthResult> {
		const link = this.links.get(site);
		if (!link) return {error: `unknown site ${site}`};
		if (link.target.mode !== 'agent') return {error: 'ws-ping sites have no bandwidth test'};
		if (!link.isUp()) return {error: 'not connected'};
		if (link.bandwidth) return {error: 'busy: a bandwidth test of this site is running'};
		// The probe connection holds its pings (its silence cuts nothing); UDP probes go on: latency under load.
		link.bandwidth = new HubBandwidth(link, this.ctx.clock);
		link.pauseProbes(true);
		const stopRtts = link.udp?.collectRtts();
		try {
			const kbps = {down: 0, up: 0};
			for (const kind of ['down', 'up'] as const) {
				const result = await this.bulk(link.target, kind, opts);
				if (typeof result === 'string') return {error: result};
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
		if (!link) return {error: `unknown site ${site}`};
		if (!link.isUp() || !link.udp) return {error: link.target.mode === 'agent' ? 'not connected' : 'ws-ping sites have no UDP'};
		link.pauseProbes(true);
		try {
			return await link.udp.videoLoad(kbps, ms);
		} finally {
			link.pauseProbes(false);
		}
	}

	/** One direction of the bandwidth test on a connection of its own (authenticated like the probe connection). */
	private async bulk(target: ProbeTarget, kind: 'down' | 'up', opts: {bytes?: number; seconds?: number}): Promise<number | string> {
		let opened: (reason: string | null) => void = () => {};
		const ready = new Promise<string | null>(resolve => {
			opened = resolve;
		});
		const ctx: LinkContext = {
			...this.ctx,
			udp: null,
			emit: event => {
				if (event.type === 'connected') opened(null);
				else if (event.type === 'disconnected') opened(event.reason);
			},
		};
		const link = new SiteLink(target, 0, ctx);
		link.bulk = true;
		link.start();
		try {
			const failed = await ready;
			if (failed !== null) return `the bandwidth connection failed: ${failed}`;
			const test = new HubBandwidth(link, this.ctx.clock);
			link.bandwidth = test;
			return await test.one(kind, opts);
		} finally {
			await link.stop();
		}
	}

	/** Hub self-monitoring (see ProberStats). */
	stats(): ProberStats {
		return {probesSent: this.ctx.counters.probesSent, ...this.stall.p99s()};
	}
}
