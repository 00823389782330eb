import {describe, expect, it} from 'vitest';
import {parseStateMessage, type ConsoleLink, type StateMessage} from '../../probes/console-protocol.js';
import {markAttendance, nextItem, nextSpeaker, toggleItem} from '../../src/model/meeting/intents.js';
import {initialSession, reduceSession, SITE_ORIGIN, type SessionState} from '../../src/model/meeting/session.js';
import {decideCheckin, siteConsoleView, STALE_AFTER_MS, type ConsoleInput} from '../../src/model/meeting/site-console.js';
import {siteStateFor} from '../../src/model/meeting/site-state.js';
import {apply, fixturePlan, MIN, SEC, T0} from '../helpers/session.js';
import {consoleLink} from '../../src/hub/site-consoles.js';
import {LinkTracker} from '../../src/model/link/link-stats.js';
import {DEFAULT_THRESHOLDS} from '../../src/model/plan/plan.js';

// The site console's model, end to end in pure code: the hub's meeting → the `state` it would
// send Xã Phổ An (validated as the agent would) → what Phổ An's screen shows, at any `now`.

const LINK: ConsoleLink = {grade: 'good', rttMs: 42, lossPct: {up: 0, down: 1.2}, probeLossPct: 0, lastHeardMs: 400, udp: 'ok'};
const D = T0 + 30 * MIN; // the discussion item starts
const SITE = {id: 'pho-an', name: 'Xã Phổ An'};

function discussion(): SessionState {
	let state = initialSession(fixturePlan());
	state = apply(state, toggleItem(state), T0);
	state = apply(state, nextItem(state), T0 + 10 * MIN);
	return apply(state, nextItem(state), D);
}

/** What the hub sends pho-an at `at`, through the validator as the agent receives it. */
function sent(session: SessionState, at: number, link = LINK): StateMessage {
	const parsed = parseStateMessage(JSON.parse(JSON.stringify(siteStateFor(session, 'pho-an', link, 1, at))));
	if (!parsed.ok) throw new Error(parsed.reason);
	return parsed.message;
}

/** The console's view: the state arrived at console time 1000, seen at 1000 + `later`. */
function view(state: StateMessage | null, later = 0, over: Partial<ConsoleInput> = {}) {
	return siteConsoleView({
		site: SITE,
		connection: {state: 'connected', since: 0, hub: '10.0.0.1:7700'},
		state,
		receivedAt: state ? 1000 : null,
		pending: [],
		now: 1000 + later,
		...over,
	});
}

describe('the state the hub sends one site', () => {
	it('carries only this site: its link, the item in focus, its place in the queue, its own roster', () => {
		const message = siteStateFor(discussion(), 'pho-an', LINK, 3, D + 90 * SEC);
		expect(message).toMatchObject({
			type: 'state',
			seq: 3,
			name: 'Xã Phổ An', // the agent knows only its id: the console shows the plan's name
			session: {started: true, ended: false},
			link: LINK,
			item: {index: 2, count: 5, status: 'running', elapsedMs: 90 * SEC, plannedMs: 100 * MIN},
			speakers: {budgetMs: 6 * MIN, queueLength: 15, ahead: 8, spoke: false, speaking: null},
		});
		expect(message.roster).toHaveLength(7);
		expect(message.roster[0]).toEqual({role: 'Chủ tịch HĐND', status: null});
		expect(JSON.stringify(message)).not.toContain('Phổ Châu'); // no other site's people or names
		expect(JSON.stringify(message).length).toBeLessThan(1500); // small: once a second to every open console
	});

	it('the speaker on the floor is named; pho-an moves up as sites speak', () => {
		let session = discussion();
		session = apply(session, nextSpeaker(session, []), D);
		const message = siteStateFor(session, 'pho-an', LINK, 4, D + 39 * SEC);
		expect(message.speakers).toEqual({
			budgetMs: 6 * MIN,
			queueLength: 14,
			ahead: 7,
			spoke: false,
			speaking: {site: 'nguyen-nghiem', name: 'Phường Nguyễn Nghiêm', elapsedMs: 39 * SEC, running: true},
		});
	});
});

