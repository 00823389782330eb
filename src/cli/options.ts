// A command's options in one table: the parser's configuration and the help's rows both come
// from it, so a flag cannot be parsed without being described, or described without being parsed.
// Its words are in every language; the help is printed in the user's.

import type {Bilingual, Lang} from '../i18n/catalog.js';

/** One flag of a command. */
export interface OptionSpec {
	type: 'string' | 'boolean';
	/** The value's name in the help (FILE, N, HOST:PORT); none for a switch. */
	arg?: string;
	/** What it does; wrapped to the help's width, a line break kept (a list under it). */
	help?: Bilingual;
	/** More rows for the same flag, one a value with words of its own (--format md, --format json). */
	rows?: ReadonlyArray<{arg: string; help: Bilingual}>;
	/** The row's label instead of `--name ARG` (two flags described on one row). */
	label?: string;
	/** Parsed, but its words are elsewhere in the help (on another flag's row, or in the prose). */
	hidden?: boolean;
}

/** A command's flags by name. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The help's width in columns, and how far a label may push the words to the right. */
const WIDTH = 96;
const MAX_LABEL = 20;

/** The table as util.parseArgs reads it. */
export function parserOptions<T extends OptionTable>(table: T): {[K in keyof T]: {type: T[K]['type']}} {
	return Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, {type: spec.type}])) as {
		[K in keyof T]: {type: T[K]['type']};
	};
}

/** The synopsis's head in each language. */
const USAGE: Bilingual = {en: 'Usage:', vi: 'Cách dùng:'};

/** `[--name ARG]` for each flag shown in the help, after `Usage: diemcau COMMAND ARGS`, wrapped under itself. */
export function usageLine(command: string, table: OptionTable, lang: Lang = 'en'): string {
	const start = `${USAGE[lang]} diemcau `;
	const head = `${start}${command}`;
	const parts = Object.entries(table)
		.filter(([, spec]) => !spec.hidden)
		.map(([name, spec]) => `[--${name}${spec.arg ? ` ${spec.arg}` : ''}]`);
	const indent = ' '.repeat(head.indexOf(' ', start.length) + 1 || head.length + 1);
	const lines: string[] = [];
	let line = head;
	for (const part of parts) {
		if (line.length + 1 + part.length > WIDTH && line.trim() !== '') {
			lines.push(line);
			line = indent + part;
		} else line += ` ${part}`;
	}
	lines.push(line);
	return lines.join('\n');
}

/** The help's rows in a language: `  LABEL  words`, the words wrapped in one column; `positionals` first (PLAN, its words). */
export function optionRows(table: OptionTable, positionals: Readonly<Record<string, Bilingual>> = {}, lang: Lang = 'en'): string {
	const rows: Array<[string, string]> = Object.entries(positionals).map(([label, words]) => [label, words[lang]]);
	for (const [name, spec] of Object.entries(table)) {
		if (spec.hidden) continue;
		if (spec.help !== undefined) rows.push([spec.label ?? `--${name}${spec.arg ? ` ${spec.arg}` : ''}`, spec.help[lang]]);
		for (const row of spec.rows ?? []) rows.push([`--${name} ${row.arg}`, row.help[lang]]);
	}
	const column = 2 + Math.min(MAX_LABEL, Math.max(0, ...rows.map(([label]) => label.length))) + 2;
	return rows.map(([label, words]) => row(label, words, column)).join('\n');
}

function row(label: string, words: string, column: number): string {
	const first = `  ${label}`;
	const lines: string[] = [];
	let line = first.length + 2 <= column ? first.padEnd(column) : `${first}  `;
	let fresh = true;
	for (const piece of words.split('\n')) {
		const indent = /^ */.exec(piece)![0];
		if (!fresh) line = ' '.repeat(column) + indent;
		const start = line.length;
		for (const word of piece.trim().split(/ +/)) {
			if (line.length > start && line.length + 1 + word.length > WIDTH) {
				lines.push(line);
				line = ' '.repeat(column) + indent + word;
			} else line += line.length > start ? ` ${word}` : word;
		}
		lines.push(line);
		fresh = false;
	}
	return lines.map(l => l.trimEnd()).join('\n');
}

/** `--lang vi|en` of a command that writes for people (its default: src/cli/lang-option.ts). */
export const LANG_OPTION = {
	type: 'string',
	arg: 'vi|en',
	help: {
		en: 'language (default: vi when LANG starts with "vi", else en)',
		vi: 'ngôn ngữ (mặc định: vi khi LANG bắt đầu bằng "vi", ngược lại en)',
	},
} as const;
