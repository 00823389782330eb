import React from 'react';
import {Text} from 'ink';
import {useUi} from './context.js';
import {truncate} from './format.js';
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
	for (const binding of keymap) {
		if (!binding.modes.includes(mode)) continue;
		const word = t.short[binding.action];
		// ↑ and ↓ share one entry: "↑↓ select".
		if (binding.action === 'down' || binding.action === 'pageDown') continue;
		const label = binding.action === 'up' ? '↑↓' : binding.action === 'pageUp' ? 'PgUp/Dn' : binding.label;
		if (seen.has(label + word)) continue;
		seen.add(label + word);
		parts.push(`${label} ${word}`);
	}
	return (
		<Text wrap="truncate" dimColor={theme.text.dim}>
			{truncate(parts.join('  '), width)}
		</Text>
	);
}
