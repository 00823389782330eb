import {execFileSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {afterEach, describe, expect, it} from 'vitest';
import {Monitor, type SiteChange} from '../../src/hub/monitor.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {statusJsonSite} from '../../src/documents/status-output.js';
import {startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {toolsMissing} from '../helpers/impair.js';
import {waitFor} from '../helpers/wait.js';

// Missing evidence never improves a grade (DESIGN.md "Link quality", "Truthful loss"): a real hub
// (Monitor: prober, UDP hub, link model) probes a real agent process while nft on loopback first
// drops 8 % of the agent's UDP each way (`numgen random mod 100 < 8 drop` on its port), then all of
// it, as a commune firewall or a NAT binding that stops passing UDP mid-meeting would. TCP hides the
// loss, so the WebSocket probes answer throughout: the grade must stay where the UDP stream last
// measured it.

const skipWhy =
	process.platform !== 'linux' ? 'nft is Linux only' : process.getuid?.() !== 0 ? 'nft on loopback needs root' : toolsMissing('nft');
if (skipWhy) console.log(`udp-blocked-grade: skipped (${skipWhy})`);
const TABLE = `diemcau_blocked_${process.pid}`;

/** The agent's UDP (its port, both ways) on loopback: `pct` % dropped, or all of it with 100. */
function dropUdp(port: number, pct: number): void {
	const match = pct >= 100 ? 'drop' : `numgen random mod 100 < ${pct} drop`;
	const script = [
		`table inet ${TABLE} {}`,
		`delete table inet ${TABLE}`,
		`table inet ${TABLE} {`,
		'  chain out {',
		'    type filter hook output priority 0; policy accept;',
		`    udp dport ${port} counter ${match}`,
		`    udp sport ${port} counter ${match}`,
		'  }',
		'}',
	].join('\n');
	execFileSync('nft', ['-f', '-'], {input: script});
}

/** Packets the rules dropped so far. */
function dropped(): number {
	const text = execFileSync('nft', ['list', 'table', 'inet', TABLE], {encoding: 'utf8'});
	return [...text.matchAll(/packets (\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
}

const TOKEN = 'udp-blocked-token-7f3a91c4e2d8';
let agent: StartedAgent | undefined;
let monitor: Monitor | undefined;
let dir: string | undefined;

afterEach(async () => {
	await monitor?.stop();
	if (!skipWhy) {
		try {
			execFileSync('nft', ['delete', 'table', 'inet', TABLE], {stdio: 'ignore'});
		} catch {
			// not made
		}
	}
	await agent?.stop();
	if (dir) rmSync(dir, {recursive: true, force: true});
	monitor = agent = dir = undefined;
});

describe('a lossy line whose UDP then stops passing', () => {
	it.skipIf(Boolean(skipWhy))(
		'keeps its measured packet loss: poor, never better, with the reason, however long the stream stays blocked',
		async () => {
			agent = await startAgent({site: 'pho-an', token: TOKEN});
			dir = mkdtempSync(path.join(tmpdir(), 'diemcau-udp-blocked-'));
			// 200 ms probes, a window of 60 (12 s); 20 UDP packets a second each way.
			const file = writePlan(dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: `ws://127.0.0.1:${agent.port}/probe`, token: TOKEN}], {
				probe: {intervalMs: 200, timeoutMs: 1000, udpRate: 20},
			});
			monitor = Monitor.fromPlan(loadPlan(file));
			const changes: SiteChange[] = [];
			monitor.onChange(change => changes.push(change));
			const link = () => monitor!.site('pho-an')!.link;
			const seen: string[] = [];
			const watch = setInterval(() => {
				const now = link();
				if (now.state === 'up') seen.push(now.grade);
			}, 50);
			try {
				dropUdp(agent.port, 8);
				monitor.start();
				// The loss is measured: poor on the UDP stream's packet loss (the probes lose nothing).
				await waitFor(() => link().grade === 'poor' && link().packetLossPct !== null, 'the lossy line graded poor', 40_000);
				const measured = link();
				expect(Math.max(measured.packetLossPct!.up, measured.packetLossPct!.down)).toBeGreaterThan(4);
				expect(seen).not.toContain('good');
				expect(seen).not.toContain('fair');
				expect(dropped()).toBeGreaterThan(0);
				const droppedBefore = dropped();

				// Now no UDP passes at all.
				dropUdp(agent.port, 100);
				await waitFor(() => link().udp === 'blocked', 'UDP seen blocked', 20_000);
				const blockedAt = performance.now();
				const changesBefore = changes.length;
				// Longer than the 10 s a better grade must hold, and than the 16 s after which it used to
				// fall back to the probes' loss-free view: the grade must not move.
				await waitFor(() => performance.now() - blockedAt > 20_000 && link().sent > measured.sent + 100, '20 s blocked', 60_000);
				const blocked = link();
				expect(blocked).toMatchObject({state: 'up', udp: 'blocked', grade: 'poor', packetLossPct: null});
				expect(blocked.heldLossPct).toBeGreaterThan(4);
				expect(blocked.lossPct).toBeGreaterThanOrEqual(blocked.heldLossPct!);
				expect(blocked.probeLossPct).toBeLessThan(4); // the probes alone would have read it better
				expect(changes.slice(changesBefore)).toEqual([]);
				expect(seen).not.toContain('good');
				expect(seen).not.toContain('fair');
				const record = statusJsonSite({id: 'pho-an', name: 'Xã Phổ An', mode: 'agent', link: blocked});
				expect(record.grade).toBe('poor');
				expect(record.gradeReason).toMatch(/^UDP blocked — last measured loss \d+(\.\d)? %$/);
				expect(dropped()).toBeGreaterThan(100);
				expect(droppedBefore).toBeGreaterThan(0);
			} finally {
				clearInterval(watch);
			}
		},
		150_000,
	);
});
