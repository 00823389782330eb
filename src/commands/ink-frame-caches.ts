// Ink 6 builds a new `Output` for every frame, and with it new caches of each line's styled
// characters and widths: every line of every frame is tokenised and measured again (test/bench/ink-caches.ts),
// though most lines are the same as in the frame
// before (the header, the agenda, the key line, every site row whose figures did not change).
// Here the frames share one set of those caches, emptied whenever it holds more than `limit`
// lines, so a long meeting's ever-new figures cannot make it grow. The cached values are read,
// never changed, by Ink's `Output.get` (it places the same character objects in its rows), so a
// shared cache draws the same frames. Ink's `Output` is not exported: it is found beside Ink's
// entry point, and if it is not where Ink 6.8 keeps it (another Ink, or the one-file agent, where
// Ink is bundled), nothing is changed and frames are drawn as Ink draws them.
//
// The frame's grid is also turned into text here rather than by Ink's `Output.get`, with the same
// result byte for byte (tested against Ink's own): Ink diffs the styles of every pair of
// neighbouring cells through `diffAnsiCodes` (three Sets and four arrays a cell), and builds a
// fresh blank object for every cell of the grid. A sampling heap profile of the hub + dashboard at
// 2,000 sites had those two at the top of what the hub allocated (test/bench/hub-memory.ts).
// Here neighbours with the same styles (most of them) are compared without allocating, and
// every blank cell is one shared object (the grid's cells are replaced, never changed).

import {ansiCodesToString, diffAnsiCodes, type AnsiCode, type StyledChar} from '@alcalzone/ansi-tokenize';
import sliceAnsi from 'slice-ansi';
import {GenerationCache} from './ink-text/generation-cache.js';

/** What `shareInkFrameCaches` did, and how the shared caches are used (for tests and benches). */
export interface InkFrameCaches {
	/** False when Ink's Output was not found (nothing was changed). */
	readonly shared: boolean;
	/** Lines held now (styled-character entries), and how often the caches were emptied. */
	stats(): {lines: number; widths: number; resets: number; frames: number};
}

interface OutputCacheMaps {
	widths: Map<string, number>;
	blockWidths: Map<string, number>;
	styledChars: Map<string, unknown>;
}

interface OutputCaches {
	getStyledChars(line: string): StyledChar[];
	getStringWidth(text: string): number;
	getWidestLine(text: string): number;
}

type Clip = {x1?: number; x2?: number; y1?: number; y2?: number};
type Operation =
	| {type: 'write'; x: number; y: number; text: string; transformers: Array<(line: string, index: number) => string>}
	| {type: 'clip'; clip: Clip}
	| {type: 'unclip'};

/** Ink's Output as its `get` reads it. */
interface OutputLike {
	width: number;
	height: number;
	operations: Operation[];
	caches: OutputCaches;
}

interface OutputClass {
	new (options: {width: number; height: number}): OutputLike;
	prototype: {get: (this: OutputLike) => {output: string; height: number}};
}

const NOT_SHARED: InkFrameCaches = {shared: false, stats: () => ({lines: 0, widths: 0, resets: 0, frames: 0})};
let installed: InkFrameCaches | null = null;

/** The Ink minor whose `Output` (its fields and its `get`) this file follows; package.json pins it. */
export const INK_MINOR = '6.8';

function looksLikeCaches(value: unknown): value is OutputCacheMaps & OutputCaches {
	const caches = value as Partial<OutputCacheMaps & OutputCaches> | undefined;
	return (
		caches?.widths instanceof Map &&
		caches.blockWidths instanceof Map &&
		caches.styledChars instanceof Map &&
		typeof caches.getStyledChars === 'function' &&
		typeof caches.getStringWidth === 'function' &&
		typeof caches.getWidestLine === 'function'
	);
}

/** True when `output` is an Ink 6.8 `Output` as `outputText` reads it. */
export function looksLikeInkOutput(output: unknown, OutputClass: unknown): boolean {
	const probe = output as Partial<OutputLike> | null;
	return (
		typeof OutputClass === 'function' &&
		typeof (OutputClass as Partial<OutputClass>).prototype?.get === 'function' &&
		probe !== null &&
		typeof probe === 'object' &&
		probe.width === 1 &&
		probe.height === 1 &&
		Array.isArray(probe.operations) &&
		looksLikeCaches(probe.caches)
	);
}

/** The major.minor of the Ink whose entry point is `entry`, if its package.json says. */
export async function inkMinor(entry: string): Promise<string | undefined> {
	try {
		const {readFile} = await import('node:fs/promises');
		const {version} = JSON.parse(await readFile(new URL('../package.json', entry), 'utf8')) as {version?: string};
		return version?.split('.').slice(0, 2).join('.');
	} catch {
		return undefined;
	}
}

/** Make every Ink frame of this process share its line caches (once; later calls return the same). */
export async function shareInkFrameCaches(limit = 500): Promise<InkFrameCaches> {
	if (installed) return installed;
	let Output: OutputClass | undefined;
	try {
		const entry = import.meta.resolve('ink');
		// Another Ink minor may keep other fields or draw otherwise: then Ink's own `get` stays.
		if ((await inkMinor(entry)) === INK_MINOR)
			({default: Output} = (await import(new URL('output.js', entry).href)) as {default?: OutputClass});
	} catch {
		Output = undefined;
	}
	let probe: OutputLike | null = null;
	try {
		probe = typeof Output === 'function' ? new Output({width: 1, height: 1}) : null;
	} catch {
		probe = null;
	}
	if (!Output || !looksLikeInkOutput(probe, Output)) {
		installed = NOT_SHARED;
		return installed;
	}
	const Caches = probe!.caches.constructor as new () => OutputCacheMaps & OutputCaches;
	let caches = new Caches();
	let resets = 0;
	let frames = 0;
	Output.prototype.get = function (this: OutputLike) {
		if (caches.styledChars.size > limit || caches.widths.size > limit * 4 || caches.blockWidths.size > limit) {
			caches = new Caches();
			resets++;
		}
		frames++;
		this.caches = caches;
		return outputText(this);
	};
	installed = {shared: true, stats: () => ({lines: caches.styledChars.size, widths: caches.widths.size, resets, frames})};
	return installed;
}

