import {linkReason} from '../../src/model/link/link-reasons.js';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {DEFAULT_PROBE, DEFAULT_REHEARSAL, DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {siteVerdict, verdictLimits, type SiteFigures} from '../../src/model/link/verdict.js';
import {rehearsalJson, rehearsalMarkdown, rehearsalTable} from '../../src/documents/rehearsal-report.js';
import {SilenceLog, type RehearsalResult, type SiteResult} from '../../src/hub/rehearsal.js';

// The rehearsal's outputs from a fixed result, and the silence log that feeds "no answer for N s".

const limits = verdictLimits({thresholds: DEFAULT_THRESHOLDS, rehearsal: DEFAULT_REHEARSAL});
const clean: SiteFigures = {
	watchedMs: 60_000,
	sent: 300,
	received: 300,
	rttMs: {p50: 20.123, p95: 30.456, max: 40},
	jitterMs: 2.345,
	lossPct: 0,
	availabilityPct: 100,
	outages: 0,
	longestSilenceMs: 0,
	error: null,
	bandwidth: {upKbps: 4000.4, downKbps: 5000.6},
};

function result(
	sites: Array<{id: string; name: string; figures: Partial<SiteFigures>; contact?: SiteResult['contact']}>,
	cutShort = false,
): RehearsalResult {
	const judged = sites.map(s => {
		const figures = {...clean, ...s.figures};
		return {id: s.id, name: s.name, mode: 'agent' as const, contact: s.contact, figures, verdict: siteVerdict(figures, limits)};
	});
	const order = {pass: 0, warn: 1, fail: 2} as const;
	const worst = judged.reduce<'pass' | 'warn' | 'fail'>((w, s) => (order[s.verdict.verdict] > order[w] ? s.verdict.verdict : w), 'pass');
	return {
		title: 'Kỳ họp thứ 4',
		planFile: '/plans/duc-pho.yaml',
		startedAt: new Date('2021-11-24T01:00:00Z'),
		plannedDurationMs: 180_000,
		durationMs: cutShort ? 42_000 : 180_000,
		cutShort,
		bandwidthSeconds: 5,
		videoKbps: 0,
		videoMs: 0,
		probe: DEFAULT_PROBE,
		limits,
		verdict: worst,
		sites: judged,
	};
}

describe('rehearsal outputs', () => {
	const mixed = result([
		{id: 'pho-hoa', name: 'Phường Phổ Hòa', figures: {}},
		{
			id: 'pho-chau',
			name: 'Xã Phổ | Châu',
			figures: {
				sent: 90,
				received: 0,
				rttMs: null,
				jitterMs: null,
				lossPct: 100,
				availabilityPct: 0,
				outages: 1,
				error: linkReason('connection-refused', {}),
				bandwidth: null,
			},
			contact: {name: 'Chị Tư', phone: '0905 333 444'},
		},
		{id: 'pho-nhon', name: 'Xã Phổ Nhơn', figures: {rttMs: {p50: 200, p95: 210, max: 220}}},
	]);

	it('JSON: the DESIGN.md record, rounded, with cutShort', () => {
		const doc = JSON.parse(rehearsalJson(mixed));
		expect(doc).toMatchObject({
			startedAt: '2021-11-24T01:00:00.000Z',
			durationS: 180,
			plannedDurationS: 180,
			cutShort: false,
			verdict: 'fail',
		});
		expect(doc.sites[0]).toEqual({
			id: 'pho-hoa',
			name: 'Phường Phổ Hòa',
			verdict: 'pass',
			reasons: [],
			rttMs: {p50: 20.12, p95: 30.46, max: 40},
			jitterMs: 2.35,
			lossPct: 0,
			availabilityPct: 100,
			bandwidthKbps: {up: 4000, down: 5001},
			udp: 'off',
			packetLossPct: null,
			udpJitterMs: null,
			latencyUnderLoadMs: null,
			videoLoad: null,
		});
		expect(doc.sites[1]).toMatchObject({
			verdict: 'fail',
			reasons: ['no answer for 60 s (connection refused)'],
			rttMs: null,
			bandwidthKbps: null,
		});
	});

	it('Markdown: settings, a row per site (pipes escaped), and a to-fix list with contacts, failures first', () => {
		const md = rehearsalMarkdown(mixed);
		expect(md).toMatch(/^# Rehearsal: Kỳ họp thứ 4$/m);
		expect(md).toMatch(/^- \*\*Duration:\*\* 180 s$/m);
		expect(md).toContain('Pass: RTT p95 ≤ 150 ms, jitter ≤ 30 ms, loss ≤ 1 %, available ≥ 99 %, bandwidth ≥ 1.5 Mbit/s each way.');
		expect(md).toContain('| Xã Phổ \\| Châu (`pho-chau`) | fail |');
		const toFix = md.slice(md.indexOf('## To fix'));
		expect(toFix.indexOf('pho-chau')).toBeLessThan(toFix.indexOf('pho-nhon'));
		expect(toFix).toContain('Contact: Chị Tư, 0905 333 444');
		expect(toFix).toContain('- **must fix:** no answer for 60 s (connection refused)');
		expect(toFix).toContain('- should fix: RTT p95 210 ms > 150 ms');
		expect(toFix).not.toContain('Phường Phổ Hòa');
		expect(md).not.toContain('Cut short');
	});

	it('marks a cut-short run everywhere', () => {
		const cut = result([{id: 'pho-hoa', name: 'Phường Phổ Hòa', figures: {bandwidth: null}}], true);
		expect(JSON.parse(rehearsalJson(cut))).toMatchObject({cutShort: true, durationS: 42, plannedDurationS: 180});
		expect(rehearsalMarkdown(cut)).toContain(
			'> **Cut short** after 42 s of the planned 180 s: the figures cover only that time, and bandwidth was not measured.',
		);
		expect(rehearsalTable(cut, {color: false})).toMatch(
			/1 site: 1 pass, 0 warn, 0 fail · verdict PASS \(cut short after 42 s of 180 s\)$/m,
		);
	});

	it('table: columns line up by display width, Vietnamese names included', () => {
		const lines = rehearsalTable(mixed, {color: false}).trimEnd().split('\n');
		// The P50 column ends at the same display column on every row.
		const end = (line: string, text: string) => stringWidth(line.slice(0, line.indexOf(text) + text.length));
		expect(end(lines[1]!, ' 20')).toBe(end(lines[0]!, 'P50 ms'));
		expect(end(lines[3]!, '200')).toBe(end(lines[0]!, 'P50 ms'));
		expect(end(lines[2]!, '—')).toBe(end(lines[0]!, 'P50 ms'));
		expect(lines.at(-1)).toBe('3 sites: 1 pass, 1 warn, 1 fail · verdict FAIL');
		// Bandwidth columns say so (not DOWN/UP beside a `down` grade); jitter has its unit.
		expect(lines[0]).toMatch(/ JITTER ms .* BW ↓ +BW ↑ /);
		expect(lines[0]).not.toMatch(/\bDOWN\b|\bUP\b/);
	});
});

describe('the final table fits its terminal', () => {
	const sites = result([
		{id: 'pho-hoa', name: 'Phường Phổ Hòa', figures: {}},
		{
			id: 'pho-chau',
			name: 'Xã Phổ Châu',
			figures: {
				sent: 90,
				received: 0,
				rttMs: null,
				jitterMs: null,
				lossPct: 100,
				availabilityPct: 0,
				outages: 1,
				error: linkReason('connection-refused', {}),
				bandwidth: null,
			},
		},
		{
			id: 'nguyen-nghiem',
			name: 'Phường Nguyễn Nghiêm (điểm cầu phụ số 2)',
			figures: {rttMs: {p50: 200, p95: 210, max: 220}, lossPct: 6.2, bandwidth: {upKbps: 7200, downKbps: 86}},
		},
	]);
	const figures = (line: string) => line.match(/\d+(?:[.,]\d+)?(?: (?:Mbit|kbit)\/s| %)?/g) ?? [];

	for (const width of [60, 80, 100]) {
		it(`at ${width} columns: no line is wider, every row on its own line with its figures whole, the reasons below it`, () => {
			const lines = rehearsalTable(sites, {color: false, width}).trimEnd().split('\n');
			expect(
				lines.every(line => stringWidth(line) <= width),
				lines.join('\n'),
			).toBe(true);
			const rows = lines.filter(line => /^[✔▲✖] /.test(line));
			expect(rows).toHaveLength(3);
			// The most needed figures stay: p95 and loss of the slow site, whole.
			const slow = rows.find(line => line.includes('Phường Nguyễn'))!;
			expect(slow).toMatch(/ 210 /);
			expect(slow).toMatch(/6\.2 %/);
			// Its reasons on indented lines, each one whole word by word.
			const below = lines.slice(lines.indexOf(slow) + 1).filter(line => line.startsWith('    '));
			expect(below.map(line => line.trim()).join(' ')).toContain('RTT p95 210 ms > 150 ms');
			expect(lines.at(-1)).toBe('3 sites: 1 pass, 0 warn, 2 fail · verdict FAIL');
			if (width < 120) expect(lines.some(line => line.startsWith('(not shown at '))).toBe(true);
		});
	}

	it('in a pipe: every column, one line a site with its reasons at the end', () => {
		const lines = rehearsalTable(sites, {color: false, width: null}).trimEnd().split('\n');
		expect(lines).toHaveLength(5);
		expect(lines[0]).toMatch(/P50 ms .* VIDEO LOSS +REASONS$/);
		const slow = lines.find(line => line.includes('Nguyễn Nghiêm'))!;
		expect(slow).toContain('Phường Nguyễn Nghiêm (điểm cầu phụ số 2)');
		expect(slow).toMatch(/86 kbit\/s .*7\.2 Mbit\/s/);
		expect(slow).toMatch(/RTT p95 210 ms > 150 ms/);
		expect(figures(slow).length).toBeGreaterThan(6);
	});
});

describe('SilenceLog', () => {
	it('measures from the last answer before an outage to the next answer', () => {
		const log = new SilenceLog(1000);
		log.down('a', 5000); // last answered at 5 s
		log.seen('a', 5000); // nothing new
		log.seen('a', 17_000); // first answer after: 12 s of silence
		log.up('a', 17_200);
		expect(log.outages('a')).toBe(1);
		expect(log.close(30_000).get('a')).toBe(12_000);
	});

	it('counts from the start when the site never answered, and to the end when it never came back', () => {
		const log = new SilenceLog(1000);
		log.down('never', null);
		log.down('gone', 20_000);
		const longest = log.close(61_000);
		expect(longest.get('never')).toBe(60_000);
		expect(longest.get('gone')).toBe(41_000);
	});

	it('a lone answer while still down splits the silence; the longest part counts', () => {
		const log = new SilenceLog(0);
		log.down('a', 1000);
		log.seen('a', 4000); // 3 s
		log.seen('a', 11_000); // 7 s
		log.up('a', 11_200);
		log.down('a', 20_000);
		log.up('a', 22_000); // 2 s
		expect(log.outages('a')).toBe(2);
		expect(log.close(30_000).get('a')).toBe(7000);
	});
});
