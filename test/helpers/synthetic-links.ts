import {LinkTracker} from '../../src/model/link/link-stats.js';
import type {Plan} from '../../src/model/plan/plan.js';
import type {LinkSource} from '../../src/dashboard/store.js';
import type {SiteLink} from '../../src/hub/monitor.js';

/** How a synthetic link behaves: fixed RTT, share of lost probes, or dead. */
export interface LinkProfile {
	rttMs?: number;
	jitterMs?: number;
	lossEvery?: number;
	dead?: boolean;
}

/**
 * Links driven through LINK's real LinkTracker with synthetic samples (no sockets): `feed(n)`
 * probes every site n more times. The clock is a counter, so the grades never depend on timing.
 */
export function syntheticLinks(plan: Plan, profileOf: (id: string, index: number) => LinkProfile) {
	let now = 0;
	const options = {window: plan.probe.window, downAfter: plan.probe.downAfter, upAfter: plan.probe.upAfter, thresholds: plan.thresholds};
	const entries = plan.sites.map((site, index) => ({
		site,
		profile: profileOf(site.id, index),
		tracker: new LinkTracker(options, 0),
		count: 0,
	}));
	const sampleListeners = new Set<() => void>();
	const source: LinkSource & {feed(n: number): void; now(): number; kill(id: string): void} = {
		sites: (at = now): SiteLink[] =>
			entries.map(({site, tracker}) => ({
				id: site.id,
				name: site.name,
				mode: site.mode,
				link: tracker.snapshot(at),
				get history() {
					return tracker.history().rttMs;
				},
			})),
		onSample(listener) {
			sampleListeners.add(listener);
			return () => sampleListeners.delete(listener);
		},
		onChange() {
			return () => undefined;
		},
		feed(n: number) {
			for (let i = 0; i < n; i++) {
				now += 1000;
				for (const entry of entries) {
					const {profile} = entry;
					entry.count++;
					const lost = profile.dead || (profile.lossEvery !== undefined && entry.count % profile.lossEvery === 0);
					const rtt = (profile.rttMs ?? 1) + (profile.jitterMs ? (entry.count % 2) * profile.jitterMs * 2 : 0);
					entry.tracker.sample(lost ? null : rtt, now);
				}
			}
			for (const listener of sampleListeners) listener();
		},
		now: () => now,
		/** From now on the site answers nothing. */
		kill(id: string) {
			for (const entry of entries) if (entry.site.id === id) entry.profile = {dead: true};
		},
	};
	return source;
}
