import type React from 'react';
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

/** The first of `variants` that fits `width`, else the last one cut. */
const firstFit = (variants: string[], width: number) => variants.find(text => widthOf(text) <= width) ?? truncate(variants.at(-1)!, width);

/** One line of the projector: text centred unless `raw`, its style. */
interface Line {
	text: string;
	raw?: boolean;
	color?: string | undefined;
	bold?: boolean;
	dim?: boolean;
}

/**
 * Lines by how much the room needs them, most first: who speaks and their time, then the item's
 * time, the item, the clock, who is next, the session, the next item. A small screen keeps the
 * first ones and drops the rest whole; nothing is ever drawn over another line.
 */
type Slot = 'head' | 'item' | 'digits' | 'status' | 'speakerDigits' | 'speaker' | 'nextSpeaker' | 'nextItem' | 'session';
const PRIORITY: Slot[] = ['speaker', 'status', 'item', 'head', 'nextSpeaker', 'session', 'digits', 'nextItem', 'speakerDigits'];
const ORDER: Slot[] = ['head', 'item', 'digits', 'status', 'speakerDigits', 'speaker', 'nextSpeaker', 'nextItem', 'session'];
/** A blank line above these when there is room. */
const GAP_BEFORE = new Set<Slot>(['item', 'digits', 'speakerDigits', 'speaker', 'nextItem']);

