import {randomBytes} from 'node:crypto';
import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {loadPlan} from '../../src/plan/plan-file.js';
import {reduceSession, type SessionEvent, type SessionState} from '../../src/model/meeting/session.js';
import type {IntentResult} from '../../src/model/meeting/intents.js';
import {wordRefusal} from '../../src/i18n/refusal-words.js';

/** The 2021 Đức Phổ plan of fixtures/. */
export const fixturePlanFile = path.resolve(import.meta.dirname, '../../fixtures/duc-pho-2021.yaml');
export const fixturePlan = () => loadPlan(fixturePlanFile).plan;

/**
 * The fixture's token files are not committed (git cannot keep mode 600: fixtures/tokens/README.md);
 * tests that run the fixture plan as a hub get fresh ones, made here once, mode 600, git-ignored.
 */
export function ensureFixtureTokens(): void {
	for (const site of fixturePlan().sites) {
		if (!site.token || !('file' in site.token)) continue;
		const file = path.resolve(path.dirname(fixturePlanFile), site.token.file);
		if (existsSync(file)) continue;
		try {
			writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, {mode: 0o600, flag: 'wx'});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error; // another test file made it first
		}
	}
}
ensureFixtureTokens();

/** Epoch ms of 08:00 on 25/11/2021 in Đức Phổ (+07:00): the planned start. */
export const T0 = Date.UTC(2021, 10, 25, 1, 0);
export const MIN = 60_000;
export const SEC = 1000;

/** Apply an accepted intent's events at `at` (as the Meeting does after journaling); a refusal fails the test. */
export function apply(state: SessionState, result: IntentResult, at: number, log?: SessionEvent[]): SessionState {
	if (!result.ok) throw new Error(`refused: ${wordRefusal(result.refusal, 'en')}`);
	let next = state;
	for (const body of result.events) {
		const event = {...body, seq: next.seq + 1, at} as SessionEvent;
		log?.push(event);
		next = reduceSession(next, event);
	}
	return next;
}

/** The reason of a refusal in English, as the control socket carries it (fails when the intent was accepted). */
export function refusal(result: IntentResult): string {
	if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.events)}`);
	return wordRefusal(result.refusal, 'en');
}
