import {Text} from 'ink';
import {useUi} from './context.js';
import {truncate} from '../src/dashboard/format.js';

/** The y/n question shown instead of the alert line: quitting while the meeting runs, or ending it. */
export function QuitConfirm({width, question = 'quit'}: {width: number; question?: 'quit' | 'end'}) {
	const {t, theme} = useUi();
	return (
		<Text wrap="truncate" bold color={theme.text.alert} inverse>
			{truncate(question === 'end' ? t.endQuestion : t.quitRunning, width)}
		</Text>
	);
}
