import stringWidth from 'string-width';

// A table for a terminal that never wraps a row in the middle of a figure. On a terminal of
// known width, the columns that matter least are left out until the row fits (as the live
// screens choose their columns), the widest text column gives up its tail first, and each row's
// notes (a site's reasons) go on indented lines below it, broken between words. In a pipe
// (width null) every column is kept and a row is one line with its notes at the end, for grep.
// "Lines" here are display columns (string-width), so Vietnamese names keep their places.

/** One column: its heading, its side, and its rank (0 is kept longest). */
export interface TableColumn {
	head: string;
	align: 'left' | 'right';
	rank: number;
	/** A text column (a name) that may be cut to this many columns rather than dropped. */
	shrinkTo?: number;
}

/** A laid-out table: its lines (heading first), and the headings left out for want of width. */
export interface TableLayout {
	head: string;
	rows: Array<{line: string; notes: string[]}>;
	dropped: string[];
}

const GAP = 2;

const cut = (text: string, width: number): string => {
	if (stringWidth(text) <= width) return text;
	let out = '';
	for (const char of text) {
		if (stringWidth(`${out}${char}…`) > width) break;
		out += char;
	}
	return `${out}…`;
};
const pad = (text: string, width: number, align: 'left' | 'right') => {
	const fill = ' '.repeat(Math.max(0, width - stringWidth(text)));
	return align === 'right' ? fill + text : text + fill;
};

// A figure and its unit, or a comparison and its figure, are one word: "211 ms", "< 99 %".
const FIGURE_UNIT = /(\d) (ms|%|kbit\/s|Mbit\/s|giây|s|lần)(?=$|[\s;,.)])/g;
const COMPARISON = /([<>≤≥+]) (\d)/g;
const GLUE = '\u00A0';

/** Words of `text` on lines of at most `width` columns after `indent`, a figure never split from its unit; a word too long is cut. */
export function wrapWords(text: string, width: number, indent: string): string[] {
	const room = Math.max(8, width - stringWidth(indent));
	const lines: string[] = [];
	let line = '';
	const glued = text.replace(FIGURE_UNIT, `$1${GLUE}$2`).replace(COMPARISON, `$1${GLUE}$2`);
	for (const word of glued.split(/[ \t\n]+/).filter(Boolean)) {
		const next = line ? `${line} ${word}` : word;
		if (stringWidth(next) <= room) line = next;
		else {
			if (line) lines.push(line);
			line = cut(word, room);
		}
	}
	if (line) lines.push(line);
	return lines.map(entry => indent + entry.replaceAll(GLUE, ' '));
}

/** Lay out `rows` (one cell per column, plus optional notes per row) for `width` columns, or a pipe when null. */
export function layoutTable(
	columns: TableColumn[],
	rows: string[][],
	notes: string[][],
	width: number | null,
	notesHead = '',
): TableLayout {
	const natural = columns.map((column, i) => Math.max(stringWidth(column.head), ...rows.map(row => stringWidth(row[i] ?? ''))));
	const widths = [...natural];
	const kept = columns.map(() => true);
	const total = () => widths.reduce((sum, w, i) => sum + (kept[i] ? w + GAP : 0), -GAP);
	if (width !== null) {
		const shrink = (floor: (column: TableColumn) => number) =>
			columns.forEach((column, i) => {
				if (column.shrinkTo !== undefined && kept[i] && total() > width)
					widths[i] = Math.max(floor(column), stringWidth(column.head), widths[i]! - (total() - width));
			});
		const byRank = columns.map((column, i) => ({i, rank: column.rank})).sort((a, b) => b.rank - a.rank);
		const drop = (above: number) => {
			for (const {i, rank} of byRank) {
				if (total() <= width || rank <= above) break;
				if (columns[i]!.shrinkTo === undefined) kept[i] = false;
			}
		};
		// A long name gives up its tail to a readable width; then the least needed figures go;
		// then the name down to its floor; then whatever figures are still too many.
		shrink(column => Math.max(column.shrinkTo!, 24));
		drop(2);
		shrink(column => column.shrinkTo!);
		drop(0);
		// Room left over goes back to the names.
		columns.forEach((column, i) => {
			if (column.shrinkTo !== undefined && kept[i] && total() < width) widths[i] = Math.min(natural[i]!, widths[i]! + (width - total()));
		});
	}
	const line = (cells: string[]) =>
		cells
			.map((cell, i) => (kept[i] ? pad(cut(cell, widths[i]!), widths[i]!, columns[i]!.align) : null))
			.filter(cell => cell !== null)
			.join(' '.repeat(GAP))
			.trimEnd();
	const head = line(columns.map(column => column.head)) + (width === null && notesHead ? `${' '.repeat(GAP)}${notesHead}` : '');
	const laid = rows.map((row, index) => {
		const rowNotes = notes[index] ?? [];
		if (width === null)
			return {
				line:
					rowNotes.length > 0
						? `${pad(line(row), stringWidth(line(columns.map(column => column.head))), 'left')}${' '.repeat(GAP)}${rowNotes.join('; ')}`
						: line(row),
				notes: [],
			};
		// One note a line (a site's reasons), each broken between words only where it is too long.
		return {line: cut(line(row), width), notes: rowNotes.flatMap(note => wrapWords(note, width, '    '))};
	});
	return {
		head: width === null ? head : cut(head, width),
		rows: laid,
		dropped: columns.filter((_, i) => !kept[i]).map(column => column.head),
	};
}

/** Words for what the table leaves out. */
export const TABLE_WORDS = {
	en: {
		dropped: (width: number, heads: string) => `(not shown at ${width} columns: ${heads}; a wider terminal, --report or --json has them)`,
	},
	vi: {
		dropped: (width: number, heads: string) =>
			`(màn hình ${width} cột không đủ chỗ cho: ${heads}; xem ở cửa sổ rộng hơn, --report hoặc --json)`,
	},
} as const satisfies Record<'vi' | 'en', {dropped: (width: number, heads: string) => string}>;