describe('the site console view', () => {
	it('a running item’s timer moves on from the moment its state arrived (durations only, no clocks)', () => {
		const state = sent(discussion(), D + 90 * SEC);
		expect(view(state).item).toMatchObject({index: 2, count: 5, elapsedMs: 90 * SEC, remainingMs: 100 * MIN - 90 * SEC, phase: 'running'});
		expect(view(state, 2 * SEC).item).toMatchObject({elapsedMs: 92 * SEC});
		expect(view(state, 2 * SEC).link).toMatchObject({grade: 'good', rttMs: 42, lossUpPct: 0, lossDownPct: 1.2, lastHeardMs: 2400});
	});

	it('queued: how many sites speak before this one, and who is on the floor', () => {
		let session = discussion();
		session = apply(session, nextSpeaker(session, []), D);
		expect(view(sent(session, D + 39 * SEC)).turn).toEqual({kind: 'queued', ahead: 7, speakerName: 'Phường Nguyễn Nghiêm'});
	});

	it('speaking: its own countdown against the budget, warning, then over time', () => {
		let session = discussion();
		for (let turn = 0; turn < 9; turn++) session = apply(session, nextSpeaker(session, []), D + turn * 6 * MIN);
		const start = D + 8 * 6 * MIN;
		const state = sent(session, start + 2 * MIN);
		expect(view(state).turn).toEqual({
			kind: 'speaking',
			elapsedMs: 2 * MIN,
			budgetMs: 6 * MIN,
			remainingMs: 4 * MIN,
			over: false,
			warning: false,
			paused: false,
		});
		expect(view(state, 3 * MIN).turn).toMatchObject({remainingMs: MIN, warning: true, over: false});
		expect(view(state, 4 * MIN + 32 * SEC).turn).toMatchObject({remainingMs: -32 * SEC, over: true});
	});

	it('after its turn: not queued, and it knows it spoke; before any queue: nothing to say', async () => {
		let session = discussion();
		for (let turn = 0; turn < 10; turn++) session = apply(session, nextSpeaker(session, []), D + turn * 6 * MIN);
		expect(view(sent(session, D + 61 * MIN)).turn).toEqual({kind: 'not-queued', spoke: true, speakerName: 'Xã Phổ Châu'});
		let opening = initialSession(fixturePlan());
		opening = apply(opening, toggleItem(opening), T0);
		expect(view(sent(opening, T0 + MIN)).turn).toEqual({kind: 'none'}); // the opening has no speaker queue
	});

	it('a paused item: timers hold still however late the console looks', () => {
		let session = discussion();
		session = apply(session, toggleItem(session), D + 5 * MIN); // pause
		const state = sent(session, D + 6 * MIN);
		expect(view(state, 10 * MIN).item).toMatchObject({elapsedMs: 5 * MIN, phase: 'paused'});
	});

	it('not live: connected but no state for a while, or the connection lost (grade unknown)', () => {
		const state = sent(discussion(), D);
		expect(view(state, STALE_AFTER_MS).stale).toBe(false);
		expect(view(state, STALE_AFTER_MS + 1).stale).toBe(true);
		expect(view(null).stale).toBe(true);
		const lost = view(state, 500, {connection: {state: 'lost', since: 1200}});
		expect(lost.connection).toEqual({state: 'lost', forMs: 300, hub: null});
		expect(lost.link!.grade).toBe('unknown');
	});

	it('roll call: the hub’s marks, a sent mark pending until the hub shows it, counts', () => {
		let session = discussion();
		session = apply(session, markAttendance(session, 'pho-an', 1, 'absent', 'ốm'), D);
		const state = sent(session, D);
		const pending = [
			{id: 'c1', role: 0, status: 'present' as const},
			{id: 'c2', role: 1, status: 'absent' as const, reason: 'ốm'},
		];
		const shown = view(state, 0, {pending});
		expect(shown.roll.slice(0, 2)).toEqual([
			{role: 0, name: 'Chủ tịch HĐND', status: null, pending: 'present'},
			{role: 1, name: 'Phó Chủ tịch HĐND', status: 'absent', reason: 'ốm', by: 'hub', pending: null}, // the hub shows it already
		]);
		expect(shown.counts).toEqual({present: 0, late: 0, absent: 1, unmarked: 6, total: 7});
	});

	it('who marked: the site’s console (its event journalled by "site") or the hub (any screen, or a journal from before the console)', () => {
		let session = discussion();
		session = reduceSession(session, {
			type: 'attendance-marked',
			site: 'pho-an',
			role: 0,
			status: 'present',
			seq: session.seq + 1,
			at: D,
			by: SITE_ORIGIN,
		});
		session = reduceSession(session, {
			type: 'attendance-marked',
			site: 'pho-an',
			role: 1,
			status: 'late',
			seq: session.seq + 1,
			at: D,
			by: 'attach-1',
		});
		session = reduceSession(session, {type: 'attendance-marked', site: 'pho-an', role: 2, status: 'present', seq: session.seq + 1, at: D});
		expect(session.attendance['pho-an']!.slice(0, 3)).toEqual([
			{status: 'present', at: D, by: 'site'},
			{status: 'late', at: D},
			{status: 'present', at: D},
		]);
		expect(
			sent(session, D)
				.roster.slice(0, 3)
				.map(entry => entry.by),
		).toEqual(['site', 'hub', 'hub']);
		// The operator's override of a site's mark is the hub's.
		session = reduceSession(session, {
			type: 'attendance-marked',
			site: 'pho-an',
			role: 0,
			status: 'late',
			seq: session.seq + 1,
			at: D,
			by: 'local',
		});
		expect(sent(session, D).roster[0]).toEqual({role: 'Chủ tịch HĐND', status: 'late', by: 'hub'});
	});
});

