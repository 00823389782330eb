import {describe, expect, it} from 'vitest';
import {AlertRules, type MeetingFacts} from '../../src/hub/alert-rules.js';
import {alertDuration} from '../../src/i18n/alert-words.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

const duration = (ms: number) => alertDuration(ms, 'en');
import {parseDuration} from '../../src/model/plan/alert-config.js';
import {wordPlanProblem} from '../../src/i18n/plan-problem-words.js';
import {parsePlan} from '../../src/model/plan/plan.js';

const quiet: MeetingFacts = {speaking: null, overrun: null};
const sites = (n: number) => Array.from({length: n}, (_, i) => ({id: `s${i}`, name: `Xã ${i}`}));
const options = {afterMs: 30_000, remindMs: 600_000, resolved: true};

/** Evaluate every second from `from` to `to` (ms), collecting the notices. */
function run(rules: AlertRules, from: number, to: number, facts: MeetingFacts = quiet) {
	const out = [];
	for (let t = from; t <= to; t += 1000) out.push(...rules.evaluate(t, facts).map(n => ({...n, t})));
	return out;
}

describe('site-down', () => {
	it('fires once after `after`, not at the first lost probe, and resolves once when back', () => {
		const rules = new AlertRules(sites(3), options, 0);
		for (const s of sites(3)) rules.link(s.id, 'up', 'good', 0);
		rules.link('s1', 'down', 'down', 10_000, linkReason('connection-refused', {}));
		expect(run(rules, 10_000, 39_000)).toEqual([]);
		const fired = run(rules, 40_000, 100_000);
		expect(fired).toHaveLength(1);
		expect(fired[0]).toMatchObject({alert: 'site-down', state: 'firing', site: 's1', t: 40_000, reminder: false});
		expect(fired[0]!.message).toBe('Xã 1 (s1) has been down for 30 s: connection refused');
		rules.link('s1', 'up', 'good', 125_000);
		const back = run(rules, 125_000, 200_000);
		expect(back).toEqual([
			expect.objectContaining({alert: 'site-down', state: 'resolved', site: 's1', message: 'Xã 1 (s1) is back after 1 min 55 s down'}),
		]);
	});

	it('a flapping site that never stays down for `after` raises nothing', () => {
		const rules = new AlertRules(sites(3), options, 0);
		let t = 0;
		const out = [];
		for (let cycle = 0; cycle < 20; cycle++) {
			rules.link('s0', 'down', 'down', t);
			out.push(...run(rules, t, t + 25_000));
			t += 25_000;
			rules.link('s0', 'up', 'fair', t);
			out.push(...run(rules, t, t + 3000));
			t += 4000;
		}
		expect(out).toEqual([]);
	});

	it('reminds every `remind` while down, and says nothing on recovery when resolved is false', () => {
		const rules = new AlertRules(sites(2), {afterMs: 30_000, remindMs: 60_000, resolved: false}, 0);
		rules.link('s0', 'down', 'down', 0);
		const out = run(rules, 0, 200_000);
		expect(out.map(n => [n.t, n.reminder])).toEqual([
			[30_000, false],
			[90_000, true],
			[150_000, true],
		]);
		expect(out[1]!.message).toBe('Xã 0 (s0) is still down (1 min 30 s)');
		rules.link('s0', 'up', 'good', 201_000);
		expect(run(rules, 201_000, 300_000)).toEqual([]);
	});
});

