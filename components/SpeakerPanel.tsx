import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {formatDuration, progressBar, truncate, widthOf} from '../src/dashboard/format.js';
import {gradeSymbols} from './theme.js';
import type {AgendaData} from '../src/dashboard/snapshot.js';
import {phaseColor} from './phase.js';

/** Props of the speaker panel. */
export interface SpeakerPanelProps {
	agenda: AgendaData;
	width: number;
	/** Lines available: the first shows the speaker, the rest the queue. */
	lines: number;
}

/** The site on the floor with its own timer against its budget, then the queue. */
export function SpeakerPanel({agenda, width, lines}: SpeakerPanelProps) {
	const {t, theme} = useUi();
	const speaker = agenda.speaker;
	// A queue of 2,000 sites: only the names that can fit are joined.
	const queueNames = agenda.queue.slice(0, Math.ceil(width / 4)).map(entry => entry.name);
	const queueText = `${t.queue} (${agenda.queue.length}): ${queueNames.join(', ')}`;
	if (!speaker) {
		return (
			<Box flexDirection="column" width={width}>
				<Text wrap="truncate">{truncate(`${t.speaker}: ${t.noSpeaker}`, width)}</Text>
				{lines > 1 ? (
					<Text wrap="truncate" dimColor={theme.text.dim}>
						{truncate(queueText, width)}
					</Text>
				) : null}
			</Box>
		);
	}
	const timer = ` ${formatDuration(speaker.elapsedMs)}/${formatDuration(speaker.budgetMs)}`;
	const label = `${t.speaker}: `;
	const barWidth = Math.max(0, Math.min(20, Math.floor(width / 6)));
	const nameRoom = Math.max(4, width - widthOf(label) - 2 - widthOf(timer) - barWidth - 1);
	const name = truncate(speaker.name, nameRoom);
	const color = phaseColor(speaker.phase, theme);
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				{label}
				<Text color={theme.grade[speaker.grade]}>{gradeSymbols[speaker.grade]}</Text> <Text bold>{name}</Text>
				<Text color={color}>
					{timer} {progressBar(speaker.elapsedMs / speaker.budgetMs, barWidth)}
				</Text>
				{speaker.phase === 'overrun' ? (
					<Text color={theme.text.alert} bold>
						{' '}
						{t.overrun}
					</Text>
				) : null}
			</Text>
			{lines > 1 ? (
				<Text wrap="truncate" dimColor={theme.text.dim}>
					{truncate(queueText, width)}
				</Text>
			) : null}
		</Box>
	);
}
