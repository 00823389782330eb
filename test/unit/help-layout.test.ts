import {describe, expect, it} from 'vitest';
import {helpPages, wrapWords, type HelpEntry} from '../../src/dashboard/help-layout.js';
import {widthOf} from '../../src/dashboard/format.js';

const entries: HelpEntry[] = [
	{keys: 'space', text: 'start / pause / resume the current item'},
	{keys: 'y Ctrl-C', text: 'yes: quit the dashboard while the meeting is still running'},
	{keys: 'Esc', text: 'back to the main screen'},
	...Array.from({length: 20}, (_, i) => ({
		keys: `k${i}`,
		text: `what key number ${i} does, told in a good many words so that it wraps on a narrow screen`,
	})),
];

const words = new Set(entries.flatMap(entry => `${entry.keys} ${entry.text}`.split(/\s+/)));

describe('help layout', () => {
	it('wraps at spaces only', () => {
		expect(wrapWords('start / pause / resume the current item', 12)).toEqual(['start /', 'pause /', 'resume the', 'current item']);
		expect(wrapWords('Phó Chủ tịch HĐND', 8)).toEqual(['Phó Chủ', 'tịch', 'HĐND']);
	});

	for (const [columns, rows] of [
		[60, 13],
		[80, 22],
		[120, 38],
		[40, 8],
	] as const) {
		it(`at ${columns} columns and ${rows} lines: every entry on some page, no line too wide, no word cut`, () => {
			const pages = helpPages(entries, columns, rows);
			const text = pages.flat();
			for (const page of pages) expect(page.length).toBeLessThanOrEqual(rows);
			for (const line of text) {
				expect(widthOf(line)).toBeLessThanOrEqual(columns);
				for (const word of line.split(/\s+/).filter(Boolean)) expect(words.has(word), `"${word}" in "${line}"`).toBe(true);
			}
			for (const entry of entries)
				expect(text.some(line => line.trimStart().startsWith(entry.keys) || line.includes(`   ${entry.keys} `))).toBe(true);
		});
	}

	it('uses two columns on a wide screen when one would need paging', () => {
		expect(helpPages(entries, 120, 38)).toHaveLength(1);
		const pages = helpPages(entries, 120, 15);
		expect(pages.length).toBeLessThan(helpPages(entries, 60, 15).length);
		expect(pages[0]!.some(line => /k\d+ .* {3}k\d+ /.test(line))).toBe(true);
	});
});
