import React from 'react';
import {Text} from 'ink';
import {useUi} from './context.js';
import {truncate} from './format.js';

/** The y/n question shown instead of the alert line when quitting while the meeting runs. */
export function QuitConfirm({width}: {width: number}) {
	const {t, theme} = useUi();
	return (
		<Text wrap="truncate" bold color={theme.text.alert} inverse>
			{truncate(t.quitRunning, width)}
		</Text>
	);
}
