import {performance} from 'node:perf_hooks';
import {Monitor, type MonitorOptions, type SiteChange, type SiteLink} from './monitor.js';
import type {Warning} from '../i18n/warning-words.js';
import type {PlanSite, ProbeSettings} from '../model/plan/plan.js';
import {
	overallVerdict,
	siteVerdict,
	verdictLimits,
	type SiteFigures,
	type SiteVerdict,
	type Verdict,
	type VerdictLimits,
} from '../model/link/verdict.js';
import type {LoadedPlan} from '../plan/plan-file.js';
import {totalsLossPct} from '../model/link/udp-window.js';
import type {VideoLoadResult} from '../../probes/udp-session.js';
import type {BandwidthResult} from '../../probes/hub-bandwidth.js';

// A rehearsal: probe every site of the plan for the duration, note each site's longest
// silence, then measure bandwidth where an agent runs, a few sites at a time. The figures are frozen
// when probing ends, so the bulk transfers cannot inflate the RTTs they are judged on. Cancelling
// (Ctrl-C) returns what was measured so far, marked cut short.

/** Where a site's bandwidth test stands: its result, or why it did not measure (a TestError, worded where shown). */
export type BandwidthState = 'waiting' | 'running' | BandwidthResult;

/** A moment of the rehearsal, for the live progress (Ink or plain lines). */
export interface RehearsalProgress {
	phase: 'probing' | 'bandwidth' | 'done';
	elapsedMs: number;
	durationMs: number;
	/** Live while probing; the frozen figures afterwards. */
	sites: SiteLink[];
	bandwidth: ReadonlyMap<string, BandwidthState>;
}

/** How to run a rehearsal. */
export interface RehearsalOptions {
	durationMs: number;
	/** --listen, --tls-cert/--tls-key, --wait for "connect: dial-out" sites. */
	listen?: Pick<MonitorOptions, 'listen' | 'tls' | 'waitMs'>;
	/** Seconds per direction of the bandwidth test; 0 skips it. */
	bandwidthSeconds: number;
	/** The video-rate UDP load test: kbit/s each way (0 skips it) and how long (default 10 s). */
	videoKbps?: number;
	videoMs?: number;
	/** Sites measured at once (default 2): more is quicker but shares the hub's own line. */
	bandwidthParallel?: number;
	/** Aborting ends the rehearsal early with what it measured (cutShort). */
	signal?: AbortSignal;
	onProgress?: (progress: RehearsalProgress) => void;
	/** How often onProgress is called while probing (default 250 ms). */
	progressEveryMs?: number;
	/** Monotonic ms; default performance.now. */
	clock?: () => number;
	/** Wall clock for startedAt; default new Date(). */
	wallClock?: () => Date;
}

/** One site's outcome. */
export interface SiteResult {
	id: string;
	name: string;
	mode: 'agent' | 'ws-ping';
	contact: PlanSite['contact'];
	figures: SiteFigures;
	verdict: SiteVerdict;
}

/** The whole rehearsal: settings, per-site outcomes, the overall verdict. */
export interface RehearsalResult {
	title: string;
	planFile: string;
	startedAt: Date;
	plannedDurationMs: number;
	/** How long the sites were actually probed. */
	durationMs: number;
	cutShort: boolean;
	bandwidthSeconds: number;
	/** The video load test's rate (0: not run) and length. */
	videoKbps: number;
	videoMs: number;
	probe: ProbeSettings;
	limits: VerdictLimits;
	verdict: Verdict;
	sites: SiteResult[];
}

