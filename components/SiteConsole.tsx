import type React from 'react';
import {useRef, useState} from 'react';
import {agentWords} from '../src/i18n/agent-words.js';
import {Box, Text, useInput} from 'ink';
import {unitNounVi} from '../src/model/admin-unit.js';
import type {ConsoleIntent, ConsoleRollRow, ConsoleView} from '../src/model/meeting/site-console.js';
import {consoleActionFor, consoleKeymap} from '../src/dashboard/console-keymap.js';
import {initialConsoleViewState, reduceConsoleView, type ConsoleViewAction} from '../src/dashboard/console-view-state.js';
import {useUi} from './context.js';
import {
	countdownMs,
	fit,
	formatAgo,
	formatDuration,
	progressBar,
	promptLine,
	truncate,
	widestOf,
	widthOf,
} from '../src/dashboard/format.js';
import {formatMillis, formatPercent} from '../src/i18n/numbers.js';
import {keyNames} from '../src/dashboard/keymap.js';
import {phaseColor, phaseLabel} from './phase.js';
import {gradeSymbols, type Theme} from './theme.js';
import type {Strings} from '../src/i18n/strings.js';

/** Props of the site console. */
export interface SiteConsoleProps {
	/** What to show (src/model/meeting/site-console.ts computes it at each frame's `now`). */
	view: ConsoleView;
	width: number;
	height: number;
	/** Called with each mark of the site's own roster, and with quit. */
	onIntent: (intent: ConsoleIntent) => void;
	/** Whether the keyboard drives this screen (default true). */
	isActive?: boolean;
}

/** Lines above the roster (title … roll-call header) and below it (notice, keys). */
const HEAD = 11;
const FOOT = 2;
const statusSymbol = {present: '✔', late: '◷', absent: '✖'} as const;

function statusColor(status: ConsoleRollRow['status'], theme: Theme): string | undefined {
	if (status === 'present') return theme.grade.good;
	if (status === 'late') return theme.grade.fair;
	if (status === 'absent') return theme.grade.down;
	return undefined;
}

function heard(ms: number | null, t: Strings): string {
	if (ms === null) return t.console.neverHeard;
	return ms < 1000 ? t.console.heardNow : t.console.heard(formatAgo(ms, t.justNow, t.deltaUnits));
}

function rollStatus(row: ConsoleRollRow, t: Strings): string {
	if (row.pending) return `… ${t[row.pending]} (${t.console.sending})`;
	if (row.status === null) return t.unmarked;
	const reason = row.reason ? ` (${row.reason})` : '';
	const by = row.by === 'hub' ? ` · ${t.console.byHub}` : '';
	return `${statusSymbol[row.status]} ${t[row.status]}${reason}${by}`;
}

function keyLine(t: Strings): string {
	const seen = new Set<string>();
	const parts: string[] = [];
	for (const binding of consoleKeymap) {
		const word = t.short[binding.action];
		if (seen.has(binding.label)) continue;
		seen.add(binding.label);
		parts.push(`${binding.label} ${word}`);
	}
	return parts.join('  ');
}

