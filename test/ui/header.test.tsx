import React from 'react';
import {describe, expect, it} from 'vitest';
import {Header} from '../../components/Header.js';
import {UiContextValue} from '../../components/context.js';
import {strings} from '../../src/i18n/strings.js';
import {themeFor} from '../../components/theme.js';
import type {AgendaData} from '../../src/dashboard/snapshot.js';
import {render} from '../helpers/render.js';

// The header's planned and projected end: both to the nearest minute and the difference taken
// from what is shown, so "15:01 (+2m)" cannot appear; and at 60 columns the projected end stays.

const ui = {lang: 'en' as const, t: strings('en'), theme: themeFor({})};
const at = (hh: number, mm: number, ss: number) => Date.UTC(2026, 11, 1, hh, mm, ss);
const counts = {good: 3, fair: 0, poor: 0, down: 0, unknown: 0};

async function header(plannedEnd: number, projectedEnd: number, width: number): Promise<string> {
	const agenda: AgendaData = {started: true, ended: false, sessionElapsedMs: 60_000, currentIndex: 0, items: [], speaker: null, queue: [], plannedEnd, projectedEnd, deltaMs: projectedEnd - plannedEnd};
	const out = await render(
		<UiContextValue.Provider value={ui}>
			<Header title="Họp thử" wallNow={at(14, 0, 0)} utcOffsetMinutes={0} agenda={agenda} counts={counts} width={width} />
		</UiContextValue.Provider>,
		{columns: width},
	);
	return out.lines()[1] ?? '';
}

describe('header', () => {
	it('rounds both ends to the minute and the difference from them', async () => {
		// 15:00:00 planned, 15:01:35 projected: the clock shows 15:02, so the difference is +2m.
		expect(await header(at(15, 0, 0), at(15, 1, 35), 100)).toContain('Planned end 15:00 · Projected 15:02 (+2m)');
		// 15:00:29 and 15:01:29: 15:00 and 15:01, +1m (not a truncated 15:01 beside a rounded +1m by luck).
		expect(await header(at(15, 0, 29), at(15, 1, 29), 100)).toContain('Planned end 15:00 · Projected 15:01 (+1m)');
	});

	it('at 60 columns drops words, never the projected end', async () => {
		const line = await header(at(15, 0, 0), at(15, 7, 0), 60);
		expect(line).toMatch(/15:07 \(\+7m\)/);
		expect(line.length).toBeLessThanOrEqual(60);
		expect(line).toContain('●3');
	});
});