/** Run a rehearsal on a loaded plan; `warnings` (unsafe token files, ...) are reported through onWarning. */
export async function runRehearsal(
	loaded: LoadedPlan,
	options: RehearsalOptions,
	onWarning: (warning: Warning) => void = () => {},
): Promise<RehearsalResult> {
	const clock = options.clock ?? (() => performance.now());
	const {signal} = options;
	// With the default clock, probe from a worker thread: the live view's frames must not inflate RTTs.
	const monitor = Monitor.fromPlan(loaded, {...options.listen, ...(options.clock ? {clock} : {thread: true})});
	for (const warning of monitor.warnings) onWarning(warning);
	const startedAt = (options.wallClock ?? (() => new Date()))();
	const t0 = clock();
	const silences = new SilenceLog(t0);
	const bandwidth = new Map<string, BandwidthState>();
	const video = new Map<string, VideoLoadResult>();
	const videoKbps = options.videoKbps ?? 0;
	const videoMs = options.videoMs ?? 10_000;
	const emit = (phase: RehearsalProgress['phase'], sites: SiteLink[], elapsedMs: number) =>
		options.onProgress?.({phase, elapsedMs, durationMs: options.durationMs, sites, bandwidth});

	const offChange = monitor.onChange((change: SiteChange) => {
		if (change.type === 'down') silences.down(change.site, monitor.site(change.site, change.at)?.link.lastSeenAt ?? null);
		else if (change.type === 'up') silences.up(change.site, monitor.site(change.site, change.at)?.link.lastSeenAt ?? null);
	});
	const offSample = monitor.onSample(() => {
		for (const id of silences.openSites()) silences.seen(id, monitor.site(id)?.link.lastSeenAt ?? null);
	});
	monitor.start();
	try {
		// Dial-out sites call the hub's listener: without it they could never be measured.
		await monitor.ready();
	} catch (error) {
		offChange();
		offSample();
		await monitor.stop();
		throw error;
	}
	const progress = setInterval(
		() => emit('probing', monitor.sites(), Math.min(options.durationMs, clock() - t0)),
		options.progressEveryMs ?? 250,
	);
	emit('probing', monitor.sites(), 0);
	let cutShort = !(await sleep(options.durationMs, signal));
	clearInterval(progress);

	// Freeze: these figures are the rehearsal's, whatever the bandwidth test does to the line next.
	const probeEnd = clock();
	offChange();
	offSample();
	const frozen = monitor.sites(probeEnd);
	const longest = silences.close(probeEnd);
	const watchedMs = probeEnd - t0;

	try {
		if (!cutShort && (options.bandwidthSeconds > 0 || videoKbps > 0)) {
			// A site down as probing ends has its outage as the reason already; its test could only fail.
			const agentSites = frozen.filter(site => site.mode === 'agent' && site.link.state === 'up');
			if (options.bandwidthSeconds > 0) for (const site of agentSites) bandwidth.set(site.id, 'waiting');
			emit('bandwidth', frozen, watchedMs);
			const finished = await measureAll(monitor, agentSites, {...options, videoKbps, videoMs}, bandwidth, video, () =>
				emit('bandwidth', frozen, watchedMs),
			);
			if (!finished) cutShort = true;
		}
	} finally {
		await monitor.stop();
	}
	emit('done', frozen, watchedMs);

	const limits = verdictLimits(loaded.plan);
	const planSites = new Map(loaded.plan.sites.map(site => [site.id, site]));
	const sites = frozen.map((site): SiteResult => {
		const measured = bandwidth.get(site.id);
		const bw = measured === undefined || typeof measured === 'string' ? null : measured;
		const agent = site.mode === 'agent';
		const figures = figuresOf(site, {
			watchedMs,
			outages: silences.outages(site.id),
			longestSilenceMs: longest.get(site.id) ?? 0,
			bandwidth: bw,
			latencyUnderLoadMs: bw && !('error' in bw) && bw.underLoadRttMs ? {p50: bw.underLoadRttMs.p50, p95: bw.underLoadRttMs.p95} : null,
			videoLoad: video.get(site.id) ?? null,
			// A site down as probing ended has that as its reason; the tests it could not take add nothing.
			asked: {
				bandwidth: agent && options.bandwidthSeconds > 0 && site.link.state === 'up',
				video: agent && videoKbps > 0 && site.link.state === 'up',
			},
		});
		return {
			id: site.id,
			name: site.name,
			mode: site.mode,
			contact: planSites.get(site.id)?.contact,
			figures,
			verdict: siteVerdict(figures, limits),
		};
	});
	return {
		title: loaded.plan.session.title,
		planFile: loaded.file,
		startedAt,
		plannedDurationMs: options.durationMs,
		durationMs: watchedMs,
		cutShort,
		bandwidthSeconds: options.bandwidthSeconds,
		videoKbps,
		videoMs,
		probe: loaded.plan.probe,
		limits,
		verdict: overallVerdict(sites.map(site => site.verdict.verdict)),
		sites,
	};
}

/** A site's figures over the whole run: RTT percentiles from its probe history (not just the last window), loss from its totals. */
export function figuresOf(
	site: SiteLink,
	extra: Pick<SiteFigures, 'watchedMs' | 'outages' | 'longestSilenceMs' | 'bandwidth' | 'latencyUnderLoadMs' | 'videoLoad' | 'asked'>,
): SiteFigures {
	const {link} = site;
	const answered = site.history.filter((rtt): rtt is number => rtt !== null).sort((a, b) => a - b);
	const rank = (p: number) => answered[Math.min(answered.length, Math.max(1, Math.ceil((p / 100) * answered.length))) - 1]!;
	const rttMs =
		answered.length > 0
			? {p50: rank(50), p95: rank(95), max: answered[answered.length - 1]!}
			: link.rttMs
				? {p50: link.rttMs.p50, p95: link.rttMs.p95, max: link.rttMs.max}
				: null;
	return {
		...extra,
		sent: link.sent,
		received: link.received,
		rttMs,
		jitterMs: link.jitterMs,
		lossPct: link.sent > 0 ? ((link.sent - link.received) / link.sent) * 100 : null,
		availabilityPct: link.availabilityPct,
		error: link.error,
		...udpFigures(site),
	};
}

