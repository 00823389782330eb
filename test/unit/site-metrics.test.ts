import {describe, expect, it} from 'vitest';
import {SiteMetrics} from '../../src/hub/site-metrics.js';
import type {LinkSnapshot} from '../../src/model/link-stats.js';
import {parseProm} from '../helpers/prom-text.js';

const link = (over: Partial<LinkSnapshot> = {}): LinkSnapshot => ({
	state: 'up', grade: 'fair', rttMs: {last: 120, p50: 100, p95: 180, max: 200}, jitterMs: 12.5, lossPct: 2, mos: 4.1, sent: 1234, received: 1200,
	availabilityPct: 100, lastSeenAt: 0, error: null, changedAt: 0, stalled: 0, badFrames: 0, lossFrom: 'probes', probeLossPct: 2, udp: 'ok',
	packetLossPct: {up: 0.5, down: 3}, udpJitterMs: {up: 1, down: 2}, udpTotals: {upSent: 500, upLost: 3, downSent: 499, downLost: 15, duplicates: 0, reordered: 0}, ...over,
});

describe('SiteMetrics', () => {
	it('puts an RTT on its bucket bound into that bucket, and a huge one into +Inf only', () => {
		const metrics = new SiteMetrics(['a']);
		for (const seconds of [0.0001, 0.0005, 0.00051, 0.064, 10]) metrics.observe('a', seconds);
		metrics.observe('nobody', 1);
		const parsed = parseProm(metrics.write([{id: 'a', link: link()}]).toString());
		const bucket = (le: string) => parsed.samples.find(s => s.name === 'diemcau_probe_rtt_seconds_bucket' && s.labels.le === le)!.value;
		expect(bucket('0.0005')).toBe(2);
		expect(bucket('0.001')).toBe(3);
		expect(bucket('0.032')).toBe(3);
		expect(bucket('0.064')).toBe(4);
		expect(bucket('4.096')).toBe(4);
		expect(bucket('+Inf')).toBe(5);
		expect(parsed.samples.find(s => s.name === 'diemcau_probe_rtt_seconds_sum')!.value).toBeCloseTo(10.06511, 5);
	});

	it('writes whole and fractional values exactly, leaves out what is not known, escapes labels', () => {
		const metrics = new SiteMetrics(['a', 'b"\\']);
		const text = metrics.write([
			{id: 'a', link: link()},
			{id: 'b"\\', link: link({state: 'down', grade: 'down', jitterMs: null, mos: null, rttMs: null, lossPct: null, sent: 0, received: 0, udp: 'blocked', packetLossPct: null, udpJitterMs: null})},
		]).toString();
		expect(text).toContain('diemcau_probes_sent_total{site="a"} 1234\n');
		expect(text).toContain('diemcau_probes_lost_total{site="a"} 34\n');
		expect(text).toContain('diemcau_site_jitter_seconds{site="a"} 0.0125\n');
		expect(text).toContain('diemcau_site_grade{site="a"} 2\n');
		expect(text).toContain('diemcau_site_up{site="b\\"\\\\"} 0\n');
		expect(text).not.toMatch(/diemcau_site_mos\{site="b/);
		expect(text).toContain('diemcau_udp_packets_lost_total{site="a",direction="up"} 3\ndiemcau_udp_packets_lost_total{site="a",direction="down"} 15\n');
		expect(text).toContain('diemcau_site_packet_loss_ratio{site="a",direction="down"} 0.03\n');
		expect(text).toContain('diemcau_site_udp_blocked{site="a"} 0\n');
		expect(text).toContain('diemcau_site_udp_blocked{site="b\\"\\\\"} 1\n');
		expect(text).not.toMatch(/diemcau_site_packet_loss_ratio\{site="b/);
		expect(parseProm(text).problems).toEqual([]);
	});
});
