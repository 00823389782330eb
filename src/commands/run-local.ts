import process from 'node:process';
import {EXIT} from '../cli/errors.js';
import {controlAddon, prepareControl} from '../hub/control-server.js';
import {controlWords} from '../hub/control-words.js';
import {wordAgentRefusal} from '../model/agent-refusal-words.js';
import {journalFileFor} from '../hub/meeting.js';
import type {MonitorOptions} from '../hub/monitor.js';
import {HubCore, type HubAddon} from '../hub/core.js';
import {siteConsoles} from '../hub/site-consoles.js';
import type {LoadedPlan} from '../plan/plan-file.js';
import type {PrefsStore} from '../dashboard/prefs.js';
import {strings, type Lang} from '../i18n/strings.js';
import {cliWords} from '../i18n/cli-words.js';
import {localFeed} from '../dashboard/local-feed.js';
import {runScreen, type ScreenFeed} from './dashboard-screen.js';

// `run` and `demo`: the hub core and one screen in one process. The core outlives nothing: when
// the operator quits, probing stops and the journal is flushed and closed.

/** Options of the dashboard run (shared by `run` and `demo`). */
export interface DashboardRunOptions {
	journal?: string;
	fresh?: boolean;
	lang: Lang;
	stats?: boolean;
	prefs: PrefsStore;
	/** Say where the journal is on exit (not for the demo's temp journal). */
	announceJournal?: boolean;
	/** Meeting clock override (tests); default the system's. */
	utcOffsetMinutes?: number;
	/** Add-ons the core starts and stops with itself (metrics, alerts). */
	addons?: readonly HubAddon[];
	/** The control channel (--control); default a per-user socket or pipe named by the journal (hubControlPaths). */
	control?: string;
	/** Lines for the alert line while the screen runs (alert hooks failing, a storm). */
	onNotice?: ScreenFeed['onNotice'];
	/** --listen, --tls-cert/--tls-key, --wait (dial-out agents). */
	listen?: Pick<MonitorOptions, 'listen' | 'tls' | 'waitMs'>;
}

/** Open the meeting, probe every site and show the dashboard until the operator quits. */
export async function runDashboard(loaded: LoadedPlan, options: DashboardRunOptions): Promise<number> {
	const late: string[] = [];
	const journal = journalFileFor(loaded.plan, options);
	// Before the journal is opened: a second hub on the same journal stops here, touching nothing.
	const controlPlan = await prepareControl(journal, {explicit: options.control});
	let notices: string[] = late;
	const control = controlAddon(controlPlan, journal, {
		onProblem: problem => {
			notices.push(controlWords(options.lang).screenNotice(problem));
			process.stderr.write(`diemcau: ${controlWords(options.lang).noControl(problem)}\n`);
		},
	});
	const core = await HubCore.open(loaded, {
		journal: options.journal,
		fresh: options.fresh,
		lang: options.lang,
		...(options.listen ? {monitor: options.listen} : {}),
		...(options.utcOffsetMinutes === undefined ? {} : {utcOffsetMinutes: options.utcOffsetMinutes}),
	});
	core.use(siteConsoles());
	for (const addon of options.addons ?? []) core.use(addon);
	if (control.addon) core.use(control.addon);
	// Warnings go to stderr too (left in the scrollback when the dashboard's screen closes).
	for (const warning of [...core.warnings, ...core.monitor.warnings])
		process.stderr.write(`diemcau: ${cliWords(options.lang).warning({warning})}\n`);
	const t = strings(options.lang);
	const names = new Map(loaded.plan.sites.map(site => [site.id, site.name]));
	// The alert line hears the add-ons' notices (alert hooks) and the dial-out listener's warnings (a replaced or a refused agent).
	const onNotice: NonNullable<ScreenFeed['onNotice']> = listener => {
		const offs = [
			options.onNotice?.(listener),
			core.monitor.onProbe(event => {
				if (event.type === 'replaced') listener(t.siteReplaced(names.get(event.site) ?? event.site, event.from, event.previous));
				if (event.type === 'refused-agent') listener(wordAgentRefusal(event, options.lang));
			}),
		];
		return () => {
			for (const off of offs) off?.();
		};
	};
	const feed = {...localFeed(core, options.lang), onNotice};
	feed.notices!.push(...late);
	notices = feed.notices!;
	try {
		await core.start();
		await runScreen(feed, {lang: options.lang, stats: options.stats, prefs: options.prefs});
	} finally {
		await core.stop();
		control.release();
	}
	if (options.announceJournal !== false)
		process.stdout.write(`diemcau: ${cliWords(options.lang).journalIs({file: core.meeting.journalPath})}\n`);
	return EXIT.ok;
}