/** The UDP stream over the whole idle run: its state, and loss per direction from its totals. */
function udpFigures(site: SiteLink): Pick<SiteFigures, 'udp' | 'packetLossPct' | 'udpJitterMs'> {
	const {link} = site;
	const packetLossPct = totalsLossPct(link.udpTotals);
	// A stream that answered during the run was ok, whatever its last session did; still waiting for a
	// first answer at the end is blocked on a site that is up (its WebSocket answers), off on one that is not.
	const answered = link.udpTotals.downSent > 0;
	const udp =
		answered && (link.udp === 'off' || link.udp === 'waiting')
			? 'ok'
			: link.udp === 'waiting'
				? link.state === 'up'
					? 'blocked'
					: 'off'
				: link.udp;
	// Blocked after it carried enough packets: the loss measured while it passed stands (a stream that
	// stops is no evidence the line got better); the totals hold only what was measured.
	return {udp, packetLossPct, udpJitterMs: link.udpJitterMs};
}

/**
 * Bandwidth of every agent site, `bandwidthParallel` at a time. Resolves false when aborted:
 * sites not finished by then stay unmeasured (the sockets close and their tests end).
 */
async function measureAll(
	monitor: Monitor,
	sites: SiteLink[],
	options: RehearsalOptions & {videoKbps: number; videoMs: number},
	state: Map<string, BandwidthState>,
	video: Map<string, VideoLoadResult>,
	changed: () => void,
): Promise<boolean> {
	const queue = [...sites];
	const parallel = Math.max(1, options.bandwidthParallel ?? 2);
	const worker = async () => {
		for (let site = queue.shift(); site && !options.signal?.aborted; site = queue.shift()) {
			if (options.bandwidthSeconds > 0) {
				state.set(site.id, 'running');
				changed();
				const result = await monitor.prober.bandwidth(site.id, {seconds: options.bandwidthSeconds});
				if (options.signal?.aborted) return;
				state.set(site.id, result);
				changed();
			}
			if (options.videoKbps > 0) {
				const result = await monitor.prober.videoLoad(site.id, options.videoKbps, options.videoMs);
				if (options.signal?.aborted) return;
				video.set(site.id, result);
				changed();
			}
		}
	};
	const all = Promise.all(Array.from({length: Math.min(parallel, queue.length)}, worker));
	const aborted = new Promise<void>(resolve => {
		if (options.signal?.aborted) resolve();
		options.signal?.addEventListener('abort', () => resolve(), {once: true});
	});
	await Promise.race([all, aborted]);
	if (!options.signal?.aborted) return true;
	for (const [id, value] of state) if (typeof value === 'string') state.delete(id);
	return false;
}

/** Wait `ms`; resolves false when the signal aborts first. */
function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
	return new Promise(resolve => {
		if (signal?.aborted) return resolve(false);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve(true);
		}, ms);
		function onAbort() {
			clearTimeout(timer);
			resolve(false);
		}
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/**
 * Each site's longest silence around an outage: from its last answer before going down (or the start)
 * to its next answer, or to the end. A lone answer while still down splits the silence, as it should.
 */
export class SilenceLog {
	private readonly open = new Map<string, number>();
	private readonly counts = new Map<string, number>();
	private readonly longest = new Map<string, number>();

	constructor(private readonly startedAt: number) {}

	/** The site went down; `lastSeenAt` is its last answer (monotonic ms) or null. */
	down(site: string, lastSeenAt: number | null): void {
		this.counts.set(site, (this.counts.get(site) ?? 0) + 1);
		if (!this.open.has(site)) this.open.set(site, lastSeenAt ?? this.startedAt);
	}

	/** The site is up again, `lastSeenAt` being the answer that proved it. */
	up(site: string, lastSeenAt: number | null): void {
		this.seen(site, lastSeenAt);
		this.open.delete(site);
	}

	/** Sites whose silence is still open. */
	openSites(): string[] {
		return [...this.open.keys()];
	}

	/** The site's latest answer: ends the open silence there and, while still down, starts the next one. */
	seen(site: string, lastSeenAt: number | null): void {
		const from = this.open.get(site);
		if (from === undefined || lastSeenAt === null || lastSeenAt <= from) return;
		this.record(site, lastSeenAt - from);
		this.open.set(site, lastSeenAt);
	}

	/** Times the site went down. */
	outages(site: string): number {
		return this.counts.get(site) ?? 0;
	}

	/** End of the run: close every open silence at `now`; returns the longest per site (ms). */
	close(now: number): ReadonlyMap<string, number> {
		for (const [site, from] of this.open) this.record(site, now - from);
		this.open.clear();
		return this.longest;
	}

	private record(site: string, ms: number): void {
		this.longest.set(site, Math.max(this.longest.get(site) ?? 0, ms));
	}
}