/** The commune's own screen: its link as the hub sees it, the item, its turn to speak, its roll call. */
export function SiteConsole({view, width, height, onIntent, isActive = true}: SiteConsoleProps) {
	const {lang, t, theme} = useUi();
	const [ui, setUi] = useState(initialConsoleViewState);
	// Keys typed fast arrive together, and a key may arrive before the re-render of the last one:
	// the handler works on the latest state through refs, never on a stale closure.
	const uiRef = useRef(ui);
	const viewRef = useRef(view);
	viewRef.current = view;
	const rows = Math.max(1, height - HEAD - FOOT);
	const count = view.roll.length;
	const clampSelected = (selected: number, total: number) => Math.min(selected, Math.max(0, total - 1));
	const selected = clampSelected(ui.selected, count);
	const from = Math.max(0, Math.min(ui.from, selected, Math.max(0, count - rows)));
	const start = selected >= from + rows ? selected - rows + 1 : from;

	useInput(
		(input, key) => {
			let state = uiRef.current;
			const apply = (action: ConsoleViewAction) => {
				state = reduceConsoleView(state, action);
			};
			const roll = viewRef.current.roll;
			for (const name of keyNames(input, key)) {
				const row = roll[clampSelected(state.selected, roll.length)];
				if (state.prompt !== null) {
					if (name === 'return') {
						if (row) onIntent({type: 'checkin', role: row.role, status: 'absent', reason: state.prompt});
						apply({type: 'close-prompt'});
						if (row) apply({type: 'move', delta: 1, count: roll.length, rows});
					} else if (name === 'escape') apply({type: 'close-prompt'});
					else if (name === 'backspace') apply({type: 'backspace'});
					else if (name === 'space') apply({type: 'type', text: ' '});
					else if ([...name].length === 1) apply({type: 'type', text: name});
					continue;
				}
				const action = consoleActionFor(name);
				switch (action) {
					case 'markPresent':
					case 'markLate':
						// As on the hub's roll call, a mark moves the cursor down: a roll call is space, space, …
						if (row) onIntent({type: 'checkin', role: row.role, status: action === 'markPresent' ? 'present' : 'late'});
						if (row) apply({type: 'move', delta: 1, count: roll.length, rows});
						break;
					case 'markAbsent':
						if (row) apply({type: 'open-prompt'});
						break;
					case 'up':
					case 'down':
					case 'pageUp':
					case 'pageDown': {
						const step = action === 'up' ? -1 : action === 'down' ? 1 : action === 'pageUp' ? -rows : rows;
						apply({type: 'move', delta: step, count: roll.length, rows});
						break;
					}
					case 'quit':
						onIntent({type: 'quit'});
						break;
					default:
						break;
				}
			}
			if (state !== uiRef.current) {
				uiRef.current = state;
				setUi(state);
			}
		},
		{isActive},
	);

	const c = t.console;
	const connection = view.connection;
	const connSymbol =
		connection.state === 'connected' ? gradeSymbols.good : connection.state === 'lost' ? gradeSymbols.down : gradeSymbols.unknown;
	const connColor =
		connection.state === 'connected' ? theme.grade.good : connection.state === 'lost' ? theme.grade.down : theme.grade.unknown;
	const connText = `${c[connection.state]}${connection.hub ? ` (${connection.hub})` : ''}`;
	const stale = view.stale && view.stateAgeMs !== null ? `  ${c.stale(formatAgo(view.stateAgeMs, t.justNow, t.deltaUnits))}` : '';

	const link = view.link;
	const figures = link
		? [
				`RTT ${formatMillis(link.rttMs, lang)}`,
				link.udp === 'blocked'
					? c.udpBlocked
					: link.lossUpPct !== null || link.lossDownPct !== null
						? `${c.loss} ↑${formatPercent(link.lossUpPct, lang)} ↓${formatPercent(link.lossDownPct, lang)}`
						: null,
				link.udp !== 'ok' ? `${c.probeLoss} ${formatPercent(link.probeLossPct, lang)}` : null,
				heard(link.lastHeardMs, t),
			]
				.filter(Boolean)
				.join(' · ')
		: c.noState;

	const item = view.item;
	const itemLine =
		view.stateAgeMs === null
			? ' '
			: !view.session.started
				? c.notStarted
				: view.session.ended
					? c.ended
					: item
						? `${t.item} ${item.index + 1}/${item.count}: ${item.title}`
						: c.noState;
	const itemPhase = item && view.session.started && !view.session.ended ? item : null;
	const barWidth = Math.max(0, Math.min(30, width - 36));
	const timer = itemPhase ? `${formatDuration(itemPhase.elapsedMs)} / ${formatDuration(itemPhase.plannedMs)} ` : '';
	const left = itemPhase
		? itemPhase.remainingMs >= 0
			? c.left(formatDuration(countdownMs(itemPhase.remainingMs)))
			: c.over(formatDuration(-itemPhase.remainingMs))
		: '';

	const turn = view.turn;
	let turnLines: React.ReactNode[];
	if (turn.kind === 'speaking') {
		const figure = turn.over ? c.over(formatDuration(-turn.remainingMs)) : c.left(formatDuration(countdownMs(turn.remainingMs)));
		const color = turn.over ? theme.bar.overrun : turn.paused ? theme.bar.paused : turn.warning ? theme.bar.warning : theme.bar.normal;
		turnLines = [
			<Text key="a" bold inverse color={theme.text.accent} wrap="truncate">
				{truncate(` ▶ ${c.yourTurn} `, width)}
			</Text>,
			<Text key="b" wrap="truncate" bold={turn.over} color={color}>
				{truncate(
					`${figure} · ${formatDuration(turn.elapsedMs)} / ${formatDuration(turn.budgetMs)} ${progressBar(turn.elapsedMs / turn.budgetMs, barWidth)}${turn.over ? `  ${t.overrun}` : turn.paused ? `  ${t.paused}` : ''}`,
					width,
				)}
			</Text>,
		];
	} else if (turn.kind === 'queued') {
		turnLines = [
			<Text key="a" bold color={theme.text.accent} wrap="truncate">
				{truncate(turn.ahead === 0 ? c.speaksNext : c.speaksAfter(turn.ahead), width)}
			</Text>,
			<Text key="b" wrap="truncate" dimColor={theme.text.dim}>
				{truncate(turn.speakerName ? c.onTheFloor(turn.speakerName) : ' ', width)}
			</Text>,
		];
	} else {
		turnLines = [
			<Text key="a" wrap="truncate" dimColor={theme.text.dim}>
				{truncate(turn.kind === 'not-queued' ? (turn.spoke ? c.spoke : c.notQueued) : ' ', width)}
			</Text>,
			<Text key="b" wrap="truncate" dimColor={theme.text.dim}>
				{truncate(turn.kind === 'not-queued' && turn.speakerName ? c.onTheFloor(turn.speakerName) : ' ', width)}
			</Text>,
		];
	}

	const marked = view.counts.present + view.counts.late;
	const visible = view.roll.slice(start, start + rows);
	const nameWidth = Math.max(8, Math.min(widestOf(view.roll.map(row => row.name)), width - 24));
	const refusal = view.refusal
		? view.refusal.by === 'hub'
			? c.hubRefused(view.refusal.reason, view.refusal.refusal)
			: c.refused[view.refusal.code]
		: null;
	const more = count > start + rows ? `  ${t.morePeople(count - start - rows)}` : ' ';

	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold color={theme.text.title} wrap="truncate">
				{truncate(view.title ? `${view.siteName} · ${view.title}` : view.siteName, width)}
			</Text>
			<Text wrap="truncate">
				{`${c.connection}: `}
				<Text color={connColor}>{connSymbol}</Text>
				{truncate(` ${connText}`, Math.max(0, width - widthOf(c.connection) - 4 - widthOf(stale)))}
				<Text color={theme.text.alert}>{stale}</Text>
			</Text>
			<Text wrap="truncate">
				{`${c.link(unitNounVi(view.siteName))}: `}
				<Text
					color={theme.grade[link?.grade ?? 'unknown']}
				>{`${gradeSymbols[link?.grade ?? 'unknown']} ${link ? (link.grade === 'unknown' ? t.unknown : t[link.grade]) : t.unknown}`}</Text>
			</Text>
			<Text wrap="truncate">{truncate(`  ${figures}`, width)}</Text>
			<Text> </Text>
			<Text bold wrap="truncate">
				{truncate(itemLine, Math.max(0, width - (itemPhase ? widthOf(phaseLabel(itemPhase.phase, t)) + 3 : 0)))}
				{itemPhase ? <Text color={phaseColor(itemPhase.phase, theme)}>{` [${phaseLabel(itemPhase.phase, t)}]`}</Text> : null}
			</Text>
			<Text wrap="truncate" color={itemPhase ? phaseColor(itemPhase.phase, theme) : undefined}>
				{itemPhase
					? truncate(`${timer}${progressBar(itemPhase.elapsedMs / Math.max(1, itemPhase.plannedMs), barWidth)} ${left}`, width)
					: ' '}
			</Text>
			{turnLines}
			<Text> </Text>
			<Text bold color={theme.text.title} wrap="truncate">
				{truncate(count > 0 ? c.rollTitle(marked, count) : c.noRoster, width)}
			</Text>
			{visible.map((row, i) => {
				const isSelected = start + i === selected;
				const status = rollStatus(row, t);
				return (
					<Text key={row.role} wrap="truncate" inverse={isSelected && isActive}>
						{isSelected ? '›' : ' '}
						{fit(row.name, nameWidth)}{' '}
						<Text color={row.pending ? theme.text.accent : statusColor(row.status, theme)}>
							{truncate(status, Math.max(4, width - nameWidth - 2))}
						</Text>
					</Text>
				);
			})}
			{Array.from({length: rows - visible.length}, (_, i) => (
				<Text key={`pad${i}`}> </Text>
			))}
			<Text
				wrap="truncate"
				color={ui.prompt !== null ? theme.text.accent : refusal ? theme.text.alert : undefined}
				dimColor={ui.prompt === null && !refusal ? theme.text.dim : false}
			>
				{ui.prompt !== null
					? promptLine(t.reasonPrompt, ui.prompt, width)
					: refusal
						? truncate(`⚠ ${refusal}`, width)
						: view.notice
							? truncate(`${c.agentSays}: ${typeof view.notice === 'string' ? view.notice : agentWords.word(view.notice, lang)}`, width)
							: more}
			</Text>
			<Text wrap="truncate" dimColor={theme.text.dim}>
				{truncate(ui.prompt !== null ? t.keysPrompt : keyLine(t), width)}
			</Text>
		</Box>
	);
}