describe('storm', () => {
	it('15 of 15 sites down at once: one storm, no site-down, one resolved when they return', () => {
		const rules = new AlertRules(sites(15), options, 0);
		for (let i = 0; i < 15; i++) rules.link(`s${i}`, 'up', 'good', 1000);
		for (let i = 0; i < 15; i++) rules.link(`s${i}`, 'down', 'down', 5000 + i * 300);
		const out = run(rules, 5000, 600_000);
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({alert: 'storm', state: 'firing', site: null});
		expect(out[0]!.message).toMatch(/^15 of 15 sites went down within 10 s: the hub's own line/);
		expect(rules.firingCounts()).toEqual({'site-down': 0, 'speaker-link': 0, 'item-overrun': 0, storm: 1});
		for (let i = 0; i < 15; i++) rules.link(`s${i}`, 'up', 'good', 601_000 + i * 200);
		const back = run(rules, 601_000, 700_000);
		expect(back).toEqual([
			expect.objectContaining({alert: 'storm', state: 'resolved', message: 'the storm is over: 0 of 15 sites still down'}),
		]);
	});

	it('at start-up, most sites not answering make one storm that says they may not be on yet', () => {
		const rules = new AlertRules(sites(40), options, 0);
		for (let i = 0; i < 10; i++) rules.link(`s${i}`, 'up', 'good', 1000);
		for (let i = 10; i < 40; i++) rules.link(`s${i}`, 'down', 'down', 500);
		const out = run(rules, 0, 120_000);
		expect(out.map(n => n.alert)).toEqual(['storm']);
		expect(out[0]!.message).toBe(
			"30 of 40 sites have not answered since the hub started: check the hub's own line (its router or uplink) first, then whether the sites are switched on",
		);
	});

	it('a site still down when the storm ends gets its own `after` before it fires', () => {
		const rules = new AlertRules(sites(10), options, 0);
		for (let i = 0; i < 10; i++) rules.link(`s${i}`, 'down', 'down', 1000);
		expect(run(rules, 1000, 100_000).map(n => n.alert)).toEqual(['storm']);
		for (let i = 0; i < 9; i++) rules.link(`s${i}`, 'up', 'good', 100_500);
		const after = run(rules, 101_000, 200_000);
		expect(after.map(n => [n.alert, n.state, n.site, n.t])).toEqual([
			['storm', 'resolved', null, 101_000],
			['site-down', 'firing', 's9', 131_000],
		]);
	});

	it('sites going down one by one, minutes apart, each alert on their own', () => {
		const rules = new AlertRules(sites(8), options, 0);
		for (let i = 0; i < 5; i++) rules.link(`s${i}`, 'down', 'down', i * 60_000);
		const out = run(rules, 0, 400_000);
		expect(out.map(n => n.alert)).toEqual(['site-down', 'site-down', 'site-down', 'site-down', 'site-down']);
	});

	it('a small plan (3 sites, all down) alerts site by site', () => {
		const rules = new AlertRules(sites(3), options, 0);
		for (let i = 0; i < 3; i++) rules.link(`s${i}`, 'down', 'down', 0);
		expect(run(rules, 0, 60_000).map(n => `${n.alert}:${n.site}`)).toEqual(['site-down:s0', 'site-down:s1', 'site-down:s2']);
	});

	it('a blip of the hub line shorter than `after` raises nothing', () => {
		const rules = new AlertRules(sites(20), options, 0);
		for (let i = 0; i < 20; i++) rules.link(`s${i}`, 'down', 'down', 1000);
		const out = run(rules, 1000, 20_000);
		for (let i = 0; i < 20; i++) rules.link(`s${i}`, 'up', 'good', 20_500);
		out.push(...run(rules, 21_000, 120_000));
		expect(out).toEqual([]);
	});
});

describe('speaker-link and item-overrun', () => {
	it('fires when the speaking site goes poor, resolves when it is fair again or stops speaking', () => {
		const rules = new AlertRules(sites(3), options, 0);
		rules.link('s2', 'up', 'good', 0);
		const speaking = {speaking: 's2', overrun: null};
		expect(rules.evaluate(1000, speaking)).toEqual([]);
		rules.link('s2', 'grade', 'poor', 2000);
		expect(rules.evaluate(2000, speaking)).toEqual([
			expect.objectContaining({alert: 'speaker-link', state: 'firing', site: 's2', message: 'Xã 2 (s2), now speaking, has a poor link'}),
		]);
		expect(rules.evaluate(3000, speaking)).toEqual([]);
		rules.link('s2', 'grade', 'fair', 20_000);
		expect(rules.evaluate(20_000, speaking)).toEqual([
			expect.objectContaining({state: 'resolved', message: 'Xã 2 (s2): its link is fair again'}),
		]);
		rules.link('s2', 'down', 'down', 30_000);
		expect(rules.evaluate(30_000, speaking)[0]!.message).toBe('Xã 2 (s2), now speaking, is down');
		expect(rules.evaluate(31_000, quiet)).toEqual([
			expect.objectContaining({state: 'resolved', message: 'Xã 2 (s2): it is no longer speaking'}),
		]);
	});

	it('holds while the speaking site is back but still measuring: resolved only by a measured grade', () => {
		const rules = new AlertRules(sites(3), options, 0);
		rules.link('s2', 'up', 'measuring', 0);
		const speaking = {speaking: 's2', overrun: null};
		expect(rules.evaluate(1000, speaking)).toEqual([]); // measuring from the start: nothing to say yet
		rules.link('s2', 'measured', 'poor', 2000);
		expect(rules.evaluate(2000, speaking)).toEqual([expect.objectContaining({alert: 'speaker-link', state: 'firing', site: 's2'})]);
		rules.link('s2', 'down', 'down', 3000);
		rules.link('s2', 'up', 'measuring', 8000);
		expect(run(rules, 8000, 20_000, speaking)).toEqual([]); // no evidence the line is better: still firing
		rules.link('s2', 'measured', 'good', 21_000);
		expect(rules.evaluate(21_000, speaking)).toEqual([
			expect.objectContaining({state: 'resolved', message: 'Xã 2 (s2): its link is good again'}),
		]);
	});

	it('an item past its planned length fires once, resolves when the focus moves on', () => {
		const rules = new AlertRules(sites(1), options, 0);
		const over = {speaking: null, overrun: {item: 'report', title: 'Báo cáo', plannedMs: 20 * 60_000}};
		expect(rules.evaluate(0, over)[0]).toMatchObject({
			alert: 'item-overrun',
			state: 'firing',
			site: null,
			message: '"Báo cáo" has run past its planned 20 min',
		});
		expect(run(rules, 1000, 599_000, over)).toEqual([]);
		expect(rules.evaluate(600_000, over)[0]).toMatchObject({reminder: true});
		expect(rules.evaluate(601_000, quiet)).toEqual([expect.objectContaining({alert: 'item-overrun', state: 'resolved'})]);
	});
});

describe('the plan fields', () => {
	it('reads durations as people write them', () => {
		expect(parseDuration('30s')).toBe(30_000);
		expect(parseDuration('10m')).toBe(600_000);
		expect(parseDuration('1h30m')).toBe(5_400_000);
		expect(parseDuration(45)).toBe(45_000);
		expect(parseDuration('0')).toBe(0);
		expect(parseDuration('soon')).toBeNull();
		expect(duration(3_780_000)).toBe('1 h 3 min');
	});

	it('takes alerts and hub.metrics, and says what is wrong with bad ones', () => {
		const base = {
			version: 1,
			session: {title: 'T', date: '2021-11-25', start: '08:00'},
			hub: {id: 'hub', name: 'Hub', metrics: '127.0.0.1:9464'},
			sites: [{id: 'a', name: 'A', endpoint: 'ws://127.0.0.1:1/probe', mode: 'ws-ping'}],
			agenda: [{id: 'x', title: 'X', minutes: 1}],
		};
		const ok = parsePlan({...base, alerts: {after: '45s', command: ['notify', '--to', 'ops'], webhook: 'http://127.0.0.1:9/hook'}});
		expect(ok.ok && ok.plan.alerts).toEqual({
			after: 45_000,
			remind: 600_000,
			resolved: true,
			command: ['notify', '--to', 'ops'],
			webhook: 'http://127.0.0.1:9/hook',
		});
		expect(ok.ok && ok.plan.hub.metrics).toBe('127.0.0.1:9464');
		const bad = parsePlan({...base, hub: {...base.hub, metrics: '9464'}, alerts: {after: 'soon', webhook: 'ftp://x', command: []}});
		expect(bad.ok ? [] : bad.problems.map(problem => wordPlanProblem(problem, 'en'))).toEqual([
			'hub.metrics: must be HOST:PORT like "127.0.0.1:9464" (an IPv6 host in brackets: "[::1]:9464"), not "9464"',
			'alerts.after: must be a duration like "30s", "10m" or "1h" (how long a site must stay down)',
			'alerts.command: must name a program: ["notify-send", "diemcau"]',
			'alerts.webhook: must be an http:// or https:// URL',
		]);
	});
});
