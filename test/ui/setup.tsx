import path from 'node:path';
import {loadPlan, type LoadedPlan} from '../../src/plan/plan-file.js';
import {Meeting} from '../../src/hub/meeting.js';
import {DashboardStore} from '../../src/dashboard/store.js';
import {App} from '../../components/App.js';
import {themeFor} from '../../components/theme.js';
import type {Effect} from '../../src/dashboard/key-handler.js';
import type {Lang} from '../../src/i18n/strings.js';
import {strings} from '../../src/i18n/strings.js';
import {intentFeedback} from '../../src/dashboard/intent-feedback.js';
import {render, syntheticLinks, tempDir, type LinkProfile} from '../helpers/render.js';

// The dashboard wired to real parts: the fixture plan, a real Meeting journalling to a temp
// file, LINK's trackers fed synthetic samples, the real store. Only the terminal is fake.

export const fixtureFile = path.resolve(import.meta.dirname, '../../fixtures/duc-pho-2021.yaml');

/** Profiles giving every grade: one dead, one lossy, one jittery, one slow, the rest good. */
export function mixedProfile(id: string): LinkProfile {
	if (id === 'pho-chau') return {dead: true};
	if (id === 'pho-ninh') return {rttMs: 5, lossEvery: 10};
	if (id === 'pho-khanh') return {rttMs: 10, jitterMs: 60};
	if (id === 'pho-hoa') return {rttMs: 200};
	return {rttMs: 2};
}

/** Open the dashboard on the fixture plan (or `loaded`) at a terminal size. */
export async function openDashboard(
	options: {
		columns?: number;
		rows?: number;
		lang?: Lang;
		loaded?: LoadedPlan;
		profile?: (id: string, index: number) => LinkProfile;
		samples?: number;
		downSites?: string[];
	} = {},
) {
	const loaded = options.loaded ?? loadPlan(fixtureFile);
	const dir = tempDir();
	const {meeting} = await Meeting.open(loaded, {journal: path.join(dir, 'journal.jsonl'), linkFlushMs: 1});
	const links = syntheticLinks(loaded.plan, options.profile ?? mixedProfile);
	links.feed(options.samples ?? 24); // past EVIDENCE.lossProbes: every live site has its grade
	const store = new DashboardStore({plan: loaded.plan, links, meeting, wallClock: () => meeting.now()});
	const effects: Effect[] = [];
	let quit = false;
	const onEffect = (effect: Effect) => {
		effects.push(effect);
		if (effect.type === 'quit') quit = true;
		if (effect.type !== 'intent') return;
		const intent = effect.intent;
		void meeting.intent(intent, {downSites: options.downSites ?? []}).then(outcome => {
			if (!outcome.ok) return store.refused(outcome.reason, outcome.refusal);
			// What src/dashboard/screen.ts says after an intent is journalled.
			const said = intentFeedback(intent, outcome, loaded.plan, strings(options.lang ?? 'en'), {
				now: meeting.now(),
				utcOffsetMinutes: meeting.state.utcOffsetMinutes,
			});
			if (said) store.done(said);
		});
	};
	store.start();
	const ui = await render(<App source={store} onEffect={onEffect} lang={options.lang ?? 'en'} theme={themeFor({})} />, {
		columns: options.columns,
		rows: options.rows,
	});
	const close = async () => {
		store.stop();
		await meeting.close();
	};
	const {afterEach} = await import('vitest');
	afterEach(close);
	return {ui, store, meeting, links, effects, isQuit: () => quit, loaded};
}
