import {widthOf} from './format.js';

// The help's layout, pure: entries wrapped at word boundaries (never cut mid-word), in one
// column or two when the screen is wide, split into pages that each fit the screen; an entry
// never straddles two pages. From 60×15 up every key is on some page.

/** One line of help: the keys, and what they do. */
export interface HelpEntry {
	keys: string;
	text: string;
}

/** Words of `text` in lines of at most `width` columns; a word wider than a line is split (only then). */
export function wrapWords(text: string, width: number): string[] {
	const max = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(/\s+/).filter(Boolean)) {
		let rest = word;
		while (widthOf(rest) > max) {
			if (line) {
				lines.push(line);
				line = '';
			}
			let cut = '';
			for (const char of rest) {
				if (widthOf(cut + char) > max) break;
				cut += char;
			}
			lines.push(cut);
			rest = rest.slice(cut.length);
		}
		if (!rest) continue;
		const candidate = line ? `${line} ${rest}` : rest;
		if (widthOf(candidate) <= max) line = candidate;
		else {
			lines.push(line);
			line = rest;
		}
	}
	if (line) lines.push(line);
	return lines.length > 0 ? lines : [''];
}

function pad(text: string, width: number): string {
	return text + ' '.repeat(Math.max(0, width - widthOf(text)));
}

/** An entry as lines `width` wide: keys in their column, the text wrapped beside them. */
function entryLines(entry: HelpEntry, keyWidth: number, width: number): string[] {
	const textWidth = Math.max(8, width - keyWidth - 1);
	const keyLines = wrapWords(entry.keys, keyWidth);
	const textLines = wrapWords(entry.text, textWidth);
	const count = Math.max(keyLines.length, textLines.length);
	const out: string[] = [];
	for (let i = 0; i < count; i++) out.push(`${pad(keyLines[i] ?? '', keyWidth)} ${textLines[i] ?? ''}`.trimEnd());
	return out;
}

/** Split entry blocks into pages of at most `height` lines, never an entry across two pages. */
function paginate(blocks: string[][], height: number): string[][][] {
	const pages: string[][][] = [];
	let page: string[][] = [];
	let used = 0;
	for (const block of blocks) {
		if (used > 0 && used + block.length > height) {
			pages.push(page);
			page = [];
			used = 0;
		}
		page.push(block);
		used += block.length;
	}
	if (page.length > 0) pages.push(page);
	return pages;
}

/** Pages of help body lines, each at most `height` lines of at most `width` columns. */
export function helpPages(entries: readonly HelpEntry[], width: number, height: number): string[][] {
	const rows = Math.max(1, height);
	const widest = Math.max(...entries.map(entry => widthOf(entry.keys)), 1);
	// The key column's width is tried at a few sizes and the layout with the fewest pages kept:
	// a narrower key column leaves the text more room, and a second page holding one line helps nobody.
	const keyWidths = (columnWidth: number) => [
		...new Set([4, 5, 6, 8].map(part => Math.min(widest, Math.max(5, Math.floor(columnWidth / part))))),
	];
	const layout = (columnWidth: number, keyWidth: number) => entries.map(entry => entryLines(entry, keyWidth, columnWidth));
	const fewest = (candidates: string[][][]) => candidates.reduce((best, pages) => (pages.length < best.length ? pages : best));
	const twoColumns = (gap: number, keyWidth: number) => {
		const columnWidth = Math.floor((width - gap) / 2);
		// Columns of at most `rows` lines each, filled left then right; then a new page.
		const columnsOf = paginate(layout(columnWidth, keyWidth), rows).map(column => column.flat());
		const pages: string[][] = [];
		for (let i = 0; i < columnsOf.length; i += 2) {
			const left = columnsOf[i]!;
			const right = columnsOf[i + 1] ?? [];
			const lines: string[] = [];
			for (let row = 0; row < Math.max(left.length, right.length); row++) {
				lines.push(`${pad(left[row] ?? '', columnWidth)}${' '.repeat(gap)}${right[row] ?? ''}`.trimEnd());
			}
			pages.push(lines);
		}
		return pages;
	};
	// Two columns only when each is wide enough to read, and when one column would need paging.
	if (Math.floor((width - 3) / 2) >= 44) {
		const single = layout(width, keyWidths(width)[0]!);
		if (single.reduce((sum, block) => sum + block.length, 0) > rows) {
			return fewest([3, 2].flatMap(gap => keyWidths(Math.floor((width - gap) / 2)).map(keyWidth => twoColumns(gap, keyWidth))));
		}
		return [single.flat()];
	}
	return fewest(keyWidths(width).map(keyWidth => paginate(layout(width, keyWidth), rows).map(page => page.flat())));
}
