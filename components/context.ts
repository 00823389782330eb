import {createContext, useContext} from 'react';
import {strings, type Lang, type Strings} from '../src/i18n/strings.js';
import {themeFor, type Theme} from './theme.js';

/** What every component may read: the language's strings and the theme tokens. */
export interface UiContext {
	lang: Lang;
	t: Strings;
	theme: Theme;
}

/** The UI context; tests and commands provide it once at the top. */
export const UiContextValue = createContext<UiContext>({lang: 'en', t: strings('en'), theme: themeFor({})});

/** The current language strings and theme. */
export function useUi(): UiContext {
	return useContext(UiContextValue);
}
