import {useMemo, useSyncExternalStore} from 'react';
import type {ConsoleIntent, ConsoleView} from '../src/model/meeting/site-console.js';
import {UiContextValue, type UiContext} from './context.js';
import {strings, type Lang} from '../src/i18n/strings.js';
import {SiteConsole} from './SiteConsole.js';
import {themeFor, type Theme} from './theme.js';
import {useTerminalSize} from './use-terminal-size.js';

/** Where the console's view comes from: the latest view, and a change signal (a new state, a tick). */
export interface ConsoleViewSource {
	subscribe(listener: () => void): () => void;
	/** The same object until something changed. */
	getSnapshot(): ConsoleView;
}

/** Props of the site console's root. */
export interface SiteConsoleScreenProps {
	source: ConsoleViewSource;
	onIntent: (intent: ConsoleIntent) => void;
	lang?: Lang;
	theme?: Theme;
}

/** The site console on the whole terminal, in the given language and theme. */
export function SiteConsoleScreen({source, onIntent, lang = 'vi', theme = themeFor()}: SiteConsoleScreenProps) {
	const view = useSyncExternalStore(source.subscribe, source.getSnapshot);
	const {columns, rows} = useTerminalSize();
	const ui = useMemo<UiContext>(() => ({lang, t: strings(lang), theme}), [lang, theme]);
	return (
		<UiContextValue.Provider value={ui}>
			{/* One row shorter than the terminal, as the dashboard (src/dashboard/layout.ts): a frame as tall as the terminal makes Ink clear the whole screen on every update, a flicker each second. */}
			<SiteConsole view={view} width={columns} height={Math.max(8, rows - 1)} onIntent={onIntent} />
		</UiContextValue.Provider>
	);
}
