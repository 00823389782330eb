import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import type {HubAddon, HubCore} from './core.js';
import {parseHostPort} from '../model/plan/host-port.js';
import type {LoadedPlan} from '../plan/plan-file.js';
import {HubAlerts, type HubAlertsOptions} from './alerts.js';
import {HubMetrics, type MetricsLinks} from './metrics.js';
import {serveMetrics} from './metrics-server.js';

// One call for `run` and `serve`: the plan's alerts (when it has `alerts:`) and /metrics (when
// --metrics or `hub.metrics` says where), on the hub core's Monitor and Meeting.

/** What `run` and `serve` hand over. */
export interface ObserveOptions {
	loaded: LoadedPlan;
	links: MetricsLinks & HubAlertsOptions['links'];
	meeting?: HubAlertsOptions['meeting'];
	/** --metrics HOST:PORT; overrides the plan's hub.metrics. */
	metrics?: string;
	log: (line: string) => void;
	show?: (line: string) => void;
	/** The language of the alerts' messages and screen lines (default en). */
	lang?: 'vi' | 'en';
}

/** Alerts and metrics running beside the hub; stop() ends both. */
export interface Observing {
	metricsUrl: string | null;
	alerts: HubAlerts | null;
	stop(): Promise<void>;
}

/** Check --metrics before anything starts (exit 2 with what to fix). */
export function checkMetricsFlag(value: string | undefined): void {
	if (value === undefined) return;
	const parsed = parseHostPort(value);
	if (typeof parsed === 'string') throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-host-port', {option: '--metrics', value}));
}

/** Start the alerts and /metrics the plan and flags ask for. Rejects (DIEMCAU_METRICS_LISTEN) when the port is taken. */
export async function startObserving(options: ObserveOptions): Promise<Observing> {
	const {plan, dir} = options.loaded;
	const alerts = plan.alerts
		? new HubAlerts({
				sites: plan.sites,
				settings: plan.alerts,
				planDir: dir,
				links: options.links,
				meeting: options.meeting,
				log: options.log,
				show: options.show,
				lang: options.lang,
			})
		: null;
	alerts?.start();
	const where = options.metrics ?? plan.hub.metrics;
	let stopMetrics: (() => Promise<void>) | null = null;
	let metricsUrl: string | null = null;
	if (where !== undefined) {
		const address = parseHostPort(where);
		if (typeof address === 'string')
			throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-host-port', {option: 'hub.metrics', value: where}));
		const metrics = new HubMetrics({
			hubId: plan.hub.id,
			links: options.links,
			meeting: options.meeting,
			alerts: alerts ? () => alerts.stats() : undefined,
		});
		metrics.start();
		try {
			const server = await serveMetrics(address, metrics);
			metricsUrl = server.url;
			stopMetrics = async () => {
				metrics.stop();
				await server.close();
			};
		} catch (error) {
			metrics.stop();
			await alerts?.stop();
			throw error;
		}
	}
	return {
		metricsUrl,
		alerts,
		async stop() {
			await stopMetrics?.();
			await alerts?.stop();
		},
	};
}

/** What the add-on needs besides the core. */
export interface ObserveAddonOptions {
	/** --metrics HOST:PORT; overrides the plan's hub.metrics. */
	metrics?: string;
	/** The hub's log (serve: stderr lines). */
	log: (line: string) => void;
	/** The language of the alerts' messages (the hooks' `message`, the screen's lines); default en. */
	lang?: 'vi' | 'en';
}

/** Alerts and /metrics as a hub-core add-on (`serve`, `run`); `onNotice` feeds a screen's alert line. */
export function observeAddon(
	options: ObserveAddonOptions,
): HubAddon & {onNotice(listener: (line: string) => void): () => void; readonly metricsUrl: string | null} {
	let observing: Observing | null = null;
	const listeners = new Set<(line: string) => void>();
	return {
		name: 'alerts+metrics',
		get metricsUrl() {
			return observing?.metricsUrl ?? null;
		},
		onNotice(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async start(core: HubCore) {
			observing = await startObserving({
				loaded: core.loaded,
				links: core.monitor,
				meeting: core.meeting,
				metrics: options.metrics,
				log: options.log,
				lang: options.lang,
				show: line => {
					for (const listener of listeners) listener(line);
				},
			});
			if (observing.metricsUrl) options.log(`metrics at ${observing.metricsUrl}`);
		},
		async stop() {
			await observing?.stop();
		},
	};
}
