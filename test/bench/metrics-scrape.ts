// Scrape cost of /metrics at N sites: the real HubMetrics over real LinkTrackers (synthetic samples,
// no sockets) and a real Meeting state; the RTT histogram fed 60 samples per site first.
// Run alone: node --import tsx test/bench/metrics-scrape.ts [SITES] (prints one JSON line)
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {Counter, Gauge, Histogram, Registry} from 'prom-client';
import type {ProbeEvent} from '../../probes/prober.js';
import {GRADE_VALUE, HubMetrics, RTT_BUCKETS} from '../../src/hub/metrics.js';
import {initialSession} from '../../src/model/meeting/session.js';
import {bigPlan} from '../helpers/big-plan.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {quantile} from './lib.js';

type Scrape = {sites: number; lines: number; bytes: number; medianMs: number; p95Ms: number; maxMs: number; cpuMedianMs: number};

/** Median and p95 of `rounds` scrapes at `count` sites, and the exposition's size; `generic` = the same per-site families through prom-client's own metric classes (the baseline). */
export async function benchScrape(count: number, rounds = 50, generic = false): Promise<Scrape> {
	return generic ? genericScrape(count, rounds) : hubScrape(count, rounds);
}

async function hubScrape(count: number, rounds: number): Promise<Scrape> {
	const plan = bigPlan(count);
	const links = syntheticLinks(plan, (_id, i) =>
		i % 10 === 9 ? {dead: true} : {rttMs: 5 + (i % 40), jitterMs: i % 7, lossEvery: i % 3 === 0 ? 25 : undefined},
	);
	links.feed(60);
	const listeners = new Set<(event: ProbeEvent) => void>();
	const udp = {
		udp: 'ok' as const,
		udpTotals: {upSent: 3000, upLost: 12, downSent: 3000, downLost: 31, duplicates: 0, reordered: 0},
		packetLossPct: {up: 0.4, down: 1},
		udpJitterMs: {up: 1.5, down: 2.25},
	};
	const state = initialSession(plan);
	const metrics = new HubMetrics({
		hubId: plan.hub.id,
		// Every site with a UDP stream, as with agents on the UDP-capable protocol (the copy costs a
		// little more than the Monitor would). Not `...row`: that would call each row's lazy
		// sparkline getter, which the Monitor's rows never do for a scrape (~7 ms at 2,000 sites).
		links: {
			sites: () => links.sites().map(row => ({id: row.id, link: {...row.link, ...udp}})),
			prober: {stats: () => ({probesSent: count * 60, loopDelayP99Ms: 1, sendLateP99Ms: 0.5, udpReceiveDrops: 0})},
			onProbe: l => (listeners.add(l), () => listeners.delete(l)),
		},
		meeting: {state, now: () => Date.now()},
		alerts: () => ({firing: {'site-down': 2}, hookFailures: 0}),
	});
	metrics.start();
	for (let round = 0; round < 60; round++) {
		for (const site of plan.sites) {
			const event: ProbeEvent = {
				type: 'sample',
				site: site.id,
				at: round * 1000,
				seq: round,
				rttMs: 3 + ((round * 7) % 90),
				stalled: false,
			};
			for (const listener of listeners) listener(event);
		}
	}
	const times: number[] = [];
	const cpu: number[] = [];
	let bytes: Buffer = Buffer.alloc(0);
	for (let i = 0; i < rounds + 5; i++) {
		const t0 = performance.now();
		const c0 = process.cpuUsage();
		if (bytes.length > 0) metrics.release(bytes);
		bytes = await metrics.exposition();
		const c = process.cpuUsage(c0);
		if (i >= 5) {
			times.push(performance.now() - t0);
			cpu.push((c.user + c.system) / 1000);
		}
	}
	metrics.stop();
	const r = (v: number) => Number(v.toFixed(2));
	const text = bytes.toString('latin1');
	return {
		sites: count,
		lines: text.split('\n').length,
		bytes: text.length,
		medianMs: r(quantile(times, 0.5)),
		p95Ms: r(quantile(times, 0.95)),
		maxMs: r(Math.max(...times)),
		cpuMedianMs: r(quantile(cpu, 0.5)),
	};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const count = Number(process.argv[2] ?? 2000);
	console.log(JSON.stringify({hub: await benchScrape(count), promClientGeneric: await benchScrape(count, 20, true)}));
}

