import React from 'react';
import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {BIG_ROWS, bigScale, bigText, bigWidth} from '../src/dashboard/big-text.js';
import {countdownMs, formatClock, formatDelta, formatDuration, truncate, widthOf} from '../src/dashboard/format.js';
import {phaseColor} from './phase.js';
import type {AgendaData, Phase} from '../src/dashboard/snapshot.js';

// The room's screen (`v`, or `attach --view projector`): the current item and its remaining time
// in large digits, the speaker with their countdown, who speaks next, the next item, and the
// session clock with planned and projected end. No site table: it is for the chair and the
// hall, readable from the back at 80×24 and filling 200×60.

/** Props of the projector view. */
export interface ProjectorViewProps {
	title: string;
	wallNow: number;
	utcOffsetMinutes: number;
	agenda: AgendaData;
	width: number;
	/** Lines it may use (the whole screen but the alert and key lines). */
	height: number;
}

/** What a phase shows beside the digits: a symbol as well as a colour (NO_COLOR, colour-blind). */
export function phaseMark(phase: Phase): string {
	if (phase === 'overrun') return '✖';
	if (phase === 'warning') return '▲';
	if (phase === 'paused') return '‖';
	return '●';
}

/** Remaining time as the digits show it: "12:34", past the end "+2:15". */
export function remainingText(remainingMs: number): string {
	return remainingMs >= 0 ? formatDuration(countdownMs(remainingMs)) : `+${formatDuration(-remainingMs)}`;
}

const center = (text: string, width: number) => {
	const cut = truncate(text, width);
	return ' '.repeat(Math.max(0, Math.floor((width - widthOf(cut)) / 2))) + cut;
};

/** The projector view. Render only. */
export function ProjectorView({title, wallNow, utcOffsetMinutes, agenda, width, height}: ProjectorViewProps) {
	const {t, theme} = useUi();
	const index = agenda.currentIndex;
	const item = index === null ? undefined : agenda.items[index];
	const clock = formatClock(wallNow, utcOffsetMinutes, false);
	const head = `${truncate(title, Math.max(1, width - widthOf(clock) - 2))}`;
	const session = agenda.sessionElapsedMs === null ? t.notStarted : formatDuration(agenda.sessionElapsedMs);
	const sessionLine = `${t.session} ${session} · ${t.planned} ${formatClock(agenda.plannedEnd, utcOffsetMinutes, false)} · ${t.projected} ${formatClock(agenda.projectedEnd, utcOffsetMinutes, false)} (${formatDelta(agenda.deltaMs)})`;
	const speaker = agenda.speaker;
	const nextSpeaker = agenda.queue[0]?.name ?? null;
	const nextItem = index === null ? undefined : agenda.items.slice(index + 1).find(entry => entry.phase !== 'skipped' && entry.phase !== 'ended');

	// Lines other than the big digits: head, blank, item, status, blank, speaker, next speaker, blank, next item, session.
	const fixed = 10;
	const digits = item ? (item.phase === 'pending' ? formatDuration(item.plannedMs) : remainingText(item.remainingMs)) : agenda.ended ? '0:00' : '';
	const speakerRemaining = speaker ? remainingText(speaker.budgetMs - speaker.elapsedMs) : null;
	const roomy = height - fixed >= 3 * BIG_ROWS + 2 && speakerRemaining !== null;
	const speakerRows = roomy ? BIG_ROWS + 1 : 0;
	const scale = digits ? bigScale(digits, width - 2, Math.max(BIG_ROWS, height - fixed - speakerRows)) : 1;
	const big = digits ? bigText(digits, scale) : [];
	const pad = ' '.repeat(Math.max(0, Math.floor((width - bigWidth(digits, scale)) / 2)));
	const phase: Phase = item?.phase ?? 'pending';
	const color = item && item.phase !== 'pending' ? phaseColor(phase, theme) : undefined;

	const position = item ? `${t.item} ${index! + 1}/${agenda.items.length}: ` : '';
	const status = !item
		? agenda.ended
			? t.ended
			: t.noItem
		: item.phase === 'pending'
			? `${t.pending} · ${formatDuration(item.plannedMs)}`
			: item.phase === 'overrun'
				? `${phaseMark(phase)} ${t.overrun} +${formatDuration(-item.remainingMs)} · ${formatDuration(item.elapsedMs)} / ${formatDuration(item.plannedMs)}`
				: `${phaseMark(phase)} ${item.phase === 'warning' ? t.warning : item.phase === 'paused' ? t.paused : t.running} · ${t.remaining} ${formatDuration(countdownMs(item.remainingMs))} · ${formatDuration(item.elapsedMs)} / ${formatDuration(item.plannedMs)}`;
	const speakerLine = speaker
		? `${t.speaker}: ${speaker.name}  ${phaseMark(speaker.phase)} ${speakerRemaining} (${formatDuration(speaker.elapsedMs)} / ${formatDuration(speaker.budgetMs)})`
		: item?.hasSpeakers
			? `${t.speaker}: ${t.noSpeaker}`
			: '';
	const speakerColor = speaker ? phaseColor(speaker.phase, theme) : undefined;
	const speakerBig = roomy && speakerRemaining ? bigText(speakerRemaining, 1) : [];
	const speakerPad = ' '.repeat(Math.max(0, Math.floor((width - bigWidth(speakerRemaining ?? '', 1)) / 2)));
	const used = fixed + big.length + speakerRows;
	const spare = Math.max(0, height - used);
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text wrap="truncate">
				<Text bold color={theme.text.title}>{head}</Text>
				{' '.repeat(Math.max(1, width - widthOf(head) - widthOf(clock)))}
				<Text bold>{clock}</Text>
			</Text>
			{spare > 1 ? <Text> </Text> : null}
			<Text wrap="truncate" bold>
				{center(`${position}${item?.title ?? ''}`, width)}
			</Text>
			<Text> </Text>
			{big.map((line, i) => (
				<Text key={i} wrap="truncate" color={color} bold>
					{pad}
					{line}
				</Text>
			))}
			<Text wrap="truncate" color={item?.phase === 'overrun' || item?.phase === 'warning' ? color : undefined} bold={item?.phase === 'overrun'}>
				{center(status, width)}
			</Text>
			<Text> </Text>
			{speakerBig.map((line, i) => (
				<Text key={`s${i}`} wrap="truncate" color={speakerColor}>
					{speakerPad}
					{line}
				</Text>
			))}
			{speakerBig.length > 0 ? <Text> </Text> : null}
			<Text wrap="truncate" bold color={speaker?.phase === 'overrun' || speaker?.phase === 'warning' ? speakerColor : undefined}>
				{center(speakerLine, width)}
			</Text>
			<Text wrap="truncate">{center(nextSpeaker ? `${t.nextSpeaker}: ${nextSpeaker}` : '', width)}</Text>
			<Text> </Text>
			<Text wrap="truncate" dimColor={theme.text.dim}>
				{center(nextItem ? `${t.next}: ${nextItem.title} — ${Math.round(nextItem.plannedMs / 60_000)}${t.deltaUnits.minute}` : '', width)}
			</Text>
			<Box flexGrow={1} />
			<Text wrap="truncate">{center(sessionLine, width)}</Text>
		</Box>
	);
}
