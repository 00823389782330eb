import {DEFAULT_PROBE, DEFAULT_REHEARSAL, DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';
import {siteVerdict, verdictLimits, type SiteFigures} from '../../src/model/link/verdict.js';
import type {RehearsalResult, SiteResult} from '../../src/hub/rehearsal.js';
import {testError} from '../../src/model/link/test-errors.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

// A fixed rehearsal result with a site of every verdict and most reasons, for the report tests.

const limits = verdictLimits({thresholds: DEFAULT_THRESHOLDS, rehearsal: DEFAULT_REHEARSAL});
const clean: SiteFigures = {
	watchedMs: 60_000,
	sent: 300,
	received: 300,
	rttMs: {p50: 20.1, p95: 30.5, max: 40},
	jitterMs: 2.3,
	lossPct: 0,
	availabilityPct: 100,
	outages: 0,
	longestSilenceMs: 0,
	error: null,
	bandwidth: {upKbps: 4000, downKbps: 5000},
};

const cases: Array<{id: string; name: string; figures: Partial<SiteFigures>; contact?: SiteResult['contact']}> = [
	{id: 'pho-hoa', name: 'Phường Phổ Hòa', figures: {}},
	{
		id: 'pho-chau',
		name: 'Xã Phổ Châu',
		figures: {
			received: 0,
			rttMs: null,
			jitterMs: null,
			lossPct: 100,
			availabilityPct: 0,
			outages: 1,
			longestSilenceMs: 60_000,
			error: linkReason('connection-refused', {}),
			bandwidth: null,
		},
		contact: {name: 'Chị Tư', phone: '0905 333 444'},
	},
	{
		id: 'pho-nhon',
		name: 'Xã Phổ Nhơn',
		figures: {
			rttMs: {p50: 200, p95: 210.5, max: 220},
			jitterMs: 41.5,
			lossPct: 5.1,
			availabilityPct: 97.2,
			outages: 2,
			longestSilenceMs: 4200,
			error: linkReason('no-answer', {probes: 3}),
			bandwidth: {upKbps: 700, downKbps: 1100},
		},
	},
	{
		id: 'pho-van',
		name: 'Phường Phổ Văn',
		figures: {
			outages: 1,
			longestSilenceMs: 15_000,
			error: linkReason('auth-wrong-token', {}),
			bandwidth: {error: testError('timeout')},
		},
	},
];

/** Four sites: one passes, three fail for different reasons (no answer, quality and bandwidth, auth). */
export function rehearsalResult(): RehearsalResult {
	const sites = cases.map(s => {
		const figures = {...clean, ...s.figures};
		return {id: s.id, name: s.name, mode: 'agent' as const, contact: s.contact, figures, verdict: siteVerdict(figures, limits)};
	});
	return {
		title: 'Hội nghị trực báo năm 2021',
		planFile: '/plans/duc-pho.yaml',
		startedAt: new Date('2021-11-24T01:00:00Z'),
		plannedDurationMs: 180_000,
		durationMs: 180_000,
		cutShort: false,
		bandwidthSeconds: 5,
		videoKbps: 0,
		videoMs: 0,
		probe: DEFAULT_PROBE,
		limits,
		verdict: 'fail',
		sites,
	};
}
