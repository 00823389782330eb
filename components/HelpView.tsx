import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {truncate} from '../src/dashboard/format.js';
import {helpPages, type HelpEntry} from '../src/dashboard/help-layout.js';
import type {Strings} from '../src/i18n/strings.js';
import {keymap} from '../src/dashboard/keymap.js';

const KEY_NAMES: Record<string, string> = {
	space: 'space',
	return: 'Enter',
	escape: 'Esc',
	up: '↑',
	down: '↓',
	pageup: 'PgUp',
	pagedown: 'PgDn',
	'ctrl+c': 'Ctrl-C',
};

/** Every key of the keymap table with what it does, in help's order. */
export function helpEntries(t: Strings): HelpEntry[] {
	return keymap.map(binding => ({keys: binding.keys.map(key => KEY_NAMES[key] ?? key).join(' '), text: t.help[binding.action]}));
}

/** The help's pages at a size: `lines` is the whole body (a title and a footer line are kept). */
export function helpLayout(t: Strings, width: number, lines: number): string[][] {
	return helpPages(helpEntries(t), width, Math.max(1, lines - 2));
}

/** Props of the help view. */
export interface HelpViewProps {
	/** The pages from `helpLayout` at this size. */
	pages: readonly string[][];
	/** The page shown (clamped). */
	page: number;
	width: number;
}

/** One page of the help: every key is on some page, no line is cut; the footer says how to turn pages. */
export function HelpView({pages, page, width}: HelpViewProps) {
	const {t, theme} = useUi();
	const shown = Math.max(0, Math.min(pages.length - 1, page));
	const footer = pages.length > 1 ? t.helpPage(shown + 1, pages.length) : t.help.lossNote;
	return (
		<Box flexDirection="column" width={width}>
			<Text bold color={theme.text.title}>
				{truncate(t.helpTitle, width)}
			</Text>
			{(pages[shown] ?? []).map((row, i) => (
				<Text key={i} wrap="truncate">
					{row}
				</Text>
			))}
			<Text wrap="truncate" dimColor={theme.text.dim}>
				{truncate(footer, width)}
			</Text>
		</Box>
	);
}
