import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {Warning} from '../i18n/warning-words.js';
import {performance} from 'node:perf_hooks';
import {Prober, type ProbeEngine, type ProbeEvent, type ProbeTarget} from '../../probes/prober.js';
import {ThreadedProber} from '../../probes/threaded-prober.js';
import {LinkTracker, type LinkChange, type LinkSnapshot} from '../model/link/link-stats.js';
import {linkReason, type LinkReason} from '../model/link/link-reasons.js';
import type {TokenFileProblem} from '../model/token-file-words.js';
import type {PlanSite} from '../model/plan/plan.js';
import {DiemcauError} from '../cli/errors.js';
import {MIN_TOKEN_BITS, weakTokenMessage} from '../model/plan/token-strength.js';
import type {PlanProblem} from '../model/plan/plan-problem-codes.js';
import {PlanError} from '../plan/plan-error.js';
import {says} from '../i18n/error-words.js';
import {readSecret, type LoadedPlan} from '../plan/plan-file.js';
import {parseHostPort, type HostPort} from '../model/plan/host-port.js';
import {UDP_BUDGET_PPS, udpRateFor} from '../model/link/udp-budget.js';

// Glue between the wire and the model: plan → one Prober for every site and one LinkTracker
// per site. Probe events go into the trackers; transitions go out to listeners (journal, alerts),
// and a bare "something changed" goes out for the screen, which batches its frames.

/** One site's row: who it is and how its link is. `history` is built only when read. */
export interface SiteLink {
	id: string;
	name: string;
	mode: 'agent' | 'ws-ping';
	link: LinkSnapshot;
	history: (number | null)[];
}

/**
 * A SiteLink as the monitor hands it out: `history` is a getter on the class, built only when
 * read (only visible rows draw a sparkline). Not an object literal with a getter: V8 defines
 * such a getter by a runtime call for every object, a cost a /metrics scrape of 2,000 sites
 * showed (BENCHMARKS.md, "/metrics"). Spread or JSON copies id, name, mode and link only.
 */
class SiteRow implements SiteLink {
	readonly id: string;
	readonly name: string;
	readonly mode: 'agent' | 'ws-ping';
	readonly link: LinkSnapshot;
	readonly #tracker: LinkTracker;
	readonly #now: number;

	constructor(site: {id: string; name: string; mode: 'agent' | 'ws-ping'}, link: LinkSnapshot, tracker: LinkTracker, now: number) {
		this.id = site.id;
		this.name = site.name;
		this.mode = site.mode;
		this.link = link;
		this.#tracker = tracker;
		this.#now = now;
	}

	get history(): (number | null)[] {
		return this.#tracker.history(this.#now).rttMs;
	}
}

/** Where the monitor reads time and secrets from (tests pass their own). */
export interface MonitorOptions {
	/** Monotonic ms; default performance.now. */
	clock?: () => number;
	/** Environment for `{env: VAR}` tokens; default process.env. */
	env?: NodeJS.ProcessEnv;
	/**
	 * Probe from a worker thread (the dashboard and the rehearsal's live view): probes are then
	 * sent and timed on a loop that draws nothing. Needs the default clock.
	 */
	thread?: boolean;
	/** --listen HOST:PORT for dial-out agents (else the plan's hub.listen). */
	listen?: string;
	/** --tls-cert/--tls-key of the hub's listener (PEM text): wss:// for dial-out agents. */
	tls?: {cert: string; key: string};
	/** --wait: how long a dial-out site may take to call before it is reported down, "not connected" (ms, default 10 s). */
	waitMs?: number;
	/** The UDP stream's packets a second in all (default UDP_BUDGET_PPS; benches raise it to measure beyond). */
	udpBudgetPps?: number;
}

/** A link transition with the site and the monotonic time it happened. */
export type SiteChange = LinkChange & {site: string; at: number};

interface Entry {
	site: PlanSite;
	tracker: LinkTracker;
}

/** Probes every site of a plan and keeps each site's link quality. */
export class Monitor {
	/** Problems that do not stop probing (a token file readable by others, say). */
	readonly warnings: readonly Warning[];
	readonly prober: ProbeEngine;
	private readonly entries: Entry[];
	private readonly byId = new Map<string, Entry>();
	private readonly clock: () => number;
	private readonly changeListeners = new Set<(change: SiteChange) => void>();
	private readonly sampleListeners = new Set<(site?: string) => void>();
	private readonly probeListeners = new Set<(event: ProbeEvent) => void>();
	// Sites already down before probing (unreadable token or CA), announced on start().
	private pending: SiteChange[] = [];

