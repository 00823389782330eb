// Large digits for the projector view: a 5-row block font, scaled by whole steps, so the
// remaining time reads from the back of the hall. Pure: text in, lines out.

const GLYPHS: Record<string, readonly string[]> = {
	'0': ['█████', '█   █', '█   █', '█   █', '█████'],
	'1': ['  █  ', ' ██  ', '  █  ', '  █  ', ' ███ '],
	'2': ['█████', '    █', '█████', '█    ', '█████'],
	'3': ['█████', '    █', ' ████', '    █', '█████'],
	'4': ['█   █', '█   █', '█████', '    █', '    █'],
	'5': ['█████', '█    ', '█████', '    █', '█████'],
	'6': ['█████', '█    ', '█████', '█   █', '█████'],
	'7': ['█████', '    █', '   █ ', '  █  ', '  █  '],
	'8': ['█████', '█   █', '█████', '█   █', '█████'],
	'9': ['█████', '█   █', '█████', '    █', '█████'],
	':': ['   ', ' █ ', '   ', ' █ ', '   '],
	'+': ['     ', '  █  ', '█████', '  █  ', '     '],
	'-': ['     ', '     ', '█████', '     ', '     '],
	' ': ['  ', '  ', '  ', '  ', '  '],
};

/** Rows of the font at scale 1. */
export const BIG_ROWS = 5;

/** Columns `text` takes at `scale` (one blank column between glyphs). */
export function bigWidth(text: string, scale = 1): number {
	let width = 0;
	for (const char of text) width += (GLYPHS[char] ?? GLYPHS[' ']!)[0]!.length + 1;
	return Math.max(0, width - 1) * scale;
}

/** `text` (digits, ":", "+", "-", " ") in block letters, `BIG_ROWS × scale` lines. */
export function bigText(text: string, scale = 1): string[] {
	const glyphs = [...text].map(char => GLYPHS[char] ?? GLYPHS[' ']!);
	const lines: string[] = [];
	for (let row = 0; row < BIG_ROWS; row++) {
		const line = glyphs.map(glyph => [...glyph[row]!].map(cell => cell.repeat(scale)).join('')).join(' '.repeat(scale));
		for (let i = 0; i < scale; i++) lines.push(line);
	}
	return lines;
}

/** The largest whole scale at which `text` fits `width` columns and `rows` lines (at least 1, at most `max`). */
export function bigScale(text: string, width: number, rows: number, max = 8): number {
	const byWidth = Math.floor(width / Math.max(1, bigWidth(text)));
	const byRows = Math.floor(rows / BIG_ROWS);
	return Math.max(1, Math.min(max, byWidth, byRows));
}
