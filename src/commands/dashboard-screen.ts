import process from 'node:process';
import type {Effect} from '../dashboard/key-handler.js';
import {themeFor} from '../../components/theme.js';
import {strings} from '../i18n/strings.js';
import {shareInkFrameCaches} from './ink-frame-caches.js';
import {cacheInkTextMeasures} from './ink-text-caches.js';
import {intentFeedback} from '../dashboard/intent-feedback.js';
import {DashboardStore} from '../dashboard/store.js';
import {DeferredPrefs} from '../dashboard/prefs.js';
import type {ScreenFeed, ScreenOptions} from '../dashboard/feed.js';

export type {ScreenFeed, ScreenOptions};

// One screen on a terminal: a store over a feed (the core in this process, or one over the
// control socket), the Ink App, and the keys' effects. Only an operator screen sends intents;
// the feed takes them to the core, which decides and journals them.

/** Ink's cap on frames a second: 1 ms between two commits' frames, so a key's frame is drawn at once. */
const INK_MAX_FPS = 1000;

/** Show the dashboard on this terminal until the user quits (or `until` settles, or a signal). */
export async function runScreen(feed: ScreenFeed, options: ScreenOptions, until?: Promise<unknown>): Promise<void> {
	const {prefs} = options;
	const t = strings(options.lang);
	const saved = prefs.get();
	// The view is remembered per plan (a new plan opens on the main view); a meeting under way
	// (a resume, or a second screen) opens on the main view, where its state is seen whole.
	const planKey = `${feed.plan.session.date} ${feed.plan.session.title}`;
	const initialView = options.view ?? (feed.meeting.state.seq > 0 ? 'main' : prefs.viewFor(planKey));
	const remember = options.remember ?? true;
	// Written once keys go quiet, never on a key's path (see DeferredPrefs).
	const later = new DeferredPrefs(prefs);
	const store = new DashboardStore({
		plan: feed.plan,
		links: feed.links,
		meeting: feed.meeting,
		wallClock: feed.wallClock,
		sort: saved.sort,
		...(feed.maxFps ? {maxFps: feed.maxFps} : {}),
		...(feed.clock ? {clock: feed.clock} : {}),
	});
	for (const notice of feed.notices ?? []) store.notice(notice);
	const offStatus = feed.onStatus?.(lost => store.setCoreLost(lost));
	const offNotice = feed.onNotice?.(line => store.notice(line));

	let finish!: () => void;
	const finished = new Promise<void>(resolve => {
		finish = resolve;
	});
	void until?.then(finish, finish);
	const onEffect = (effect: Effect) => {
		if (effect.type === 'intent') {
			const intent = effect.intent;
			void feed.send(intent).then(outcome => {
				if (!outcome.ok) {
					store.done('', 0);
					store.refused(outcome.reason, outcome.refusal);
					return;
				}
				const said = intentFeedback(intent, outcome, feed.plan, t, {
					now: feed.wallClock(),
					utcOffsetMinutes: feed.meeting.state.utcOffsetMinutes,
				});
				if (said) store.done(said, intent.type === 'end-session' ? 600_000 : 8000);
			});
		} else if (effect.type === 'viewerRefused') store.viewerRefused();
		else if (effect.type === 'quit') finish();
		else if (!remember) return;
		else if (effect.type === 'sort') later.setSort(effect.sort);
		else if (effect.type === 'view' && effect.view !== 'help' && effect.view !== 'detail' && effect.view !== 'projector')
			later.setView(planKey, effect.view);
	};
	const onSignal = () => finish();
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	for (const signal of signals) process.on(signal, onSignal);

	// React's development build diffs every prop of every render (2,000 rows!) for its profiler:
	// the dashboard runs the production build unless told otherwise. So React and Ink load here.
	process.env.NODE_ENV ??= 'production';
	// Before Ink is first imported: its text measures then come with bounded caches.
	await cacheInkTextMeasures();
	const [{default: React}, {render}, {App}] = await Promise.all([
		import('react'),
		import('ink'),
		import('../../components/App.js'),
		shareInkFrameCaches(),
	]);

	// The alternate screen keeps the operator's scrollback and is left as it was on exit.
	process.stdout.write('\u001B[?1049h\u001B[H');
	store.start();
	const instance = render(
		React.createElement(App, {
			source: store,
			onEffect,
			lang: options.lang,
			theme: themeFor(),
			initialView,
			initialSort: saved.sort,
			stats: options.stats,
			viewer: options.role === 'viewer',
		}),
		// The store already caps data frames, so Ink draws every commit at once: its own cap (30 a
		// second by default) only held a key's frame back behind the data frame drawn just before it
		// (a CPU profile of `diemcau run` at 3,321 sites: a third of the keys sat idle up to 33 ms).
		// The frame is one row shorter than the terminal (src/dashboard/layout.ts), so Ink never clears
		// the whole screen. Ink's incrementalRendering would write fewer bytes still, but in a real
		// terminal (tmux, alternate screen) it drew the first line twice and left stale lines after
		// a view switch (Ink 6.8): not used.
		{exitOnCtrlC: false, patchConsole: true, maxFps: INK_MAX_FPS},
	);
	try {
		await Promise.race([finished, instance.waitUntilExit()]);
	} finally {
		for (const signal of signals) process.off(signal, onSignal);
		later.flush();
		instance.unmount();
		instance.cleanup();
		process.stdout.write('\u001B[?1049l');
		offStatus?.();
		offNotice?.();
		store.stop();
	}
}
