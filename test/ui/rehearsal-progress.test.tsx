import React from 'react';
import {render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {RehearsalProgress} from '../../components/RehearsalProgress.js';
import {themeFor} from '../../components/theme.js';
import {LinkTracker} from '../../src/model/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan.js';
import type {SiteLink} from '../../src/monitor.js';
import type {BandwidthState, RehearsalProgress as Progress} from '../../src/rehearsal.js';

// The live rehearsal view: what the technician sees while it runs.

const options = {window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS};
const theme = themeFor({NO_COLOR: '1'});
let unmount: (() => void) | undefined;
afterEach(() => unmount?.());

function link(id: string, name: string, rtts: (number | null)[], down?: string): SiteLink {
	const tracker = new LinkTracker(options, 0);
	rtts.forEach((rtt, i) => tracker.sample(rtt, (i + 1) * 200));
	if (down) tracker.disconnected(rtts.length * 200 + 1, down);
	return {id, name, mode: 'agent', link: tracker.snapshot(rtts.length * 200 + 1), history: []};
}

const sites = [
	link('good', 'Phường Phổ Hòa', [1, 1, 2, 1]),
	link('slow', 'Xã Phổ Nhơn', [201, 203, 202, 204]),
	link('refused', 'Xã Phổ Cường', [], 'connection refused'),
];

function show(progress: Partial<Progress>, size = {width: 80, height: 24}) {
	const full: Progress = {phase: 'probing', elapsedMs: 15_000, durationMs: 60_000, sites, bandwidth: new Map(), ...progress};
	const instance = render(<RehearsalProgress title="Kỳ họp thứ 4" progress={full} theme={theme} {...size} />);
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
		many.push(link('down', 'Down site', [], 'auth failed'));
		const frame = show({sites: many}, {width: 80, height: 12});
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(12);
		expect(lines[3]).toMatch(/^✖ Down site/);
		expect(frame).toMatch(/… 26 more sites/);
	});
});
