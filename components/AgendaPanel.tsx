import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {countdownMs, formatClock, formatDuration, progressBar, truncate, widthOf, withOptionalTag} from '../src/dashboard/format.js';
import type {AgendaData} from '../src/dashboard/snapshot.js';
import {phaseColor, phaseLabel} from './phase.js';
import {SpeakerPanel} from './SpeakerPanel.js';

/** Props of the agenda panel. */
export interface AgendaPanelProps {
	agenda: AgendaData;
	width: number;
	lines: number;
	/** The meeting's time zone (UTC offset in minutes), for the end time once ended. */
	utcOffsetMinutes?: number;
}

/** The current item with elapsed / planned and its bar, the speaker during a discussion, then the next items. */
export function AgendaPanel({agenda, width, lines, utcOffsetMinutes = 0}: AgendaPanelProps) {
	const {t, theme} = useUi();
	const index = agenda.currentIndex;
	const item = index === null ? undefined : agenda.items[index];
	if (!item) {
		return (
			<Box flexDirection="column" width={width} height={lines}>
				<Text wrap="truncate">{truncate(t.noItem, width)}</Text>
			</Box>
		);
	}
	const position = `${t.item} ${index! + 1}/${agenda.items.length}: `;
	const state = ` [${phaseLabel(item.phase, t)}]`;
	const title = truncate(item.title, Math.max(4, width - widthOf(position) - widthOf(state)));
	const timer = `${formatDuration(item.elapsedMs)} / ${formatDuration(item.plannedMs)}  `;
	const done = item.phase === 'ended' || item.phase === 'skipped';
	const left = done
		? ''
		: item.remainingMs >= 0
			? `-${formatDuration(countdownMs(item.remainingMs))}`
			: `+${formatDuration(-item.remainingMs)}`;
	const barWidth = Math.max(0, width - widthOf(timer) - widthOf(left) - 1);
	const color = phaseColor(item.phase, theme);
	// After the end nothing is next: the line says when it ended instead.
	const next = agenda.ended ? [] : agenda.items.slice(index! + 1).filter(entry => entry.phase !== 'skipped' && entry.phase !== 'ended');
	const speakerLines = item.hasSpeakers ? Math.min(2, Math.max(1, lines - 3)) : 0;
	const nextLines = Math.max(0, lines - 2 - speakerLines);
	const nextRows: string[] = [];
	if (agenda.ended && agenda.endedAt != null && nextLines > 0) {
		nextRows.push(truncate(t.meetingEndedAt(formatClock(agenda.endedAt, utcOffsetMinutes, false)), width));
	} else if (nextLines === 1 && next.length > 0) {
		nextRows.push(
			truncate(
				`${t.next}: ${next.map(entry => `${entry.title} (${Math.round(entry.plannedMs / 60_000)}${t.spanUnits.minute})`).join(' · ')}`,
				width,
			),
		);
	} else {
		for (const entry of next.slice(0, nextLines)) {
			nextRows.push(
				truncate(
					`${t.next}: ${withOptionalTag(entry.title, entry.optional, t.optional)} — ${Math.round(entry.plannedMs / 60_000)}${t.spanUnits.minute}`,
					width,
				),
			);
		}
	}
	return (
		<Box flexDirection="column" width={width} height={lines}>
			<Text wrap="truncate">
				{position}
				<Text bold>{title}</Text>
				<Text color={item.phase === 'overrun' || item.phase === 'warning' ? color : undefined} bold={item.phase === 'overrun'}>
					{state}
				</Text>
			</Text>
			<Text wrap="truncate">
				{timer}
				<Text color={color}>{progressBar(item.elapsedMs / item.plannedMs, barWidth)}</Text>
				{left ? ` ${left}` : ''}
			</Text>
			{speakerLines > 0 ? <SpeakerPanel agenda={agenda} width={width} lines={speakerLines} /> : null}
			{nextRows.map((row, i) => (
				<Text key={i} wrap="truncate" dimColor={theme.text.dim}>
					{row}
				</Text>
			))}
		</Box>
	);
}
