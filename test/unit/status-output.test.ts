import stringWidth from 'string-width';
import {linkReason, type LinkReason} from '../../src/model/link/link-reasons.js';
import {describe, expect, it} from 'vitest';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {EVIDENCE} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {formatMs} from '../../src/i18n/units.js';
import {GRADE_SYMBOL, linkSymbol, statusJsonSite, statusTable, summary, type StatusSite} from '../../src/documents/status-output.js';

const options = {window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS};

function site(id: string, name: string, rtts: (number | null)[], down?: LinkReason): StatusSite {
	const tracker = new LinkTracker(options, 0);
	rtts.forEach((rtt, i) => tracker.sample(rtt, (i + 1) * 1000));
	if (down) tracker.disconnected(rtts.length * 1000 + 1, down);
	return {id, name, mode: 'agent', link: tracker.snapshot(rtts.length * 1000 + 1)};
}

/** Enough probes for every figure (EVIDENCE): the first RTT repeated, then `rtts`. */
const measured = (rtts: number[]) => [...Array<number>(EVIDENCE.lossProbes - rtts.length).fill(rtts[0]!), ...rtts];

describe('status output', () => {
	const sites = [
		site('pho-hoa', 'Phường Phổ Hòa', measured([0.2134, 0.25, 0.3])),
		site('pho-nhon', 'Xã Phổ Nhơn', measured([201.26, 203, 205.5])),
		site('a', 'A', [10, 10], linkReason('auth-failed', {})),
	];

	it('rounds the JSON record sensibly and keeps the documented key order', () => {
		const record = statusJsonSite(sites[0]!);
		expect(record).toEqual({
			id: 'pho-hoa',
			name: 'Phường Phổ Hòa',
			mode: 'agent',
			state: 'up',
			grade: 'good',
			rttMs: {last: 0.3, p50: 0.21, p95: 0.25},
			jitterMs: 0.01,
			lossPct: 0,
			mos: 4.4, // eff ≈ 10.23 ms: R ≈ 92.94
			sent: 20,
			received: 20,
			error: null,
			udp: 'off',
			packetLossPct: null,
			probeLossPct: 0,
			errorCode: null,
			gradeReason: null,
		});
		expect(Object.keys(record)).toEqual([
			'id',
			'name',
			'mode',
			'state',
			'grade',
			'rttMs',
			'jitterMs',
			'lossPct',
			'mos',
			'sent',
			'received',
			'error',
			'udp',
			'packetLossPct',
			'probeLossPct',
			'errorCode',
			'gradeReason',
		]);
		expect(statusJsonSite(sites[2]!)).toMatchObject({state: 'down', grade: 'down', error: 'auth failed', errorCode: 'auth-failed'});
	});

	it('reports an up site without evidence as measuring, its missing figures as not yet measured', () => {
		const early = site('m', 'M', [10, 10, 10]);
		expect(statusJsonSite(early)).toMatchObject({state: 'up', grade: 'measuring', rttMs: null, jitterMs: null, lossPct: null, mos: null});
		const table = statusTable([early], {color: false, lang: 'vi'}).split('\n');
		expect(table[1]).toMatch(/^◌ đang đo +M +kết nối +… +… +… +… +… +off +…$/);
		expect(table[1]).not.toMatch(/—|–/);
	});

	it('reports a site still unknown as down', () => {
		const unknown = site('u', 'U', [10]);
		expect(unknown.link.state).toBe('unknown');
		expect(statusJsonSite(unknown)).toMatchObject({state: 'down', grade: 'down', error: 'no answer'});
		expect(linkSymbol(unknown.link)).toBe('…');
	});

	it('pads Vietnamese names by display width, and colours only when asked', () => {
		const plain = statusTable(sites, {color: false});
		const lines = plain.trimEnd().split('\n');
		const column = (line: string, word: string) => stringWidth(line.slice(0, line.indexOf(word, 8)));
		expect(column(lines[1]!, ' up') + 1).toBe(column(lines[0]!, 'STATE'));
		expect(column(lines[2]!, ' up') + 1).toBe(column(lines[0]!, 'STATE'));
		expect(column(lines[3]!, ' down') + 1).toBe(column(lines[0]!, 'STATE'));
		expect(lines[2]).toMatch(/^◐ fair {2}Xã Phổ Nhơn {5}up/);
		expect(lines.at(-1)).toBe('3 sites: 2 up (1 good, 1 fair, 0 poor), 1 down');
		expect(plain).not.toMatch(/\u001B\[/);
		const coloured = statusTable(sites, {color: true});
		expect(coloured).toMatch(/\u001B\[32m● good/);
		expect(coloured.replace(/\u001B\[\d+m/g, '')).toBe(plain);
	});

	it('formats milliseconds for people', () => {
		expect([
			formatMs(0.2134, {unit: false}),
			formatMs(45.67, {unit: false}),
			formatMs(1234.4, {unit: false}),
			formatMs(null, {unit: false}),
		]).toEqual(['0.2', '46', '1234', '—']);
		expect([formatMs(0.2134), formatMs(45.67), formatMs(1234.4), formatMs(undefined)]).toEqual(['0.2ms', '46ms', '1.2s', '—']);
		expect(summary(['good', 'down'])).toBe('2 sites: 1 up (1 good, 0 fair, 0 poor), 1 down');
		expect(Object.values(GRADE_SYMBOL)).toEqual(['●', '◐', '○', '◌', '✖']);
		expect(summary(['measuring', 'good'], 'vi')).toBe('2 điểm cầu: 2 kết nối (1 tốt, 0 khá, 0 kém, 1 đang đo), 0 mất kết nối');
	});

	it('writes every figure of the Vietnamese table with the decimal comma, the English one with the point', () => {
		const vi = statusTable(sites, {color: false, lang: 'vi'}).split('\n');
		const hoa = vi.find(line => line.includes('Phường Phổ Hòa'))!;
		expect(hoa).toMatch(/ 0,3 +0,2 +0,3 +0,0 +0,0% .* 4,4\d/);
		for (const line of vi) expect(line, line).not.toMatch(/\d\.\d/);
		const en = statusTable(sites, {color: false}).split('\n');
		expect(en.find(line => line.includes('Phường Phổ Hòa'))).toMatch(/ 0\.3 +0\.2 +0\.3 +0\.0 +0\.0% .* 4\.4\d/);
		expect([formatMs(0.2134, {lang: 'vi'}), formatMs(1234.4, {lang: 'vi'}), formatMs(0.2134, {unit: false, lang: 'vi'})]).toEqual([
			'0,2ms',
			'1,2s',
			'0,2',
		]);
	});
});