// The baseline: every per-site family as a prom-client Gauge/Counter/Histogram, set from the
// trackers at scrape time as a collect() would, then prom-client's serialiser.
async function genericScrape(count: number, rounds: number): Promise<Scrape> {
	const plan = bigPlan(count);
	const links = syntheticLinks(plan, (_id, i) =>
		i % 10 === 9 ? {dead: true} : {rttMs: 5 + (i % 40), jitterMs: i % 7, lossEvery: i % 3 === 0 ? 25 : undefined},
	);
	links.feed(60);
	const registry = new Registry();
	const registers = [registry];
	const gauges = ['up', 'grade', 'jitter_seconds', 'mos', 'loss_ratio', 'rtt_p95_seconds'].map(
		n => new Gauge({name: `diemcau_site_${n}`, help: n, labelNames: ['site'], registers}),
	);
	const sent = new Counter({name: 'diemcau_probes_sent_total', help: 'x', labelNames: ['site'], registers});
	const lost = new Counter({name: 'diemcau_probes_lost_total', help: 'x', labelNames: ['site'], registers});
	const udpSent = new Counter({name: 'diemcau_udp_packets_sent_total', help: 'x', labelNames: ['site', 'direction'], registers});
	const udpLost = new Counter({name: 'diemcau_udp_packets_lost_total', help: 'x', labelNames: ['site', 'direction'], registers});
	const rtt = new Histogram({name: 'diemcau_probe_rtt_seconds', help: 'x', labelNames: ['site'], buckets: [...RTT_BUCKETS], registers});
	for (let round = 0; round < 60; round++) for (const site of plan.sites) rtt.observe({site: site.id}, (3 + ((round * 7) % 90)) / 1000);
	const times: number[] = [];
	const cpu: number[] = [];
	let text = '';
	for (let i = 0; i < rounds + 3; i++) {
		const t0 = performance.now();
		const c0 = process.cpuUsage();
		for (const g of gauges) g.reset();
		sent.reset();
		lost.reset();
		for (const {id, link} of links.sites()) {
			gauges[0]!.set({site: id}, link.state === 'up' ? 1 : 0);
			gauges[1]!.set({site: id}, GRADE_VALUE[link.grade]);
			if (link.jitterMs !== null) gauges[2]!.set({site: id}, link.jitterMs / 1000);
			if (link.mos !== null) gauges[3]!.set({site: id}, link.mos);
			if (link.lossPct !== null) gauges[4]!.set({site: id}, link.lossPct / 100);
			if (link.rttMs) gauges[5]!.set({site: id}, link.rttMs.p95 / 1000);
			sent.inc({site: id}, link.sent);
			lost.inc({site: id}, link.sent - link.received);
			for (const direction of ['up', 'down']) {
				udpSent.inc({site: id, direction}, 0);
				udpLost.inc({site: id, direction}, 0);
			}
		}
		text = await registry.metrics();
		const c = process.cpuUsage(c0);
		if (i >= 3) {
			times.push(performance.now() - t0);
			cpu.push((c.user + c.system) / 1000);
		}
	}
	const r = (v: number) => Number(v.toFixed(2));
	return {
		sites: count,
		lines: text.split('\n').length,
		bytes: text.length,
		medianMs: r(quantile(times, 0.5)),
		p95Ms: r(quantile(times, 0.95)),
		maxMs: r(Math.max(...times)),
		cpuMedianMs: r(quantile(cpu, 0.5)),
	};
}
