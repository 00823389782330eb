import {afterAll, describe, expect, it} from 'vitest';
import {reasonText} from '../../src/i18n/link-reason-words.js';
import {Monitor, type SiteChange} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {figure, spread, tempDir, waitFor} from './util.js';

// A commune PC that keeps crashing: its agent SIGKILLed and started again on the same port,
// 50 times in a row, while the hub's Monitor (the one `diemcau run` uses, default back-off)
// watches. Every crash must be seen as down and every restart as up; the times are reported,
// not asserted (the machine is shared and noisy).

const CYCLES = 50;
const TOKEN = 'restart-fault-token-5b1c';
const temp = tempDir('restart');
let agent: StartedAgent | undefined;
let monitor: Monitor | undefined;
const outputs: string[] = [];

afterAll(async () => {
	await monitor?.stop();
	await agent?.stop();
	temp.remove();
});

async function spawn(port?: number): Promise<StartedAgent> {
	const started = await startAgent({site: 'pho-an', token: TOKEN, ...(port === undefined ? {} : {port})});
	started.process.stderr?.on('data', chunk => outputs.push(String(chunk)));
	return started;
}

describe('agent SIGKILLed and restarted on the same port', () => {
	it(`is marked down and up again every time, ${CYCLES} times in a row`, async () => {
		agent = await spawn();
		const port = agent.port;
		const plan = writePlan(temp.dir, [{id: 'pho-an', endpoint: agent.url, token: TOKEN}], {probe: {intervalMs: 250, timeoutMs: 500}});
		monitor = Monitor.fromPlan(loadPlan(plan));
		const changes: SiteChange[] = [];
		monitor.onChange(change => {
			if (change.type !== 'grade') changes.push(change);
		});
		const count = (type: 'down' | 'up') => changes.filter(change => change.type === type).length;
		monitor.start();
		await waitFor(() => count('up') === 1, 'first up');

		const detection: number[] = [];
		const recovery: number[] = [];
		const restart: number[] = [];
		const reasons = new Map<string, number>();
		for (let cycle = 0; cycle < CYCLES; cycle++) {
			const killedAt = performance.now();
			agent.process.kill('SIGKILL');
			const down = await waitFor(() => changes.filter(c => c.type === 'down')[cycle], `down #${cycle + 1}`);
			detection.push(down.at - killedAt);
			const why = down.reason ? reasonText(down.reason) : '?';
			reasons.set(why, (reasons.get(why) ?? 0) + 1);
			await agent.stop();
			const spawnedAt = performance.now();
			agent = await spawn(port);
			const readyAt = performance.now();
			restart.push(readyAt - spawnedAt);
			const up = await waitFor(() => changes.filter(c => c.type === 'up')[cycle + 1], `up #${cycle + 2}`);
			recovery.push(up.at - readyAt);
			expect(agent.port).toBe(port);
		}

		// Every crash seen once, every restart seen once, strictly alternating.
		expect(count('down')).toBe(CYCLES);
		expect(count('up')).toBe(CYCLES + 1);
		expect(changes.map(change => change.type)).toEqual(['up', ...Array.from({length: CYCLES}, () => ['down', 'up']).flat()]);
		expect(monitor.isDown('pho-an')).toBe(false);
		expect(outputs.join('')).not.toContain(TOKEN);
		figure('agent-restart', {
			cycles: CYCLES,
			detectedDown: count('down'),
			detectedUp: count('up') - 1,
			downReasons: Object.fromEntries(reasons),
			detectionKillToDown: spread(detection),
			recoveryListeningToUp: spread(recovery),
			agentStartToListening: spread(restart),
			probe: {intervalMs: 250, timeoutMs: 500, upAfter: 2, backoff: 'default 250 ms base, 5 s cap'},
		});
	}, 400_000);
});
