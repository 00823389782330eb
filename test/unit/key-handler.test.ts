import {describe, expect, it} from 'vitest';
import {handleKey, inputMode, type KeyContext} from '../../src/dashboard/key-handler.js';
import {keymap} from '../../src/dashboard/keymap.js';
import {initialViewState, type ViewState} from '../../src/dashboard/view-state.js';
import type {RollRow, SiteRowData} from '../../src/dashboard/snapshot.js';

// The pure key step: (view state, key) → view state + effects. Every meeting key sends the one
// Intent type the core journals; a viewer's screen sends none.

const site = (id: string): SiteRowData => ({
	id,
	name: id,
	index: 0,
	grade: 'good',
	state: 'up',
	rttMs: 1,
	p50Ms: 1,
	p95Ms: 1,
	maxMs: 1,
	jitterMs: 0,
	lossPct: 0,
	mos: 4.4,
	availabilityPct: 100,
	sent: 1,
	received: 1,
	seenAgoMs: 0,
	history: [],
	present: 0,
	expected: 2,
	speaking: false,
	error: null,
	badness: 0,
});
const roll: RollRow[] = [
	{site: 'pho-an', siteName: 'Phổ An', role: 0, roleName: 'Chủ tịch', status: null, reason: null, first: true},
	{site: 'pho-an', siteName: 'Phổ An', role: 1, roleName: 'Phó Chủ tịch', status: null, reason: null, first: false},
];
const context: KeyContext = {sites: ['a', 'b', 'c', 'd', 'e'].map(site), roll, tableRows: 3, rollRows: 3, running: true};

/** Fold keys through handleKey as the App does for one chunk. */
function press(keys: string[], state: ViewState = initialViewState(), ctx: KeyContext = context) {
	const effects = [];
	for (const key of keys) {
		const step = handleKey(state, key, ctx);
		state = step.state;
		effects.push(...step.effects);
	}
	return {state, effects};
}

describe('handleKey', () => {
	it('turns every meeting key of the keymap into its intent, unchanged', () => {
		expect(press(['space', 'n', 'p', '+', '-', 's', 't', 'x']).effects).toEqual([
			{type: 'intent', intent: {type: 'toggle-item'}},
			{type: 'intent', intent: {type: 'next-item'}},
			{type: 'intent', intent: {type: 'previous-item'}},
			{type: 'intent', intent: {type: 'extend-item', minutes: 1}},
			{type: 'intent', intent: {type: 'extend-item', minutes: -1}},
			{type: 'intent', intent: {type: 'skip-item'}},
			{type: 'intent', intent: {type: 'next-speaker'}},
			{type: 'intent', intent: {type: 'skip-speaker'}},
		]);
		// Every row with an intent acts through this path: the keymap is the only table.
		for (const binding of keymap.filter(row => row.intent)) {
			expect(press([binding.keys[0]!], {...initialViewState(), view: binding.modes[0] as ViewState['view']}).effects).toEqual([
				{type: 'intent', intent: binding.intent},
			]);
		}
	});

	it('refuses meeting keys on a viewer screen and sends nothing, but lets it look around', () => {
		const viewer = {...context, viewer: true};
		expect(press(['n', 'space', 't'], initialViewState(), viewer).effects).toEqual([
			{type: 'viewerRefused'},
			{type: 'viewerRefused'},
			{type: 'viewerRefused'},
		]);
		const looked = press(['down', 'a', 'space', 'b'], initialViewState(), viewer);
		expect(looked.state.view).toBe('attendance');
		expect(looked.state.prompt).toBeNull();
		expect(looked.effects).toEqual([{type: 'view', view: 'attendance'}, {type: 'viewerRefused'}, {type: 'viewerRefused'}]);
		expect(press(['down', 'down'], initialViewState(), viewer).state.sites.selected).toBe(2);
	});

	it('marks the selected role in the roll call and moves down; an absence asks for a reason', () => {
		const {state, effects} = press(['a', 'space']);
		expect(effects).toEqual([
			{type: 'view', view: 'attendance'},
			{type: 'intent', intent: {type: 'mark-attendance', site: 'pho-an', role: 0, status: 'present'}},
		]);
		expect(state.roll.selected).toBe(1);
		const asked = press(['b', 'ố', 'm', 'space', 'x', 'backspace', 'backspace'], state);
		expect(inputMode(asked.state)).toBe('prompt');
		expect(asked.state.prompt).toEqual({site: 'pho-an', role: 1, text: 'ốm'});
		expect(asked.effects).toEqual([]);
		const saved = press(['return'], asked.state);
		expect(saved.effects).toEqual([
			{type: 'intent', intent: {type: 'mark-attendance', site: 'pho-an', role: 1, status: 'absent', reason: 'ốm'}},
		]);
		expect(saved.state.prompt).toBeNull();
		// An empty reason journals none; Esc cancels without a mark.
		expect(press(['b', 'return'], state).effects).toEqual([
			{type: 'intent', intent: {type: 'mark-attendance', site: 'pho-an', role: 1, status: 'absent'}},
		]);
		expect(press(['b', 'x', 'escape'], state).effects).toEqual([]);
	});

	it('asks before quitting a running meeting, quits at once otherwise', () => {
		const asked = press(['q']);
		expect(inputMode(asked.state)).toBe('confirm');
		expect(asked.effects).toEqual([]);
		expect(press(['n'], asked.state).state.confirmQuit).toBe(false);
		expect(press(['n'], asked.state).effects).toEqual([]); // "no" there is not "next item"
		expect(press(['y'], asked.state).effects).toEqual([{type: 'quit'}]);
		expect(press(['q'], initialViewState(), {...context, running: false}).effects).toEqual([{type: 'quit'}]);
	});

	it('opens the detail of the selected site, follows the selection there, and cycles the sort', () => {
		const detail = press(['down', 'return']);
		expect(detail.state).toMatchObject({view: 'detail', detailSite: 'b'});
		expect(press(['down'], detail.state).state.detailSite).toBe('c');
		expect(press(['o', 'o', 'o']).effects).toEqual([
			{type: 'sort', sort: 'name'},
			{type: 'sort', sort: 'plan'},
			{type: 'sort', sort: 'worst'},
		]);
		expect(press(['?', 'escape'], detail.state).state.view).toBe('detail');
	});

	it('v opens the projector from any view and back; meeting keys still act there, a viewer is still refused', () => {
		const fromRoll = press(['a', 'v']);
		expect(fromRoll.state.view).toBe('projector');
		expect(press(['v'], fromRoll.state).state.view).toBe('attendance');
		expect(press(['escape'], fromRoll.state).state.view).toBe('attendance');
		expect(press(['?', 'escape'], fromRoll.state).state.view).toBe('projector');
		expect(press(['n'], fromRoll.state).effects).toEqual([{type: 'intent', intent: {type: 'next-item'}}]);
		expect(press(['n'], fromRoll.state, {...context, viewer: true}).effects).toEqual([{type: 'viewerRefused'}]);
		expect(initialViewState({view: 'projector'}).view).toBe('projector');
	});

	it('ignores keys that mean nothing in the mode', () => {
		const {state, effects} = press(['z', 'l', 'F']);
		expect(effects).toEqual([]);
		expect(state).toEqual(initialViewState());
	});
});
