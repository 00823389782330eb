// English words that make a sentence English, for the wording tests (names, "agent", "TLS",
// "HTTP" are fine in Vietnamese). Letters around, not \b: \b would split "toàn" at "à".

/** A Vietnamese wording that matches this has English words of a sentence in it. */
export const ENGLISH =
	/(?<!\p{L})(the|is|are|has|have|not|no|to|of|yet|first|last|already|failed|refused|reset|answer|probes?|queue|item|session|speaking|nobody|empty|busy|closed|timeout|found|unreachable|garbage|marked|needs|shutting)(?!\p{L})/iu;
