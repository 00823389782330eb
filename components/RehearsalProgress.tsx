import React from 'react';
import {Box, Text} from 'ink';
import {formatKbps} from '../src/model/link/verdict.js';
import type {BandwidthState, RehearsalProgress as Progress, SiteLink} from '../src/dashboard/rehearsal-view.js';
import {fit, fitRight, formatDuration, progressBar, truncate, widthOf} from '../src/dashboard/format.js';
import {formatMillis, formatPercent} from '../src/i18n/numbers.js';
import {wordLinkReason} from '../src/i18n/link-reason-words.js';
import {gradeSymbols, type DisplayGrade, type Theme} from './theme.js';
import {displayGrade, worseFirst} from '../src/model/link/grade.js';
import {rehearsalProgressWords, type RehearsalProgressWords} from '../src/i18n/rehearsal-progress-words.js';

/** Props of the live rehearsal view. */
export interface RehearsalProgressProps {
	/** The session title from the plan. */
	title: string;
	/** The latest moment of the rehearsal. */
	progress: Progress;
	theme: Theme;
	/** Terminal columns. */
	width: number;
	/** Terminal rows: only the sites that fit are drawn, worst first. */
	height: number;
	/** The language (the report's: --lang, else the saved choice, else LANG); default en. */
	lang?: 'vi' | 'en';
}

interface Row {
	id: string;
	grade: DisplayGrade;
	name: string;
	p95: string;
	jitter: string;
	loss: string;
	available: string;
	last: string;
}

/** Sites with their current figures, a bar over the duration, then the bandwidth phase. Render only. */
export function RehearsalProgress({title, progress, theme, width, height, lang = 'en'}: RehearsalProgressProps) {
	const w = rehearsalProgressWords(lang);
	const rows = React.useMemo(() => toRows(progress.sites, progress.bandwidth, w, lang), [progress, w, lang]);
	const counts = {good: 0, fair: 0, poor: 0, down: 0, unknown: 0, measuring: 0};
	for (const row of rows) counts[row.grade]++;
	const fraction = progress.durationMs > 0 ? progress.elapsedMs / progress.durationMs : 1;
	const clock = `${formatDuration(progress.elapsedMs)} / ${formatDuration(progress.durationMs)}`;
	const countText = (['good', 'fair', 'poor', 'down', 'measuring', 'unknown'] as const)
		.filter(grade => (grade !== 'unknown' && grade !== 'measuring') || counts[grade] > 0)
		.map(grade => `${gradeSymbols[grade]}${counts[grade]}`)
		.join(' ');
	const barWidth = Math.max(10, width - clock.length - countText.length - 10);
	const measured = [...progress.bandwidth.values()].filter(state => typeof state !== 'string').length;
	const phase =
		progress.phase === 'probing' ? w.probing : progress.phase === 'bandwidth' ? w.measuring(measured, progress.bandwidth.size) : w.done;
	const nameWidth = Math.max(8, Math.min(28, width - 60));
	const room = Math.max(1, height - 6);
	const shown = rows.length > room ? rows.slice(0, room - 1) : rows;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate">
				<Text bold color={theme.text.title}>
					{truncate(w.title(title), Math.max(10, width - widthOf(phase) - 2))}
				</Text>
				{'  '}
				{phase}
			</Text>
			<Text wrap="truncate">
				<Text color={theme.bar.normal}>{progressBar(fraction, barWidth)}</Text> {fitRight(`${Math.floor(Math.min(1, fraction) * 100)}%`, 4)}{' '}
				{clock}
				{'  '}
				{countText}
			</Text>
			<Text wrap="truncate" dimColor={theme.text.dim}>
				{'  '}
				{fit(w.head.site, nameWidth)} {fitRight(w.head.p95, 7)} {fitRight(w.head.jitter, 7)} {fitRight(w.head.loss, 6)}{' '}
				{fitRight(w.head.available, 6)} {w.head.state}
			</Text>
			{shown.map(row => (
				<Text key={row.id} wrap="truncate">
					<Text color={theme.grade[row.grade]}>{gradeSymbols[row.grade]}</Text> {fit(row.name, nameWidth)} {fitRight(row.p95, 7)}{' '}
					{fitRight(row.jitter, 7)} {fitRight(row.loss, 6)} {fitRight(row.available, 6)} {row.last}
				</Text>
			))}
			{shown.length < rows.length ? <Text dimColor={theme.text.dim}>{w.moreSites(rows.length - shown.length)}</Text> : null}
			<Text dimColor={theme.text.dim} wrap="truncate">
				{w.ctrlC}
			</Text>
		</Box>
	);
}

function toRows(
	sites: readonly SiteLink[],
	bandwidth: ReadonlyMap<string, BandwidthState>,
	w: RehearsalProgressWords,
	lang: 'vi' | 'en',
): Row[] {
	const rows = sites.map((site): Row => {
		const {link} = site;
		const grade = displayGrade(link);
		return {
			id: site.id,
			grade,
			name: site.name,
			p95: formatMillis(link.rttMs?.p95, lang),
			jitter: formatMillis(link.jitterMs, lang),
			loss: formatPercent(link.lossPct, lang),
			available: formatPercent(link.availabilityPct, lang),
			last:
				bandwidthText(bandwidth.get(site.id), w) ?? (link.state === 'down' ? (link.error ? wordLinkReason(link.error, lang) : w.down) : ''),
		};
	});
	// Worst first, plan order within a grade: the sites that need a phone call are on top.
	return rows
		.map((row, i) => ({row, i}))
		.sort((a, b) => worseFirst(a.row.grade, b.row.grade) || a.i - b.i)
		.map(({row}) => row);
}

function bandwidthText(state: BandwidthState | undefined, w: RehearsalProgressWords): string | null {
	if (state === undefined) return null;
	if (state === 'waiting') return w.bandwidthWaiting;
	if (state === 'running') return w.bandwidthRunning;
	if ('error' in state) return w.bandwidthFailed(state.error);
	return `↓ ${formatKbps(state.downKbps)} ↑ ${formatKbps(state.upKbps)}`;
}
