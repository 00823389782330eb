import {describe, expect, it} from 'vitest';
import {initialSession, reduceSession, replaySession, type SessionEvent, type SessionState} from '../../src/model/meeting/session.js';
import {decide} from '../../src/model/meeting/intents.js';
import {itemTiming, projection} from '../../src/model/meeting/session-view.js';
import {formatEvent, parseEvent} from '../../src/hub/journal-format.js';
import {prng, randomFacts, randomIntent} from '../helpers/random-intents.js';
import {fixturePlan, T0} from '../helpers/session.js';
import {wordRefusal} from '../../src/i18n/refusal-words.js';

// Property: for random sequences of intents (seeded, so a failure names its seed), replaying
// any prefix of the journal lines gives exactly the state that was built step by step, and the
// states along the way keep the invariants the screen relies on.

const RUNS = 200;
const STEPS = 90;

function checkInvariants(state: SessionState, now: number): void {
	const running = state.items.filter(item => item.status === 'running' || item.status === 'paused');
	expect(running.length).toBeLessThanOrEqual(1);
	if (running.length === 1) expect(state.items.indexOf(running[0]!)).toBe(state.current);
	state.items.forEach((item, index) => {
		if (index < state.current) expect(['ended', 'skipped']).toContain(item.status);
		if (index > state.current) expect(['pending', 'skipped']).toContain(item.status);
		expect(item.plannedMs).toBeGreaterThanOrEqual(60_000);
		expect(itemTiming(state, index, now).elapsedMs).toBeGreaterThanOrEqual(0);
		const speakers = item.speakers;
		if (speakers) {
			expect(new Set(speakers.queue).size).toBe(speakers.queue.length);
			if (speakers.current) {
				expect(speakers.queue).not.toContain(speakers.current.site);
				expect(index).toBe(state.current);
				expect(speakers.current.runningSince === null).toBe(item.status !== 'running');
			}
		}
	});
	if (state.endedAt !== null) expect(projection(state, now).projectedEnd).toBe(state.endedAt);
}

describe('replay equals the state built step by step', () => {
	const plan = fixturePlan();

	it(`holds for ${RUNS} random meetings of ${STEPS} intents`, () => {
		let accepted = 0;
		let refused = 0;
		for (let run = 0; run < RUNS; run++) {
			const rand = prng(run + 1);
			let state = initialSession(plan);
			let at = T0 - 10 * 60_000;
			const events: SessionEvent[] = [];
			const snapshots: SessionState[] = [state];
			for (let step = 0; step < STEPS; step++) {
				at += Math.floor(rand() * 120_000);
				// Link transitions arrive between operator actions, often several in a row.
				if (rand() < 0.3) {
					const sites = state.plan.sites.map(site => site.id);
					for (let k = 1 + Math.floor(rand() * 3); k > 0; k--) {
						const grade = (['good', 'fair', 'poor', 'down'] as const)[Math.floor(rand() * 4)]!;
						const site = sites[Math.floor(rand() * sites.length)]!;
						const type = grade === 'down' ? 'link-down' : 'link-grade';
						const event = {type, site, grade, previous: 'good', seq: state.seq + 1, at} as SessionEvent;
						events.push(event);
						state = reduceSession(state, event);
						snapshots.push(structuredClone(state));
					}
				}
				const before = state;
				const result = decide(state, randomIntent(state, rand), randomFacts(state, rand));
				if (!result.ok) {
					refused++;
					expect(wordRefusal(result.refusal, 'en'), `seed ${run + 1}`).toMatch(/\w/);
					continue;
				}
				accepted++;
				for (const body of result.events) {
					const event = {...body, seq: state.seq + 1, at} as SessionEvent;
					events.push(event);
					state = reduceSession(state, event);
					snapshots.push(structuredClone(state));
				}
				expect(before).toEqual(snapshots[snapshots.length - 1 - result.events.length]); // the fold never mutates
				checkInvariants(state, at + 30_000);
			}
			const lines = events.map(formatEvent);
			const parsed = lines.map(line => parseEvent(line) as SessionEvent);
			expect(parsed, `seed ${run + 1}`).toEqual(events);
			let replayed = initialSession(plan);
			for (let k = 0; k <= parsed.length; k++) {
				if (k > 0) replayed = reduceSession(replayed, parsed[k - 1]!);
				expect(replayed, `seed ${run + 1}, prefix ${k}`).toEqual(snapshots[k]);
			}
			expect(replaySession(initialSession(plan), parsed)).toEqual(state);
			// Folding in batches (as the Meeting does after each journal write) gives the same state
			// and never changes the state it starts from.
			const cut = Math.floor(rand() * (parsed.length + 1));
			const head = replaySession(initialSession(plan), parsed.slice(0, cut));
			const headCopy = structuredClone(head);
			expect(replaySession(head, parsed.slice(cut))).toEqual(state);
			expect(head).toEqual(headCopy);
		}
		// The generator must exercise the model, not only be refused.
		expect(accepted).toBeGreaterThan(RUNS * STEPS * 0.3);
		expect(refused).toBeGreaterThan(0);
	}, 180_000); // 200 × 90 steps of pure work: ~10 s alone, several times that on a loaded machine
});

describe('heartbeats change nothing but the last seq and time', () => {
	it('a journal with heartbeats between its events replays to the state without them', () => {
		const plan = fixturePlan();
		const events: SessionEvent[] = [
			{seq: 1, at: T0, type: 'session-started'},
			{seq: 2, at: T0, type: 'item-started', item: 'opening'},
			{seq: 3, at: T0 + 10_000, type: 'heartbeat'},
			{seq: 4, at: T0 + 20_000, type: 'heartbeat'},
			{seq: 5, at: T0 + 25_000, type: 'note', text: 'ghi chú'},
			{seq: 6, at: T0 + 35_000, type: 'heartbeat'},
		];
		// Through the journal's text, as a restart reads it.
		const read = events.map(event => parseEvent(formatEvent(event)));
		expect(read).toEqual(events);
		const withBeats = replaySession(initialSession(plan), events);
		const without = replaySession(
			initialSession(plan),
			events.filter(event => event.type !== 'heartbeat'),
		);
		expect({...withBeats, seq: 0, lastAt: 0}).toEqual({...without, seq: 0, lastAt: 0});
		expect(withBeats.seq).toBe(6);
		expect(withBeats.lastAt).toBe(T0 + 35_000);
		expect(parseEvent(JSON.stringify({seq: 7, at: new Date(T0).toISOString(), type: 'heartbeat', extra: 1}))).toEqual({
			seq: 7,
			at: T0,
			type: 'heartbeat',
		});
		expect(parseEvent(JSON.stringify({seq: 7, at: new Date(T0).toISOString(), type: 'heartbeet'}))).toHaveProperty('problem');
	});
});
