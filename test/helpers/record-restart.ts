// A scripted meeting with what the honest minutes must tell apart (fixtures/journals/
// duc-pho-2021-restart.jsonl): every site's first connection when the hub opens (no incident),
// items lengthened (+) and shortened (-, fourteen times, then overrun: the screen's
// "1:06 / 1:00 +0:06"), the hub's heartbeat (08:31:12), then the hub crashing and resumed (08:33:38) with every
// site connecting again (no incident), a site's outage during the discussion (skipped on its
// turn), a clean quit and restart while a site is down (one outage across it, skipped on its
// turn too), a grade change, and a site still down at the end. Times are taken from the plan's session.timeZone (Asia/Ho_Chi_Minh).
// Run directly to (re)write the fixture:
//   node --import tsx test/helpers/record-restart.ts fixtures/journals/duc-pho-2021-restart.jsonl
import {rmSync} from 'node:fs';
import {Meeting, type IntentOutcome, type LinkRecord} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {fixturePlanFile} from './session.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

const at = (hhmmss: string) => {
	const [h, m, s] = hhmmss.split(':').map(Number) as [number, number, number];
	return Date.UTC(2021, 10, 25, h - 7, m, s);
};
const clockOf = (seconds: number) =>
	`${String(Math.floor(seconds / 3600)).padStart(2, '0')}:${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
const secondsOf = (hhmmss: string) => {
	const [h, m, s] = hhmmss.split(':').map(Number) as [number, number, number];
	return h * 3600 + m * 60 + s;
};

/** Record the scripted meeting into `file` (replaced). */
export async function recordRestart(file: string): Promise<void> {
	rmSync(file, {force: true});
	let now = at('07:55:00');
	const loaded = loadPlan(fixturePlanFile);
	// Heartbeats only where the script writes them (a timer would make the fixture depend on how fast it runs).
	const open = async () =>
		(await Meeting.open(loaded, {journal: file, clock: () => now, linkFlushMs: 1000, heartbeatMs: 0, lang: 'vi'})).meeting;
	let meeting = await open();
	const sites = meeting.state.plan.sites.map(site => site.id);
	const step = async (time: string, action: () => Promise<IntentOutcome>) => {
		now = at(time);
		const outcome = await action();
		if (!outcome.ok) throw new Error(`${time}: ${outcome.reason}`);
	};
	const link = async (time: string, change: LinkRecord) => {
		now = at(time);
		meeting.recordLink(change);
		await meeting.flush();
	};
	// The hub has just opened: every site connects (the Monitor reports its first "up" from "down").
	const connectAll = async (time: string, except: string[] = []) => {
		for (const site of sites) if (!except.includes(site)) await link(time, {site, type: 'up', grade: 'good', previous: 'down'});
	};

	await connectAll('07:55:02');
	await step('08:00:30', () => meeting.intent({type: 'toggle-item'})); // session and roll call
	let second = secondsOf('08:00:40');
	for (const site of [meeting.state.plan.hub, ...meeting.state.plan.sites]) {
		for (let role = 0; role < site.roles.length; role++) {
			await step(clockOf(second), () => meeting.intent({type: 'mark-attendance', site: site.id, role, status: 'present'}));
			second += 2;
		}
	}
	await step('08:10:00', () => meeting.intent({type: 'next-item'})); // topics: 20 minutes, lengthened twice
	await step('08:12:00', () => meeting.intent({type: 'extend-item', minutes: 1}));
	await step('08:12:01', () => meeting.intent({type: 'extend-item', minutes: 1}));
	await step('08:31:02', () => meeting.intent({type: 'note', text: 'Bảng điều khiển sắp bị tắt đột ngột (kịch bản thử)'}));
	// Ten quiet seconds: the hub journals that it is alive. Then it dies (no close): a crash.
	// It is started again at 08:33:38; the minutes know it ran until 08:31:12.
	now = at('08:31:12');
	if (!(await meeting.heartbeat())) throw new Error('08:31:12: the heartbeat was not written');
	now = at('08:33:38');
	meeting = await open();
	await connectAll('08:33:40');
	await step('08:36:00', () => meeting.intent({type: 'next-item'})); // discussion
	let turn = secondsOf('08:36:10');
	const call = async (down: string[]) => {
		await step(clockOf(turn), () => meeting.intent({type: 'next-speaker'}, {downSites: down}));
		turn += 350;
	};
	await call([]); // nguyen-nghiem
	await call([]); // pho-hoa
	await link('08:45:00', {site: 'pho-minh', type: 'down', grade: 'down', previous: 'good', reason: linkReason('no-answer', {probes: 3})});
	await call(['pho-minh']); // pho-minh is down on its turn: skipped, requeued; pho-ninh speaks
	await link('08:52:15', {site: 'pho-minh', type: 'up', grade: 'fair', previous: 'down'});
	for (let i = 0; i < 6; i++) await call([]); // pho-quang, pho-thanh, pho-van, pho-vinh, pho-an, pho-chau
	await link('09:25:00', {site: 'pho-cuong', type: 'down', grade: 'down', previous: 'good', reason: linkReason('connection-refused', {})});
	// A clean quit (q, y) while pho-cuong is down, and the dashboard opened again 70 s later:
	// pho-cuong is still down (one outage across the gap), every other site connects again.
	now = at('09:26:00');
	await meeting.close();
	now = at('09:27:10');
	meeting = await open();
	await connectAll('09:27:12', ['pho-cuong']);
	await link('09:27:12', {site: 'pho-cuong', type: 'down', grade: 'down', previous: 'down', reason: linkReason('connection-refused', {})});
	await call(['pho-cuong']); // pho-cuong down on its turn: skipped; pho-khanh speaks
	await link('09:31:00', {site: 'pho-cuong', type: 'up', grade: 'good', previous: 'down'});
	await link('09:33:00', {site: 'pho-khanh', type: 'grade', grade: 'poor', previous: 'good'});
	await call([]); // pho-nhon
	await call([]); // pho-phong
	await link('09:44:00', {site: 'pho-thuan', type: 'down', grade: 'down', previous: 'good', reason: linkReason('no-answer', {probes: 3})});
	await call(['pho-thuan']); // pho-thuan down: skipped; pho-minh speaks
	await call(['pho-thuan']); // pho-cuong
	await step(clockOf(turn), () => meeting.intent({type: 'end-speaker'}));
	await step('09:58:00', () => meeting.intent({type: 'skip-item'})); // remarks: none
	await step('09:58:30', () => meeting.intent({type: 'next-item'})); // conclusion: 15 minutes, shortened to 1
	for (let i = 0; i < 14; i++)
		await step(`09:58:${String(31 + i).padStart(2, '0')}`, () => meeting.intent({type: 'extend-item', minutes: -1}));
	await step('09:59:36', () => meeting.intent({type: 'end-session'})); // 1:06 of a 1:00 item: +0:06, as the screen showed
	await meeting.close();
}

if (process.argv[1] && import.meta.filename === process.argv[1])
	await recordRestart(process.argv[2] ?? 'fixtures/journals/duc-pho-2021-restart.jsonl');
