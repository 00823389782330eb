import {render} from 'ink-testing-library';
import {linkReason, type LinkReason} from '../../src/model/link/link-reasons.js';
import {afterEach, describe, expect, it} from 'vitest';
import {RehearsalProgress} from '../../components/RehearsalProgress.js';
import {themeFor} from '../../components/theme.js';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import type {SiteLink} from '../../src/hub/monitor.js';
import type {BandwidthState, RehearsalProgress as Progress} from '../../src/hub/rehearsal.js';
import {testError} from '../../src/model/link/test-errors.js';

// The live rehearsal view: what the technician sees while it runs.

const options = {window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS};
const theme = themeFor({NO_COLOR: '1'});
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function link(id: string, name: string, rtts: (number | null)[], down?: LinkReason): SiteLink {
	const tracker = new LinkTracker(options, 0);
	rtts.forEach((rtt, i) => tracker.sample(rtt, (i + 1) * 200));
	if (down) tracker.disconnected(rtts.length * 200 + 1, down);
	return {id, name, mode: 'agent', link: tracker.snapshot(rtts.length * 200 + 1), history: []};
}

const sites = [
	// 20 probes each (EVIDENCE.lossProbes): every figure measured, so each site has its grade.
	link('good', 'Phường Phổ Hòa', [...Array<number>(16).fill(1), 1, 1, 2, 1]),
	link('slow', 'Xã Phổ Nhơn', [201, 203, 202, ...Array<number>(17).fill(204)]),
	link('refused', 'Xã Phổ Cường', [], linkReason('connection-refused', {})),
];

function show(progress: Partial<Progress>, size = {width: 80, height: 24}, lang?: 'vi' | 'en') {
	const full: Progress = {phase: 'probing', elapsedMs: 15_000, durationMs: 60_000, sites, bandwidth: new Map(), ...progress};
	const instance = render(<RehearsalProgress title="Kỳ họp thứ 4" progress={full} theme={theme} {...size} {...(lang ? {lang} : {})} />);
	unmount = instance.unmount;
	return instance.lastFrame()!;
}

