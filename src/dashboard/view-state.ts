import type {View} from './keymap.js';

// The dashboard's view state as a pure reducer (as ink-ui does it): which view, which row
// is selected and which window of rows is visible, the quit question and the reason prompt.

/** A list cursor: the selected index and the first visible index. */
export interface ListCursor {
	selected: number;
	from: number;
}

/** Sort orders of the site table. */
export type SortOrder = 'worst' | 'name' | 'plan';

/** The whole view state. */
export interface ViewState {
	view: View;
	/** The view to return to from help. */
	previous: View;
	sites: ListCursor;
	roll: ListCursor;
	/** The site shown by the detail view, pinned when it opened (rows move as grades change). */
	detailSite: string | null;
	confirmQuit: boolean;
	/** The y/n question before the meeting is ended (`e`, or `n` on the last item). */
	confirmEnd: boolean;
	/** Typing a line: an absence's reason (site, role) or, with kind 'note', a note for the minutes. */
	prompt: {site: string; role: number; text: string; kind?: 'note'} | null;
	/** The page of the help shown (clamped to the pages there are when drawn). */
	helpPage: number;
	sort: SortOrder;
}

/** Named actions of the view reducer. */
export type ViewAction =
	| {type: 'move'; list: 'sites' | 'roll'; delta: number; count: number; visible: number}
	| {type: 'show'; view: View; detailSite?: string | null}
	| {type: 'back'}
	| {type: 'askQuit'}
	| {type: 'cancelQuit'}
	| {type: 'askEnd'}
	| {type: 'cancelEnd'}
	| {type: 'helpPage'; delta: number; pages: number}
	| {type: 'promptStart'; site: string; role: number}
	| {type: 'noteStart'}
	| {type: 'promptType'; text: string}
	| {type: 'promptBackspace'}
	| {type: 'promptEnd'}
	| {type: 'sort'; sort?: SortOrder};

const sortCycle: SortOrder[] = ['worst', 'name', 'plan'];

/** The initial view state. */
export function initialViewState(options: {view?: View; sort?: SortOrder} = {}): ViewState {
	const view = options.view === 'help' || options.view === 'detail' ? 'main' : (options.view ?? 'main');
	return {
		view,
		previous: 'main',
		sites: {selected: 0, from: 0},
		roll: {selected: 0, from: 0},
		detailSite: null,
		confirmQuit: false,
		confirmEnd: false,
		prompt: null,
		helpPage: 0,
		sort: options.sort ?? 'worst',
	};
}

/** Keep the selection inside the list and the window around the selection. */
export function fitCursor(cursor: ListCursor, count: number, visible: number): ListCursor {
	const rows = Math.max(1, visible);
	const selected = count === 0 ? 0 : Math.min(Math.max(0, cursor.selected), count - 1);
	let from = Math.min(cursor.from, Math.max(0, count - rows));
	if (selected < from) from = selected;
	if (selected >= from + rows) from = selected - rows + 1;
	from = Math.max(0, from);
	if (selected === cursor.selected && from === cursor.from) return cursor;
	return {selected, from};
}

/** The view reducer. */
export function reduceView(state: ViewState, action: ViewAction): ViewState {
	switch (action.type) {
		case 'move': {
			const cursor = state[action.list];
			const next = fitCursor({...cursor, selected: cursor.selected + action.delta}, action.count, action.visible);
			// At the end of the list already: the very same state, so nothing renders again.
			return next.selected === cursor.selected && next.from === cursor.from ? state : {...state, [action.list]: next};
		}
		case 'show':
			if (action.view === state.view) return state;
			return {
				...state,
				view: action.view,
				// Help and the projector return to where they were opened from.
				previous: action.view === 'help' || action.view === 'projector' ? state.view : state.previous,
				helpPage: action.view === 'help' ? 0 : state.helpPage,
				detailSite: action.detailSite === undefined ? state.detailSite : action.detailSite,
			};
		case 'back':
			if (state.view === 'help' || state.view === 'projector') {
				const back = state.previous === 'help' || state.previous === state.view ? 'main' : state.previous;
				return {...state, view: back, previous: 'main'};
			}
			return state.view === 'main' ? state : {...state, view: 'main'};
		case 'askQuit':
			return {...state, confirmQuit: true};
		case 'cancelQuit':
			return {...state, confirmQuit: false};
		case 'askEnd':
			return {...state, confirmEnd: true};
		case 'cancelEnd':
			return {...state, confirmEnd: false};
		case 'helpPage': {
			const page = Math.max(0, Math.min(Math.max(1, action.pages) - 1, state.helpPage + action.delta));
			return page === state.helpPage ? state : {...state, helpPage: page};
		}
		case 'noteStart':
			return {...state, prompt: {site: '', role: -1, text: '', kind: 'note'}};
		case 'promptStart':
			return {...state, prompt: {site: action.site, role: action.role, text: ''}};
		case 'promptType':
			return state.prompt ? {...state, prompt: {...state.prompt, text: state.prompt.text + action.text}} : state;
		case 'promptBackspace':
			return state.prompt ? {...state, prompt: {...state.prompt, text: [...state.prompt.text].slice(0, -1).join('')}} : state;
		case 'promptEnd':
			return {...state, prompt: null};
		case 'sort': {
			const sort = action.sort ?? sortCycle[(sortCycle.indexOf(state.sort) + 1) % sortCycle.length];
			return {...state, sort};
		}
	}
}
