import {describe, expect, it} from 'vitest';
import {computeLayout, tableColumns} from '../../src/dashboard/layout.js';

// Layout arithmetic alone, at the sizes the dashboard must fit: 80×24 up to 200×60.

const options = {longestName: 20, stats: false, items: 5};

describe('computeLayout', () => {
	it('fits 80×24 with the agenda under the table, one line shorter than the terminal', () => {
		const layout = computeLayout(80, 24, options);
		expect(layout).toMatchObject({width: 80, height: 23, side: false, tableWidth: 80});
		// header 2 + body + alert line + key line = the frame's height
		expect(2 + layout.bodyLines + 2).toBe(layout.height);
		// column titles + rows + "+N more" + the agenda fill the body
		expect(layout.tableRows + 2 + layout.agendaLines).toBe(layout.bodyLines);
		expect(layout.agendaLines).toBeGreaterThanOrEqual(4);
	});

	it('uses 200×60: the agenda beside the table, every row of the body for sites', () => {
		const layout = computeLayout(200, 60, options);
		expect(layout.side).toBe(true);
		expect(layout.tableWidth + 1 + layout.agendaWidth).toBe(200);
		expect(layout.tableRows).toBe(layout.bodyLines - 2);
		expect(layout.agendaLines).toBe(layout.bodyLines);
		expect(layout.columns.spark).toBeGreaterThan(20);
	});

	it('gives the stats line its row and never goes below a usable size', () => {
		expect(computeLayout(80, 24, {...options, stats: true}).bodyLines).toBe(computeLayout(80, 24, options).bodyLines - 1);
		const tiny = computeLayout(10, 5, options);
		expect(tiny.width).toBe(40);
		expect(tiny.tableRows).toBeGreaterThanOrEqual(1);
	});

	it('sizes the name column to the longest name, and drops the sparkline before the figures', () => {
		expect(tableColumns(120, 12).name).toBe(12);
		expect(tableColumns(120, 80).name).toBe(34);
		const narrow = tableColumns(50, 30);
		expect(narrow.spark).toBe(0);
		expect(narrow.name).toBeGreaterThanOrEqual(8);
		const widthOf = (c: ReturnType<typeof tableColumns>) =>
			3 + c.name + 1 + c.rtt + 1 + c.jitter + 1 + c.loss + 1 + c.mos + 1 + (c.spark ? c.spark + 1 : 0) + c.attendance + 1 + c.seen;
		expect(widthOf(tableColumns(80, 20))).toBeLessThanOrEqual(80);
	});
});