describe('RehearsalProgress', () => {
	it('shows the bar over the duration, counts, and each site worst first with its figures', () => {
		const frame = show({});
		const lines = frame.split('\n');
		expect(lines[0]).toContain('Rehearsal · Kỳ họp thứ 4');
		expect(lines[1]).toMatch(/25% 0:15 \/ 1:00 +●1 ◐1 ○0 ✖1/);
		expect(lines[3]).toMatch(/^✖ Xã Phổ Cường .* connection refused$/);
		expect(lines[4]).toMatch(/^◐ Xã Phổ Nhơn +204ms/);
		expect(lines[5]).toMatch(/^● Phường Phổ Hòa/);
		expect(frame).toContain('Ctrl-C stops early');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);
	});

	it('shows the bandwidth phase: done count, running and measured sites', () => {
		const bandwidth = new Map<string, BandwidthState>([
			['good', {downKbps: 3200, upKbps: 2900}],
			['slow', 'running'],
		]);
		const frame = show({phase: 'bandwidth', elapsedMs: 60_000, bandwidth});
		expect(frame).toContain('Measuring bandwidth: 1 of 2 sites done');
		expect(frame).toMatch(/● Phường Phổ Hòa .*↓ 3.2 Mbit\/s ↑ 2.9 Mbit\/s$/m);
		expect(frame).toMatch(/◐ Xã Phổ Nhơn .*bandwidth: measuring…/);
		expect(frame).toContain('100% 1:00 / 1:00');
	});

	it('draws only the sites that fit the terminal, worst first, and says how many are left out', () => {
		const many = Array.from({length: 30}, (_, i) => link(`s${i}`, `Site ${i}`, [1, 1]));
		many.push(link('down', 'Down site', [], linkReason('auth-failed', {})));
		const frame = show({sites: many}, {width: 80, height: 12});
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(12);
		expect(lines[3]).toMatch(/^✖ Down site/);
		expect(frame).toMatch(/… 26 more sites/);
	});

	it('in Vietnamese: every word of the view, the link reasons and the bandwidth test’s own reasons, no English sentence', () => {
		const viSites = [
			...sites,
			link('tls', 'Xã Phổ Vinh', [], linkReason('tls', {problem: 'self-signed', detail: 'self-signed certificate'})),
			link('plain', 'Xã Phổ Khánh', [], linkReason('no-answer', {probes: 3})),
		];
		const probing = show({sites: viSites}, {width: 120, height: 24}, 'vi');
		expect(probing.split('\n')[0]).toContain('Kiểm tra đường truyền · Kỳ họp thứ 4  Đang đo tất cả điểm cầu');
		expect(probing).toMatch(/ĐIỂM CẦU +P95 +JITTER +MẤT +SẴN +BĂNG THÔNG \/ TÌNH TRẠNG/);
		expect(probing).toMatch(/✖ Xã Phổ Cường .* bị từ chối kết nối \(agent chưa chạy hoặc sai cổng\)$/m);
		expect(probing).toMatch(/✖ Xã Phổ Vinh .* lỗi TLS: chứng chỉ tự ký/m);
		expect(probing).toMatch(/✖ Xã Phổ Khánh .* không trả lời 3 lần đo liên tiếp$/m);
		expect(probing).toContain('Ctrl-C để dừng sớm: vẫn ghi báo cáo những gì đã đo được.');
		const bandwidth = new Map<string, BandwidthState>([
			['good', {downKbps: 3200, upKbps: 2900}],
			['slow', 'running'],
			['refused', {error: testError('not-connected')}],
			['tls', 'waiting'],
		]);
		const measuring = show({sites: viSites, phase: 'bandwidth', elapsedMs: 60_000, bandwidth}, {width: 120, height: 24}, 'vi');
		expect(measuring).toContain('Đang đo băng thông: xong 2/4 điểm cầu');
		expect(measuring).toMatch(/◐ Xã Phổ Nhơn .*băng thông: đang đo…$/m);
		expect(measuring).toMatch(/✖ Xã Phổ Cường .*không đo được băng thông: chưa kết nối$/m);
		expect(measuring).toMatch(/Xã Phổ Vinh .*băng thông: đang chờ$/m);
		expect(show({phase: 'done'}, undefined, 'vi')).toContain('Xong');
		const many = Array.from({length: 30}, (_, i) => link(`s${i}`, `Xã ${i}`, [1, 1]));
		expect(show({sites: many}, {width: 80, height: 12}, 'vi')).toContain('… còn 25 điểm cầu nữa');
		// Names and OpenSSL's own words (in parentheses) aside, no English word is left.
		for (const frame of [probing, measuring]) {
			const words = frame.replace(/\([^)]*\)/g, '').replace(/Kỳ họp thứ 4|Ctrl-C|RTT|P95|JITTER|TLS|agent|Mbit\/s|ms/g, '');
			expect(words).not.toMatch(
				/(?<!\p{L})(rehearsal|probing|site|sites|bandwidth|measuring|waiting|failed|done|down|loss|avail|state|stops|report|refused|answer|probes|connected|certificate)(?!\p{L})/iu,
			);
		}
	});

	it('writes the live figures as the final table does: decimal comma in Vietnamese, point in English', () => {
		const row = (lang: 'vi' | 'en') =>
			show({}, {width: 80, height: 24}, lang)
				.split('\n')
				.find(line => line.includes('Phường Phổ Hòa'))!;
		const vi = row('vi');
		expect(vi).toMatch(/ \d,\dms +\d,\dms +0,0% +100%/);
		expect(vi).not.toMatch(/\d\.\d/);
		expect(row('en')).toMatch(/ \d\.\dms +\d\.\dms +0\.0% +100%/);
	});
});
