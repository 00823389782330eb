import path from 'node:path';
import {execa} from 'execa';
import {initialSession, reduceSession, type SessionEvent, type SessionState} from '../../src/model/meeting/session.js';
import {fixturePlan} from './session.js';
import type {JournalFailure, Refusal} from '../../src/model/meeting/refusals.js';

const root = path.resolve(import.meta.dirname, '../..');
const writer = path.join(root, 'test/helpers/journal-writer.ts');

export interface WriterLine {
	resumed?: number;
	ack?: number;
	failed?: string;
	journalError?: string | null;
	refusal?: Refusal;
	journalFailure?: JournalFailure | null;
	logVi?: string;
	alertVi?: string;
	state: unknown;
}

/**
 * Run test/helpers/journal-writer.ts on `journal`; SIGKILL it as soon as `killAfter` acks were read
 * (or let it finish). `fileSizeKb` runs it under `ulimit -f` so journal writes fail for real (EFBIG).
 */
export async function runWriter(
	journal: string,
	options: {seed: number; killAfter?: number; count?: number; fileSizeKb?: number},
): Promise<{lines: WriterLine[]; exitCode?: number; signal?: string; stderr: string}> {
	const args = [
		'--import',
		'tsx',
		writer,
		'--journal',
		journal,
		'--seed',
		String(options.seed),
		...(options.count ? ['--count', String(options.count)] : []),
	];
	const child = options.fileSizeKb
		? execa('bash', ['-c', `ulimit -f ${options.fileSizeKb}; exec node "$@"`, 'bash', ...args], {cwd: root, reject: false})
		: execa('node', args, {cwd: root, reject: false});
	const lines: WriterLine[] = [];
	let acks = 0;
	for await (const line of child.iterable({from: 'stdout'})) {
		const parsed = JSON.parse(String(line)) as WriterLine;
		lines.push(parsed);
		if (parsed.ack !== undefined && ++acks === options.killAfter) {
			child.kill('SIGKILL');
			break;
		}
	}
	const result = await child;
	return {lines, exitCode: result.exitCode, signal: result.signal, stderr: String(result.stderr)};
}

/** The state as the writer prints it (plan left out), after folding `events` onto the fixture plan. */
export function shownStates(events: SessionEvent[], utcOffsetMinutes = 420): unknown[] {
	let state: SessionState = initialSession(fixturePlan(), {utcOffsetMinutes});
	const shown = [JSON.parse(JSON.stringify({...state, plan: undefined}))];
	for (const event of events) {
		state = reduceSession(state, event);
		shown.push(JSON.parse(JSON.stringify({...state, plan: undefined})));
	}
	return shown;
}
