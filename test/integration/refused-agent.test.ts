import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {RefusalReports} from '../../probes/hub-listener.js';
import {wordAgentRefusal} from '../../src/model/agent-refusal-words.js';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {waitFor} from '../helpers/wait.js';

// A dial-out agent the hub refuses (a wrong token) is seen at the hub: a line in serve's log
// with the agent's address, once a minute per address however often the agent redials.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-refused-agent-'));
const agents: StartedAgent[] = [];
afterEach(async () => {
	await Promise.all(agents.splice(0).map(agent => agent.stop()));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('a refused dial-out agent', () => {
	it('reports once a minute per address and at most six a minute in all, counting what it held back', () => {
		let now = 0;
		const reports = new RefusalReports({clock: () => now});
		expect(reports.take('10.0.0.1')).toBe(0);
		expect(reports.take('10.0.0.1')).toBeNull();
		now = 30_000;
		expect(reports.take('10.0.0.1')).toBeNull();
		for (let i = 2; i <= 6; i++) expect(reports.take(`10.0.0.${i}`)).toBe(i === 2 ? 2 : 0);
		// A seventh address within the minute: held back.
		expect(reports.take('10.0.0.7')).toBeNull();
		now = 61_000;
		expect(reports.take('10.0.0.1')).toBe(1);
		expect(wordAgentRefusal({from: '10.0.0.1:5000', why: 'no-site', more: 1}, 'vi')).toBe(
			'agent dial-out từ 10.0.0.1:5000 bị từ chối: token của nó không thuộc điểm cầu dial-out nào trong kế hoạch này (tệp token ở điểm cầu sai hoặc đã cũ, hay agent này dành cho điểm cầu chính khác) (thêm 1 lần từ chối khác kể từ lần báo trước)',
		);
	});

	it('is a line in serve’s log, with its address, in the log’s language, and not one per redial', async () => {
		const plan = writePlan(path.join(dir, 'plan'), [{id: 'pho-an', connect: 'dial-out', token: 'tok-an'}], {
			probe: {intervalMs: 300, timeoutMs: 1000, downAfter: 3, upAfter: 1},
		});
		const serve = execa(
			'node',
			[BIN, 'serve', plan, '--journal', path.join(dir, 'journal.jsonl'), '--listen', '127.0.0.1:0', '--lang', 'vi'],
			{reject: false, stdin: 'ignore', env: {DIEMCAU_CONFIG_DIR: path.join(dir, 'config'), XDG_DATA_HOME: path.join(dir, 'data')}},
		);
		let log = '';
		serve.stderr!.on('data', chunk => (log += String(chunk)));
		try {
			const hub = await waitFor(
				() => /dial-out agents call (\S+)|agent dial-out gọi về (\S+)/.exec(log)?.slice(1).find(Boolean) ?? null,
				'serve to listen',
			);
			const wrong = await startAgent({site: 'pho-an', token: 'not-the-token', hub});
			agents.push(wrong);
			await waitFor(
				() => /warning: agent dial-out từ 127\.0\.0\.1:\d+ bị từ chối: token của nó không thuộc điểm cầu dial-out nào/.test(log) || null,
				'the refusal in serve’s log',
			);
			// A log line is not a screen: the whole refusal, however wide, nothing cut off with "…".
			const line = log.split('\n').find(text => text.includes('bị từ chối'))!;
			expect(line).toMatch(
				/^\S+Z warning: agent dial-out từ 127\.0\.0\.1:\d+ bị từ chối: token của nó không thuộc điểm cầu dial-out nào trong kế hoạch này \(tệp token ở điểm cầu sai hoặc đã cũ, hay agent này dành cho điểm cầu chính khác\)$/,
			);
			expect(line.length).toBeGreaterThan(100);
			expect(line).not.toContain('…');
			// The agent redials (backoff from 1 s): more refusals, still one line for this address.
			await waitFor(() => (wrong.stderr().match(/the hub refused the proof/g)?.length ?? 0) >= 3 || null, 'three refused attempts', 30_000);
			expect(log.match(/bị từ chối/g)).toHaveLength(1);
		} finally {
			serve.kill('SIGTERM');
			await serve;
		}
	}, 60_000);
});
