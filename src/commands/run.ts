import process from 'node:process';
import type {Command} from '../command.js';
import {parseCommandArgs} from '../command.js';
import {DiemcauError, EXIT} from '../errors.js';
import {loadPlan, type LoadedPlan} from '../plan-file.js';
import {Meeting} from '../meeting.js';
import {Monitor} from '../monitor.js';
import {DashboardStore} from '../dashboard-store.js';
import {applyIntent} from '../dashboard-intents.js';
import {PrefsStore} from '../prefs.js';
import {pickLang, strings, type Lang} from '../../components/i18n.js';
import {themeFor} from '../../components/theme.js';
import type {Effect, Intent} from '../../components/key-handler.js';

const help = `
Usage: diemcau run [PLAN] [--journal FILE] [--fresh] [--lang vi|en] [--stats]

The live dashboard at the hub: the link to every site (worst first), attendance, the agenda
with its timers, and the journal of everything the operator does.

  PLAN            the plan file (YAML or JSON); without it, the plan opened last time
  --journal FILE  journal file (default: one per plan in the data folder); the meeting resumes from it
  --fresh         start the meeting over (the old journal is kept beside, renamed)
  --lang vi|en    language (default: vi when LANG starts with "vi", else en)
  --stats         show the prober's own figures: event-loop delay, how late probes leave, probes/s

Keys: press ? in the dashboard for every key. q quits (asks y/n while the meeting runs).
Loss is lost probes: TCP turns lost packets into delay, and a late answer counts as lost.
Needs a terminal; for scripts use \`diemcau status\` and \`diemcau rehearse\`.
`;

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
}

/** Refuse a --lang other than vi or en (exit 2). */
export function checkLang(value: string | undefined): void {
	if (value !== undefined && value !== 'vi' && value !== 'en') {
		throw new DiemcauError('DIEMCAU_USAGE', `--lang takes vi or en, not "${value}".`);
	}
}

/** Refuse to start without a terminal: the dashboard needs raw keys. */
export function requireTty(name: string): void {
	if (process.stdin.isTTY !== true || process.stdout.isTTY !== true) {
		throw new DiemcauError(
			'DIEMCAU_NO_TTY',
			`"${name}" needs a terminal (stdin and stdout must be a TTY). Without one, use \`diemcau status PLAN\` for a one-shot check of every site or \`diemcau rehearse PLAN\` for a rehearsal with a verdict.`,
		);
	}
}

/** Open the meeting, probe every site and show the dashboard until the operator quits. */
export async function runDashboard(loaded: LoadedPlan, options: DashboardRunOptions): Promise<number> {
	const {meeting, warnings} = await Meeting.open(loaded, {
		journal: options.journal,
		fresh: options.fresh,
		...(options.utcOffsetMinutes === undefined ? {} : {utcOffsetMinutes: options.utcOffsetMinutes}),
	});
	const monitor = Monitor.fromPlan(loaded, {thread: true});
	const prefs = options.prefs;
	const saved = prefs.get();
	// Link figures refresh 10 times a second, 4 above 500 sites (where a frame costs more and
	// nobody reads 2,000 rows that fast); operator actions show at once either way.
	const maxFps = loaded.plan.sites.length > 500 ? 4 : 10;
	const store = new DashboardStore({plan: loaded.plan, links: monitor, meeting, wallClock: () => meeting.now(), sort: saved.sort, maxFps});
	const offChange = monitor.onChange(change => meeting.recordLink(change));
	// Warnings go to stderr (left in the scrollback) and to the alert line, since the dashboard's
	// screen hides the terminal: the operator must see that the meeting resumed, or a journal was
	// repaired. Many token warnings (a copied plan folder) make one notice, not a wall of them.
	const t = strings(options.lang);
	if (meeting.state.seq > 0) store.notice(t.resumed(meeting.state.seq, meeting.journalPath));
	for (const warning of warnings) store.notice(warning);
	if (monitor.warnings.length === 1) store.notice(monitor.warnings[0]!);
	else if (monitor.warnings.length > 1) store.notice(t.manyWarnings(monitor.warnings.length, monitor.warnings[0]!));
	for (const warning of [...warnings, ...monitor.warnings]) process.stderr.write(`diemcau: warning: ${warning}\n`);

	let finish!: () => void;
	const finished = new Promise<void>(resolve => {
		finish = resolve;
	});
	const downSites = () => loaded.plan.sites.filter(site => monitor.isDown(site.id)).map(site => site.id);
	const act = (intent: Intent) => {
		void applyIntent(meeting, intent, downSites).then(outcome => {
			if (!outcome.ok) store.refused(outcome.reason);
		});
	};
	const onEffect = (effect: Effect) => {
		if (effect.type === 'intent') act(effect.intent);
		else if (effect.type === 'quit') finish();
		else if (effect.type === 'sort') prefs.set({sort: effect.sort});
		else if (effect.type === 'view' && effect.view !== 'help' && effect.view !== 'detail') prefs.setView(loaded.file, effect.view);
	};
	const onSignal = () => finish();
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	for (const signal of signals) process.on(signal, onSignal);

	// React's development build diffs every prop of every render (2,000 rows!) for its profiler:
	// the dashboard runs the production build unless told otherwise. So React and Ink load here.
	process.env.NODE_ENV ??= 'production';
	const [{default: React}, {render}, {App}] = await Promise.all([import('react'), import('ink'), import('../../components/App.js')]);

	// The alternate screen keeps the operator's scrollback and is left as it was on exit.
	process.stdout.write('\u001B[?1049h\u001B[H');
	monitor.start();
	store.start();
	const instance = render(
		React.createElement(App, {
			source: store,
			onEffect,
			lang: options.lang,
			theme: themeFor(),
			// A resumed meeting opens where its state is seen whole; a plan not begun, where it was left.
			initialView: meeting.state.seq > 0 ? 'main' : prefs.viewFor(loaded.file),
			initialSort: saved.sort,
			stats: options.stats,
		}),
		// The store already caps data frames; Ink's own cap only bounds how long a key waits to show.
		{exitOnCtrlC: false, patchConsole: true, maxFps: 30},
	);
	try {
		await Promise.race([finished, instance.waitUntilExit()]);
	} finally {
		for (const signal of signals) process.off(signal, onSignal);
		instance.unmount();
		instance.cleanup();
		process.stdout.write('\u001B[?1049l');
		store.stop();
		offChange();
		await monitor.stop();
		await meeting.close();
	}
	if (options.announceJournal !== false) process.stdout.write(`diemcau: the journal is ${meeting.journalPath}\n`);
	return EXIT.ok;
}

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(
			args,
			{journal: {type: 'string'}, fresh: {type: 'boolean'}, lang: {type: 'string'}, stats: {type: 'boolean'}},
			help,
			{min: 0, max: 1},
		);
		checkLang(values.lang);
		requireTty('run');
		const prefs = new PrefsStore();
		let file: string | undefined = positionals[0];
		if (file === undefined) {
			file = prefs.get().lastPlan;
			if (!file) throw new DiemcauError('DIEMCAU_USAGE', `no PLAN given and no plan opened before.\n\n${help.trim()}`);
			process.stderr.write(`diemcau: opening the last plan: ${file}\n`);
		}
		const loaded = loadPlan(file);
		prefs.set({lastPlan: loaded.file, ...(values.lang ? {lang: values.lang as Lang} : {})});
		const lang = values.lang ? (values.lang as Lang) : prefs.get().lang ?? pickLang(undefined);
		return runDashboard(loaded, {journal: values.journal, fresh: values.fresh, lang, stats: values.stats, prefs});
	},
};
