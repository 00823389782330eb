import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {fit, fitRight, formatDuration, truncate, withOptionalTag} from '../src/dashboard/format.js';
import {phaseColor, phaseLabel} from './phase.js';
import type {AgendaData} from '../src/dashboard/snapshot.js';

/** Props of the full agenda view. */
export interface AgendaViewProps {
	agenda: AgendaData;
	width: number;
	lines: number;
}

/** Every item: planned against actual run time, and its state. */
export function AgendaView({agenda, width, lines}: AgendaViewProps) {
	const {t, theme} = useUi();
	const timeWidth = 8;
	const stateWidth = 13;
	const titleWidth = Math.max(8, width - 4 - 2 * (timeWidth + 1) - stateWidth - 1);
	const rows = agenda.items.slice(0, Math.max(1, lines - 2));
	return (
		<Box flexDirection="column" width={width}>
			<Text bold color={theme.text.title} wrap="truncate">
				{truncate(t.agendaTitle, width)}
			</Text>
			<Text dimColor={theme.text.dim} wrap="truncate">
				{truncate(
					`    ${fit('', titleWidth)} ${fitRight(t.plannedCol, timeWidth)} ${fitRight(t.actualCol, timeWidth)} ${fit('', stateWidth)}`,
					width,
				)}
			</Text>
			{rows.map((item, i) => {
				const current = agenda.currentIndex === i;
				const actual = item.phase === 'pending' || item.phase === 'skipped' ? '—' : formatDuration(item.elapsedMs);
				const title = withOptionalTag(item.title, item.optional, t.optional);
				return (
					<Text key={item.id} wrap="truncate" bold={current}>
						{current ? '▶' : ' '}
						{fitRight(String(i + 1), 2)} {fit(title, titleWidth)} {fitRight(formatDuration(item.plannedMs), timeWidth)}{' '}
						{fitRight(actual, timeWidth)} <Text color={phaseColor(item.phase, theme)}>{fit(phaseLabel(item.phase, t), stateWidth)}</Text>
					</Text>
				);
			})}
		</Box>
	);
}
