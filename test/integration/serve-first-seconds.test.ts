import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {waitFor} from '../helpers/wait.js';

// A grade is a claim; with no evidence there is no claim (DESIGN.md "Link quality"). `diemcau
// serve` as a real process, a real agent that loses 20 % of its answers (probes and UDP each
// way): from the first second on, the site is never shown good, and the journal (and so the
// minutes) records its first measured grade as a first measurement, never as a change
// `good -> poor` (which every start used to journal).

const linux = process.platform === 'linux';
const TOKEN = 'serve-first-seconds-token-5c1e8a7b93f2';
let agent: StartedAgent | undefined;
let child: ResultPromise | undefined;
let dir: string | undefined;

afterEach(async () => {
	child?.kill('SIGKILL');
	await agent?.stop();
	if (dir) rmSync(dir, {recursive: true, force: true});
	child = agent = dir = undefined;
});

type LinkEvent = {type: string; site?: string; grade?: string; previous?: string};

describe('the first seconds of a lossy site after serve starts', () => {
	it.skipIf(!linux)(
		'read measuring, then poor: no good before evidence, no false transition in the journal or the minutes',
		async () => {
			agent = await startAgent({site: 'pho-an', token: TOKEN, lossPct: 20});
			dir = mkdtempSync(path.join(tmpdir(), 'diemcau-first-'));
			const plan = writePlan(dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: agent.url, token: TOKEN}], {
				probe: {intervalMs: 200, timeoutMs: 1000, udpRate: 20},
			});
			const journal = path.join(dir, 'journal.jsonl');
			child = execa('node', [BIN, 'serve', plan, '--journal', journal], {
				reject: false,
				stdin: 'ignore',
				env: {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')},
			});
			let log = '';
			child.stderr?.on('data', (chunk: Buffer) => {
				log += chunk.toString();
			});
			// Wait for the first grade the evidence allows (at once poor on 8 % packet loss, or measured later).
			await waitFor(() => / link pho-an (measured: poor|up \(poor\))/.test(log), 'the site graded poor', 60_000).catch((error: Error) => {
				throw new Error(`${error.message}: serve said:\n${log}`);
			});
			child.kill('SIGTERM');
			expect((await child).exitCode).toBe(0);
			child = undefined;

			const linkLines = log.split('\n').filter(line => / link pho-an /.test(line));
			expect(linkLines.length).toBeGreaterThan(0);
			for (const line of linkLines) {
				expect(line).not.toMatch(/\(good\)|\(fair\)|-> poor|good ->|fair ->|measured: (good|fair)/);
			}
			const events = readFileSync(journal, 'utf8')
				.trim()
				.split('\n')
				.slice(1)
				.map(line => JSON.parse(line) as LinkEvent)
				.filter(event => event.type.startsWith('link-') && event.site === 'pho-an');
			expect(events[0]).toMatchObject({type: 'link-up', previous: 'down'});
			expect(['measuring', 'poor']).toContain(events[0]!.grade);
			for (const event of events) expect(['good', 'fair']).not.toContain(event.grade);
			// No change of grade out of measuring: the first grade is `link-measured`, or the up itself.
			expect(events.filter(event => event.type === 'link-grade')).toEqual([]);
			if (events[0]!.grade === 'measuring')
				expect(events).toContainEqual(expect.objectContaining({type: 'link-measured', grade: 'poor', previous: 'measuring'}));

			// The minutes: the site's first measurement is no incident.
			const report = await execa('node', [BIN, 'report', journal, '--format', 'json'], {
				reject: false,
				stdin: 'ignore',
				env: {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')},
			});
			expect(report.exitCode).toBe(0);
			const incidents = (JSON.parse(report.stdout) as {incidents: Array<{site: string; type: string}>}).incidents;
			expect(incidents.filter(incident => incident.site === 'pho-an')).toEqual([]);
		},
		120_000,
	);
});
