// The scripted 2021 meeting behind fixtures/journals/: roll call with absences, a late arrival,
// a paused and extended item, the discussion with a site whose link drops on its turn (skipped,
// called again at the end) and one skipped by the operator, the optional remarks skipped, the
// conclusion. Run directly to (re)write the fixture journal:
//   node --import tsx test/helpers/record-meeting.ts fixtures/journals/duc-pho-2021.jsonl
import {rmSync} from 'node:fs';
import {Meeting, type IntentOutcome} from '../../src/hub/meeting.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {fixturePlanFile} from './session.js';
import {linkReason} from '../../src/model/link/link-reasons.js';

const at = (hhmmss: string) => {
	const [h, m, s] = hhmmss.split(':').map(Number) as [number, number, number];
	return Date.UTC(2021, 10, 25, h - 7, m, s); // Đức Phổ local time, UTC+07:00
};

/** Record the scripted meeting into `file` (replaced). */
export async function recordMeeting(file: string): Promise<void> {
	rmSync(file, {force: true});
	let now = at('07:50:00');
	const {meeting} = await Meeting.open(loadPlan(fixturePlanFile), {
		journal: file,
		clock: () => now,
		utcOffsetMinutes: 420,
		linkFlushMs: 1000,
		heartbeatMs: 0,
	});
	const step = async (time: string, action: () => Promise<IntentOutcome>) => {
		now = at(time);
		const outcome = await action();
		if (!outcome.ok) throw new Error(`${time}: ${outcome.reason}`);
	};
	const link = async (time: string, change: Parameters<Meeting['recordLink']>[0]) => {
		now = at(time);
		meeting.recordLink(change);
		await meeting.flush();
	};
	const sites = meeting.state.plan.sites;

	await step('07:58:00', () => meeting.intent({type: 'mark-attendance', site: 'thi-xa', role: 0, status: 'present'}));
	await step('08:02:10', () => meeting.intent({type: 'toggle-item'})); // session and roll call begin
	let second = 20; // two seconds a mark from 08:02:20
	for (const site of [meeting.state.plan.hub, ...sites]) {
		for (let role = 0; role < site.roles.length; role++) {
			if (site.id === 'thi-xa' && role === 0) continue;
			const absent = (site.id === 'pho-an' && role === 3) || (site.id === 'pho-thanh' && role === 6);
			const unmarked = site.id === 'pho-khanh' && role === 2;
			if (unmarked) continue;
			const time = `08:${String(2 + Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}`;
			await step(time, () =>
				absent
					? meeting.intent({
							type: 'mark-attendance',
							site: site.id,
							role,
							status: 'absent',
							reason: site.id === 'pho-an' ? 'ốm' : 'đi công tác',
						})
					: meeting.intent({type: 'mark-attendance', site: site.id, role, status: 'present'}),
			);
			second += 2;
		}
	}
	await link('08:06:30', {site: 'pho-cuong', type: 'down', grade: 'down', previous: 'good', reason: linkReason('timeout', {})});
	await link('08:07:10', {site: 'pho-cuong', type: 'up', grade: 'fair', previous: 'down'});
	await step('08:13:40', () => meeting.intent({type: 'next-item'})); // topics
	await step('08:20:05', () => meeting.intent({type: 'mark-attendance', site: 'pho-khanh', role: 2, status: 'late'})); // came late: the operator presses l
	await step('08:30:00', () => meeting.intent({type: 'toggle-item'})); // pause: sound lost at the hub
	await step('08:33:00', () => meeting.intent({type: 'note', text: 'Tạm dừng 3 phút do mất tiếng tại điểm cầu thị xã'}));
	await step('08:33:00', () => meeting.intent({type: 'toggle-item'}));
	await step('08:34:00', () => meeting.intent({type: 'extend-item', minutes: 1}));
	await link('08:35:00', {site: 'pho-minh', type: 'down', grade: 'down', previous: 'fair', reason: linkReason('connection-refused', {})});
	await step('08:36:10', () => meeting.intent({type: 'next-item'})); // discussion

	const turns: Array<[string, string[]]> = [
		['08:36:30', ['pho-minh']], // nguyen-nghiem speaks
		['08:42:50', ['pho-minh']], // pho-hoa; then pho-minh is down on its turn
		['08:49:00', ['pho-minh']], // pho-ninh (pho-minh skipped, requeued)
	];
	for (const [time, down] of turns) await step(time, () => meeting.intent({type: 'next-speaker'}, {downSites: down}));
	await link('08:52:15', {site: 'pho-minh', type: 'up', grade: 'poor', previous: 'down'});
	const later = [
		'08:55:20',
		'09:01:00',
		'09:07:40',
		'09:08:20',
		'09:14:45',
		'09:20:30',
		'09:26:00',
		'09:32:10',
		'09:37:50',
		'09:43:30',
		'09:49:00',
	];
	for (const time of later) {
		await step(time, () => meeting.intent({type: 'next-speaker'}));
		if (time === '09:07:40') await step('09:08:20', () => meeting.intent({type: 'skip-speaker'})); // pho-van: no sound, called again at the end
		if (time === '09:08:20') await link('09:10:00', {site: 'pho-minh', type: 'grade', grade: 'fair', previous: 'poor'});
	}
	await step('09:54:40', () => meeting.intent({type: 'next-speaker'})); // pho-minh again
	await step('10:00:00', () => meeting.intent({type: 'next-speaker'})); // pho-van again
	await step('10:05:30', () => meeting.intent({type: 'end-speaker'}));
	await step('10:06:00', () => meeting.intent({type: 'skip-item'})); // remarks: none
	await step('10:06:30', () => meeting.intent({type: 'next-item'})); // conclusion
	await step('10:20:00', () => meeting.intent({type: 'end-session'}));
	await meeting.close();
}

if (process.argv[1] && import.meta.filename === process.argv[1])
	await recordMeeting(process.argv[2] ?? 'fixtures/journals/duc-pho-2021.jsonl');
