import {readdirSync, statSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {Counter, Gauge, Registry, collectDefaultMetrics} from 'prom-client';
import type {ProbeEvent, ProberStats} from '../../probes/prober.js';
import type {LinkSnapshot} from '../model/link/link-stats.js';
import type {SessionState} from '../model/meeting/session.js';
import {attendanceTotals, currentItem, itemElapsedMs, projection} from '../model/meeting/session-view.js';
import {SiteMetrics} from './site-metrics.js';

export {GRADE_VALUE, RTT_BUCKETS, SITE_FAMILIES} from './site-metrics.js';

// The hub's /metrics (DESIGN.md "Metrics and alerts"). Base units, a `diemcau_` prefix, `_total`
// counters, and the site id as the only per-site label: never a person's name or role. Per-site
// figures are read from the link trackers when Prometheus scrapes (one pass over the sites), not
// pushed on every probe; only the RTT histogram is fed per probe, since it counts every sample.
// The per-site families are written by site-metrics.ts (prom-client's generic serialiser is
// many times slower at 2,000 sites: BENCHMARKS.md, "/metrics"); the hub, meeting and Node default metrics are a prom-client registry.

/** What the metrics read from the link side: the Monitor fits. */
export interface MetricsLinks {
	sites(): ReadonlyArray<{id: string; link: LinkSnapshot}>;
	readonly prober: {stats(): ProberStats};
	onProbe(listener: (event: ProbeEvent) => void): () => void;
}

/** Everything the metrics read; all optional but the links. */
export interface MetricsSources {
	hubId: string;
	links: MetricsLinks;
	/** The meeting: its state and clock (epoch ms). */
	meeting?: {readonly state: SessionState; now(): number};
	/** Alerts now firing, by alert name, and hook failures so far. */
	alerts?: () => {firing: Record<string, number>; hookFailures: number};
}

const RATE_WINDOW_MS = 10_000;

/** The hub's Prometheus metrics; `text()` is one scrape. */
export class HubMetrics {
	readonly registry = new Registry();
	private readonly sources: MetricsSources;
	private readonly perSite: SiteMetrics;
	private offProbe: (() => void) | null = null;
	private readonly rateSamples: Array<{at: number; probes: number}> = [];
	private readonly siteCount: number;

	constructor(sources: MetricsSources) {
		this.sources = sources;
		const registers = [this.registry];
		collectDefaultMetrics({register: this.registry});
		openFdsByStat(this.registry);
		const ids = sources.links.sites().map(row => row.id);
		this.siteCount = ids.length;
		this.perSite = new SiteMetrics(ids);
		this.meetingGauges(registers);
		this.hubGauges(registers);
	}

	/** Feed the RTT histogram from the probes; keeps the probes/s window. */
	start(): void {
		this.offProbe ??= this.sources.links.onProbe(event => {
			if (event.type !== 'sample' || event.rttMs === null || event.stalled) return;
			this.perSite.observe(event.site, event.rttMs / 1000);
		});
	}

	/** Stop listening to the probes. */
	stop(): void {
		this.offProbe?.();
		this.offProbe = null;
	}

	/** One scrape in the Prometheus text format, as bytes (what the listener sends). */
	async exposition(): Promise<Buffer> {
		// prom-client 15 writes NaN as "Nan" (its event-loop lag figures, for two scrapes with no
		// loop sample between them); the text format's spelling is NaN.
		const hub = (await this.registry.metrics()).replace(/ Nan$/gm, ' NaN');
		const meeting = this.sources.meeting;
		const attendance = meeting ? attendanceTotals(meeting.state).sites : undefined;
		return this.perSite.write(this.sources.links.sites(), attendance, `\n${hub}`);
	}

	/** A scrape exposition() returned has been sent (or dropped): its buffer may be reused. */
	release(body: Buffer): void {
		this.perSite.release(body);
	}

	/** One scrape as a string (tests, tools). */
	async text(): Promise<string> {
		const body = await this.exposition();
		const text = body.toString('utf8');
		this.release(body);
		return text;
	}

	/** The Content-Type of text(). */
	get contentType(): string {
		return this.registry.contentType;
	}

	private meetingGauges(registers: Registry[]): void {
		const sources = this.sources;
		const meetingGauge = (name: string, help: string, value: (state: SessionState, now: number) => number | null) =>
			new Gauge({
				name,
				help,
				registers,
				collect() {
					const meeting = sources.meeting;
					const v = meeting ? value(meeting.state, meeting.now()) : null;
					if (v === null) this.reset();
					else this.set(v);
				},
			});
		meetingGauge('diemcau_meeting_item_index', 'Position of the agenda item in focus, counting from 1.', state => state.current + 1);
		meetingGauge('diemcau_meeting_items', 'Items on the agenda.', state => state.items.length);
		meetingGauge('diemcau_item_running', 'Whether the item in focus is running (1) or not: pending, paused or over (0).', state =>
			currentItem(state).status === 'running' ? 1 : 0,
		);
		meetingGauge(
			'diemcau_item_elapsed_seconds',
			'Run time of the item in focus, pauses excluded, seconds.',
			(state, now) => itemElapsedMs(currentItem(state), now) / 1000,
		);
		meetingGauge(
			'diemcau_item_planned_seconds',
			'Planned length of the item in focus (after extensions), seconds.',
			state => currentItem(state).plannedMs / 1000,
		);
		meetingGauge(
			'diemcau_meeting_planned_end_timestamp_seconds',
			'When the meeting was planned to end, Unix time.',
			(state, now) => projection(state, now).plannedEnd / 1000,
		);
		meetingGauge(
			'diemcau_meeting_projected_end_timestamp_seconds',
			'When the meeting will end at this pace, Unix time.',
			(state, now) => projection(state, now).projectedEnd / 1000,
		);
		meetingGauge('diemcau_meeting_started', 'Whether the meeting has started (1) and not ended.', state =>
			state.startedAt !== null && state.endedAt === null ? 1 : 0,
		);
	}

	private hubGauges(registers: Registry[]): void {
		const sources = this.sources;
		const rateSamples = this.rateSamples;
		const siteCount = this.siteCount;
		new Gauge({
			name: 'diemcau_hub_info',
			help: 'Always 1; the hub label is the plan hub id, to tell many hubs apart in one Prometheus.',
			labelNames: ['hub'],
			registers,
			collect() {
				this.set({hub: sources.hubId}, 1);
			},
		});
		new Gauge({
			name: 'diemcau_hub_sites',
			help: 'Sites in the plan.',
			registers,
			collect() {
				// The plan's sites do not change while the hub runs (a scrape reads every site once, not twice).
				this.set(siteCount);
			},
		});
		const stat = (name: string, help: string, value: (stats: ProberStats) => number) =>
			new Gauge({
				name,
				help,
				registers,
				collect() {
					this.set(value(sources.links.prober.stats()));
				},
			});
		stat(
			'diemcau_hub_prober_loop_delay_p99_seconds',
			"The prober's event-loop delay, 99th percentile over the last ~10 s, seconds.",
			s => s.loopDelayP99Ms / 1000,
		);
		stat(
			'diemcau_hub_probe_send_late_p99_seconds',
			'How late probes left their slot, 99th percentile over the last ~10 s, seconds.',
			s => s.sendLateP99Ms / 1000,
		);
		new Counter({
			name: 'diemcau_hub_probes_sent_total',
			help: 'Probes the hub has sent to all sites.',
			registers,
			collect() {
				this.reset();
				this.inc(sources.links.prober.stats().probesSent);
			},
		});
		new Counter({
			name: 'diemcau_hub_udp_receive_drops_total',
			help: "UDP test-stream datagrams the kernel dropped at the hub's own sockets (its loop fell behind); not counted as the sites' loss down.",
			registers,
			collect() {
				this.reset();
				this.inc(sources.links.prober.stats().udpReceiveDrops);
			},
		});
		const udpCounter = (name: string, help: string, value: (udp: NonNullable<ProberStats['udp']>) => number) =>
			new Counter({
				name,
				help,
				registers,
				collect() {
					this.reset();
					const udp = sources.links.prober.stats().udp;
					if (udp) this.inc(value(udp));
				},
			});
		udpCounter(
			'diemcau_hub_udp_peer_moves_total',
			"Times a site's UDP test stream moved to another address, each on a fresh, authenticated, newer packet (a NAT that rebound).",
			udp => udp.peerMoves,
		);
		udpCounter(
			'diemcau_hub_udp_foreign_dropped_total',
			'UDP packets of a session from an address other than its peer that failed a check (MAC, replay, not newer): dropped, the stream not moved.',
			udp => udp.foreignDropped,
		);
		stat(
			'diemcau_hub_udp_rate_packets_per_second',
			"The UDP test stream's packets a second a site: the plan's, unless the hub lowered it on its own measured socket drops.",
			s => s.udp?.ratePps ?? 0,
		);
		new Gauge({
			name: 'diemcau_hub_probes_per_second',
			help: 'Probes sent per second, over the last ~10 s between scrapes.',
			registers,
			collect() {
				const now = performance.now();
				const probes = sources.links.prober.stats().probesSent;
				rateSamples.push({at: now, probes});
				while (rateSamples.length > 2 && now - rateSamples[1]!.at >= RATE_WINDOW_MS) rateSamples.shift();
				const first = rateSamples[0]!;
				const span = (now - first.at) / 1000;
				this.set(span > 0 ? (probes - first.probes) / span : 0);
			},
		});
		new Gauge({
			name: 'diemcau_alerts_firing',
			help: 'Alerts now firing, by alert (site-down, speaker-link, item-overrun, storm).',
			labelNames: ['alert'],
			registers,
			collect() {
				this.reset();
				const alerts = sources.alerts?.();
				if (!alerts) return;
				for (const name of ['site-down', 'speaker-link', 'item-overrun', 'storm']) this.set({alert: name}, alerts.firing[name] ?? 0);
			},
		});
		new Counter({
			name: 'diemcau_alert_hook_failures_total',
			help: 'Alert hook runs (command or webhook) that failed since the hub started.',
			registers,
			collect() {
				this.reset();
				this.inc(sources.alerts?.().hookFailures ?? 0);
			},
		});
	}
}

/**
 * prom-client's `process_open_fds` lists /proc/self/fd on every scrape: 5.3 ms at a hub's 3,300
 * descriptors (2,000 sites), a quarter of the scrape. Linux 6.2 and later give the same count as
 * the size of that directory (0.01 ms); older kernels report 0 there, and the listing is used.
 */
function openFdsByStat(registry: Registry): void {
	if (process.platform !== 'linux' || !registry.getSingleMetric('process_open_fds')) return;
	registry.removeSingleMetric('process_open_fds');
	new Gauge({
		name: 'process_open_fds',
		help: 'Number of open file descriptors.',
		registers: [registry],
		collect() {
			try {
				const size = statSync('/proc/self/fd').size;
				// The listing opens one descriptor of its own while it reads, which is not counted.
				this.set(size > 0 ? size : readdirSync('/proc/self/fd').length - 1);
			} catch {
				// As prom-client: no figure when /proc cannot be read.
			}
		},
	});
}
