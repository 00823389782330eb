import {describe, expect, it} from 'vitest';
import {linkReason} from '../../src/model/link/link-reasons.js';
import {initialSession} from '../../src/model/meeting/session.js';
import {markAttendance, nextItem, nextSpeaker, toggleItem} from '../../src/model/meeting/intents.js';
import {SnapshotBuilder, type FrameInput} from '../../src/dashboard/snapshot-builder.js';
import {screenAlerts} from '../../src/dashboard/screen-alerts.js';
import {alertText} from '../../components/AlertLine.js';
import {strings} from '../../src/i18n/strings.js';
import {WORST_FIRST, worseFirst} from '../../src/model/link/grade.js';
import {syntheticLinks, type LinkProfile} from '../helpers/synthetic-links.js';
import {apply, fixturePlan, MIN, T0} from '../helpers/session.js';

// The pure snapshot builder, alone: the same input gives the same frame, sorted worst first by
// the one grade order, with the alert line's rules. No store, no timers, no React.

const plan = fixturePlan();
const profile = (id: string): LinkProfile => {
	if (id === 'pho-chau' || id === 'pho-van') return {dead: true};
	if (id === 'pho-hoa') return {rttMs: 200};
	if (id === 'pho-khanh') return {rttMs: 10, jitterMs: 60};
	return {rttMs: 2};
};

function frame(overrides: Partial<FrameInput> = {}) {
	const links = syntheticLinks(plan, profile);
	links.feed(24); // past EVIDENCE.lossProbes: every live site has its grade
	const input: FrameInput = {
		state: initialSession(plan),
		sites: links.sites(),
		now: links.now(),
		wallNow: T0,
		journalError: null,
		screen: [],
		sort: 'worst',
		stats: null,
		...overrides,
	};
	return {builder: new SnapshotBuilder(plan), input, links};
}

describe('one grade order', () => {
	it('ranks down, then never heard from, then measuring, then poor, fair, good', () => {
		expect(WORST_FIRST).toEqual(['down', 'unknown', 'measuring', 'poor', 'fair', 'good']);
		expect(['good', 'measuring', 'unknown', 'fair', 'down', 'poor'].sort((a, b) => worseFirst(a as never, b as never))).toEqual([
			...WORST_FIRST,
		]);
	});
});

describe('snapshot builder', () => {
	it('sorts worst first and counts every grade', () => {
		const {builder, input} = frame();
		const snapshot = builder.build(input);
		expect(
			snapshot.sites
				.slice(0, 2)
				.map(row => row.id)
				.sort(),
		).toEqual(['pho-chau', 'pho-van']);
		expect(snapshot.sites.slice(0, 2).every(row => row.grade === 'down')).toBe(true);
		expect(snapshot.sites.at(-1)!.grade).toBe('good');
		expect(snapshot.counts).toEqual({good: 11, fair: 1, poor: 1, down: 2, unknown: 0, measuring: 0});
		// The other orders: by name (Vietnamese collation) and as the plan lists them.
		expect(builder.build({...input, sort: 'plan'}).sites.map(row => row.id)).toEqual(plan.sites.map(site => site.id));
		const byName = builder.build({...input, sort: 'name'}).sites.map(row => row.name);
		expect(byName).toEqual([...byName].sort(new Intl.Collator('vi').compare));
	});

	it('puts a site never heard from above a poor one', () => {
		const links = syntheticLinks(plan, profile);
		links.feed(24); // past EVIDENCE.lossProbes: every live site has its grade
		const sites = links
			.sites()
			.map(site => (site.id === 'pho-an' ? {...site, link: {...site.link, state: 'unknown' as const, grade: 'down' as const}} : site));
		const {builder, input} = frame({sites});
		const order = builder.build(input).sites.map(row => row.grade);
		expect(order.indexOf('unknown')).toBe(2);
		expect(order.indexOf('poor')).toBe(3);
	});

	it('says how long ago a site answered from the `now` it is given, with no clock of its own', () => {
		const {builder, input} = frame();
		const a = builder.build(input).sites.find(row => row.id === 'pho-an')!.seenAgoMs;
		const b = builder.build({...input, now: input.now + 5000}).sites.find(row => row.id === 'pho-an')!.seenAgoMs;
		expect(a).toBe(0);
		expect(b).toBe(5000);
	});
});

