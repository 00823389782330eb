// How long an operator event takes to become durable: Meeting intent → journal write → datasync →
// resolved, on the real Meeting and Journal, on the disk that holds the temp folder.
// Run alone: node --import tsx test/bench/journal-durability.ts [EVENTS]
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {Meeting} from '../../src/hub/meeting.js';
import {bigPlan} from '../helpers/big-plan.js';
import {median, quantile, sleep} from './lib.js';

/** Latency of `events` operator intents (start/pause of the item and notes, alternately), one every `gapMs`. */
export async function benchJournal(
	events = 300,
	gapMs = 20,
): Promise<{n: number; p50Ms: number; p99Ms: number; maxMs: number; file: string}> {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-bench-journal-'));
	try {
		const {meeting} = await Meeting.open({plan: bigPlan(15)}, {journal: path.join(dir, 'journal.jsonl')});
		const times: number[] = [];
		for (let i = 0; i < events; i++) {
			const started = performance.now();
			const outcome = i % 2 === 0 ? await meeting.intent({type: 'toggle-item'}) : await meeting.intent({type: 'note', text: `note ${i}`});
			if (!outcome.ok) throw new Error(`intent refused: ${outcome.reason}`);
			times.push(performance.now() - started);
			await sleep(gapMs);
		}
		await meeting.close();
		return {n: times.length, p50Ms: median(times), p99Ms: quantile(times, 0.99), maxMs: Math.max(...times), file: dir};
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	console.log(await benchJournal(Number(process.argv[2] ?? 300)));
}
