import type {Intent} from '../model/meeting/intents.js';

// The one keymap: every binding of the dashboard lives in this table. The input handler
// asks `bindingFor(name, mode)`; the help view and the key line list the same table. A row
// with an `intent` is a meeting key: the key handler sends that intent as it is, the hub core
// decides and journals it. So a new meeting key is one row here (a label in i18n) plus, for a
// new kind of intent, its case in src/model/meeting/intents.ts.

/** Screens of the dashboard. */
export type View = 'main' | 'detail' | 'attendance' | 'agenda' | 'help' | 'projector';

/** What the keyboard is doing: the current view, a y/n question, or typing a reason. */
export type InputMode = View | 'confirm' | 'prompt';

/** Everything a key can do. */
export type Action =
	| 'toggleItem'
	| 'nextItem'
	| 'previousItem'
	| 'extendPlus'
	| 'extendMinus'
	| 'skipItem'
	| 'nextSpeaker'
	| 'skipSpeaker'
	| 'up'
	| 'down'
	| 'pageUp'
	| 'pageDown'
	| 'detail'
	| 'attendance'
	| 'agenda'
	| 'sort'
	| 'help'
	| 'projector'
	| 'back'
	| 'quit'
	| 'markPresent'
	| 'markLate'
	| 'markAbsent'
	| 'unmark'
	| 'endSpeaker'
	| 'endSession'
	| 'note'
	| 'queueToggle'
	| 'queueEarlier'
	| 'queueLater'
	| 'confirmYes'
	| 'confirmNo';

/** One binding: the keys (as named by `keyNames`), their label in help, and where they act. */
export interface Binding {
	action: Action;
	keys: readonly string[];
	label: string;
	modes: readonly InputMode[];
	/** The meeting intent the key sends (operator screens only); none for view keys. */
	intent?: Intent;
	/** The key changes the meeting (a viewer screen refuses it); implied by `intent`. */
	operator?: boolean;
}

const meetingModes: readonly InputMode[] = ['main', 'detail', 'agenda', 'projector'];
// In help the same keys turn its pages.
const listModes: readonly InputMode[] = ['main', 'attendance', 'detail', 'help'];
const everyView: readonly InputMode[] = ['main', 'detail', 'attendance', 'agenda', 'help', 'projector'];

/** Every key binding of the dashboard, in the order help lists them. */
export const keymap: readonly Binding[] = [
	{action: 'toggleItem', keys: ['space'], label: 'space', modes: meetingModes, intent: {type: 'toggle-item'}},
	{action: 'nextItem', keys: ['n'], label: 'n', modes: meetingModes, intent: {type: 'next-item'}},
	{action: 'previousItem', keys: ['p'], label: 'p', modes: meetingModes, intent: {type: 'previous-item'}},
	{action: 'extendPlus', keys: ['+', '='], label: '+', modes: meetingModes, intent: {type: 'extend-item', minutes: 1}},
	{action: 'extendMinus', keys: ['-', '_'], label: '-', modes: meetingModes, intent: {type: 'extend-item', minutes: -1}},
	{action: 'skipItem', keys: ['s'], label: 's', modes: meetingModes, intent: {type: 'skip-item'}},
	{action: 'nextSpeaker', keys: ['t'], label: 't', modes: meetingModes, intent: {type: 'next-speaker'}},
	{action: 'skipSpeaker', keys: ['x'], label: 'x', modes: meetingModes, intent: {type: 'skip-speaker'}},
	{action: 'endSpeaker', keys: ['T'], label: 'T', modes: meetingModes, intent: {type: 'end-speaker'}},
	// The speaker queue, on the site selected in the table: in or out, earlier or later.
	{action: 'queueToggle', keys: ['r'], label: 'r', modes: ['main'], operator: true},
	{action: 'queueEarlier', keys: ['['], label: '[', modes: ['main'], operator: true},
	{action: 'queueLater', keys: [']'], label: ']', modes: ['main'], operator: true},
	// Not on the projector view: the question and the note are typed where the alert line shows.
	{action: 'endSession', keys: ['e'], label: 'e', modes: ['main', 'detail', 'agenda'], operator: true},
	{action: 'note', keys: ['m'], label: 'm', modes: ['main', 'detail', 'agenda'], operator: true},
	{action: 'up', keys: ['up', 'k'], label: '↑ k', modes: listModes},
	{action: 'down', keys: ['down', 'j'], label: '↓ j', modes: listModes},
	{action: 'pageUp', keys: ['pageup'], label: 'PgUp', modes: listModes},
	{action: 'pageDown', keys: ['pagedown'], label: 'PgDn', modes: listModes},
	{action: 'detail', keys: ['return'], label: 'Enter', modes: ['main']},
	{action: 'attendance', keys: ['a'], label: 'a', modes: ['main', 'detail', 'agenda']},
	{action: 'markPresent', keys: ['space'], label: 'space', modes: ['attendance'], operator: true},
	{action: 'markLate', keys: ['l'], label: 'l', modes: ['attendance'], operator: true},
	{action: 'markAbsent', keys: ['b'], label: 'b', modes: ['attendance'], operator: true},
	{action: 'unmark', keys: ['u'], label: 'u', modes: ['attendance'], operator: true},
	{action: 'agenda', keys: ['g'], label: 'g', modes: ['main', 'detail', 'attendance']},
	{action: 'sort', keys: ['o'], label: 'o', modes: ['main']},
	{action: 'help', keys: ['?'], label: '?', modes: everyView},
	{action: 'projector', keys: ['v'], label: 'v', modes: everyView},
	{action: 'back', keys: ['escape'], label: 'Esc', modes: ['detail', 'attendance', 'agenda', 'help', 'projector']},
	{action: 'quit', keys: ['q', 'ctrl+c'], label: 'q', modes: everyView},
	{action: 'confirmYes', keys: ['y', 'ctrl+c'], label: 'y', modes: ['confirm']},
	{action: 'confirmNo', keys: ['n', 'escape'], label: 'n', modes: ['confirm']},
];

