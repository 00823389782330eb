// Where everything goes for a terminal size: pure arithmetic, tested at 80×24 and 200×60.

/** Column widths of the site table. */
export interface TableColumns {
	name: number;
	rtt: number;
	jitter: number;
	loss: number;
	mos: number;
	spark: number;
	attendance: number;
	seen: number;
}

/** The screen's layout. */
export interface Layout {
	width: number;
	height: number;
	columns: TableColumns;
	/** Site rows in the main table. */
	tableRows: number;
	/** Lines of the agenda panel. */
	agendaLines: number;
	/** Agenda beside the table (wide terminals) instead of under it. */
	side: boolean;
	/** Width of the table (the whole width unless the agenda is beside it). */
	tableWidth: number;
	/** Width of the agenda panel. */
	agendaWidth: number;
	/** Lines a full-screen view (detail, roll call, agenda, help) may use for its body. */
	bodyLines: number;
}

const fixed = {rtt: 6, jitter: 5, loss: 6, mos: 3, attendance: 5, seen: 4}; // loss: "5.1%↑", with its direction
const HEADER = 2;
const FOOTER = 2; // alert line + key line

/** Columns of a table `width` wide whose longest name is `longestName` columns. */
export function tableColumns(width: number, longestName: number): TableColumns {
	// marker + symbol + space, then one space before each further column
	const fixedWidth = 3 + fixed.rtt + 1 + fixed.jitter + 1 + fixed.loss + 1 + fixed.mos + 1 + fixed.attendance + 1 + fixed.seen + 1;
	const room = Math.max(0, width - fixedWidth);
	const name = Math.max(8, Math.min(longestName, 34, room - 8 > 14 ? room - 8 : Math.max(8, room)));
	const spark = Math.max(0, Math.min(60, room - name - 1));
	return {...fixed, name, spark: spark >= 4 ? spark : 0};
}

/**
 * Lay out a `columns`×`rows` terminal. The frame is one line shorter than the terminal:
 * a frame as tall as the screen makes Ink clear the whole screen on every update.
 */
export function computeLayout(columns: number, rows: number, options: {longestName: number; stats: boolean; items: number}): Layout {
	const width = Math.max(40, columns);
	const height = Math.max(12, rows - 1);
	const stats = options.stats ? 1 : 0;
	const side = width >= 150 && height >= 20;
	const bodyLines = Math.max(3, height - HEADER - FOOTER - stats);
	if (side) {
		const agendaWidth = Math.min(64, Math.floor(width * 0.36));
		const tableWidth = width - agendaWidth - 1;
		return {
			width,
			height,
			side,
			tableWidth,
			agendaWidth,
			bodyLines,
			columns: tableColumns(tableWidth, options.longestName),
			tableRows: Math.max(1, bodyLines - 2), // column titles + "+N more"
			agendaLines: bodyLines,
		};
	}
	// Stacked: the agenda keeps 4 lines at least, more next items when there is room.
	const spare = bodyLines - 2 - 4;
	const agendaLines = 4 + Math.max(0, Math.min(options.items - 1, Math.floor((spare - 14) / 2)));
	return {
		width,
		height,
		side,
		tableWidth: width,
		agendaWidth: width,
		bodyLines,
		columns: tableColumns(width, options.longestName),
		tableRows: Math.max(1, bodyLines - 2 - agendaLines),
		agendaLines,
	};
}
