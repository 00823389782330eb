import React from 'react';
import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {fit, truncate} from './format.js';
import {keymap} from './keymap.js';

/** Props of the help view. */
export interface HelpViewProps {
	width: number;
	lines: number;
}

/** Every key of the keymap table with what it does; two columns when the screen is short. */
export function HelpView({width, lines}: HelpViewProps) {
	const {t, theme} = useUi();
	const entries = keymap.map(binding => {
		const keys = binding.keys.map(key => (key === 'space' ? 'space' : key === 'return' ? 'Enter' : key === 'escape' ? 'Esc' : key === 'up' ? '↑' : key === 'down' ? '↓' : key === 'pageup' ? 'PgUp' : key === 'pagedown' ? 'PgDn' : key === 'ctrl+c' ? 'Ctrl-C' : key));
		return {keys: keys.join(' '), text: t.help[binding.action]};
	});
	const body = Math.max(1, lines - 2);
	const columns = entries.length > body ? 2 : 1;
	const perColumn = Math.ceil(entries.length / columns);
	const columnWidth = Math.floor((width - (columns - 1) * 2) / columns);
	const rows: string[] = [];
	for (let row = 0; row < perColumn; row++) {
		const cells: string[] = [];
		for (let column = 0; column < columns; column++) {
			const entry = entries[column * perColumn + row];
			if (!entry) continue;
			cells.push(fit(`${fit(entry.keys, 11)} ${entry.text}`, columnWidth));
		}
		rows.push(cells.join('  '));
	}
	return (
		<Box flexDirection="column" width={width}>
			<Text bold color={theme.text.title}>{truncate(t.helpTitle, width)}</Text>
			{rows.map((row, i) => (
				<Text key={i} wrap="truncate">
					{truncate(row.trimEnd(), width)}
				</Text>
			))}
			<Text wrap="truncate" dimColor={theme.text.dim}>{truncate(t.help.lossNote, width)}</Text>
		</Box>
	);
}
