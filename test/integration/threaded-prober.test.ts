import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {afterAll, describe, expect, it} from 'vitest';
import {Monitor} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {startAgent, writePlan} from '../helpers/agents.js';
import {waitFor} from '../helpers/wait.js';
import {wordTestError} from '../../src/i18n/test-error-words.js';

// The prober in a worker thread, as the dashboard runs it: a main thread busy drawing a frame
// must not make a healthy link look slow.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-thread-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function blockMainThread(ms: number): void {
	const end = performance.now() + ms;
	while (performance.now() < end) {
		// A long synchronous frame.
	}
}

describe('Monitor with the prober in a worker thread', () => {
	it('keeps true RTTs while the main thread is blocked, where the in-thread prober cannot', async () => {
		const agent = await startAgent({site: 'pho-an', token: 'tok-an', rateKbps: 2000});
		try {
			const file = writePlan(dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: agent.url, token: 'tok-an'}], {
				probe: {intervalMs: 100, timeoutMs: 2000},
			});
			const threaded = Monitor.fromPlan(loadPlan(file), {thread: true});
			const inThread = Monitor.fromPlan(loadPlan(file));
			threaded.start();
			inThread.start();
			const sent = (monitor: Monitor) => monitor.sites()[0]!.link.sent;
			await waitFor(() => threaded.sites()[0]!.link.state === 'up' && inThread.sites()[0]!.link.state === 'up', 'both up');
			const before = {threaded: sent(threaded), inThread: sent(inThread)};

			blockMainThread(600);
			// The samples of the blocked stretch arrive now; wait for a few more after it.
			await waitFor(() => sent(threaded) > before.threaded + 8 && sent(inThread) > before.inThread + 3, 'probes after the block');

			const link = threaded.sites()[0]!.link;
			// The worker kept probing through the block (100 ms interval: ~6 probes in 600 ms)...
			expect(link.received).toBeGreaterThan(before.threaded + 4);
			// ...and none of its answers waited for the main thread: the worst RTT is nowhere near 600 ms.
			expect(link.rttMs!.max).toBeLessThan(300);
			expect(link.stalled).toBe(0);
			// The in-thread prober saw the block: it flags its samples as taken during a stall, and its
			// own figures (what --stats shows) say probes left late; the worker's probes did not.
			expect(inThread.sites()[0]!.link.stalled).toBeGreaterThan(0);
			expect(inThread.prober.stats().sendLateP99Ms).toBeGreaterThan(100);
			expect(threaded.prober.stats().sendLateP99Ms).toBeLessThan(100);

			// The rehearsal's bandwidth test runs through the worker too.
			const bandwidth = await threaded.prober.bandwidth('pho-an', {bytes: 128 * 1024});
			expect(bandwidth).toMatchObject({upKbps: expect.any(Number), downKbps: expect.any(Number)});
			expect(threaded.prober.stats().probesSent).toBeGreaterThan(10);

			await Promise.all([threaded.stop(), inThread.stop()]);
			const stopped = await threaded.prober.bandwidth('pho-an', {bytes: 1024});
			expect('error' in stopped && wordTestError(stopped.error, 'en')).toBe('the prober stopped');
		} finally {
			await agent.stop();
		}
	});
});
