import {describe, expect, it} from 'vitest';
import {SiteDetail} from '../../components/SiteDetail.js';
import {UiContextValue} from '../../components/context.js';
import {themeFor} from '../../components/theme.js';
import {strings} from '../../src/i18n/strings.js';
import {render, type LinkProfile} from '../helpers/render.js';
import {openDashboard} from './setup.js';

// Every figure on a Vietnamese screen is written with the decimal comma (DESIGN.md "Words"):
// a LAN link's sub-10 ms RTT, a loss under 10 % and the MOS; the English screen keeps the point.

/** LAN links (0.4 ms), one of them losing a probe in ten. */
function lanProfile(id: string): LinkProfile {
	return id === 'pho-ninh' ? {rttMs: 0.4, lossEvery: 10} : {rttMs: 0.4};
}

const isRow = (line: string) => /^[ ›♪][●◐○✖◌…] /.test(line);

describe('figures in the site table', () => {
	it('read 0,4ms, 8,3%, 3,7 and 4,4 in Vietnamese, never with a decimal point', async () => {
		const {ui} = await openDashboard({columns: 120, rows: 40, lang: 'vi', profile: lanProfile});
		const frame = await ui.waitFor(f => f.includes('Phường Phổ Ninh') && f.includes('Xã Phổ Thuận'));
		const rows = frame.split('\n').filter(isRow);
		expect(rows).toHaveLength(15);
		const lossy = rows.find(line => line.includes('Phường Phổ Ninh'))!;
		expect(lossy).toMatch(/ 0,4ms 0,0ms +8,3% 3,7 /);
		expect(rows.find(line => line.includes('Xã Phổ An'))).toMatch(/ 0,4ms 0,0ms +0,0% 4,4 /);
		for (const line of rows) {
			expect(line).toMatch(/ 0,4ms /);
			expect(line, line).not.toMatch(/\d\.\d/);
		}
	});

	it('read 0.4ms, 8.3%, 3.7 and 4.4 in English, as before', async () => {
		const {ui} = await openDashboard({columns: 120, rows: 40, lang: 'en', profile: lanProfile});
		const frame = await ui.waitFor(f => f.includes('Phường Phổ Ninh') && f.includes('Xã Phổ Thuận'));
		const rows = frame.split('\n').filter(isRow);
		expect(rows).toHaveLength(15);
		const lossy = rows.find(line => line.includes('Phường Phổ Ninh'))!;
		expect(lossy).toMatch(/ 0\.4ms 0\.0ms +8\.3% 3\.7 /);
		expect(rows.find(line => line.includes('Xã Phổ An'))).toMatch(/ 0\.4ms 0\.0ms +0\.0% 4\.4 /);
		for (const line of rows) expect(line, line).not.toMatch(/\d,\d/);
	});
});

describe('figures in the site detail view', () => {
	it('use the decimal comma in Vietnamese and the point in English, the UDP stream’s too', async () => {
		const {store} = await openDashboard({columns: 120, rows: 40, profile: lanProfile});
		const row = store.getSnapshot().sites.find(entry => entry.id === 'pho-ninh')!;
		const info = store.siteInfo('pho-ninh')!;
		const site = {
			...row,
			history: row.history,
			udp: 'ok' as const,
			packetLossPct: {up: 0.5, down: 1.5},
			udpJitterMs: {up: 0.3, down: 2.25},
		};
		const draw = async (lang: 'vi' | 'en') => {
			const out = await render(
				<UiContextValue.Provider value={{lang, t: strings(lang), theme: themeFor({})}}>
					<SiteDetail site={site} info={info} roll={[]} width={100} lines={30} sparkMaxMs={300} />
				</UiContextValue.Provider>,
				{columns: 100, rows: 30},
			);
			return out.frame();
		};
		const vi = await draw('vi');
		for (const figure of ['0,4ms / 0,4ms / 0,4ms', '0,0ms / 8,3% / 3,7', '↑ 0,5% / ↓ 1,5%', '↑ 0,3ms / ↓ 2,3ms'])
			expect(vi).toContain(figure);
		// The endpoint's address is no figure (127.0.0.1).
		for (const line of vi.split('\n').filter(l => !l.includes('://'))) expect(line, line).not.toMatch(/\d\.\d/);
		const en = await draw('en');
		for (const figure of ['0.4ms / 0.4ms / 0.4ms', '0.0ms / 8.3% / 3.7', '↑ 0.5% / ↓ 1.5%', '↑ 0.3ms / ↓ 2.3ms'])
			expect(en).toContain(figure);
	});
});
