import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {encodePong} from '../../probes/protocol.js';
import {BIN, writePlan} from '../helpers/agents.js';
import {ENGLISH} from '../helpers/english.js';
import {hostileAgent} from '../helpers/wire.js';

// A bandwidth test an agent refuses, through the real CLI on loopback: the refusal travels as its
// code from the wire to the Vietnamese report and progress lines, while `--json` keeps the English
// text it has always carried. An older agent's refusal, without a code, keeps its own words.

const TOKEN = 'rehearse-test-errors-token-5d2c8e1f9a7b3c4d';
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-test-errors-'));
const closers: Array<() => Promise<void>> = [];
afterAll(async () => {
	for (const close of closers) await close();
	rmSync(dir, {recursive: true, force: true});
});

/** An agent that answers pings and refuses every bandwidth test with `refusal`. */
async function refusingAgent(site: string, refusal: Record<string, unknown>): Promise<string> {
	const agent = await hostileAgent({
		site,
		token: TOKEN,
		onMessage: (session, message) => {
			if (message.type === 'ping') session.send(encodePong(message.seq, message.t0, 0, 0));
			if (message.type === 'bw-down' || message.type === 'bw-up') session.send({type: 'bw-error', id: message.id, ...refusal});
		},
	});
	closers.push(() => agent.close());
	return agent.url;
}

describe('rehearse: a refused bandwidth test', () => {
	it('is worded in Vietnamese from its code, and kept in English in --json', async () => {
		const plan = writePlan(
			dir,
			[
				{
					id: 'pho-an',
					name: 'Xã Phổ An',
					endpoint: await refusingAgent('pho-an', {code: 'busy', reason: 'busy: one bandwidth test at a time'}),
					token: TOKEN,
				},
				{
					id: 'pho-hoa',
					name: 'Xã Phổ Hòa',
					endpoint: await refusingAgent('pho-hoa', {reason: 'maintenance window'}),
					token: TOKEN,
				},
			],
			{probe: {intervalMs: 200, timeoutMs: 1000}},
		);
		const report = path.join(dir, 'kiem-tra.md');
		const json = path.join(dir, 'kiem-tra.json');
		const run = await execa(
			'node',
			[BIN, 'rehearse', plan, '--duration', '2s', '--bandwidth', '1s', '--video', '0', '--lang', 'vi', '--report', report, '--json', json],
			{reject: false, env: {NO_COLOR: '1'}},
		);
		expect(run.stderr).not.toMatch(/Error:|at .*\.js:\d+/);

		// --json: the English text, as scripts have always read it.
		const doc = JSON.parse(readFileSync(json, 'utf8')) as {sites: Array<{id: string; reasons: string[]}>};
		const reasons = (id: string) => doc.sites.find(site => site.id === id)!.reasons;
		expect(reasons('pho-an')).toContain('bandwidth not measured: busy: one bandwidth test at a time');
		expect(reasons('pho-hoa')).toContain('bandwidth not measured: maintenance window');

		// The progress lines and the report: Vietnamese, from the code.
		expect(run.stderr).toContain('băng thông pho-an: không đo được: agent của điểm cầu đang đo một lần khác');
		expect(run.stderr).toContain('băng thông pho-hoa: không đo được: agent của điểm cầu từ chối đo (maintenance window)');
		const markdown = readFileSync(report, 'utf8');
		expect(markdown).toContain('không đo được băng thông: agent của điểm cầu đang đo một lần khác');
		// An older agent's words stay, in parentheses, after Vietnamese ones.
		expect(markdown).toContain('không đo được băng thông: agent của điểm cầu từ chối đo (maintenance window)');
		for (const line of [...run.stderr.split('\n'), ...markdown.split('\n')].filter(l => l.includes('không đo được'))) {
			expect(line.replace(/\([^)]*\)/g, ''), line).not.toMatch(ENGLISH);
			expect(line, line).not.toMatch(/(?<!\p{L})(bandwidth|busy|test|measured|one|time)(?!\p{L})/iu);
		}
	});
});
