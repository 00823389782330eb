import type {Lang} from '../i18n/strings.js';
import type {ConsoleViewSource} from '../../components/SiteConsoleScreen.js';
import type {Theme} from '../../components/theme.js';
import type {ConsoleView} from '../model/meeting/site-console.js';
import type {SiteConsoleClient} from '../../probes/site-console-client.js';
import {shareInkFrameCaches} from './ink-frame-caches.js';
import {msToNextSecond} from '../model/shown-times.js';
import {inkDrawsLive} from '../cli/ink-live.js';

// The site console on a terminal: the client's view, recomputed on every change and whenever a
// running timer turns a second (timers move on between the hub's states), drawn by Ink. Ink and React are loaded
// only here, so an agent without --console never loads them.

/**
 * When the view next changes by itself: the instant a running timer (the item's, or this site's
 * turn) shows its next second, else in `idleMs`. Redrawing once a second at the console's own
 * phase showed the timer up to a second behind the hub's screen, which draws many times a second.
 */
export function nextRedrawMs(view: ConsoleView, idleMs = 1000): number {
	let next = idleMs;
	if (view.item?.status === 'running') next = Math.min(next, msToNextSecond(view.item.elapsedMs));
	if (view.turn.kind === 'speaking' && !view.turn.paused) next = Math.min(next, msToNextSecond(view.turn.elapsedMs));
	// A few ms late rather than early, so the second has turned when the view is read.
	return Math.max(5, next + 5);
}

/** A view source over a client: caches the view until the client changes or a timer's second turns. */
export function consoleViewSource(client: SiteConsoleClient, options: {tickMs?: number} = {}): ConsoleViewSource & {stop(): void} {
	const listeners = new Set<() => void>();
	let view: ConsoleView = client.view();
	let timer: NodeJS.Timeout | null = null;
	let stopped = false;
	const schedule = () => {
		if (timer) clearTimeout(timer);
		if (stopped) return;
		timer = setTimeout(refresh, nextRedrawMs(view, options.tickMs ?? 1000));
		timer.unref();
	};
	function refresh() {
		view = client.view();
		for (const listener of listeners) listener();
		schedule();
	}
	const unsubscribe = client.subscribe(refresh);
	schedule();
	return {
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		getSnapshot: () => view,
		stop() {
			stopped = true;
			if (timer) clearTimeout(timer);
			unsubscribe();
		},
	};
}

/** Options of the console screen. */
export interface ConsoleScreenOptions {
	lang: Lang;
	theme?: Theme;
	/** Called when the user quits the screen (q or Ctrl-C). */
	onQuit: () => void;
	stdout?: NodeJS.WriteStream;
	stdin?: NodeJS.ReadStream;
}

/** Draw the console until `stop()`. */
export async function startConsoleScreen(client: SiteConsoleClient, options: ConsoleScreenOptions): Promise<{stop(): void}> {
	// React's development build checks every prop of every render (the bundle is built for production).
	const env = process.env;
	env.NODE_ENV ??= 'production';
	// The agent's own entry (the one-file bundle) does not go through cli.ts: the same here.
	inkDrawsLive();
	const [{default: React}, {render}, {SiteConsoleScreen}] = await Promise.all([
		import('react'),
		import('ink'),
		import('../../components/SiteConsoleScreen.js'),
		shareInkFrameCaches(),
	]);
	const stdout = options.stdout ?? process.stdout;
	const source = consoleViewSource(client);
	// The alternate screen: the terminal's scrollback is left as it was when the console closes.
	stdout.write('\u001B[?1049h\u001B[H');
	const instance = render(
		React.createElement(SiteConsoleScreen, {
			source,
			lang: options.lang,
			...(options.theme ? {theme: options.theme} : {}),
			onIntent: intent => (intent.type === 'quit' ? options.onQuit() : client.dispatch(intent)),
		}),
		{
			exitOnCtrlC: false,
			patchConsole: false,
			...(options.stdout ? {stdout: options.stdout} : {}),
			...(options.stdin ? {stdin: options.stdin} : {}),
		},
	);
	let stopped = false;
	return {
		stop() {
			if (stopped) return;
			stopped = true;
			client.close();
			source.stop();
			instance.unmount();
			instance.cleanup();
			stdout.write('\u001B[?1049l');
		},
	};
}