describe('decideCheckin', () => {
	const state = sent(discussion(), D);
	it('sends a mark of its own roster; an absence keeps its reason, trimmed', () => {
		expect(decideCheckin(view(state), {type: 'checkin', role: 0, status: 'present'})).toEqual({
			ok: true,
			intent: {type: 'checkin', role: 0, status: 'present'},
		});
		expect(decideCheckin(view(state), {type: 'checkin', role: 6, status: 'absent', reason: '  đi công tác '})).toEqual({
			ok: true,
			intent: {type: 'checkin', role: 6, status: 'absent', reason: 'đi công tác'},
		});
	});

	it('refuses what the hub could not take, and what is already so', () => {
		expect(decideCheckin(view(state, 0, {connection: {state: 'waiting', since: 0}}), {type: 'checkin', role: 0, status: 'late'})).toEqual({
			ok: false,
			refusal: 'not-connected',
		});
		expect(decideCheckin(view(state), {type: 'checkin', role: 7, status: 'late'})).toEqual({ok: false, refusal: 'no-role'});
		expect(
			decideCheckin(view(state, 0, {pending: [{id: 'c1', role: 0, status: 'late'}]}), {type: 'checkin', role: 0, status: 'late'}),
		).toEqual({ok: false, refusal: 'waiting'});
		let session = discussion();
		session = apply(session, markAttendance(session, 'pho-an', 0, 'late'), D);
		expect(decideCheckin(view(sent(session, D)), {type: 'checkin', role: 0, status: 'late'})).toEqual({ok: false, refusal: 'already'});
		expect(decideCheckin(view(sent(session, D)), {type: 'checkin', role: 0, status: 'present'}).ok).toBe(true); // changing it is fine
	});
});

describe('the link a console is sent (the hub’s prober snapshot, as the console shows it)', () => {
	const tracker = () => new LinkTracker({window: 60, downAfter: 3, upAfter: 2, thresholds: DEFAULT_THRESHOLDS, intervalMs: 1000}, 0);

	it('before any answer: unknown, nothing measured, never heard', () => {
		expect(consoleLink(tracker().snapshot(500), 500)).toEqual({
			grade: 'unknown',
			rttMs: null,
			lossPct: {up: null, down: null},
			probeLossPct: null,
			lastHeardMs: null,
			udp: 'off',
		});
	});

	it('answered: the grade, the last RTT, lost probes, how long ago the hub heard it (UDP still waiting reads off)', () => {
		const link = tracker();
		for (let i = 0; i < 20; i++) link.sample(40 + i, 1000 * (i + 1));
		const sent = consoleLink(link.snapshot(22_500), 22_500);
		expect(sent).toEqual({grade: 'good', rttMs: 59, lossPct: {up: null, down: null}, probeLossPct: 0, lastHeardMs: 2500, udp: 'off'});
		link.sample(null, 23_000); // a lost probe: no last RTT now, lost probes counted, last heard unchanged
		expect(consoleLink(link.snapshot(23_500), 23_500)).toMatchObject({rttMs: null, lastHeardMs: 3500, probeLossPct: expect.any(Number)});
		expect(consoleLink(link.snapshot(23_500), 23_500).probeLossPct).toBeGreaterThan(0);
		expect(parseStateMessage(JSON.parse(JSON.stringify(siteStateFor(discussion(), 'pho-an', sent, 1, D)))).ok).toBe(true); // the console takes it as sent
	});
});

describe('the console keeps time with the hub', () => {
	it('redraws when its item timer turns a second, so it never shows a second behind the hub', async () => {
		const {nextRedrawMs} = await import('../../src/commands/site-console-screen.js');
		// The hub sent its state 400 ms into a second of the item; 300 ms later the console reads 0:00.7.
		const at = D + 400;
		const shown = view(sent(discussion(), at), 300);
		expect(shown.item?.elapsedMs).toBe(700);
		// The next second turns 300 ms on: the console redraws then (a few ms after), not a second later.
		const wait = nextRedrawMs(shown);
		expect(wait).toBeGreaterThanOrEqual(300);
		expect(wait).toBeLessThan(320);
		const then = view(sent(discussion(), at), 300 + wait);
		expect(Math.floor(then.item!.elapsedMs / 1000)).toBe(Math.floor((at + 300 + wait - D) / 1000));
		// Nothing running: once a second is enough.
		expect(nextRedrawMs(view(null))).toBeGreaterThanOrEqual(1000);
	});
});
