import type React from 'react';
import {memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import {Box, Text, useInput} from 'ink';
import {UiContextValue, type UiContext} from './context.js';
import {strings, type Lang} from '../src/i18n/strings.js';
import {themeFor, type Theme} from './theme.js';
import {keyNames} from '../src/dashboard/keymap.js';
import {computeLayout} from '../src/dashboard/layout.js';
import {fitCursor, initialViewState, type SortOrder, type ViewState} from '../src/dashboard/view-state.js';
import {handleKey, inputMode, type Effect} from '../src/dashboard/key-handler.js';
import {Header} from './Header.js';
import {SiteTable, type SiteTableProps} from './SiteTable.js';
import {AgendaPanel} from './AgendaPanel.js';
import {AlertLine} from './AlertLine.js';
import {KeyLine} from './KeyLine.js';
import {QuitConfirm} from './QuitConfirm.js';
import {HelpView, helpLayout} from './HelpView.js';
import {SiteDetail} from './SiteDetail.js';
import {AttendanceView} from './AttendanceView.js';
import {AgendaView} from './AgendaView.js';
import {ProjectorView} from './ProjectorView.js';
import {promptLine, truncate} from '../src/dashboard/format.js';
import type {AgendaData} from '../src/dashboard/snapshot.js';
import type {DashboardSource} from '../src/dashboard/store.js';
import {formatFixed} from '../src/i18n/numbers.js';
import {useTerminalSize} from './use-terminal-size.js';

/** Props of the dashboard. */
export interface AppProps {
	source: DashboardSource;
	/** Runs a side effect of a key: a meeting intent, quitting, remembering the sort or view. */
	onEffect: (effect: Effect) => void;
	lang?: Lang;
	theme?: Theme;
	initialView?: ViewState['view'];
	initialSort?: SortOrder;
	/** Show the hub's own loop delay and probe rate. */
	stats?: boolean;
	/** A viewer's screen: keys that would change the meeting are refused on its alert line. */
	viewer?: boolean;
}

/** The item in focus has begun and no item is left after it: `n` then offers the end, and the key line shows `e`. */
function lastItemInFocus(agenda: AgendaData): boolean {
	if (!agenda.started || agenda.ended || agenda.currentIndex === null) return false;
	const item = agenda.items[agenda.currentIndex];
	return (
		item !== undefined && item.phase !== 'pending' && !agenda.items.slice(agenda.currentIndex + 1).some(next => next.phase === 'pending')
	);
}

/** The dashboard: one screen, one input handler, views chosen by the view state. */
export function App({
	source,
	onEffect,
	lang = 'en',
	theme = themeFor(),
	initialView,
	initialSort,
	stats = false,
	viewer = false,
}: AppProps) {
	const snapshot = useSyncExternalStore(source.subscribe, source.getSnapshot);
	const {columns, rows} = useTerminalSize();
	const [view, setView] = useState<ViewState>(() => initialViewState({view: initialView, sort: initialSort}));
	const viewRef = useRef(view);
	viewRef.current = view;
	const ui = useMemo<UiContext>(() => ({lang, t: strings(lang), theme}), [lang, theme]);
	const layout = useMemo(
		() => computeLayout(columns, rows, {longestName: source.longestName, stats, items: snapshot.agenda.items.length}),
		[columns, rows, source.longestName, stats, snapshot.agenda.items.length],
	);
	const rollLines = Math.max(1, layout.bodyLines - 2);
	useEffect(() => source.setSort(view.sort), [source, view.sort]);

	const helpPageCountRef = useRef(1);
	const snapshotRef = useRef(snapshot);
	snapshotRef.current = snapshot;
	const onInput = useCallback(
		(input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
			const current = snapshotRef.current;
			const {agenda} = current;
			const onLastItem = lastItemInFocus(agenda);
			const context = {
				sites: current.sites,
				roll: current.roll,
				tableRows: layout.tableRows,
				rollRows: rollLines,
				running: current.running,
				viewer,
				onLastItem,
				queue: agenda.queue.map(entry => entry.site),
				helpPages: helpPageCountRef.current,
			};
			let state = viewRef.current;
			const effects: Effect[] = [];
			for (const name of keyNames(input, key)) {
				const step = handleKey(state, name, context);
				state = step.state;
				effects.push(...step.effects);
			}
			if (state !== viewRef.current) {
				viewRef.current = state;
				setView(state);
			}
			for (const effect of effects) onEffect(effect);
		},
		[layout.tableRows, rollLines, onEffect, viewer],
	);
	useInput(onInput);

	// Help takes the header's two lines too: at 100×30 every key then fits one page in both languages.
	const helpLines = layout.bodyLines + 2;
	const helpPagesNow = view.view === 'help' ? helpLayout(ui.t, layout.width, helpLines) : null;
	helpPageCountRef.current = helpPagesNow?.length ?? 1;
	const sitesCursor = fitCursor(view.sites, snapshot.sites.length, layout.tableRows);
	const rollCursor = fitCursor(view.roll, snapshot.roll.length, rollLines);
	const mode = inputMode(view);
	const width = layout.width;
	// The main view's table and agenda stay mounted while another view shows: hidden, and given the
	// props they last had on screen, so they do not render meanwhile. Back on the main view React
	// updates their rows instead of building every row, its Ink node and its Yoga node anew.
	const onMain = view.view === 'main';
	const mainShown = useRef<MainBodyProps | null>(null);
	if (onMain)
		mainShown.current = {
			sites: snapshot.sites,
			from: sitesCursor.from,
			rows: layout.tableRows,
			selected: sitesCursor.selected,
			columns: layout.columns,
			tableWidth: layout.tableWidth,
			sparkMaxMs: snapshot.sparkMaxMs,
			agenda: snapshot.agenda,
			agendaWidth: layout.agendaWidth,
			agendaLines: layout.agendaLines,
			utcOffsetMinutes: snapshot.utcOffsetMinutes,
			side: layout.side,
		};
	const main =
		mainShown.current === null ? null : (
			<Box flexDirection="column" display={onMain ? 'flex' : 'none'}>
				<MainBody {...mainShown.current} />
			</Box>
		);
	let body: React.ReactNode = null;
	if (view.view === 'detail') {
		const id = view.detailSite;
		body = (
			<SiteDetail
				site={snapshot.sites.find(site => site.id === id)}
				info={id ? source.siteInfo(id) : undefined}
				roll={snapshot.roll.filter(row => row.site === id)}
				width={width}
				lines={layout.bodyLines}
				sparkMaxMs={snapshot.sparkMaxMs}
			/>
		);
	} else if (view.view === 'attendance') {
		body = (
			<AttendanceView
				roll={snapshot.roll}
				from={rollCursor.from}
				selected={rollCursor.selected}
				width={width}
				lines={layout.bodyLines}
				prompt={view.prompt && view.prompt.kind !== 'note' ? view.prompt.text : null}
			/>
		);
	} else if (view.view === 'agenda') {
		body = <AgendaView agenda={snapshot.agenda} width={width} lines={layout.bodyLines} />;
	} else if (view.view === 'help') {
		body = <HelpView pages={helpPagesNow!} page={view.helpPage} width={width} />;
	}
	const statsText =
		stats && snapshot.stats
			? ui.t.statsLine(
					`${formatFixed(snapshot.stats.loopDelayP99Ms, 1, ui.lang)}ms`,
					`${formatFixed(snapshot.stats.sendLateP99Ms, 1, ui.lang)}ms`,
					snapshot.stats.probesPerSec.toFixed(0),
				)
			: null;
	return (
		<UiContextValue.Provider value={ui}>
			<Box flexDirection="column" width={width} height={layout.height}>
				{view.view === 'projector' ? (
					<ProjectorView
						title={snapshot.title}
						wallNow={snapshot.wallNow}
						utcOffsetMinutes={snapshot.utcOffsetMinutes}
						agenda={snapshot.agenda}
						width={width}
						height={layout.height - 2 - (statsText === null ? 0 : 1)}
					/>
				) : (
					<>
						{view.view === 'help' ? null : (
							<Header
								title={snapshot.title}
								wallNow={snapshot.wallNow}
								utcOffsetMinutes={snapshot.utcOffsetMinutes}
								agenda={snapshot.agenda}
								counts={snapshot.counts}
								width={width}
							/>
						)}
						<Box flexDirection="column" height={view.view === 'help' ? helpLines : layout.bodyLines} overflowY="hidden">
							{main}
							{body}
						</Box>
					</>
				)}
				{statsText === null ? null : (
					<Text wrap="truncate" dimColor={theme.text.dim}>
						{truncate(statsText, width)}
					</Text>
				)}
				{view.confirmQuit || view.confirmEnd ? (
					<QuitConfirm width={width} question={view.confirmEnd ? 'end' : 'quit'} />
				) : view.prompt?.kind === 'note' ? (
					<Text wrap="truncate" color={theme.text.accent}>
						{promptLine(ui.t.notePrompt, view.prompt.text, width)}
					</Text>
				) : (
					<AlertLine alerts={snapshot.alerts} nameOf={source.nameOf} width={width} ungraded={ungradedCount(snapshot.counts)} />
				)}
				<KeyLine
					mode={mode}
					width={width}
					note={view.prompt?.kind === 'note'}
					onLastItem={lastItemInFocus(snapshot.agenda)}
					ended={snapshot.agenda.ended}
					viewer={viewer}
				/>
			</Box>
		</UiContextValue.Provider>
	);
}

interface MainBodyProps {
	sites: SiteTableProps['sites'];
	from: number;
	rows: number;
	selected: number;
	columns: SiteTableProps['columns'];
	tableWidth: number;
	sparkMaxMs: number;
	agenda: AgendaData;
	agendaWidth: number;
	agendaLines: number;
	utcOffsetMinutes: number;
	side: boolean;
}

/** The main view's body: the site table and the agenda panel, beside it on a wide terminal or under it. */
const MainBody = memo(function MainBody(props: MainBodyProps) {
	const table = (
		<SiteTable
			sites={props.sites}
			from={props.from}
			rows={props.rows}
			selected={props.selected}
			columns={props.columns}
			width={props.tableWidth}
			sparkMaxMs={props.sparkMaxMs}
		/>
	);
	const agenda = (
		<AgendaPanel agenda={props.agenda} width={props.agendaWidth} lines={props.agendaLines} utcOffsetMinutes={props.utcOffsetMinutes} />
	);
	return props.side ? (
		<Box flexDirection="row">
			{table}
			<Box width={1} />
			{agenda}
		</Box>
	) : (
		<>
			{table}
			{agenda}
		</>
	);
});

/** Sites without a grade yet: every count but good, fair, poor and down (waiting, measuring). */
function ungradedCount(counts: Record<string, number>): number {
	let sum = 0;
	for (const [grade, count] of Object.entries(counts))
		if (grade !== 'good' && grade !== 'fair' && grade !== 'poor' && grade !== 'down') sum += count;
	return sum;
}