	/** Build targets from the plan: tokens via readSecret, CA from the site's `ca` or the plan's. */
	static fromPlan(loaded: LoadedPlan, options: MonitorOptions = {}): Monitor {
		const {plan, dir} = loaded;
		const env = options.env ?? process.env;
		const targets: ProbeTarget[] = [];
		const failed = new Map<string, LinkReason>();
		const warnings: Warning[] = [];
		const weak: PlanProblem[] = [];
		const caCache = new Map<string, Buffer | LinkReason>();
		for (const site of plan.sites) {
			const target: ProbeTarget = {id: site.id, endpoint: site.endpoint ?? '', mode: site.mode, connect: site.connect};
			if (site.mode === 'agent' && site.token) {
				const secret = readSecret(site.token, dir, env);
				if (!secret.ok) {
					failed.set(site.id, tokenReason(site.token, secret.problem));
					continue;
				}
				if (secret.warning && 'file' in site.token)
					warnings.push({code: 'token-file-open', params: {site: site.id, file: path.resolve(dir, site.token.file)}});
				const problem = weakTokenMessage(secret.value);
				// Led by the site's id, as the hub names its sites.
				if (problem) weak.push({path: site.id, message: problem});
				target.token = secret.value;
			}
			const caRef = site.ca ?? plan.ca;
			if (caRef) {
				const file = path.resolve(dir, caRef.file);
				let ca = caCache.get(file);
				if (ca === undefined) {
					ca = readCa(file);
					caCache.set(file, ca);
				}
				if (!Buffer.isBuffer(ca)) {
					failed.set(site.id, ca);
					continue;
				}
				target.ca = ca;
			}
			targets.push(target);
		}
		if (weak.length > 0) {
			throw new PlanError(
				'DIEMCAU_TOKEN_WEAK',
				{code: 'tokens-weak', params: {file: loaded.file, count: weak.length, min: MIN_TOKEN_BITS}},
				{problems: weak},
			);
		}
		return new Monitor(loaded, targets, failed, warnings, options);
	}

	/**
	 * Resolves once the hub listens for its dial-out agents (with the URL they dial), at once with
	 * null when no site dials out; rejects with DIEMCAU_LISTEN when it cannot listen. After start().
	 */
	async ready(): Promise<string | null> {
		const result = await this.prober.listening();
		if (result === null) return null;
		if ('url' in result) return result.url;
		const where = this.listenAt ? `${this.listenAt.host}:${this.listenAt.port}` : '?';
		throw new DiemcauError('DIEMCAU_LISTEN', says('listen-failed', {where, code: result.code, error: String(result.error)}));
	}

	/** Where the hub listens for dial-out agents (null: no site dials out). */
	get listenAt(): HostPort | null {
		return this.listenAddress;
	}

	private readonly listenAddress: HostPort | null;

	private constructor(
		loaded: LoadedPlan,
		targets: ProbeTarget[],
		failed: Map<string, LinkReason>,
		warnings: Warning[],
		options: MonitorOptions,
	) {
		this.clock = options.clock ?? (() => performance.now());
		this.warnings = warnings;
		const {plan} = loaded;
		this.listenAddress = listenAddress(loaded, options);
		const now = this.clock();
		const linkOptions = {
			window: plan.probe.window,
			downAfter: plan.probe.downAfter,
			upAfter: plan.probe.upAfter,
			thresholds: plan.thresholds,
			intervalMs: plan.probe.intervalMs,
		};
		this.entries = plan.sites.map(site => {
			const entry = {site, tracker: new LinkTracker(linkOptions, now)};
			this.byId.set(site.id, entry);
			const reason = failed.get(site.id);
			if (reason !== undefined) {
				const change = entry.tracker.disconnected(now, reason);
				if (change) this.pending.push({...change, site: site.id, at: now});
			}
			return entry;
		});
		// Only agent sites have a UDP stream (ws-ping sites, and sites whose token could not be read, have none).
		const streams = targets.filter(target => target.mode === 'agent').length;
		const udp = udpRateFor(plan.probe.udpRate, streams, options.udpBudgetPps);
		if (udp.lowered) {
			this.warnings = [
				...warnings,
				{
					code: 'udp-rate-lowered',
					params: {asked: plan.probe.udpRate, sites: streams, budget: options.udpBudgetPps ?? UDP_BUDGET_PPS, rate: udp.rate},
				},
			];
		}
		const probe = {
			intervalMs: plan.probe.intervalMs,
			timeoutMs: plan.probe.timeoutMs,
			downAfter: plan.probe.downAfter,
			udpRate: udp.rate,
			...(this.listenAddress ? {listen: {...this.listenAddress, ...(options.tls ? {tls: options.tls} : {})}} : {}),
			...(options.waitMs !== undefined ? {waitMs: options.waitMs} : {}),
		};
		const onEvent = (event: ProbeEvent) => this.handle(event);
		this.prober =
			options.thread && !options.clock
				? new ThreadedProber(targets, probe, onEvent)
				: new Prober(targets, {...probe, clock: this.clock}, onEvent);
	}

	/** Start probing; sites that could not be probed at all are reported down first. */
	start(): void {
		const pending = this.pending;
		this.pending = [];
		for (const change of pending) this.emitChange(change);
		if (pending.length > 0) this.emitSample();
		this.prober.start();
	}

