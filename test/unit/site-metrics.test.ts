import {describe, expect, it} from 'vitest';
import {ScrapeWriter, SiteMetrics} from '../../src/hub/site-metrics.js';
import type {LinkSnapshot} from '../../src/model/link/link-stats.js';
import {parseProm} from '../helpers/prom-text.js';

const link = (over: Partial<LinkSnapshot> = {}): LinkSnapshot => ({
	state: 'up',
	grade: 'fair',
	rttMs: {last: 120, p50: 100, p95: 180, max: 200},
	jitterMs: 12.5,
	lossPct: 2,
	mos: 4.1,
	sent: 1234,
	received: 1200,
	availabilityPct: 100,
	lastSeenAt: 0,
	error: null,
	changedAt: 0,
	stalled: 0,
	badFrames: 0,
	lossFrom: 'probes',
	heldLossPct: null,
	probeLossPct: 2,
	udp: 'ok',
	packetLossPct: {up: 0.5, down: 3},
	udpJitterMs: {up: 1, down: 2},
	udpTotals: {upSent: 500, upLost: 3, downSent: 499, downLost: 15, duplicates: 0, reordered: 0},
	...over,
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
		const text = metrics
			.write([
				{id: 'a', link: link()},
				{
					id: 'b"\\',
					link: link({
						state: 'down',
						grade: 'down',
						jitterMs: null,
						mos: null,
						rttMs: null,
						lossPct: null,
						sent: 0,
						received: 0,
						udp: 'blocked',
						packetLossPct: null,
						udpJitterMs: null,
					}),
				},
			])
			.toString();
		expect(text).toContain('diemcau_probes_sent_total{site="a"} 1234\n');
		expect(text).toContain('diemcau_probes_lost_total{site="a"} 34\n');
		expect(text).toContain('diemcau_site_jitter_seconds{site="a"} 0.0125\n');
		expect(text).toContain('diemcau_site_grade{site="a"} 2\n');
		expect(text).toContain('diemcau_site_up{site="b\\"\\\\"} 0\n');
		expect(text).not.toMatch(/diemcau_site_mos\{site="b/);
		expect(text).toContain(
			'diemcau_udp_packets_lost_total{site="a",direction="up"} 3\ndiemcau_udp_packets_lost_total{site="a",direction="down"} 15\n',
		);
		expect(text).toContain('diemcau_site_packet_loss_ratio{site="a",direction="down"} 0.03\n');
		expect(text).toContain('diemcau_site_udp_blocked{site="a"} 0\n');
		expect(text).toContain('diemcau_site_udp_blocked{site="b\\"\\\\"} 1\n');
		expect(text).not.toMatch(/diemcau_site_packet_loss_ratio\{site="b/);
		expect(parseProm(text).problems).toEqual([]);
	});

	it('writes a site up without the evidence for a grade as -1 (measuring), below every grade', () => {
		const metrics = new SiteMetrics(['m']);
		const text = metrics
			.write([{id: 'm', link: link({grade: 'measuring', rttMs: null, jitterMs: null, lossPct: null, mos: null})}])
			.toString();
		expect(text).toContain('diemcau_site_up{site="m"} 1\n');
		expect(text).toContain('diemcau_site_grade{site="m"} -1\n');
		expect(text).not.toMatch(/diemcau_site_mos\{site="m"/);
		expect(parseProm(text).problems).toEqual([]);
	});

	it('never overwrites a scrape still being sent, and reuses one given back', () => {
		const metrics = new SiteMetrics(['a']);
		const first = metrics.write([{id: 'a', link: link({sent: 1111})}]);
		const firstText = first.toString();
		// A slow scraper still reads `first`: the next scrapes must go elsewhere.
		const second = metrics.write([{id: 'a', link: link({sent: 2222})}]);
		expect(first.toString()).toBe(firstText);
		expect(firstText).toContain('diemcau_probes_sent_total{site="a"} 1111\n');
		expect(second.toString()).toContain('diemcau_probes_sent_total{site="a"} 2222\n');
		metrics.release(second);
		const third = metrics.write([{id: 'a', link: link({sent: 3333})}]);
		expect(third.buffer).toBe(second.buffer);
		expect(third.toString()).toContain('diemcau_probes_sent_total{site="a"} 3333\n');
		expect(first.toString()).toBe(firstText);
		// Released twice, or never lent: ignored, so one buffer is never handed to two scrapes.
		metrics.release(second);
		metrics.release(Buffer.from('x'));
		const fourth = metrics.write([{id: 'a', link: link({sent: 4444})}]);
		expect(fourth.buffer).not.toBe(third.buffer);
		expect(third.toString()).toContain('} 3333\n');
	});

	it('writes every value so that Prometheus reads it back as it was, to a nanosecond', () => {
		const values = [
			0,
			1,
			9,
			10,
			99,
			100,
			2147483647,
			2147483648,
			123456789012345,
			1e15,
			2.5e15,
			0.5,
			0.0005,
			0.064,
			4.096,
			0.1 + 0.2,
			1 / 3,
			4.2,
			999999.9999999999,
			0.0000000004,
			0.0000000006,
			12.000000001,
			1e-12,
			1e20,
			-3,
			-0.25,
			NaN,
			Infinity,
			-Infinity,
		];
		// And a sweep of the kinds of figures the hub writes: seconds, ratios, MOS, counts.
		let seed = 7;
		const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
		for (let i = 0; i < 2000; i++) values.push(random() * 10 ** Math.floor(random() * 12 - 5), Math.floor(random() * 1e9));
		const writer = new ScrapeWriter('');
		writer.reset();
		for (const value of values) writer.number(value);
		const lines = writer.bytes().toString('latin1').split('\n');
		expect(lines.pop()).toBe('');
		expect(lines).toHaveLength(values.length);
		values.forEach((value, i) => {
			const line = lines[i]!;
			expect(line).toMatch(/^(-?[0-9]+(\.[0-9]+)?(e[-+][0-9]+)?|NaN|[-+]Inf)$/);
			const back = line === '+Inf' ? Infinity : line === '-Inf' ? -Infinity : Number(line);
			if (Number.isNaN(value)) expect(back).toBeNaN();
			else if (Number.isInteger(value) || !Number.isFinite(value)) expect(back).toBe(value);
			else expect(Math.abs(back - value)).toBeLessThanOrEqual(value < 1e6 ? 1e-9 : Math.abs(value) * 1e-15);
		});
		expect(lines[values.indexOf(0.0005)]).toBe('0.0005');
		expect(lines[values.indexOf(4.2)]).toBe('4.2');
		expect(lines[values.indexOf(0.1 + 0.2)]).toBe('0.3');
		expect(lines[values.indexOf(999999.9999999999)]).toBe('1000000');
		expect(lines[values.indexOf(12.000000001)]).toBe('12.000000001');
	});
});
