// Scrape cost of /metrics at N sites: the real HubMetrics over real LinkTrackers (synthetic samples,
// no sockets) and a real Meeting state; the RTT histogram fed 60 samples per site first.
// Run alone: node --import tsx test/bench/metrics-scrape.ts [SITES] (prints one JSON line)
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import type {ProbeEvent} from '../../probes/prober.js';
import {HubMetrics} from '../../src/hub/metrics.js';
import {initialSession} from '../../src/model/session.js';
import {bigPlan} from '../helpers/big-plan.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {quantile} from './lib.js';

/** Median and p95 of `rounds` scrapes at `count` sites, and the exposition's size. */
export async function benchScrape(count: number, rounds = 50): Promise<{sites: number; lines: number; bytes: number; medianMs: number; p95Ms: number; maxMs: number}> {
	const plan = bigPlan(count);
	const links = syntheticLinks(plan, (_id, i) => (i % 10 === 9 ? {dead: true} : {rttMs: 5 + (i % 40), jitterMs: i % 7, lossEvery: i % 3 === 0 ? 25 : undefined}));
	links.feed(60);
	const listeners = new Set<(event: ProbeEvent) => void>();
	const state = initialSession(plan);
	const metrics = new HubMetrics({
		hubId: plan.hub.id,
		links: {sites: () => links.sites(), prober: {stats: () => ({probesSent: count * 60, loopDelayP99Ms: 1, sendLateP99Ms: 0.5})}, onProbe: l => (listeners.add(l), () => listeners.delete(l))},
		meeting: {state, now: () => Date.now()},
		udp: () => ({up: {sent: 300, lost: 3}, down: {sent: 300, lost: 1}}),
		alerts: () => ({firing: {'site-down': 2}, hookFailures: 0}),
	});
	metrics.start();
	for (let round = 0; round < 60; round++) {
		for (const site of plan.sites) {
			const event: ProbeEvent = {type: 'sample', site: site.id, at: round * 1000, seq: round, rttMs: 3 + ((round * 7) % 90), stalled: false};
			for (const listener of listeners) listener(event);
		}
	}
	const times: number[] = [];
	let text = '';
	for (let i = 0; i < rounds + 5; i++) {
		const t0 = performance.now();
		text = await metrics.text();
		if (i >= 5) times.push(performance.now() - t0);
	}
	metrics.stop();
	const r = (v: number) => Number(v.toFixed(2));
	return {sites: count, lines: text.split('\n').length, bytes: text.length, medianMs: r(quantile(times, 0.5)), p95Ms: r(quantile(times, 0.95)), maxMs: r(Math.max(...times))};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	console.log(JSON.stringify(await benchScrape(Number(process.argv[2] ?? 2000))));
}
