import {bindingFor, changesMeeting, type InputMode} from './keymap.js';
import {reduceView, type SortOrder, type ViewAction, type ViewState} from './view-state.js';
import type {RollRow, SiteRowData} from './snapshot.js';
import type {Intent} from '../model/meeting/intents.js';

// What a key does, as a pure step: (view state, key name) → new view state + effects.
// The App folds every key of a chunk through it ("nn" acts twice) and then runs the effects.

export type {Intent} from '../model/meeting/intents.js';

/**
 * Side effects of keys: a meeting intent (the hub core decides and journals it), quitting the
 * screen, remembering the sort or view, or a meeting key refused because the screen only views.
 */
export type Effect =
	| {type: 'intent'; intent: Intent}
	| {type: 'quit'}
	| {type: 'sort'; sort: SortOrder}
	| {type: 'view'; view: ViewState['view']}
	| {type: 'viewerRefused'};

/** What the key handler needs to know about the screen. */
export interface KeyContext {
	sites: readonly SiteRowData[];
	roll: readonly RollRow[];
	tableRows: number;
	rollRows: number;
	running: boolean;
	/** A viewer screen: keys that would change the meeting are refused, nothing is sent. */
	viewer?: boolean;
	/** The item in focus is the last one left: `n` then offers to end the meeting. */
	onLastItem?: boolean;
	/** Sites in the current item's speaker queue, in order (for `r`, `[` and `]`). */
	queue?: readonly string[];
	/** How many pages the help has at this size. */
	helpPages?: number;
}

/** The input mode of a view state. */
export function inputMode(state: ViewState): InputMode {
	if (state.confirmQuit || state.confirmEnd) return 'confirm';
	if (state.prompt) return 'prompt';
	return state.view;
}

/** Apply one named key. */
export function handleKey(state: ViewState, name: string, context: KeyContext): {state: ViewState; effects: Effect[]} {
	const effects: Effect[] = [];
	const apply = (action: ViewAction) => {
		state = reduceView(state, action);
	};
	const mode = inputMode(state);
	if (mode === 'prompt') {
		const prompt = state.prompt!;
		if (name === 'return' && prompt.kind === 'note') {
			const text = prompt.text.trim();
			if (text) effects.push({type: 'intent', intent: {type: 'note', text}});
			apply({type: 'promptEnd'});
		} else if (name === 'return') {
			const reason = prompt.text.trim();
			effects.push({
				type: 'intent',
				intent: {type: 'mark-attendance', site: prompt.site, role: prompt.role, status: 'absent', ...(reason ? {reason} : {})},
			});
			apply({type: 'promptEnd'});
			apply({type: 'move', list: 'roll', delta: 1, count: context.roll.length, visible: context.rollRows});
		} else if (name === 'escape') apply({type: 'promptEnd'});
		else if (name === 'backspace') apply({type: 'promptBackspace'});
		else if (name === 'space') apply({type: 'promptType', text: ' '});
		else if ([...name].length === 1) apply({type: 'promptType', text: name});
		return {state, effects};
	}
	const binding = bindingFor(name, mode);
	if (!binding) return {state, effects};
	if (context.viewer && changesMeeting(binding)) {
		effects.push({type: 'viewerRefused'});
		return {state, effects};
	}
	// On the last item, `n` has no next item to start: it offers what the operator meant, the end.
	if (binding.action === 'nextItem' && context.onLastItem) {
		apply({type: 'askEnd'});
		return {state, effects};
	}
	if (binding.intent) {
		effects.push({type: 'intent', intent: binding.intent});
		return {state, effects};
	}
	const action = binding.action;
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
			if (state.view === 'help') {
				apply({type: 'helpPage', delta: action === 'up' || action === 'pageUp' ? -1 : 1, pages: context.helpPages ?? 1});
				break;
			}
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
		case 'projector':
			if (state.view === 'projector') {
				apply({type: 'back'});
				effects.push({type: 'view', view: state.view});
			} else show('projector');
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
		case 'markLate':
		case 'unmark': {
			// A mark moves the cursor down (the key line says so), so a roll call is space, space, …
			const row = context.roll[state.roll.selected];
			if (!row) break;
			const status = action === 'markPresent' ? 'present' : action === 'markLate' ? 'late' : 'unmarked';
			effects.push({type: 'intent', intent: {type: 'mark-attendance', site: row.site, role: row.role, status}});
			if (action !== 'unmark') apply({type: 'move', list: 'roll', delta: 1, count, visible});
			break;
		}
		case 'endSession':
			// Only a meeting under way is worth a question; otherwise the core says why not.
			if (context.running) apply({type: 'askEnd'});
			else effects.push({type: 'intent', intent: {type: 'end-session'}});
			break;
		case 'note':
			apply({type: 'noteStart'});
			break;
		case 'queueToggle':
		case 'queueEarlier':
		case 'queueLater': {
			const site = context.sites[state.sites.selected]?.id;
			if (!site) break;
			const queued = (context.queue ?? []).includes(site);
			const intent: Intent =
				action === 'queueToggle'
					? queued
						? {type: 'drop-speaker', site}
						: {type: 'queue-speaker', site}
					: {type: 'move-speaker', site, delta: action === 'queueEarlier' ? -1 : 1};
			effects.push({type: 'intent', intent});
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
			if (state.confirmEnd) {
				effects.push({type: 'intent', intent: {type: 'end-session'}});
				apply({type: 'cancelEnd'});
			} else effects.push({type: 'quit'});
			break;
		case 'confirmNo':
			apply({type: state.confirmEnd ? 'cancelEnd' : 'cancelQuit'});
			break;
		default:
			break;
	}
	return {state, effects};
}
