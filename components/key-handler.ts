import {actionFor, type InputMode} from './keymap.js';
import {reduceView, type SortOrder, type ViewAction, type ViewState} from './view-state.js';
import type {RollRow, SiteRowData} from './snapshot.js';

// What a key does, as a pure step: (view state, key name) → new view state + effects.
// The App folds every key of a chunk through it ("nn" acts twice) and then runs the effects.

/** An operator intent for the meeting (run by the store's controller, journalled first). */
export type Intent =
	| {type: 'toggleItem'}
	| {type: 'nextItem'}
	| {type: 'previousItem'}
	| {type: 'extend'; minutes: 1 | -1}
	| {type: 'skipItem'}
	| {type: 'nextSpeaker'}
	| {type: 'skipSpeaker'}
	| {type: 'mark'; site: string; role: number; status: 'present' | 'late' | 'absent'; reason?: string};

/** Side effects of keys. */
export type Effect = {type: 'intent'; intent: Intent} | {type: 'quit'} | {type: 'sort'; sort: SortOrder} | {type: 'view'; view: ViewState['view']};

/** What the key handler needs to know about the screen. */
export interface KeyContext {
	sites: readonly SiteRowData[];
	roll: readonly RollRow[];
	tableRows: number;
	rollRows: number;
	running: boolean;
}

/** The input mode of a view state. */
export function inputMode(state: ViewState): InputMode {
	if (state.confirmQuit) return 'confirm';
	if (state.prompt) return 'prompt';
	return state.view;
}

const simpleIntents: Partial<Record<string, Intent>> = {
	toggleItem: {type: 'toggleItem'},
	nextItem: {type: 'nextItem'},
	previousItem: {type: 'previousItem'},
	extendPlus: {type: 'extend', minutes: 1},
	extendMinus: {type: 'extend', minutes: -1},
	skipItem: {type: 'skipItem'},
	nextSpeaker: {type: 'nextSpeaker'},
	skipSpeaker: {type: 'skipSpeaker'},
};

/** Apply one named key. */
export function handleKey(state: ViewState, name: string, context: KeyContext): {state: ViewState; effects: Effect[]} {
	const effects: Effect[] = [];
	const apply = (action: ViewAction) => {
		state = reduceView(state, action);
	};
	const mode = inputMode(state);
	if (mode === 'prompt') {
		const prompt = state.prompt!;
		if (name === 'return') {
			effects.push({type: 'intent', intent: {type: 'mark', site: prompt.site, role: prompt.role, status: 'absent', reason: prompt.text.trim() || undefined}});
			apply({type: 'promptEnd'});
			apply({type: 'move', list: 'roll', delta: 1, count: context.roll.length, visible: context.rollRows});
		} else if (name === 'escape') apply({type: 'promptEnd'});
		else if (name === 'backspace') apply({type: 'promptBackspace'});
		else if (name === 'space') apply({type: 'promptType', text: ' '});
		else if ([...name].length === 1) apply({type: 'promptType', text: name});
		return {state, effects};
	}
	const action = actionFor(name, mode);
	if (!action) return {state, effects};
	const intent = simpleIntents[action];
	if (intent) {
		effects.push({type: 'intent', intent});
		return {state, effects};
	}
	const list = state.view === 'attendance' ? 'roll' : 'sites';
	const count = list === 'roll' ? context.roll.length : context.sites.length;
	const visible = list === 'roll' ? context.rollRows : context.tableRows;
	const show = (view: ViewState['view'], detailSite?: string | null) => {
		apply({type: 'show', view, detailSite});
		effects.push({type: 'view', view: state.view});
	};
	switch (action) {
		case 'up':
		case 'down':
		case 'pageUp':
		case 'pageDown': {
			const step = action === 'up' ? -1 : action === 'down' ? 1 : action === 'pageUp' ? -visible : visible;
			apply({type: 'move', list, delta: step, count, visible});
			if (state.view === 'detail') state = {...state, detailSite: context.sites[state.sites.selected]?.id ?? state.detailSite};
			break;
		}
		case 'detail':
			show('detail', context.sites[state.sites.selected]?.id ?? null);
			break;
		case 'attendance':
			show('attendance');
			break;
		case 'agenda':
			show('agenda');
			break;
		case 'help':
			show('help');
			break;
		case 'back':
			apply({type: 'back'});
			effects.push({type: 'view', view: state.view});
			break;
		case 'sort':
			apply({type: 'sort'});
			effects.push({type: 'sort', sort: state.sort});
			break;
		case 'markPresent':
		case 'markLate': {
			const row = context.roll[state.roll.selected];
			if (!row) break;
			effects.push({type: 'intent', intent: {type: 'mark', site: row.site, role: row.role, status: action === 'markPresent' ? 'present' : 'late'}});
			apply({type: 'move', list: 'roll', delta: 1, count, visible});
			break;
		}
		case 'markAbsent': {
			const row = context.roll[state.roll.selected];
			if (row) apply({type: 'promptStart', site: row.site, role: row.role});
			break;
		}
		case 'quit':
			if (context.running) apply({type: 'askQuit'});
			else effects.push({type: 'quit'});
			break;
		case 'confirmYes':
			effects.push({type: 'quit'});
			break;
		case 'confirmNo':
			apply({type: 'cancelQuit'});
			break;
		default:
			break;
	}
	return {state, effects};
}
