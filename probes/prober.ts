import {HubBandwidth, type BandwidthResult} from './hub-bandwidth.js';
import type {ProbeEngine, ProbeEvent, ProberOptions, ProberStats, ProbeTarget} from './probe-types.js';
import {SiteLink, type LinkContext} from './site-link.js';
import {StallWatch} from './stall-watch.js';

export type {ProbeEngine, ProbeEvent, ProberOptions, ProberStats, ProbeTarget} from './probe-types.js';

/**
 * Probes many sites over one connection each. Site i of n sends at phase i/n of the interval,
 * so 2,000 sites at 1 Hz make a steady trickle, never a burst.
 */
export class Prober implements ProbeEngine {
	private readonly links = new Map<string, SiteLink>();
	private readonly stall: StallWatch;
	private readonly ctx: LinkContext;
	private started = false;

	constructor(
		targets: ProbeTarget[],
		options: ProberOptions,
		onEvent: (event: ProbeEvent) => void,
	) {
		if (!(options.intervalMs > 0) || !(options.timeoutMs > 0)) throw new RangeError('intervalMs and timeoutMs must be positive');
		const clock = options.clock ?? (() => performance.now());
		this.stall = new StallWatch(clock);
		this.ctx = {
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
	}

	/** Measure up and down throughput of one agent-mode site (rehearsal). Never throws. */
	async bandwidth(site: string, opts: {bytes?: number; seconds?: number}): Promise<BandwidthResult> {
		const link = this.links.get(site);
		if (!link) return {error: `unknown site ${site}`};
		if (link.target.mode !== 'agent') return {error: 'ws-ping sites have no bandwidth test'};
		if (!link.isUp()) return {error: 'not connected'};
		if (link.bandwidth) return {error: 'busy: a bandwidth test of this site is running'};
		const test = new HubBandwidth(link, this.ctx.clock);
		link.bandwidth = test;
		try {
			return await test.measure(opts);
		} finally {
			link.bandwidth = null;
		}
	}

	/** Hub self-monitoring (see ProberStats). */
	stats(): ProberStats {
		return {probesSent: this.ctx.counters.probesSent, ...this.stall.p99s()};
	}
}