const BLANK: StyledChar = Object.freeze({type: 'char', value: ' ', fullWidth: false, styles: Object.freeze([]) as unknown as AnsiCode[]});

const sameCodes = (a: readonly AnsiCode[], b: readonly AnsiCode[]): boolean => {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i]!.code !== b[i]!.code || a[i]!.endCode !== b[i]!.endCode) return false;
	return true;
};

/** A row of styled cells as text: what `styledCharsToString` gives, without diffing equal neighbours. */
export function styledRowText(chars: readonly StyledChar[]): string {
	let text = '';
	const last = chars.length - 1;
	for (let i = 0; i <= last; i++) {
		const char = chars[i]!;
		if (i === 0) {
			if (char.styles.length > 0) text += ansiCodesToString(char.styles);
		} else {
			const previous = chars[i - 1]!.styles;
			if (!sameCodes(previous, char.styles)) text += ansiCodesToString(diffAnsiCodes(previous, char.styles));
		}
		text += char.value;
		if (i === last && char.styles.length > 0) text += ansiCodesToString(diffAnsiCodes(char.styles, []));
	}
	return text;
}

/** A row's text by what was written to it: the frame's width, then each write's column and line, in order. */
const rowTexts = new GenerationCache<string>(1000);

/** Ink 6.8's `Output.get`, step for step, with one shared blank cell and `styledRowText`. */
function outputText(output: OutputLike): {output: string; height: number} {
	const {width, height, caches} = output;
	// What each row is given, in order: a row's text depends on nothing else, so a row written as
	// in an earlier frame (most of them) is not laid out cell by cell and turned into text again.
	const writes: Array<Array<{x: number; line: string}>> = [];
	for (let y = 0; y < height; y++) writes.push([]);
	const clips: Clip[] = [];
	for (const operation of output.operations) {
		if (operation.type === 'clip') clips.push(operation.clip);
		if (operation.type === 'unclip') clips.pop();
		if (operation.type !== 'write') continue;
		const {text, transformers} = operation;
		let {x, y} = operation;
		let lines = text.split('\n');
		const clip = clips.at(-1);
		if (clip) {
			const clipHorizontally = typeof clip.x1 === 'number' && typeof clip.x2 === 'number';
			const clipVertically = typeof clip.y1 === 'number' && typeof clip.y2 === 'number';
			if (clipHorizontally) {
				const lineWidth = caches.getWidestLine(text);
				if (x + lineWidth < clip.x1! || x > clip.x2!) continue;
			}
			if (clipVertically && (y + lines.length < clip.y1! || y > clip.y2!)) continue;
			if (clipHorizontally) {
				lines = lines.map(line => {
					const from = x < clip.x1! ? clip.x1! - x : 0;
					const lineWidth = caches.getStringWidth(line);
					const to = x + lineWidth > clip.x2! ? clip.x2! - x : lineWidth;
					return sliceAnsi(line, from, to);
				});
				if (x < clip.x1!) x = clip.x1!;
			}
			if (clipVertically) {
				const from = y < clip.y1! ? clip.y1! - y : 0;
				const to = y + lines.length > clip.y2! ? clip.y2! - y : lines.length;
				lines = lines.slice(from, to);
				if (y < clip.y1!) y = clip.y1!;
			}
		}
		let offsetY = 0;
		for (let index = 0; index < lines.length; index++) {
			const row = writes[y + offsetY];
			if (!row) continue; // text taller than the grid
			let line = lines[index]!;
			for (const transformer of transformers) line = transformer(line, index);
			row.push({x, line});
			offsetY++;
		}
	}
	let text = '';
	for (let y = 0; y < height; y++) {
		const row = writes[y]!;
		let key = String(width);
		for (const write of row) key += `\u0000${write.x}\u0000${write.line}`;
		if (y > 0) text += '\n';
		text += rowTexts.get(key, () => rowText(row, width, caches));
	}
	return {output: text, height};
}

/** One row of the grid from its writes, as text (what Ink's `Output.get` makes of it). */
function rowText(writes: ReadonlyArray<{x: number; line: string}>, width: number, caches: OutputCaches): string {
	const row = new Array<StyledChar>(width).fill(BLANK);
	for (const {x, line} of writes) {
		let offsetX = x;
		for (const character of caches.getStyledChars(line)) {
			row[offsetX] = character;
			const characterWidth = Math.max(1, caches.getStringWidth(character.value));
			// A wide character's following cells are cleared (as Ink does), keeping its styles.
			for (let i = 1; i < characterWidth; i++) row[offsetX + i] = {type: 'char', value: '', fullWidth: false, styles: character.styles};
			offsetX += characterWidth;
		}
	}
	// Ink drops the holes a write past the right edge can leave (see ink#564).
	const cells = row.length === width && !row.includes(undefined as unknown as StyledChar) ? row : row.filter(cell => cell !== undefined);
	return styledRowText(cells).trimEnd();
}
