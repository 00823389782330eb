import {describe, expect, it} from 'vitest';
import {fitCursor, initialViewState, reduceView} from '../../src/dashboard/view-state.js';

// The view reducer alone: cursors stay in the list and the window follows the selection.

describe('reduceView', () => {
	it('moves the selection inside the list and scrolls the window with it', () => {
		let state = initialViewState();
		state = reduceView(state, {type: 'move', list: 'sites', delta: 4, count: 10, visible: 3});
		expect(state.sites).toEqual({selected: 4, from: 2});
		state = reduceView(state, {type: 'move', list: 'sites', delta: 100, count: 10, visible: 3});
		expect(state.sites).toEqual({selected: 9, from: 7});
		state = reduceView(state, {type: 'move', list: 'sites', delta: -100, count: 10, visible: 3});
		expect(state.sites).toEqual({selected: 0, from: 0});
		// Nothing to move: the very same state (React skips the render).
		expect(reduceView(state, {type: 'move', list: 'sites', delta: -1, count: 10, visible: 3})).toBe(state);
		expect(reduceView(state, {type: 'move', list: 'roll', delta: 1, count: 0, visible: 3})).toBe(state);
	});

	it('returns from help to the view it was opened from', () => {
		let state = reduceView(initialViewState(), {type: 'show', view: 'attendance'});
		state = reduceView(state, {type: 'show', view: 'help'});
		expect(state).toMatchObject({view: 'help', previous: 'attendance'});
		state = reduceView(state, {type: 'back'});
		expect(state.view).toBe('attendance');
		expect(reduceView(state, {type: 'back'}).view).toBe('main');
	});

	it('types and edits a reason by characters, not bytes', () => {
		let state = reduceView(initialViewState(), {type: 'promptStart', site: 'pho-an', role: 2});
		for (const text of ['đ', 'i', ' ', 'h', 'ọ', 'c']) state = reduceView(state, {type: 'promptType', text});
		state = reduceView(state, {type: 'promptBackspace'});
		expect(state.prompt).toEqual({site: 'pho-an', role: 2, text: 'đi họ'});
		expect(reduceView(state, {type: 'promptEnd'}).prompt).toBeNull();
		// Typing with no prompt open changes nothing.
		const plain = initialViewState();
		expect(reduceView(plain, {type: 'promptType', text: 'x'})).toBe(plain);
	});

	it('cycles the sort and keeps a remembered view, never help or detail, on start', () => {
		const sorts = [1, 2, 3].reduce<string[]>(
			(out, _, i) => [...out, reduceView({...initialViewState(), sort: (['worst', 'name', 'plan'] as const)[i]!}, {type: 'sort'}).sort],
			[],
		);
		expect(sorts).toEqual(['name', 'plan', 'worst']);
		expect(initialViewState({view: 'agenda'}).view).toBe('agenda');
		expect(initialViewState({view: 'help'}).view).toBe('main');
		expect(initialViewState({view: 'detail'}).view).toBe('main');
	});

	it('fits a cursor after the list shrank', () => {
		expect(fitCursor({selected: 9, from: 7}, 4, 3)).toEqual({selected: 3, from: 1});
		expect(fitCursor({selected: 0, from: 0}, 0, 3)).toEqual({selected: 0, from: 0});
	});
});
