// The catalog of words (DESIGN.md "Words"): every text a person reads is a message — a code and its
// parameters — carried from where it arises to where it is shown, and worded there from one table
// per language. Each area of the program (usage errors, plan problems, link reasons, alerts…)
// declares its codes once, as the type of their parameters, and gives a wording function per code
// in English and in Vietnamese; a missing or extra code in either language is a compile error.
// Nothing here reads a finished sentence back: a message is worded from its code, never translated.

/** The languages every text exists in. */
export type Lang = 'vi' | 'en';

/** A text written out in every language (a command's help): a missing language is a compile error. */
export type Bilingual = Readonly<Record<Lang, string>>;

/** Every language, in the order tests and tables walk them. */
export const LANGS: readonly Lang[] = ['vi', 'en'];

/** The parameters of each code of an area: `{'option-missing': {option: string}, …}`. */
export type Codes = Record<string, object>;

/** One language's wording of every code of an area. */
export type Wordings<P extends Codes> = {readonly [C in keyof P]: (params: P[C]) => string};

/** A message of an area in transit: its code and that code's parameters. */
export type Message<P extends Codes> = {[C in keyof P & string]: {code: C; params: P[C]}}[keyof P & string];

/** An area of the catalog: both languages, and the one way to word one of its messages. */
export interface WordArea<P extends Codes> {
	readonly en: Wordings<P>;
	readonly vi: Wordings<P>;
	/** The message in a language. */
	word(message: Message<P>, lang: Lang): string;
	/** The codes of the area (for tests that walk every one). */
	readonly codes: readonly (keyof P & string)[];
}

/** Declare an area of the catalog from its two complete tables. */
export function defineWords<P extends Codes>(tables: {en: Wordings<P>; vi: Wordings<P>}): WordArea<P> {
	const {en, vi} = tables;
	return {
		en,
		vi,
		word(message, lang) {
			const table = lang === 'vi' ? vi : en;
			return (table[message.code] as (params: object) => string)(message.params);
		},
		codes: Object.keys(en) as (keyof P & string)[],
	};
}

/** Make a message of an area (keeps the code and its parameters typed together). */
export function message<P extends Codes, C extends keyof P & string>(code: C, params: P[C]): Message<P> {
	return {code, params} as Message<P>;
}
