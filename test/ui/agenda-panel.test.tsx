import {describe, expect, it} from 'vitest';
import {loadPlan} from '../../src/plan/plan-file.js';
import {initialSession, type SessionState} from '../../src/model/meeting/session.js';
import {nextItem, nextSpeaker, toggleItem} from '../../src/model/meeting/intents.js';
import {AgendaPanel} from '../../components/AgendaPanel.js';
import {ProjectorView} from '../../components/ProjectorView.js';
import {SpeakerPanel} from '../../components/SpeakerPanel.js';
import {UiContextValue} from '../../components/context.js';
import {agendaData} from '../../src/dashboard/selectors.js';
import {strings} from '../../src/i18n/strings.js';
import {themeFor} from '../../components/theme.js';
import {apply, MIN, SEC, T0} from '../helpers/session.js';
import {render} from '../helpers/render.js';
import {fixtureFile} from './setup.js';

// Agenda and speaker panels drawn from states built with MEETING's reducer and intents.

const plan = loadPlan(fixtureFile).plan;
const ui = {lang: 'en' as const, t: strings('en'), theme: themeFor({})};

async function panel(state: SessionState, now: number, width = 80, lines = 5, lang: 'vi' | 'en' = 'en') {
	const data = agendaData(state, now, site => (site === 'pho-an' ? 'poor' : 'good'));
	const out = await render(
		<UiContextValue.Provider value={lang === 'en' ? ui : {lang, t: strings(lang), theme: ui.theme}}>
			<AgendaPanel agenda={data} width={width} lines={lines} />
		</UiContextValue.Provider>,
		{columns: width},
	);
	return out.frame();
}

const started = () => apply(initialSession(plan, {utcOffsetMinutes: 420}), toggleItem(initialSession(plan, {utcOffsetMinutes: 420})), T0);

describe('agenda panel', () => {
	it('1.5 s into a 10-minute item, the panel and the projector both read 9:59 left (a countdown rounds up), as the site console does', async () => {
		const now = T0 + 1500;
		const frame = await panel(started(), now);
		expect(frame).toContain('0:01 / 10:00');
		expect(frame).toContain('-9:59');
		const data = agendaData(started(), now, () => 'good');
		const room = await render(
			<UiContextValue.Provider value={ui}>
				<ProjectorView title="Hội nghị" wallNow={now} utcOffsetMinutes={420} agenda={data} width={80} height={21} />
			</UiContextValue.Provider>,
			{columns: 80, rows: 24},
		);
		expect(room.frame()).toContain('left 9:59 · 0:01 / 10:00');
	});

	it('running: the item, elapsed / planned, time left and the next items', async () => {
		const frame = await panel(started(), T0 + 3 * MIN);
		expect(frame).toContain('Item 1/5: Văn phòng thị xã tuyên bố lý do');
		expect(frame).toContain('[running]');
		expect(frame).toContain('3:00 / 10:00');
		expect(frame).toContain('-7:00');
		expect(frame).toContain('Next: Chủ trì trao đổi');
	});

	it('in Vietnamese the next items’ minutes are "phút", not "20m"', async () => {
		const frame = await panel(started(), T0 + 3 * MIN, 80, 5, 'vi');
		expect(frame).toContain('Tiếp: Chủ trì trao đổi một số nội dung trọng tâm — 20 phút');
		expect(frame).not.toMatch(/— \d+m/);
	});

	it('warning when 2 minutes (20 %) are left', async () => {
		const frame = await panel(started(), T0 + 8 * MIN + 30 * SEC);
		expect(frame).toContain('[ending soon]');
		expect(frame).toContain('-1:30');
	});

	it('overrun past 100 %, with how far over', async () => {
		const frame = await panel(started(), T0 + 12 * MIN);
		expect(frame).toContain('[OVERRUN]');
		expect(frame).toContain('12:00 / 10:00');
		expect(frame).toContain('+2:00');
	});

	it('paused: the timer stops', async () => {
		let state = started();
		state = apply(state, toggleItem(state), T0 + 4 * MIN);
		const frame = await panel(state, T0 + 9 * MIN);
		expect(frame).toContain('[paused]');
		expect(frame).toContain('4:00 / 10:00');
	});

	it('before the start: says how to begin', async () => {
		const frame = await panel(initialSession(plan, {utcOffsetMinutes: 420}), T0);
		expect(frame).toContain('[pending]');
		expect(frame).toContain('0:00 / 10:00');
	});
});

describe('speaker panel', () => {
	function discussion(): SessionState {
		let state = started();
		state = apply(state, nextItem(state), T0 + 10 * MIN);
		state = apply(state, nextItem(state), T0 + 30 * MIN);
		return state;
	}

	it('during the discussion shows nobody speaking and the queue', async () => {
		const frame = await panel(discussion(), T0 + 31 * MIN, 80, 6);
		expect(frame).toContain('Item 3/5');
		expect(frame).toContain('no one speaking');
		expect(frame).toContain('Queue (15): Phường Nguyễn Nghiêm, Phường Phổ Hòa');
	});

	it('the speaking site with its own timer against its budget, and its link grade', async () => {
		let state = discussion();
		state = apply(state, nextSpeaker(state, []), T0 + 31 * MIN);
		const data = agendaData(state, T0 + 33 * MIN + 15 * SEC, () => 'fair');
		const out = await render(
			<UiContextValue.Provider value={ui}>
				<SpeakerPanel agenda={data} width={80} lines={2} />
			</UiContextValue.Provider>,
		);
		expect(out.frame()).toContain('Speaker: ◐ Phường Nguyễn Nghiêm 2:15/6:00');
		expect(out.frame()).toContain('Queue (14): Phường Phổ Hòa');
	});

	it('a speaker over budget is marked', async () => {
		let state = discussion();
		state = apply(state, nextSpeaker(state, []), T0 + 31 * MIN);
		const frame = await panel(state, T0 + 38 * MIN, 80, 6);
		expect(frame).toContain('7:00/6:00');
		expect(frame).toMatch(/7:00\/6:00.*OVERRUN/);
	});
});