const index = new Map<string, Binding>();
for (const binding of keymap) {
	for (const key of binding.keys) {
		for (const mode of binding.modes) {
			const id = `${mode}\u0000${key}`;
			if (!index.has(id)) index.set(id, binding);
		}
	}
}

/** The binding of a named key in a mode, if any. */
export function bindingFor(name: string, mode: InputMode): Binding | undefined {
	return index.get(`${mode}\u0000${name}`);
}

/** The action of a named key in a mode, if any. */
export function actionFor(name: string, mode: InputMode): Action | undefined {
	return bindingFor(name, mode)?.action;
}

/** True when the binding changes the meeting (refused on a viewer's screen). */
export function changesMeeting(binding: Binding): boolean {
	return binding.intent !== undefined || binding.operator === true;
}

/** The flags of one key event as Ink's useInput gives them (its `Key`, the fields read here). */
export type KeyFlags = Partial<
	Record<
		| 'upArrow'
		| 'downArrow'
		| 'leftArrow'
		| 'rightArrow'
		| 'pageUp'
		| 'pageDown'
		| 'home'
		| 'end'
		| 'meta'
		| 'escape'
		| 'return'
		| 'tab'
		| 'backspace'
		| 'delete'
		| 'ctrl',
		boolean
	>
>;

/**
 * Names of the keys in one input event. Ink delivers keys typed fast as one chunk ("nn"),
 * so a printable chunk yields one name per character; special keys yield one name.
 */
export function keyNames(input: string, key: KeyFlags): string[] {
	if (key.upArrow) return ['up'];
	if (key.downArrow) return ['down'];
	if (key.leftArrow) return ['left'];
	if (key.rightArrow) return ['right'];
	if (key.pageUp) return ['pageup'];
	if (key.pageDown) return ['pagedown'];
	if (key.home) return ['home'];
	if (key.end) return ['end'];
	// Escape and the key after it, typed fast or arriving together over a slow SSH link, come as
	// one sequence that Ink reads as that key with Meta (Alt): no binding uses Alt, so it is the
	// Escape, then the key (Escape then n on the roll call: back to the main screen, then next;
	// Escape then Enter in a reason prompt: cancelled, not sent).
	const escaped = key.meta && !key.escape ? ['escape'] : [];
	if (key.return) return [...escaped, 'return'];
	if (key.escape) return ['escape'];
	if (key.tab) return ['tab'];
	if (key.backspace || key.delete) return [...escaped, 'backspace'];
	if (key.ctrl) return input ? [`ctrl+${input}`] : [];
	const names: string[] = input ? escaped : [];
	for (const char of input) {
		if (char === ' ') names.push('space');
		else if (char === '\r' || char === '\n') names.push('return');
		else names.push(char);
	}
	return names;
}
