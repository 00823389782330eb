import path from 'node:path';
import {loadPlan} from '../../src/plan-file.js';
import {reduceSession, type SessionEvent, type SessionState} from '../../src/model/session.js';
import type {IntentResult} from '../../src/model/intents.js';

/** The 2021 Đức Phổ plan of fixtures/. */
export const fixturePlanFile = path.resolve(import.meta.dirname, '../../fixtures/duc-pho-2021.yaml');
export const fixturePlan = () => loadPlan(fixturePlanFile).plan;

/** Epoch ms of 08:00 on 25/11/2021 in Đức Phổ (+07:00): the planned start. */
export const T0 = Date.UTC(2021, 10, 25, 1, 0);
export const MIN = 60_000;
export const SEC = 1000;

/** Apply an accepted intent's events at `at` (as the Meeting does after journaling); a refusal fails the test. */
export function apply(state: SessionState, result: IntentResult, at: number, log?: SessionEvent[]): SessionState {
	if (!result.ok) throw new Error(`refused: ${result.reason}`);
	let next = state;
	for (const body of result.events) {
		const event = {...body, seq: next.seq + 1, at} as SessionEvent;
		log?.push(event);
		next = reduceSession(next, event);
	}
	return next;
}

/** The reason of a refusal (fails when the intent was accepted). */
export function refusal(result: IntentResult): string {
	if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.events)}`);
	return result.reason;
}
