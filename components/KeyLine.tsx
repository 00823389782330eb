import React from 'react';
import {Text} from 'ink';
import {useUi} from './context.js';
import {truncate, widthOf} from './format.js';
import {keymap, type InputMode} from './keymap.js';

/** Props of the key line. */
export interface KeyLineProps {
	mode: InputMode;
	width: number;
}

/** The keys of the current mode, drawn from the keymap table (help has them all). */
export function KeyLine({mode, width}: KeyLineProps) {
	const {t, theme} = useUi();
	if (mode === 'prompt') return <Text wrap="truncate" dimColor={theme.text.dim}>{truncate(t.keysPrompt, width)}</Text>;
	const seen = new Set<string>();
	const parts: string[] = [];
	const always: string[] = []; // help and quit stay visible however narrow the terminal
	for (const binding of keymap) {
		if (!binding.modes.includes(mode)) continue;
		const word = t.short[binding.action];
		// ↑ and ↓ share one entry: "↑↓ select".
		if (binding.action === 'down' || binding.action === 'pageDown') continue;
		const label = binding.action === 'up' ? '↑↓' : binding.action === 'pageUp' ? 'PgUp/Dn' : binding.label;
		if (seen.has(label + word)) continue;
		seen.add(label + word);
		(binding.action === 'help' || binding.action === 'quit' ? always : parts).push(`${label} ${word}`);
	}
	const tail = always.join('  ');
	const room = width - widthOf(tail) - 2;
	const line = room > 8 ? `${truncate(parts.join('  '), room)}  ${tail}` : truncate([...always, ...parts].join('  '), width);
	return (
		<Text wrap="truncate" dimColor={theme.text.dim}>
			{line}
		</Text>
	);
}
