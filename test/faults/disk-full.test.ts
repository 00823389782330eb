import {execFileSync, spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {figure, skipped, tempDir} from './util.js';

// A disk that fails the journal write: the journal lives on a 64 kB tmpfs mounted in a private
// mount namespace (`unshare -m`, so nothing is mounted on the host), which the meeting fills up.
// Every intent that cannot be journaled must resolve {ok:false} with the reason, journalError
// must be set (the dashboard shows it as an alert), the state shown must equal what the file
// holds at every step (never ahead), and once space is freed the meeting must carry on, writing
// the link events that waited.

const root = path.resolve(import.meta.dirname, '../..');
const child = path.join(root, 'test/faults/disk-full-child.ts');

function unavailable(): string | null {
	if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
	const probe = spawnSync(
		'unshare',
		['-m', '--propagation', 'private', 'sh', '-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=64k tmpfs "$d" && umount "$d" && rmdir "$d"'],
		{encoding: 'utf8'},
	);
	return probe.status === 0
		? null
		: `unshare -m with a tmpfs does not work here: ${(probe.stderr || probe.error?.message || '').trim().split('\n')[0]}`;
}
const why = unavailable();
if (why) skipped('journal on a full disk', why);

const temp = tempDir('disk');
afterAll(() => temp.remove());

type Step = {
	name: string;
	outcome: {ok: boolean; reason?: string} | null;
	journalError: string | null;
	stateSeq: number;
	journalSeq: number;
	linksInJournal: number;
	sameAsJournal: boolean;
};

describe.skipIf(why !== null)('journal on a disk that fills up', () => {
	it('refuses intents it cannot journal, raises journalError, never runs ahead of the file, and recovers', () => {
		const mount = path.join(temp.dir, 'mnt');
		execFileSync('mkdir', [mount]);
		const out = execFileSync(
			'unshare',
			[
				'-m',
				'--propagation',
				'private',
				'sh',
				'-c',
				'mount -t tmpfs -o size=64k tmpfs "$1" && exec node --import tsx "$2" "$1"',
				'sh',
				mount,
				child,
			],
			{cwd: root, encoding: 'utf8', timeout: 120_000},
		);
		const lines = out
			.trim()
			.split('\n')
			.map(line => JSON.parse(line));
		const steps: Step[] = lines.filter(line => 'sameAsJournal' in line);
		const filled = lines.find(line => line.name === 'filled');
		expect(filled.code).toBe('ENOSPC');

		// At every step the state shown is exactly the journal's, full disk or not.
		for (const step of steps) expect(step.sameAsJournal, step.name).toBe(true);
		for (const step of steps) expect(step.stateSeq, step.name).toBe(step.journalSeq);

		const failed = steps.filter(step => step.outcome && !step.outcome.ok);
		expect(failed.length).toBeGreaterThanOrEqual(5);
		for (const step of failed) {
			expect(step.outcome!.reason).toMatch(/^journal write failed: the disk is full \(ENOSPC\) on .*meeting\.jsonl$/);
			expect(step.journalError).toBe(step.outcome!.reason);
		}
		// Once failing, nothing refused was applied: the state moves on only by link events (a short
		// link batch may still fit in the last page the notes no longer fit in), never by a note.
		const firstFailure = steps.indexOf(failed[0]!);
		const during = steps.slice(
			firstFailure,
			steps.findIndex(step => step.name === 'after freeing'),
		);
		expect(new Set(during.map(step => step.stateSeq - step.linksInJournal)).size).toBe(1);

		const freed = steps.find(step => step.name === 'after freeing')!;
		expect(freed.outcome).toEqual({ok: true});
		expect(freed.journalError).toBeNull();
		// The link events queued while the disk was full were written with it, not dropped.
		expect(freed.linksInJournal).toBeGreaterThan(during[0]!.linksInJournal);
		expect(freed.stateSeq).toBeGreaterThan(during[0]!.stateSeq + 1);

		// The operator was alerted (journalError set on a change) and the alert was cleared after.
		const alerts: Array<string | null> = lines.find(line => line.name === 'alerts').alerts;
		expect(alerts.some(alert => alert?.includes('ENOSPC'))).toBe(true);
		expect(alerts.at(-1)).toBeNull();
		figure('disk-full', {
			tmpfsKb: 64,
			intentsTried: steps.filter(step => step.outcome).length,
			refusedWithENOSPC: failed.length,
			stateAheadOfJournal: steps.filter(step => !step.sameAsJournal).length,
			recoveredAfterFreeing: freed.outcome?.ok === true,
		});
	}, 120_000);
});
