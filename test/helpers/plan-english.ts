// What an English sentence in a plan's Vietnamese problems looks like, once what stays as the file
// writes it is set aside: the field path leading a line, field names in backticks, quoted values,
// examples to write (`endpoint: ws://…`), file names, URLs, figures, flags, the YAML's own words and
// the plan's hyphenated values (`special-zone`, `dial-out`).

/** A line's own words: what is left once paths, values, examples and file names are taken out. */
export function ownWords(line: string): string {
	return line
		.replace(/^[^:\s]+?: /, '')
		.replace(/\b[\w.]+: \S+/g, '')
		.replace(
			/`[^`]*`|"[^"]*"|\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|\S+:\/\/\S*|\S+\.\S+|\S*\d\S*|--\S+|\S*_\S*|\/\S+|\b[a-z]+(?:-[a-z]+)+\b|\b(HOST|PORT|PATH|VAR|FILE|YAML|JSON|IANA|agent|diemcau|chmod|README|wss|ws|true|false|null|dial-out|dial-in)\b/g,
			'',
		);
}

/** English words a Vietnamese plan problem must not have in its own words. */
export const ENGLISH_PLAN =
	/(?<!\p{L})(the|is|are|has|have|not|no|to|of|must|should|cannot|be|write|missing|unknown|expected|invalid|duplicate|file|field|fields|here|did|you|mean|one|list|least|most|more|less|than|entries|characters|long|number|text|whole|empty|section|already|used|site|needs|token|endpoint|only|use|or|and|like|above|port|host|valid|start|with|date|time|zone|name|never|itself|line|column|indent|spaces|comma|quote|plan|read|such|set|until|hub|past|today|problem|warning)(?!\p{L})/iu;

/** The lines of a Vietnamese output that still have English words of their own. */
export function englishLines(text: string): string[] {
	return text
		.split('\n')
		.map(line => line.replace(/^diemcau: (cảnh báo: )?/, '').replace(/^\s+- /, ''))
		.filter(line => line.trim() !== '' && ENGLISH_PLAN.test(ownWords(line)));
}
