import path from 'node:path';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {loadPlan} from '../../src/plan/plan-file.js';
import {Meeting} from '../../src/hub/meeting.js';
import {DashboardStore} from '../../src/dashboard/store.js';
import {markAttendance} from '../../src/model/meeting/intents.js';
import {syntheticLinks} from '../helpers/synthetic-links.js';
import {tempDir} from '../helpers/render.js';

// The store's frames around an operator's action: the frame the action publishes at once, a few
// ms after a frame that read every link, keeps that frame's link figures (reading 2,000 links again
// was a key's longest wait); the next frame in its slot reads them anew, unasked.

const fixture = path.resolve(import.meta.dirname, '../../fixtures/duc-pho-2021.yaml');
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const close of closers.splice(0)) await close();
});

describe('DashboardStore frames after an operator action', () => {
	it("publishes the action at once with the last frame's links, then a frame with the links read again", async () => {
		const loaded = loadPlan(fixture);
		const {meeting} = await Meeting.open(loaded, {journal: path.join(tempDir(), 'journal.jsonl'), linkFlushMs: 1});
		closers.push(() => meeting.close());
		const links = syntheticLinks(loaded.plan, () => ({rttMs: 2}));
		links.feed(24); // past EVIDENCE.lossProbes: the site has its grade
		let clock = 0; // the store's monotonic clock, moved by hand: no frame depends on timing
		const store = new DashboardStore({
			plan: loaded.plan,
			links,
			meeting,
			wallClock: () => meeting.now(),
			clock: () => clock,
			tickMs: 3_600_000,
		}); // no clock tick can slip a frame in
		closers.push(() => store.stop());
		const published: number[] = [];
		store.subscribe(() => published.push(store.getSnapshot().seq));
		const next = (count: number) =>
			vi.waitFor(() => expect(published.length).toBeGreaterThanOrEqual(count), {timeout: 10_000, interval: 5});
		store.start();
		await next(1); // the first frame: every link read
		const site = loaded.plan.sites[0]!.id;
		const row = () => store.getSnapshot().sites.find(r => r.id === site)!;
		expect(row().grade).toBe('good');
		// The site dies, and 50 ms later (within the 100-ms frame interval) an operator marks it present.
		links.kill(site);
		links.feed(6);
		clock += 50;
		expect(markAttendance(meeting.state, site, 0, 'present').ok).toBe(true);
		await meeting.intent({type: 'mark-attendance', site, role: 0, status: 'present'});
		await next(2);
		expect(row().present).toBe(1); // the action shows at once
		expect(row().grade).toBe('good'); // with the links of the frame 50 ms before
		await next(3); // and the next frame, asked for by nobody, reads the links again
		expect(row().grade).toBe('down');
		// Long after the last read, an action's frame reads every link itself.
		links.feed(1);
		clock += 1000;
		store.done('ok');
		await next(4);
		expect(store.getSnapshot().sites.find(r => r.id === site)!.state).toBe('down');
	});
});
