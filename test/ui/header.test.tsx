import {describe, expect, it} from 'vitest';
import {Header} from '../../components/Header.js';
import {UiContextValue} from '../../components/context.js';
import {strings} from '../../src/i18n/strings.js';
import {themeFor} from '../../components/theme.js';
import type {AgendaData} from '../../src/dashboard/snapshot.js';
import {render} from '../helpers/render.js';

// The header's planned and projected end as the model rounds them (test/unit/shown-times.test.ts),
// in the screen's language; once ended, the end time and nothing projected; at 60 columns the
// projected end stays.

const ui = {lang: 'en' as const, t: strings('en'), theme: themeFor({})};
const at = (hh: number, mm: number, ss: number) => Date.UTC(2026, 11, 1, hh, mm, ss);
const counts = {good: 3, fair: 0, poor: 0, down: 0, unknown: 0, measuring: 0};

async function header(
	plannedEnd: number,
	projectedEnd: number,
	width: number,
	options: {lang?: 'vi' | 'en'; endedAt?: number} = {},
): Promise<string> {
	const ended = options.endedAt !== undefined;
	const agenda: AgendaData = {
		started: true,
		ended,
		endedAt: options.endedAt ?? null,
		sessionElapsedMs: 60_000,
		currentIndex: 0,
		items: [],
		speaker: null,
		queue: [],
		plannedEnd,
		projectedEnd,
		deltaMs: projectedEnd - plannedEnd,
	};
	const lang = options.lang ?? 'en';
	const out = await render(
		<UiContextValue.Provider value={{...ui, lang, t: strings(lang)}}>
			<Header title="Họp thử" wallNow={at(14, 0, 0)} utcOffsetMinutes={0} agenda={agenda} counts={counts} width={width} />
		</UiContextValue.Provider>,
		{columns: width},
	);
	return out.lines()[1] ?? '';
}

describe('header', () => {
	it('shows the ends it is given, the difference in the screen’s language', async () => {
		expect(await header(at(15, 0, 0), at(15, 2, 0), 100)).toContain('Planned end 15:00 · Projected 15:02 (+2m)');
		expect(await header(at(7, 53, 0), at(7, 31, 0), 100, {lang: 'vi'})).toContain('Kết thúc dự kiến 07:53 · Ước tính 07:31 (-22 phút)');
	});

	it('once ended: the end time, nothing projected', async () => {
		const line = await header(at(7, 53, 0), at(7, 8, 0), 100, {lang: 'vi', endedAt: at(7, 8, 12)});
		expect(line).toContain('Phiên 1:00 · Kết thúc lúc 07:08 · Kết thúc dự kiến 07:53');
		expect(line).not.toContain('Ước tính');
		expect(line).not.toMatch(/\(-/);
	});

	it('at 60 columns drops words, never the projected end', async () => {
		const line = await header(at(15, 0, 0), at(15, 7, 0), 60);
		expect(line).toMatch(/15:07 \(\+7m\)/);
		expect(line.length).toBeLessThanOrEqual(60);
		expect(line).toContain('●3');
	});
});
