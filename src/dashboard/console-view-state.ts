// The site console's own view state: which roster row is selected, the visible window, and the
// reason being typed for an absence. A reducer with named actions, tested alone.

/** Selection, scroll window and prompt of the roll call. */
export interface ConsoleViewState {
	selected: number;
	from: number;
	/** The reason being typed (null: not typing). */
	prompt: string | null;
}

export type ConsoleViewAction =
	| {type: 'move'; delta: number; count: number; rows: number}
	| {type: 'fit'; count: number; rows: number}
	| {type: 'open-prompt'}
	| {type: 'type'; text: string}
	| {type: 'backspace'}
	| {type: 'close-prompt'};

/** Longest reason the prompt takes (the hub caps text too). */
export const MAX_REASON = 120;

export const initialConsoleViewState: ConsoleViewState = {selected: 0, from: 0, prompt: null};

/** Keep `selected` inside the roster and inside the window of `rows` rows. */
function window(state: ConsoleViewState, selected: number, count: number, rows: number): ConsoleViewState {
	const last = Math.max(0, count - 1);
	const clamped = Math.max(0, Math.min(last, selected));
	const visible = Math.max(1, rows);
	let from = Math.min(state.from, Math.max(0, count - visible));
	if (clamped < from) from = clamped;
	if (clamped >= from + visible) from = clamped - visible + 1;
	return clamped === state.selected && from === state.from ? state : {...state, selected: clamped, from: Math.max(0, from)};
}

/** The next view state. */
export function reduceConsoleView(state: ConsoleViewState, action: ConsoleViewAction): ConsoleViewState {
	switch (action.type) {
		case 'move':
			return window(state, state.selected + action.delta, action.count, action.rows);
		case 'fit':
			return window(state, state.selected, action.count, action.rows);
		case 'open-prompt':
			return state.prompt === null ? {...state, prompt: ''} : state;
		case 'type':
			return state.prompt === null ? state : {...state, prompt: (state.prompt + action.text).slice(0, MAX_REASON)};
		case 'backspace':
			return state.prompt === null ? state : {...state, prompt: [...state.prompt].slice(0, -1).join('')};
		case 'close-prompt':
			return state.prompt === null ? state : {...state, prompt: null};
	}
}