	/** Stop probing: close every socket, clear every timer. */
	async stop(): Promise<void> {
		await this.prober.stop();
	}

	/** Every site in plan order, as of `now` (monotonic ms). */
	sites(now: number = this.clock()): SiteLink[] {
		const out = new Array<SiteLink>(this.entries.length);
		for (let i = 0; i < this.entries.length; i++) out[i] = this.view(this.entries[i]!, now);
		return out;
	}

	/** One site, or undefined for an unknown id. */
	site(id: string, now: number = this.clock()): SiteLink | undefined {
		const entry = this.byId.get(id);
		return entry ? this.view(entry, now) : undefined;
	}

	/** Listen for down/up/grade transitions; returns the unsubscribe function. */
	onChange(listener: (change: SiteChange) => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	/** Listen for any new data, with the site it came from (the UI batches these into frames); returns the unsubscribe function. */
	onSample(listener: (site?: string) => void): () => void {
		this.sampleListeners.add(listener);
		return () => this.sampleListeners.delete(listener);
	}

	/** Listen for every probe event as it arrives (the metrics' RTT histogram); returns the unsubscribe function. */
	onProbe(listener: (event: ProbeEvent) => void): () => void {
		this.probeListeners.add(listener);
		return () => this.probeListeners.delete(listener);
	}

	/** A site's sparkline entries recorded after the first `after`, and the count recorded in all (attached screens keep a copy). */
	historySince(site: string, after: number): {total: number; rttMs: (number | null)[]} | undefined {
		return this.byId.get(site)?.tracker.historySince(after);
	}

	/** True when the site's link is down (false while still unknown, or for an unknown id). */
	isDown(site: string): boolean {
		return this.byId.get(site)?.tracker.isDown ?? false;
	}

	private view(entry: Entry, now: number): SiteLink {
		return new SiteRow(entry.site, entry.tracker.snapshot(now), entry.tracker, now);
	}

	private handle(event: ProbeEvent): void {
		if (event.type === 'refused-agent' || event.type === 'udp-note') {
			for (const listener of this.probeListeners) listener(event);
			return;
		}
		const entry = this.byId.get(event.site);
		if (!entry) return;
		const {tracker} = entry;
		let change: LinkChange | null = null;
		switch (event.type) {
			case 'sample':
				change = tracker.sample(event.rttMs, event.at, event.stalled);
				break;
			case 'connected':
				change = tracker.connected(event.at);
				break;
			case 'disconnected':
				change = tracker.disconnected(event.at, event.reason);
				break;
			case 'bad-frame':
				tracker.badFrame();
				break;
			case 'udp':
				change = tracker.udp(event.udp, event.at);
				break;
		}
		for (const listener of this.probeListeners) listener(event);
		if (change) this.emitChange({...change, site: event.site, at: event.at});
		this.emitSample(event.site);
	}

	private emitChange(change: SiteChange): void {
		for (const listener of this.changeListeners) listener(change);
	}

	private emitSample(site?: string): void {
		for (const listener of this.sampleListeners) listener(site);
	}
}

/** The dial-out listener's address: --listen, else hub.listen; null when no site dials out; an error when one does and neither is given. */
function listenAddress(loaded: LoadedPlan, options: MonitorOptions): HostPort | null {
	const dialOut = loaded.plan.sites.filter(site => site.connect === 'dial-out').map(site => site.id);
	if (dialOut.length === 0) return null;
	const value = options.listen ?? loaded.plan.hub.listen;
	if (value === undefined) {
		throw new DiemcauError(
			'DIEMCAU_LISTEN_MISSING',
			says('listen-missing', {sites: dialOut.slice(0, 3), more: Math.max(0, dialOut.length - 3), file: loaded.file}),
		);
	}
	const parsed = parseHostPort(value);
	if (typeof parsed === 'string')
		throw new DiemcauError(
			'DIEMCAU_OPTION_VALUE',
			says('option-host-port', {option: options.listen === undefined ? 'hub.listen' : '--listen', value}),
		);
	return parsed;
}

// A CA bundle as a Buffer, or why it could not be read.
function readCa(file: string): Buffer | LinkReason {
	try {
		return readFileSync(file);
	} catch (error) {
		return linkReason('ca-unreadable', {file, errno: (error as NodeJS.ErrnoException).code ?? ''});
	}
}

// Why a site's token could not be read, as its link reason.
function tokenReason(ref: {env: string} | {file: string}, problem: TokenFileProblem | undefined): LinkReason {
	if ('env' in ref || !problem) return linkReason('token-env-unset', {variable: 'env' in ref ? ref.env : ''});
	switch (problem.code) {
		case 'empty':
			return linkReason('token-file-empty', {file: problem.file});
		case 'missing':
			return linkReason('token-file-unreadable', {file: problem.file, errno: 'ENOENT'});
		case 'unreadable':
			return linkReason('token-file-unreadable', {file: problem.file, errno: problem.errno});
		default:
			return linkReason('token-file-refused', {problem});
	}
}
