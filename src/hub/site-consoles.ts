import {performance} from 'node:perf_hooks';
import {parseCheckin, STATE_MIN_INTERVAL_MS} from '../../probes/console-protocol.js';
import type {ProbeEvent} from '../../probes/probe-types.js';
import {CHECKIN_REFUSALS, type CheckinAckMessage, type ConsoleLink} from '../model/meeting/console-state.js';
import {displayGrade} from '../model/link/grade.js';
import type {LinkSnapshot} from '../model/link/link-stats.js';
import type {Refusal} from '../model/meeting/refusals.js';
import {wordRefusal} from '../i18n/refusal-words.js';
import {SITE_ORIGIN} from '../model/meeting/session.js';
import {siteName} from '../model/meeting/session-view.js';
import {siteStateFor} from '../model/meeting/site-state.js';
import type {HubAddon, HubCore} from './core.js';

// The hub's side of the site consoles (DESIGN.md "The site console"): the sites whose console is
// open (the agents say so, probe events bring it), each sent its `state` about once a second and
// at once when something it shows changes, never more than once a second; and every `checkin`
// from a console turned into the operator's own intent (mark-attendance), applied through the
// core (journalled first, with `by: "site"`, one at a time with the screens' intents), and only
// then acknowledged. A site marks only its own roster: the site is the one its token proved.
// Nothing is done per tick for a site whose console is closed, so 2,000 quiet agents cost nothing.

/** Options of the add-on. */
export interface SiteConsolesOptions {
	/** Monotonic ms, the monitor's clock (default performance.now): how long ago the hub heard a site. */
	clock?: () => number;
	/** Least time between two states to one site (default STATE_MIN_INTERVAL_MS, 1 s). */
	intervalMs?: number;
	/** The hub's log (serve): a line when a site's console opens or closes. */
	log?: (line: string) => void;
}

/** The add-on, with what it holds (tests, the log). */
export interface SiteConsoles extends HubAddon {
	/** Sites whose console is open now, in the order they opened. */
	open(): string[];
	/** States sent so far, all sites together. */
	readonly statesSent: number;
}

interface OpenConsole {
	seq: number;
	lastSentAt: number;
}

/** A tick this often checks the open consoles (and only them): a state is due once `intervalMs` passed. */
const TICK_MS = 250;

/** This site's link as the console shows it, from the prober's snapshot at `now` (the same clock). */
export function consoleLink(link: LinkSnapshot, now: number): ConsoleLink {
	return {
		grade: displayGrade(link),
		rttMs: link.rttMs?.last ?? null,
		lossPct: {up: link.packetLossPct?.up ?? null, down: link.packetLossPct?.down ?? null},
		probeLossPct: link.probeLossPct,
		lastHeardMs: link.lastSeenAt === null ? null : Math.max(0, now - link.lastSeenAt),
		udp: link.udp === 'waiting' ? 'off' : link.udp,
	};
}

/** The site consoles as a hub-core add-on (`run`, `serve`, `demo`). */
export function siteConsoles(options: SiteConsolesOptions = {}): SiteConsoles {
	const clock = options.clock ?? (() => performance.now());
	const intervalMs = options.intervalMs ?? STATE_MIN_INTERVAL_MS;
	const consoles = new Map<string, OpenConsole>();
	const offs: Array<() => void> = [];
	let core: HubCore | null = null;
	let timer: NodeJS.Timeout | null = null;
	let statesSent = 0;
	let seq = 0; // one counter for every site: a console that reopens never sees an older seq

	const sendState = (site: string, entry: OpenConsole, now: number) => {
		if (!core) return;
		entry.lastSentAt = now;
		const link = core.monitor.site(site, now);
		if (!link) return;
		entry.seq = ++seq;
		const state = siteStateFor(core.meeting.state, site, consoleLink(link.link, now), entry.seq, core.meeting.now());
		if (core.monitor.prober.sendToSite(site, state)) statesSent++;
	};
	const due = (entry: OpenConsole, now: number) => now - entry.lastSentAt >= intervalMs;
	const tick = () => {
		const now = clock();
		for (const [site, entry] of consoles) if (due(entry, now)) sendState(site, entry, now);
	};
	/** Something this site shows changed: send at once if it may, else the next tick that may will. */
	const touch = (site: string) => {
		const entry = consoles.get(site);
		if (!entry) return;
		const now = clock();
		if (due(entry, now)) sendState(site, entry, now);
	};
	const setOpen = (site: string, open: boolean) => {
		if (open && !consoles.has(site)) {
			const entry: OpenConsole = {seq: 0, lastSentAt: Number.NEGATIVE_INFINITY};
			consoles.set(site, entry);
			options.log?.(`console ${site} opened`);
			sendState(site, entry, clock());
		} else if (!open && consoles.delete(site)) options.log?.(`console ${site} closed`);
		if (consoles.size > 0 && !timer) {
			timer = setInterval(tick, Math.min(TICK_MS, intervalMs));
			timer.unref();
		} else if (consoles.size === 0 && timer) {
			clearInterval(timer);
			timer = null;
		}
	};
	const ack = (site: string, frame: CheckinAckMessage) => core?.monitor.prober.sendToSite(site, frame);

	async function checkin(site: string, raw: Extract<ProbeEvent, {type: 'checkin'}>['checkin']): Promise<void> {
		if (!core) return;
		const session = core.meeting.state;
		const roster = session.attendance[site]?.length ?? 0;
		const parsed = parseCheckin({type: 'checkin', ...raw}, roster);
		if (!parsed.ok) {
			const outside = Number.isSafeInteger(raw.role) && (raw.role < 0 || raw.role >= roster);
			const refusal: Refusal = outside
				? {code: 'no-role', site: siteName(session, site), role: raw.role + 1}
				: {code: 'bad-checkin', field: parsed.field};
			ack(site, {type: 'checkin-ack', id: raw.id, ok: false, reason: wordRefusal(refusal, 'en'), refusal});
			return;
		}
		const {id, role, status, reason} = parsed.message;
		const outcome = await core.apply({type: 'mark-attendance', site, role, status, ...(reason ? {reason} : {})}, {screen: SITE_ORIGIN});
		if (outcome.ok) {
			ack(site, {type: 'checkin-ack', id, ok: true, role, status});
			return;
		}
		const refusal = outcome.refusal && (CHECKIN_REFUSALS as readonly string[]).includes(outcome.refusal.code) ? outcome.refusal : undefined;
		ack(site, {type: 'checkin-ack', id, ok: false, reason: outcome.reason, ...(refusal ? {refusal} : {})});
	}

	return {
		name: 'site-consoles',
		open: () => [...consoles.keys()],
		get statesSent() {
			return statesSent;
		},
		start(started: HubCore) {
			core = started;
			offs.push(
				started.monitor.onProbe(event => {
					if (event.type === 'console') setOpen(event.site, event.open);
					else if (event.type === 'checkin') void checkin(event.site, event.checkin);
				}),
				started.monitor.onChange(change => touch(change.site)),
				started.meeting.onChange(() => {
					if (consoles.size === 0) return;
					for (const site of consoles.keys()) touch(site);
				}),
			);
		},
		stop() {
			for (const off of offs.splice(0)) off();
			if (timer) clearInterval(timer);
			timer = null;
			consoles.clear();
			core = null;
		},
	};
}
