import {describe, expect, it} from 'vitest';
import {initialConsoleViewState, MAX_REASON, reduceConsoleView} from '../../src/dashboard/console-view-state.js';

// The site console's roll-call selection, scroll window and reason prompt.

describe('reduceConsoleView', () => {
	it('moves within the roster and keeps the selection inside the visible window', () => {
		let state = initialConsoleViewState;
		state = reduceConsoleView(state, {type: 'move', delta: -1, count: 7, rows: 3});
		expect(state).toBe(initialConsoleViewState); // already at the top: nothing changes
		state = reduceConsoleView(state, {type: 'move', delta: 4, count: 7, rows: 3});
		expect(state).toMatchObject({selected: 4, from: 2});
		state = reduceConsoleView(state, {type: 'move', delta: 10, count: 7, rows: 3});
		expect(state).toMatchObject({selected: 6, from: 4});
		state = reduceConsoleView(state, {type: 'move', delta: -6, count: 7, rows: 3});
		expect(state).toMatchObject({selected: 0, from: 0});
	});

	it('a roster that shrank pulls the selection back in', () => {
		const state = reduceConsoleView({selected: 6, from: 4, prompt: null}, {type: 'fit', count: 3, rows: 3});
		expect(state).toMatchObject({selected: 2, from: 0});
	});

	it('the reason prompt: opens empty, takes text (capped), erases a whole character, closes', () => {
		let state = reduceConsoleView(initialConsoleViewState, {type: 'type', text: 'x'});
		expect(state.prompt).toBeNull(); // no prompt open: typing does nothing
		state = reduceConsoleView(state, {type: 'open-prompt'});
		state = reduceConsoleView(state, {type: 'type', text: 'ốm'});
		state = reduceConsoleView(state, {type: 'backspace'});
		expect(state.prompt).toBe('ố');
		state = reduceConsoleView(state, {type: 'type', text: 'y'.repeat(500)});
		expect(state.prompt).toHaveLength(MAX_REASON);
		expect(reduceConsoleView(state, {type: 'close-prompt'}).prompt).toBeNull();
	});
});
