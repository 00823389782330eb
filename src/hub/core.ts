import {wordRefusal} from '../i18n/refusal-words.js';
import type {LoadedPlan} from '../plan/plan-file.js';
import {Meeting, type IntentOutcome, type MeetingOptions} from './meeting.js';
import type {Warning} from '../i18n/warning-words.js';
import {Monitor, type MonitorOptions} from './monitor.js';
import type {Intent} from '../model/meeting/intents.js';
import type {Plan} from '../model/plan/plan.js';

// The hub core (DESIGN.md "Hub core and screens"): the prober, the meeting and its journal,
// and the add-ons (alerts, metrics, the control socket) — no terminal, no Ink. `serve` runs it
// alone, `run` runs it with a screen in the same process, `attach` is a screen over its control
// socket. Every intent from any screen goes through `apply`, one at a time, journalled first.

/** Who sent an intent: the screen's id (journalled with the intent's events). */
export interface IntentOrigin {
	/** A short id of the screen: "local" for run's own screen, "attach-2" for an attached one. */
	screen: string;
}

/** Something the core starts and stops with itself: alerts, metrics, the control socket. */
export interface HubAddon {
	/** A short name for the logs ("metrics", "control"). */
	readonly name: string;
	/** Called once, just before probing starts (so it hears every link change); may read the core's monitor and meeting and listen to them. */
	start(core: HubCore): void | Promise<void>;
	/** Called once on shutdown, before the journal is closed (so it may still journal). */
	stop(): void | Promise<void>;
}

/** Options of the core. */
export interface HubCoreOptions extends Pick<MeetingOptions, 'journal' | 'fresh' | 'utcOffsetMinutes' | 'dataDir' | 'clock' | 'lang'> {
	/** Probe from a worker thread (default true; false in tests that pass a monitor clock). */
	thread?: boolean;
	/** Monitor options (tests). */
	monitor?: Omit<MonitorOptions, 'thread'>;
}

/** What one intent came to, for listeners (the serve log, attached screens). */
export interface IntentRecord {
	intent: Intent;
	origin: IntentOrigin;
	outcome: IntentOutcome;
}

/** The hub core: open it, add add-ons, start, apply intents, stop. */
export class HubCore {
	readonly loaded: LoadedPlan;
	readonly meeting: Meeting;
	readonly monitor: Monitor;
	/** What opening the journal repaired or kept (the monitor's own are `monitor.warnings`). */
	readonly warnings: readonly Warning[];
	#addons: HubAddon[] = [];
	#started: HubAddon[] = [];
	#intentListeners = new Set<(record: IntentRecord) => void>();
	#offLinks: (() => void) | null = null;
	#state: 'new' | 'running' | 'stopping' | 'stopped' = 'new';
	#stopped: Promise<void> | null = null;

	private constructor(loaded: LoadedPlan, meeting: Meeting, monitor: Monitor, warnings: Warning[]) {
		this.loaded = loaded;
		this.meeting = meeting;
		this.monitor = monitor;
		this.warnings = warnings;
	}

	/** Open the plan's journal (resuming by replay) and build the monitor; nothing runs until start(). */
	static async open(loaded: LoadedPlan, options: HubCoreOptions = {}): Promise<HubCore> {
		const {meeting, warnings} = await Meeting.open(loaded, {
			journal: options.journal,
			fresh: options.fresh,
			...(options.utcOffsetMinutes === undefined ? {} : {utcOffsetMinutes: options.utcOffsetMinutes}),
			...(options.dataDir === undefined ? {} : {dataDir: options.dataDir}),
			...(options.clock === undefined ? {} : {clock: options.clock}),
			...(options.lang === undefined ? {} : {lang: options.lang}),
		});
		const monitor = Monitor.fromPlan(loaded, {...options.monitor, thread: options.thread ?? true});
		return new HubCore(loaded, meeting, monitor, warnings);
	}

	get plan(): Plan {
		return this.loaded.plan;
	}

	/** Add an add-on (before start); it is started just before probing starts and stopped first on shutdown. */
	use(addon: HubAddon): this {
		if (this.#state !== 'new') throw new Error(`hub core: add-on "${addon.name}" added after start`);
		this.#addons.push(addon);
		return this;
	}

	/**
	 * Journal link transitions, start every add-on in the order added, then start probing: the
	 * monitor announces sites already down (an unreadable token) the moment it starts, and every
	 * add-on (log, alerts, metrics) must hear those too.
	 */
	async start(): Promise<void> {
		if (this.#state !== 'new') return;
		this.#state = 'running';
		this.#offLinks = this.monitor.onChange(change => this.meeting.recordLink(change));
		for (const addon of this.#addons) {
			await addon.start(this);
			this.#started.push(addon);
		}
		this.monitor.start();
		// Dial-out agents call the hub's listener: a port that cannot be had is the user's to fix (the caller stops the core).
		this.listeningAt = await this.monitor.ready();
	}

	/** The URL dial-out agents call (ws[s]://HOST:PORT/agent) once started; null when no site dials out. */
	listeningAt: string | null = null;

	/** Sites whose link is down now (a speaker call skips them). */
	downSites(): string[] {
		return this.plan.sites.filter(site => this.monitor.isDown(site.id)).map(site => site.id);
	}

	/**
	 * Decide and journal one intent from a screen (serialised with every other screen's), then
	 * tell the listeners. Never rejects; a refusal is an outcome with its reason.
	 */
	async apply(intent: Intent, origin: IntentOrigin): Promise<IntentOutcome> {
		if (this.#state === 'stopping' || this.#state === 'stopped')
			return {ok: false, reason: wordRefusal({code: 'hub-stopping'}, 'en'), refusal: {code: 'hub-stopping'}};
		const outcome = await this.meeting.intent(intent, {downSites: this.downSites()}, origin.screen);
		for (const listener of this.#intentListeners) listener({intent, origin, outcome});
		return outcome;
	}

	/** Listen to every intent applied and its outcome; returns the unsubscribe function. */
	onIntent(listener: (record: IntentRecord) => void): () => void {
		this.#intentListeners.add(listener);
		return () => this.#intentListeners.delete(listener);
	}

	/** Stop the add-ons (last added first), probing, then flush and close the journal. Idempotent. */
	stop(): Promise<void> {
		this.#stopped ??= this.#stop();
		return this.#stopped;
	}

	async #stop(): Promise<void> {
		this.#state = 'stopping';
		for (const addon of this.#started.splice(0).reverse()) {
			try {
				await addon.stop();
			} catch {
				// An add-on that fails to stop must not keep the journal from closing.
			}
		}
		this.#offLinks?.();
		await this.monitor.stop();
		await this.meeting.close();
		this.#state = 'stopped';
	}
}
