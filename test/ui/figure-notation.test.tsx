import {describe, expect, it} from 'vitest';
import type {LinkProfile} from '../helpers/render.js';
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
