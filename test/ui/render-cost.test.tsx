import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {describe, expect, it} from 'vitest';
import {bigPlan} from '../helpers/big-plan.js';
import {Meeting} from '../../src/hub/meeting.js';
import {DashboardStore} from '../../src/dashboard/store.js';
import {App} from '../../components/App.js';
import {themeFor} from '../../components/theme.js';
import {render, syntheticLinks, tempDir} from '../helpers/render.js';

// The frame for 2,000 sites. No wall-clock bound here (the machines are shared and noisy): the
// cost is asserted as work done — only the rows on screen read their 900-probe history — and
// the timings are printed; the measured figures live in BENCHMARKS.md (npm run bench).

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('render cost', () => {
	it('draws 2,000 sites worst first, reading history only for the rows on screen', async () => {
		const plan = bigPlan(2000);
		const dir = tempDir();
		const {meeting} = await Meeting.open({plan}, {journal: path.join(dir, 'journal.jsonl')});
		const links = syntheticLinks(plan, (_id, i) =>
			i % 50 === 0 ? {dead: true} : i % 7 === 0 ? {rttMs: 200} : i % 11 === 0 ? {rttMs: 5, lossEvery: 10} : {rttMs: 2 + (i % 5)},
		);
		links.feed(60);
		let historyReads = 0;
		const counted = {
			...links,
			sites: (now?: number) =>
				links.sites(now).map(site =>
					Object.defineProperty({...site, history: []}, 'history', {
						get() {
							historyReads++;
							return site.history;
						},
					}),
				),
		};
		const store = new DashboardStore({plan, links: counted, meeting, wallClock: () => meeting.now()});
		const ui = await render(<App source={store} onEffect={() => undefined} theme={themeFor({})} />, {columns: 120, rows: 40});
		await ui.waitFor(f => f.includes('more'));
		const builds: number[] = [];
		const frames: number[] = [];
		for (let i = 0; i < 40; i++) {
			links.feed(1);
			const start = performance.now();
			store.build();
			builds.push(performance.now() - start);
			const before = ui.stdout.frames.length;
			historyReads = 0;
			const drawStart = performance.now();
			store.publish(); // useSyncExternalStore re-renders synchronously
			await ui.waitFor(() => ui.stdout.frames.length > before, 'a new frame');
			frames.push(performance.now() - drawStart);
			// A frame of 2,000 sites reads the history of the rows on a 40-row screen only.
			expect(historyReads).toBeGreaterThan(0);
			expect(historyReads).toBeLessThanOrEqual(2 * 40);
		}
		process.stdout.write(
			`2,000 sites: snapshot build median ${median(builds).toFixed(2)} ms, publish→frame median ${median(frames).toFixed(2)} ms\n`,
		);
		// Worst first, even at 2,000 sites: the dead sites lead.
		expect(ui.lines().find(line => line.startsWith('›'))).toMatch(/^›✖/);
		expect(ui.frame()).toMatch(/\+\d{4} more/);
		store.stop();
		await meeting.close();
	});

	it('while the roll call or a detail shows, the table behind it renders no row (2,000 sites)', async () => {
		const plan = bigPlan(2000);
		const dir = tempDir();
		const {meeting} = await Meeting.open({plan}, {journal: path.join(dir, 'journal.jsonl')});
		const links = syntheticLinks(plan, (_id, i) => (i % 50 === 0 ? {dead: true} : {rttMs: 2 + (i % 5)}));
		links.feed(30);
		// Each row the table draws reads its site's history (the sparkline): counted per site.
		const reads = new Map<string, number>();
		const counted = {
			...links,
			sites: (now?: number) =>
				links.sites(now).map(site =>
					Object.defineProperty({...site, history: []}, 'history', {
						get() {
							reads.set(site.id, (reads.get(site.id) ?? 0) + 1);
							return site.history;
						},
					}),
				),
		};
		const store = new DashboardStore({plan, links: counted, meeting, wallClock: () => meeting.now()});
		const ui = await render(<App source={store} onEffect={() => undefined} theme={themeFor({})} />, {columns: 120, rows: 40});
		await ui.waitFor(f => f.includes('more'));
		for (const [key, title] of [
			['a', 'Attendance roll call'],
			['enter', 'Probes sent / answered'],
		] as const) {
			await ui.press(key);
			await ui.waitFor(f => f.includes(title), title);
			reads.clear();
			for (let i = 0; i < 5; i++) {
				const before = ui.stdout.frames.length;
				links.feed(1);
				store.publish();
				await ui.waitFor(() => ui.stdout.frames.length > before, 'a new frame');
			}
			// The detail reads its one site's history; the table behind reads none.
			expect(reads.size, title).toBeLessThanOrEqual(1);
			await ui.press('escape');
			await ui.waitFor(f => f.includes('start/pause') && !f.includes(title), 'the main view');
		}
		store.stop();
		await meeting.close();
	});
});
