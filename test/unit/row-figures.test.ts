import {describe, expect, it} from 'vitest';
import {rowCells} from '../../src/dashboard/row-format.js';
import {tableColumns} from '../../src/dashboard/layout.js';
import type {SiteRowData} from '../../src/dashboard/snapshot.js';

// A row's figures are written in the screen's language: a Vietnamese reader sees a decimal
// comma (0,4ms, 2,5%, 4,4), an English one the decimal point, from the same row object.

function row(overrides: Partial<SiteRowData> = {}): SiteRowData {
	return {
		version: 1,
		id: 'pho-an',
		name: 'Xã Phổ An',
		index: 0,
		grade: 'good',
		state: 'up',
		rttMs: 0.42,
		p50Ms: 0.4,
		p95Ms: 0.6,
		maxMs: 0.9,
		jitterMs: 3.25,
		lossPct: 2.5,
		lossFrom: 'probes',
		mos: 4.41,
		availabilityPct: 100,
		sent: 40,
		received: 39,
		seenAgoMs: 200,
		history: [0.4, 0.5, null, 0.4],
		present: 3,
		expected: 7,
		speaking: false,
		error: null,
		badness: 0,
		...overrides,
	};
}

const columns = tableColumns(120, 20);

describe('the figures of a table row', () => {
	it('use the decimal comma in Vietnamese', () => {
		const cells = rowCells(row(), columns, 150, 'vừa', {minute: ' phút', hour: ' giờ'}, 'vi');
		expect(cells.main).toMatch(/ 0,4ms +3,3ms +2,5% +4,4$/);
		expect(cells.main).not.toMatch(/\d\.\d/);
	});

	it('keep the decimal point in English', () => {
		const cells = rowCells(row(), columns, 150);
		expect(cells.main).toMatch(/ 0\.4ms +3\.3ms +2\.5% +4\.4$/);
		expect(cells.main).not.toMatch(/\d,\d/);
	});

	it('are worded again when the same row is shown in the other language', () => {
		const same = row({rttMs: 1234});
		expect(rowCells(same, columns, 150, 'now', undefined, 'en').main).toContain('1.2s');
		expect(rowCells(same, columns, 150, 'vừa', undefined, 'vi').main).toContain('1,2s');
		expect(rowCells(same, columns, 150, 'now', undefined, 'en').main).toContain('1.2s');
	});
});
