import {describe, expect, it} from 'vitest';
import {alertText} from '../../components/AlertLine.js';
import {strings} from '../../src/i18n/strings.js';
import {rowCells} from '../../src/dashboard/row-format.js';
import {tableColumns} from '../../src/dashboard/layout.js';
import {SnapshotBuilder} from '../../src/dashboard/snapshot-builder.js';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {initialSession} from '../../src/model/meeting/session.js';
import type {SiteLink} from '../../src/hub/monitor.js';
import {fixturePlan, T0} from '../helpers/session.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

// As a new user saw it after `kill -9` of an agent: the row kept the last good
// RTT, 0 % loss and MOS 4.2, no × in the history until the site came back, and the alert line
// without the reason. While a site is down its figures read —, every probe slot it misses is
// marked × at once, and the alert line gives the reason in words.

const plan = fixturePlan();

function links(tracker: LinkTracker, at: number): SiteLink[] {
	return plan.sites.map((site, i) => ({
		id: site.id,
		name: site.name,
		mode: site.mode,
		link:
			i === 0 ? tracker.snapshot(at) : new LinkTracker({window: 60, downAfter: 3, upAfter: 2, thresholds: plan.thresholds}, 0).snapshot(at),
		get history() {
			return i === 0 ? tracker.history(at).rttMs : [];
		},
	}));
}

describe('a site that goes down', () => {
	it('shows no stale figures, marks every missed probe × at once, and the alert says why', () => {
		const tracker = new LinkTracker({window: 60, downAfter: 3, upAfter: 2, thresholds: plan.thresholds, intervalMs: 1000}, 0);
		for (let s = 1; s <= 20; s++) tracker.sample(201, s * 1000);
		tracker.disconnected(20_500, linkReason('connection-refused', {}));
		const builder = new SnapshotBuilder(plan);
		const at = 30_000;
		const frame = builder.build({
			state: initialSession(plan),
			sites: links(tracker, at),
			now: at,
			wallNow: T0,
			journalError: null,
			screen: [],
			sort: 'plan',
			stats: null,
		});
		const row = frame.sites.find(r => r.id === plan.sites[0]!.id)!;
		expect(row).toMatchObject({state: 'down', rttMs: null, jitterMs: null, lossPct: null, mos: null, p95Ms: null});
		// Nine probe slots passed since the last answer: nine × already, before any reconnect.
		expect(row.history.slice(-9)).toEqual(new Array(9).fill(null));
		expect(row.history.filter(v => v === null)).toHaveLength(9);
		const cells = rowCells(row, tableColumns(120, builder.longestName), plan.thresholds.fair.rttMs);
		expect(cells.main).not.toMatch(/201|0\.0%|4\.\d/);
		expect(cells.main).toMatch(/—/);
		const alert = frame.alerts.find(a => a.kind === 'down')!;
		expect(alertText(alert, strings('en'), builder.nameOf)).toBe(`${plan.sites[0]!.name} is DOWN: connection refused`);
	});
});
