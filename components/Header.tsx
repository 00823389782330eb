import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {fit, formatClock, formatDelta, formatDuration, truncate, widthOf} from '../src/dashboard/format.js';
import {gradeSymbols, type DisplayGrade} from './theme.js';
import type {AgendaData} from '../src/dashboard/snapshot.js';

/** Props of the header. */
export interface HeaderProps {
	title: string;
	wallNow: number;
	utcOffsetMinutes: number;
	agenda: AgendaData;
	counts: Record<DisplayGrade, number>;
	width: number;
}

const countOrder: DisplayGrade[] = ['good', 'fair', 'poor', 'down'];

/** Two lines: the title and wall clock; the session clock, planned/projected end and counts per grade. */
export function Header({title, wallNow, utcOffsetMinutes, agenda, counts, width}: HeaderProps) {
	const {t, theme} = useUi();
	const clock = `${t.wall} ${formatClock(wallNow, utcOffsetMinutes)}`;
	const titleText = fit(title, Math.max(1, width - widthOf(clock) - 1));
	const session = agenda.sessionElapsedMs === null ? t.notStarted : formatDuration(agenda.sessionElapsedMs);
	// Both ends come rounded to the minute, with the difference of those two (src/model/shown-times.ts).
	const planned = formatClock(agenda.plannedEnd, utcOffsetMinutes, false);
	const projected = formatClock(agenda.projectedEnd, utcOffsetMinutes, false);
	const ended = agenda.ended && agenda.endedAt != null ? formatClock(agenda.endedAt, utcOffsetMinutes, false) : null;
	const late = ended === null ? agenda.deltaMs : 0;
	const delta = ended === null ? `(${formatDelta(late, t.spanUnits)})` : '';
	const countParts = countOrder.map(grade => ({grade, text: `${gradeSymbols[grade]}${counts[grade]}`}));
	if (counts.measuring > 0) countParts.push({grade: 'measuring', text: `${gradeSymbols.measuring}${counts.measuring}`});
	if (counts.unknown > 0) countParts.push({grade: 'unknown', text: `${gradeSymbols.unknown}${counts.unknown}`});
	const countsText = countParts.map(part => part.text).join(' ');
	const room = Math.max(0, width - widthOf(countsText) - 1);
	// Narrow screens drop words before figures, so the projected end stays in view at 60 columns.
	// After the end nothing is projected: the end time, and what was planned.
	const variants =
		ended === null
			? [
					`${t.session} ${session} · ${t.planned} ${planned} · ${t.projected} ${projected} `,
					`${session} · ${t.planned} ${planned} · ${t.projected} ${projected} `,
					`${session} · ${planned} → ${projected} `,
					`${planned} → ${projected} `,
				]
			: [
					`${t.session} ${session} · ${t.endedClock(ended)} · ${t.planned} ${planned} `,
					`${session} · ${t.endedClock(ended)} `,
					`${t.endedClock(ended)} `,
				];
	const timing = variants.find(text => widthOf(text + delta) <= room) ?? variants.at(-1)!;
	const left = truncate(timing + delta, room);
	const deltaShown = delta !== '' && left.endsWith(delta);
	const leftText = deltaShown ? left.slice(0, left.length - delta.length) : left;
	const pad = Math.max(1, width - widthOf(left) - widthOf(countsText));
	const deltaColor = late > 60_000 ? theme.text.alert : late < -60_000 ? theme.text.ok : undefined;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold color={theme.text.title}>
					{titleText}
				</Text>{' '}
				{clock}
			</Text>
			<Text wrap="truncate">
				{leftText}
				{deltaShown ? <Text color={deltaColor}>{delta}</Text> : null}
				{' '.repeat(pad)}
				{countParts.map((part, i) => (
					<Text key={part.grade} color={theme.grade[part.grade]}>
						{i > 0 ? ' ' : ''}
						{part.text}
					</Text>
				))}
			</Text>
		</Box>
	);
}