describe('alert rules', () => {
	it('lists every down site, latest first, and says "all clear" (no alert) otherwise', () => {
		const {builder, input} = frame();
		const alerts = builder.build(input).alerts;
		expect(alerts.map(alert => alert.kind)).toEqual(['down', 'down']);
		const healthy = syntheticLinks(plan, () => ({rttMs: 2}));
		healthy.feed(24);
		expect(builder.build({...input, sites: healthy.sites()}).alerts).toEqual([]);
	});

	it("keeps the last frame's link figures and order when asked (an operator's frame), with the meeting's side of every row brought up to date", () => {
		const {builder, input, links} = frame();
		const first = builder.build(input);
		const figures = (rows: typeof first.sites) => rows.map(row => `${row.id} ${row.grade} ${row.rttMs} ${row.lossPct}`);
		const before = figures(first.sites);
		const presentBefore = first.sites.find(row => row.id === 'pho-hoa')!.present;
		// The links change (pho-an dies) and an operator marks pho-hoa's first role present.
		links.kill('pho-an');
		links.feed(6);
		const state = apply(input.state, markAttendance(input.state, 'pho-hoa', 0, 'present'), T0 + MIN);
		const reused = builder.build({...input, state, sites: links.sites(), now: links.now(), reuseLinks: true});
		expect(figures(reused.sites)).toEqual(before);
		expect(reused.counts).toEqual(first.counts);
		expect(reused.sites.find(row => row.id === 'pho-hoa')!.present).toBe(presentBefore + 1);
		expect(reused.seq).toBe(first.seq + 1);
		// The next frame in its slot reads the links again: pho-an is down.
		const fresh = builder.build({...input, state, sites: links.sites(), now: links.now()});
		expect(fresh.sites.find(row => row.id === 'pho-an')!.grade).toBe('down');
		expect(fresh.counts.down).toBe(first.counts.down + 1);
		// A change of sort cannot reuse an order built for another.
		const byPlan = builder.build({...input, state, sites: links.sites(), now: links.now(), sort: 'plan', reuseLinks: true});
		expect(byPlan.sites.map(row => row.id)).toEqual(plan.sites.map(site => site.id));
	});

	it('raises the speaking site once, as the speaker, not also as a down site', () => {
		let state = initialSession(plan);
		state = apply(state, toggleItem(state), T0);
		state = apply(state, nextItem(state), T0 + 10 * MIN);
		state = apply(state, nextItem(state), T0 + 30 * MIN);
		const queue = state.items[state.current]!.speakers!.queue;
		// Call sites until pho-van (dead) holds the floor: the hub's own down list is empty here.
		while (state.items[state.current]!.speakers!.current?.site !== 'pho-van') {
			state = apply(state, nextSpeaker(state, []), T0 + 31 * MIN);
			if (queue.length === 0) break;
		}
		const {builder, input} = frame({state, wallNow: T0 + 32 * MIN});
		const alerts = builder.build(input).alerts;
		expect(alerts[0]).toEqual({kind: 'speaker', site: 'pho-van', grade: 'down'});
		expect(alerts.filter(alert => alert.kind === 'down')).toEqual([
			{kind: 'down', site: 'pho-chau', reason: linkReason('no-answer', {probes: 3})},
		]);
	});

	it('orders a journal failure first, then the screen’s own lines, then links, then an overrun', () => {
		let state = initialSession(plan);
		state = apply(state, toggleItem(state), T0);
		const {builder, input} = frame({
			state,
			wallNow: T0 + 12 * MIN,
			journalError: 'disk full',
			screen: [{kind: 'refused', why: 'no'}, {kind: 'viewer'}],
		});
		const kinds = builder.build(input).alerts.map(alert => alert.kind);
		expect(kinds).toEqual(['journal', 'refused', 'viewer', 'down', 'down', 'overrun']);
	});

	it('a journal failure carried as data is worded in the screen’s language; its English alone is shown in parentheses', () => {
		const agenda = frame().builder.build(frame().input).agenda;
		const why = 'journal write failed: the disk is full (ENOSPC) on /d/j.jsonl';
		const failure = {file: '/d/j.jsonl', errno: 'ENOSPC', error: 'ENOSPC: no space left on device, write'};
		const [alert] = screenAlerts({journalError: why, journalFailure: failure, screen: [], agenda, down: []});
		expect(alert).toEqual({kind: 'journal', why, failure});
		const name = (site: string) => site;
		expect(alertText(alert!, strings('vi'), name)).toBe('không ghi được nhật ký /d/j.jsonl: ổ đĩa đã đầy (ENOSPC)');
		expect(alertText(alert!, strings('en'), name)).toBe(why);
		// From a hub that sends only the English.
		const [old] = screenAlerts({journalError: why, screen: [], agenda, down: []});
		expect(alertText(old!, strings('vi'), name)).toBe(`không ghi được nhật ký (${why})`);
	});

	it('is the same function on its own', () => {
		const agenda = frame().builder.build(frame().input).agenda;
		expect(
			screenAlerts({
				journalError: null,
				screen: [],
				agenda,
				down: [
					{site: 'a', at: 1},
					{site: 'b', at: 2},
				],
			}),
		).toEqual([
			{kind: 'down', site: 'b'},
			{kind: 'down', site: 'a'},
		]);
	});
});
