import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {warningWords} from '../../src/i18n/warning-words.js';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {Monitor} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {writePlan} from '../helpers/agents.js';

// The plan's UDP rate runs as written for a national meeting of 3,321 agent sites; the budget
// (3,321 × 5 packets a second in all) is shared only past it, by the sites that have a stream:
// agent sites. ws-ping sites have none, so they never lower it.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-udp-budget-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const udpWarnings = (sites: Parameters<typeof writePlan>[1], name: string, udpRate = 5) => {
	const monitor = Monitor.fromPlan(loadPlan(writePlan(path.join(dir, name), sites, {probe: {udpRate}})));
	return monitor.warnings.filter(warning => warning.code === 'udp-rate-lowered').map(warning => warningWords.word(warning, 'en'));
};

describe('the UDP budget', () => {
	it('keeps 5/s at 2,000 and 3,321 agent sites (no warning); 20/s at 1,000 agents is shared, and ws-ping sites never count', () => {
		const pings = Array.from({length: 3000}, (_, i) => ({
			id: `ping-${i}`,
			endpoint: `ws://127.0.0.1:${20_000 + (i % 10_000)}/`,
			mode: 'ws-ping' as const,
		}));
		const agents = (n: number) =>
			Array.from({length: n}, (_, i) => ({
				id: `agent-${i}`,
				endpoint: `ws://127.0.0.1:${30_000 + (i % 30_000)}/probe`,
				token: `budget-token-${i}`,
			}));
		expect(udpWarnings(agents(2000), 'a2000')).toEqual([]);
		expect(udpWarnings(agents(3321), 'a3321')).toEqual([]);
		expect(udpWarnings([...pings, ...agents(321)], 'mixed')).toEqual([]);
		expect(udpWarnings(agents(1000), 'fast', 20)).toEqual([
			'probe.udpRate: 20 packets a second at 1000 sites is more than one hub times truthfully (16605 a second in all): the UDP test stream runs at 16.6 a second per site',
		]);
	}, 60_000);
});
