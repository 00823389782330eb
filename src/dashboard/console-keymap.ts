// The site console's keys, in one table (the hub dashboard's own table is keymap.ts; the
// console is a different screen on a different PC). The roll-call keys are the hub's:
// space present, l late, b absent with a reason.

/** What a key does on the site console. */
export type ConsoleAction = 'markPresent' | 'markLate' | 'markAbsent' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'quit';

/** The console's input modes: the roll call, or typing the reason of an absence. */
export type ConsoleMode = 'roll' | 'prompt';

/** One binding: the key names (as keymap.ts's `keyNames` gives them) and the label on the key line. */
export interface ConsoleBinding {
	action: ConsoleAction;
	keys: readonly string[];
	label: string;
}

/** Every binding of the roll call, in the order the key line lists them. */
export const consoleKeymap: readonly ConsoleBinding[] = [
	{action: 'markPresent', keys: ['space'], label: 'space'},
	{action: 'markLate', keys: ['l'], label: 'l'},
	{action: 'markAbsent', keys: ['b'], label: 'b'},
	{action: 'up', keys: ['up', 'k'], label: '↑↓'},
	{action: 'down', keys: ['down', 'j'], label: '↑↓'},
	{action: 'quit', keys: ['q', 'ctrl+c'], label: 'q'},
	{action: 'pageUp', keys: ['pageup'], label: 'PgUp/Dn'},
	{action: 'pageDown', keys: ['pagedown'], label: 'PgUp/Dn'},
];

const index = new Map<string, ConsoleAction>();
for (const binding of consoleKeymap) for (const key of binding.keys) if (!index.has(key)) index.set(key, binding.action);

/** The roll-call action of a named key, if any. */
export function consoleActionFor(name: string): ConsoleAction | undefined {
	return index.get(name);
}
