import React from 'react';
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

const roundToMinute = (ms: number) => Math.round(ms / 60_000) * 60_000;

const countOrder: DisplayGrade[] = ['good', 'fair', 'poor', 'down'];

/** Two lines: the title and wall clock; the session clock, planned/projected end and counts per grade. */
export function Header({title, wallNow, utcOffsetMinutes, agenda, counts, width}: HeaderProps) {
	const {t, theme} = useUi();
	const clock = `${t.wall} ${formatClock(wallNow, utcOffsetMinutes)}`;
	const titleText = fit(title, Math.max(1, width - widthOf(clock) - 1));
	const session = agenda.sessionElapsedMs === null ? t.notStarted : formatDuration(agenda.sessionElapsedMs);
	// Both ends to the nearest minute, and the difference from those two: "15:01 (+2m)" never
	// reads as one minute while meaning two.
	const plannedEnd = roundToMinute(agenda.plannedEnd);
	const projectedEnd = roundToMinute(agenda.projectedEnd);
	const late = projectedEnd - plannedEnd;
	const planned = formatClock(plannedEnd, utcOffsetMinutes, false);
	const projected = formatClock(projectedEnd, utcOffsetMinutes, false);
	const delta = `(${formatDelta(late, t.deltaUnits)})`;
	const countParts = countOrder.map(grade => ({grade, text: `${gradeSymbols[grade]}${counts[grade]}`}));
	if (counts.unknown > 0) countParts.push({grade: 'unknown', text: `${gradeSymbols.unknown}${counts.unknown}`});
	const countsText = countParts.map(part => part.text).join(' ');
	const room = Math.max(0, width - widthOf(countsText) - 1);
	// Narrow screens drop words before figures, so the projected end stays in view at 60 columns.
	const variants = [
		`${t.session} ${session} · ${t.planned} ${planned} · ${t.projected} ${projected} `,
		`${session} · ${t.planned} ${planned} · ${t.projected} ${projected} `,
		`${session} · ${planned} → ${projected} `,
		`${planned} → ${projected} `,
	];
	const timing = variants.find(text => widthOf(text + delta) <= room) ?? variants.at(-1)!;
	const left = truncate(timing + delta, room);
	const deltaShown = left.endsWith(delta);
	const leftText = deltaShown ? left.slice(0, left.length - delta.length) : left;
	const pad = Math.max(1, width - widthOf(left) - widthOf(countsText));
	const deltaColor = late > 60_000 ? theme.text.alert : late < -60_000 ? theme.text.ok : undefined;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold color={theme.text.title}>{titleText}</Text> {clock}
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
