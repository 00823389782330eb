import {memo} from 'react';
import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {headerCells, rowCells} from '../src/dashboard/row-format.js';
import {Sparkline} from './Sparkline.js';
import {gradeSymbols, type DisplayGrade} from './theme.js';
import type {TableColumns} from '../src/dashboard/layout.js';
import type {SiteRowData} from '../src/dashboard/snapshot.js';

/** Props of the site table. */
export interface SiteTableProps {
	/** All sites, sorted; only `from`..`from+rows` are drawn. */
	sites: readonly SiteRowData[];
	from: number;
	rows: number;
	selected: number;
	columns: TableColumns;
	width: number;
	sparkMaxMs: number;
	/** Highlight the selected row (not while another view has the keyboard). */
	showSelection?: boolean;
}

interface RowProps {
	grade: DisplayGrade;
	main: string;
	spark: string;
	tail: string;
	selected: boolean;
	speaking: boolean;
	width: number;
}

// Memoised on strings: a site whose figures did not change is not re-rendered.
const SiteRow = memo(function SiteRow({grade, main, spark, tail, selected, speaking, width}: RowProps) {
	const {theme} = useUi();
	const color = theme.grade[grade];
	return (
		<Box width={width}>
			<Text wrap="truncate" inverse={selected}>
				{selected ? '›' : speaking ? '♪' : ' '}
				<Text color={color} bold>
					{gradeSymbols[grade]}
				</Text>{' '}
				{main} {spark ? <Sparkline text={spark} color={color} /> : null}
				{spark ? ' ' : ''}
				{tail}
			</Text>
		</Box>
	);
});

/** The site table, worst first, windowed to the rows that fit, with a "+N more" line. */
export function SiteTable({sites, from, rows, selected, columns, width, sparkMaxMs, showSelection = true}: SiteTableProps) {
	const {lang, t, theme} = useUi();
	const visible = sites.slice(from, from + rows);
	const above = from;
	const below = Math.max(0, sites.length - from - visible.length);
	const more = above + below;
	return (
		<Box flexDirection="column" width={width}>
			<Text wrap="truncate" bold dimColor={theme.text.dim}>
				{headerCells(t, columns)}
			</Text>
			{visible.map((site, i) => {
				const cells = rowCells(site, columns, sparkMaxMs, t.justNow, t.deltaUnits, lang);
				return (
					<SiteRow
						key={site.id}
						grade={site.grade}
						main={cells.main}
						spark={cells.spark}
						tail={cells.tail}
						selected={showSelection && from + i === selected}
						speaking={site.speaking}
						width={width}
					/>
				);
			})}
			<Text wrap="truncate" dimColor={theme.text.dim}>
				{more > 0 ? `  ${t.more(more)}${above > 0 ? ` (↑${above} ↓${below})` : ''}` : ' '}
			</Text>
		</Box>
	);
}
