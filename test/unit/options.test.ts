import {describe, expect, it} from 'vitest';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../../src/cli/options.js';

const TABLE = {
	duration: {
		type: 'string',
		arg: 'D',
		help: {en: 'how long to probe, like 90s, 3m or 1h30m (default 60s)', vi: 'thời gian đo, ví dụ 90s, 3m hoặc 1h30m (mặc định 60s)'},
	},
	fresh: {
		type: 'boolean',
		help: {en: 'start the meeting over (the old journal is kept beside, renamed)', vi: 'bắt đầu lại hội nghị từ đầu'},
	},
	format: {
		type: 'string',
		arg: 'md|json',
		rows: [
			{arg: 'md', help: {en: 'minutes in Markdown', vi: 'biên bản dạng Markdown'}},
			{
				arg: 'json',
				help: {
					en: 'stable JSON: {session, items, speakers, attendance, incidents, outages, hubGaps, availability, and more words to wrap}',
					vi: 'JSON ổn định',
				},
			},
		],
	},
	'exit-with-stdin': {type: 'boolean', hidden: true},
} as const satisfies OptionTable;

describe("a command's options from one table", () => {
	it('gives the parser every flag with its type, hidden ones too', () => {
		expect(parserOptions(TABLE)).toEqual({
			duration: {type: 'string'},
			fresh: {type: 'boolean'},
			format: {type: 'string'},
			'exit-with-stdin': {type: 'boolean'},
		});
	});

	it('gives the help one row a flag (one a value where the table says), words in one column, within 96 columns', () => {
		const rows = optionRows(TABLE, {PLAN: {en: 'the plan file (YAML or JSON)', vi: 'tệp kế hoạch (YAML hoặc JSON)'}}).split('\n');
		// The column is two spaces past the longest label (`--format json`, 13 characters): 17.
		expect(rows[0]).toBe(`${'  PLAN'.padEnd(17)}the plan file (YAML or JSON)`);
		expect(rows[1]).toBe(`${'  --duration D'.padEnd(17)}how long to probe, like 90s, 3m or 1h30m (default 60s)`);
		expect(rows.some(line => line.startsWith(`${'  --format md'.padEnd(17)}minutes in Markdown`))).toBe(true);
		expect(rows.some(line => line.startsWith(`${'  --format json'.padEnd(17)}stable JSON`))).toBe(true);
		expect(rows.join('\n')).not.toContain('exit-with-stdin');
		for (const line of rows) expect(line.length).toBeLessThanOrEqual(96);
		const wrapped = rows.findIndex(line => line.startsWith('  --format json'));
		expect(rows[wrapped + 1]).toMatch(/^ {17}\S/);
	});

	it('keeps a line break of the words, indented under the column', () => {
		const rows = optionRows({
			many: {type: 'string', arg: 'FILE', help: {en: 'serve many sites:\n[{"site": "x"}]\n  "more"', vi: 'nhiều điểm cầu:'}},
		}).split('\n');
		expect(rows).toEqual(['  --many FILE  serve many sites:', '               [{"site": "x"}]', '                 "more"']);
	});

	it('writes the usage line from the table, wrapped under the command', () => {
		const usage = usageLine('rehearse PLAN', TABLE).split('\n');
		expect(usage[0]).toBe('Usage: diemcau rehearse PLAN [--duration D] [--fresh] [--format md|json]');
		expect(usage).toHaveLength(1);
	});

	it('writes the same help in Vietnamese: the synopsis under its own head, the words of each row in the same column', () => {
		const usage = usageLine('rehearse PLAN', TABLE, 'vi');
		expect(usage).toBe('Cách dùng: diemcau rehearse PLAN [--duration D] [--fresh] [--format md|json]');
		const rows = optionRows(TABLE, {PLAN: {en: 'the plan file', vi: 'tệp kế hoạch'}}, 'vi').split('\n');
		expect(rows[0]).toBe(`${'  PLAN'.padEnd(17)}tệp kế hoạch`);
		expect(rows[1]).toBe(`${'  --duration D'.padEnd(17)}thời gian đo, ví dụ 90s, 3m hoặc 1h30m (mặc định 60s)`);
		expect(rows).toContain(`${'  --format md'.padEnd(17)}biên bản dạng Markdown`);
	});
});
