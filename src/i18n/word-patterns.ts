// English messages read back by their shape and worded in Vietnamese: each table of *-words.ts is a
// list of patterns, the first that matches words the message. Pure.

/** One English message shape and its Vietnamese wording. */
export type WordPattern = {match: RegExp; vi: (m: RegExpExecArray) => string};

/** The Vietnamese of `text` by the first pattern it matches, or null when none does. */
export function wordByPattern(patterns: readonly WordPattern[], text: string): string | null {
	for (const pattern of patterns) {
		const match = pattern.match.exec(text);
		if (match) return pattern.vi(match);
	}
	return null;
}
