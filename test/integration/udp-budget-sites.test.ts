import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {warningWords} from '../../src/i18n/warning-words.js';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Monitor} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {writePlan} from '../helpers/agents.js';

// The UDP stream's budget (2,000 packets a second in all) is shared by the sites that have a
// stream: agent sites. ws-ping sites have none, so a plan of many of them beside a few agents
// keeps the plan's rate and says nothing; as many agent sites lower it, with the start-up warning.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-udp-budget-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const udpWarnings = (sites: Parameters<typeof writePlan>[1], name: string) => {
	const monitor = Monitor.fromPlan(loadPlan(writePlan(path.join(dir, name), sites, {probe: {udpRate: 5}})));
	return monitor.warnings.filter(warning => warning.code === 'udp-rate-lowered').map(warning => warningWords.word(warning, 'en'));
};

describe('the UDP budget', () => {
	it('counts only the sites with a stream: 600 ws-ping sites beside 2 agents keep 5/s, 600 agents are lowered to 3.33/s', () => {
		const pings = Array.from({length: 600}, (_, i) => ({id: `ping-${i}`, endpoint: `ws://127.0.0.1:${20_000 + i}/`, mode: 'ws-ping' as const}));
		const agents = (n: number) => Array.from({length: n}, (_, i) => ({id: `agent-${i}`, endpoint: `ws://127.0.0.1:${30_000 + i}/probe`, token: `budget-token-${i}`}));
		expect(udpWarnings([...pings, ...agents(2)], 'mixed')).toEqual([]);
		expect(udpWarnings(agents(600), 'agents')).toEqual([
			'probe.udpRate: 5 packets a second at 600 sites is more than one hub times truthfully (2000 a second in all): the UDP test stream runs at 3.33 a second per site',
		]);
	});
});