/** The projector view. Render only. */
export function ProjectorView({title, wallNow, utcOffsetMinutes, agenda, width, height}: ProjectorViewProps) {
	const {t, theme} = useUi();
	const ended = agenda.ended;
	const index = agenda.currentIndex;
	const item = index === null || ended ? undefined : agenda.items[index];
	const clock = formatClock(wallNow, utcOffsetMinutes, false);
	const head = `${truncate(title, Math.max(1, width - widthOf(clock) - 2))}`;
	const session = agenda.sessionElapsedMs === null ? t.notStarted : formatDuration(agenda.sessionElapsedMs);
	const endClock = agenda.endedAt == null ? null : formatClock(agenda.endedAt, utcOffsetMinutes, false);
	const planned = formatClock(agenda.plannedEnd, utcOffsetMinutes, false);
	const sessionLine = ended
		? firstFit([`${t.session} ${session} · ${t.planned} ${planned}`, `${session} · ${planned}`], width)
		: firstFit(
				[
					`${t.session} ${session} · ${t.planned} ${planned} · ${t.projected} ${formatClock(agenda.projectedEnd, utcOffsetMinutes, false)} (${formatDelta(agenda.deltaMs, t.spanUnits)})`,
					`${session} · ${t.planned} ${planned} · ${t.projected} ${formatClock(agenda.projectedEnd, utcOffsetMinutes, false)} (${formatDelta(agenda.deltaMs, t.spanUnits)})`,
					`${session} · ${planned} → ${formatClock(agenda.projectedEnd, utcOffsetMinutes, false)} (${formatDelta(agenda.deltaMs, t.spanUnits)})`,
				],
				width,
			);
	const speaker = ended ? null : agenda.speaker;
	const nextSpeaker = ended ? null : (agenda.queue[0]?.name ?? null);
	const nextItem = item ? agenda.items.slice(index! + 1).find(entry => entry.phase !== 'skipped' && entry.phase !== 'ended') : undefined;

	// After the end nothing counts: the end time stands where the item's time stood.
	const digits = ended
		? (endClock ?? '')
		: item
			? item.phase === 'pending'
				? formatDuration(item.plannedMs)
				: remainingText(item.remainingMs)
			: '';
	const speakerRemaining = speaker ? remainingText(speaker.budgetMs - speaker.elapsedMs) : null;
	const phase: Phase = item?.phase ?? 'pending';
	const color = item && item.phase !== 'pending' ? phaseColor(phase, theme) : undefined;

	const position = item ? `${t.item} ${index! + 1}/${agenda.items.length}: ` : '';
	const status = ended
		? endClock
			? t.meetingEndedAt(endClock)
			: t.ended
		: !item
			? t.noItem
			: item.phase === 'pending'
				? `${t.pending} · ${formatDuration(item.plannedMs)}`
				: item.phase === 'overrun'
					? `${phaseMark(phase)} ${t.overrun} +${formatDuration(-item.remainingMs)} · ${formatDuration(item.elapsedMs)} / ${formatDuration(item.plannedMs)}`
					: `${phaseMark(phase)} ${item.phase === 'warning' ? t.warning : item.phase === 'paused' ? t.paused : t.running} · ${t.remaining} ${formatDuration(countdownMs(item.remainingMs))} · ${formatDuration(item.elapsedMs)} / ${formatDuration(item.plannedMs)}`;
	// The speaker's name gives way before their time: a long name is cut, the figures stay.
	const speakerLine = speaker
		? (() => {
				const figures = `  ${phaseMark(speaker.phase)} ${speakerRemaining}`;
				const budget = ` (${formatDuration(speaker.elapsedMs)} / ${formatDuration(speaker.budgetMs)})`;
				for (const [label, tail] of [
					[`${t.speaker}: `, figures + budget],
					[`${t.speaker}: `, figures],
					['', figures],
				] as const) {
					const room = width - widthOf(label) - widthOf(tail);
					if (room >= Math.min(12, widthOf(speaker.name))) return `${label}${truncate(speaker.name, room)}${tail}`;
				}
				return truncate(`${speaker.name}${figures}`, width);
			})()
		: item?.hasSpeakers
			? `${t.speaker}: ${t.nobodySpeaking}`
			: '';
	const speakerColor = speaker ? phaseColor(speaker.phase, theme) : undefined;
	const warnColor = item?.phase === 'overrun' || item?.phase === 'warning' ? color : undefined;

	const single: Partial<Record<Slot, Line>> = {
		head: {text: head},
		item: item ? {text: `${position}${item.title}`, bold: true} : ended ? {text: t.ended, bold: true} : undefined,
		status: {text: status, color: warnColor, bold: item?.phase === 'overrun' || ended},
		speaker: speakerLine
			? {text: speakerLine, bold: true, color: speaker?.phase === 'overrun' || speaker?.phase === 'warning' ? speakerColor : undefined}
			: undefined,
		nextSpeaker: nextSpeaker ? {text: `${t.nextSpeaker}: ${nextSpeaker}`} : undefined,
		nextItem: nextItem
			? {text: `${t.next}: ${nextItem.title} — ${Math.round(nextItem.plannedMs / 60_000)}${t.spanUnits.minute}`, dim: true}
			: undefined,
		session: {text: sessionLine},
	};
	if (ended) delete single.item;

	// Choose by priority: single lines take one row each; the big digits take what is left.
	const chosen = new Set<Slot>();
	let left = height;
	let scale = 0;
	let speakerScale = 0;
	for (const slot of PRIORITY) {
		if (slot === 'digits') {
			if (!digits) continue;
			// Leave room for the speaker's own digits when the screen is tall enough for both.
			const forSpeaker = speakerRemaining !== null && left - 1 >= 3 * BIG_ROWS + 2 ? BIG_ROWS + 1 : 0;
			// The next item keeps its line if the digits still fit beside it; else the digits win.
			let rows = left - 1 - forSpeaker - (single.nextItem ? 1 : 0);
			if (rows < BIG_ROWS) rows = left - 1 - forSpeaker;
			if (rows < BIG_ROWS) continue;
			scale = bigScale(digits, width - 2, rows);
			if (bigWidth(digits, scale) > width) continue;
			left -= scale * BIG_ROWS + 1;
			chosen.add(slot);
		} else if (slot === 'speakerDigits') {
			if (!speakerRemaining || scale === 0 || left < BIG_ROWS + 1 || height < 3 * BIG_ROWS + 12) continue;
			speakerScale = 1;
			left -= BIG_ROWS + 1;
			chosen.add(slot);
		} else if (single[slot] && left > 0) {
			chosen.add(slot);
			left -= 1;
		}
	}
	// Spare rows become blank lines, above the slots that read better apart, top first.
	const gaps = new Set<Slot>();
	for (const slot of ORDER) {
		if (left <= 0) break;
		if (chosen.has(slot) && GAP_BEFORE.has(slot) && slot !== 'digits' && slot !== 'speakerDigits') {
			gaps.add(slot);
			left -= 1;
		}
	}
	const rows: React.ReactNode[] = [];
	const line = (key: string, entry: Line) => (
		<Text key={key} wrap="truncate" color={entry.color} bold={entry.bold} dimColor={entry.dim ? theme.text.dim : false}>
			{entry.raw ? entry.text : center(entry.text, width)}
		</Text>
	);
	for (const slot of ORDER) {
		if (!chosen.has(slot)) continue;
		if (gaps.has(slot)) rows.push(<Text key={`gap-${slot}`}> </Text>);
		if (slot === 'head') {
			rows.push(
				<Text key="head" wrap="truncate">
					<Text bold color={theme.text.title}>
						{head}
					</Text>
					{' '.repeat(Math.max(1, width - widthOf(head) - widthOf(clock)))}
					<Text bold>{clock}</Text>
				</Text>,
			);
		} else if (slot === 'digits') {
			const pad = ' '.repeat(Math.max(0, Math.floor((width - bigWidth(digits, scale)) / 2)));
			bigText(digits, scale).forEach((text, i) =>
				rows.push(line(`d${i}`, {text: pad + text, raw: true, color: ended ? undefined : color, bold: true})),
			);
			rows.push(<Text key="d-gap"> </Text>);
		} else if (slot === 'speakerDigits') {
			const pad = ' '.repeat(Math.max(0, Math.floor((width - bigWidth(speakerRemaining!, speakerScale)) / 2)));
			bigText(speakerRemaining!, speakerScale).forEach((text, i) =>
				rows.push(line(`s${i}`, {text: pad + text, raw: true, color: speakerColor})),
			);
			rows.push(<Text key="s-gap"> </Text>);
		} else {
			rows.push(line(slot, single[slot]!));
		}
	}
	return (
		<Box flexDirection="column" width={width} height={height}>
			{rows}
		</Box>
	);
}
