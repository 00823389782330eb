import {existsSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {testError} from '../src/model/link/test-errors.js';
import type {BandwidthResult} from './hub-bandwidth.js';
import type {VideoLoadResult} from './udp-session.js';
import type {ListenResult, ProbeEngine, ProbeEvent, ProbeTarget, ProberOptions, ProberStats, SiteFrame} from './prober.js';

/** Messages to the prober's worker. */
export type ToWorker =
	| {type: 'start'}
	| {type: 'stop'}
	| {type: 'bandwidth'; id: number; site: string; opts: {bytes?: number; seconds?: number}}
	| {type: 'video'; id: number; site: string; kbps: number; ms: number}
	| {type: 'send'; site: string; frame: SiteFrame};

/** Messages from the prober's worker. */
export type FromWorker =
	| {type: 'events'; events: ProbeEvent[]; stats: ProberStats}
	| {type: 'bandwidth'; id: number; result: BandwidthResult}
	| {type: 'video'; id: number; result: VideoLoadResult}
	| {type: 'listening'; result: ListenResult | null}
	| {type: 'stopped'};

/**
 * The Prober in a worker thread, with the same interface. Probes are sent and timed there, so
 * a frame being drawn on the main thread delays only when a sample reaches the screen, never
 * the measurement itself. Event times are on this thread's performance.now() scale.
 */
export class ThreadedProber implements ProbeEngine {
	private readonly worker: Worker;
	private latest: ProberStats = {probesSent: 0, loopDelayP99Ms: 0, sendLateP99Ms: 0, udpReceiveDrops: 0};
	private readonly pending = new Map<number, (result: never) => void>();
	private nextId = 0;
	private stopping: Promise<void> | null = null;
	private exited = false;
	private readonly up = new Set<string>(); // sites connected as of the last batch
	private readonly listenResult: Promise<ListenResult | null>;
	private listened: (result: ListenResult | null) => void = () => {};

	constructor(targets: ProbeTarget[], options: Omit<ProberOptions, 'clock'>, onEvent: (event: ProbeEvent) => void) {
		this.worker = new Worker(workerFile(), {workerData: {targets, options, mainTimeOrigin: performance.timeOrigin}});
		this.worker.unref();
		this.listenResult = new Promise(resolve => {
			this.listened = resolve;
		});
		this.worker.on('message', (message: FromWorker) => {
			if (message.type === 'listening') return this.listened(message.result);
			if (message.type === 'events') {
				this.latest = message.stats;
				for (const event of message.events) {
					if (event.type === 'connected') this.up.add(event.site);
					else if (event.type === 'disconnected') this.up.delete(event.site);
					try {
						onEvent(event);
					} catch (error) {
						process.emitWarning(`diemcau prober listener failed: ${(error as Error).message}`);
					}
				}
			} else if (message.type === 'bandwidth' || message.type === 'video') {
				this.pending.get(message.id)?.(message.result as never);
				this.pending.delete(message.id);
			}
		});
		this.worker.on('error', error => process.emitWarning(`diemcau prober thread failed: ${error.message}`));
		this.worker.on('exit', () => {
			this.exited = true;
			this.listened({error: 'the prober stopped'});
			for (const resolve of this.pending.values()) resolve({error: testError('prober-stopped')} as never);
			this.pending.clear();
		});
	}

	/** Dial every site (in the worker). */
	start(): void {
		this.worker.ref();
		this.send({type: 'start'});
	}

	/** Close every socket and end the worker. */
	stop(): Promise<void> {
		this.stopping ??= new Promise<void>(resolve => {
			if (this.exited) return resolve();
			const done = () => void this.worker.terminate().then(() => resolve());
			this.worker.on('message', (message: FromWorker) => {
				if (message.type === 'stopped') done();
			});
			this.worker.once('exit', () => resolve());
			this.send({type: 'stop'});
			setTimeout(done, 3000).unref(); // a worker that does not answer is ended anyway
		});
		return this.stopping;
	}

	/** Bandwidth test of one agent site, run by the worker. Never throws. */
	bandwidth(site: string, opts: {bytes?: number; seconds?: number}): Promise<BandwidthResult> {
		if (this.exited) return Promise.resolve({error: testError('prober-stopped')});
		const id = ++this.nextId;
		return new Promise(resolve => {
			this.pending.set(id, resolve);
			this.send({type: 'bandwidth', id, site, opts});
		});
	}

	/** Video-rate UDP load test of one agent site, run by the worker. Never throws. */
	videoLoad(site: string, kbps: number, ms: number): Promise<VideoLoadResult> {
		if (this.exited) return Promise.resolve({error: testError('prober-stopped')});
		const id = ++this.nextId;
		return new Promise(resolve => {
			this.pending.set(id, resolve as (result: never) => void);
			this.send({type: 'video', id, site, kbps, ms});
		});
	}

	/** The dial-out listener (in the worker): its URL once listening, or why not; null when no site dials out. */
	listening(): Promise<ListenResult | null> {
		return this.listenResult;
	}

	/** A console frame to a site, sent by the worker; false when the site was not connected as of the last batch. */
	sendToSite(site: string, frame: SiteFrame): boolean {
		if (this.exited || !this.up.has(site)) return false;
		this.send({type: 'send', site, frame});
		return true;
	}

	/** The prober thread's figures (see ProberStats), as of its last batch. */
	stats(): ProberStats {
		return this.latest;
	}

	private send(message: ToWorker): void {
		if (!this.exited) this.worker.postMessage(message);
	}
}

/** The compiled worker beside this file; from the TypeScript sources (tests), the build's copy. */
function workerFile(): URL {
	const js = new URL('./prober-thread.js', import.meta.url);
	if (existsSync(fileURLToPath(js))) return js;
	const built = new URL('../dist/probes/prober-thread.js', import.meta.url);
	if (existsSync(fileURLToPath(built))) return built;
	throw new Error('the prober thread is not built: run `npm run build`');
}
