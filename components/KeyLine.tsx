import {Text} from 'ink';
import {useUi} from './context.js';
import {truncate, widthOf} from '../src/dashboard/format.js';
import {changesMeeting, keymap, type Action, type InputMode} from '../src/dashboard/keymap.js';

/** Props of the key line. */
export interface KeyLineProps {
	mode: InputMode;
	width: number;
	/** Typing a note (not an absence's reason). */
	note?: boolean;
	/** The last item is in focus: `e` (end the meeting) is shown up front. */
	onLastItem?: boolean;
	/** The meeting has ended: keys that would change it are left out. */
	ended?: boolean;
	/** A viewer's screen: it may not change the meeting, so those keys are not offered. */
	viewer?: boolean;
}

// Kept for help only, so the line has room for the keys of every minute.
const HELP_ONLY: ReadonlySet<Action> = new Set(['endSpeaker', 'queueToggle', 'queueEarlier', 'queueLater', 'note', 'endSession']);

/** The keys of the current mode, drawn from the keymap table (help has them all). */
export function KeyLine({mode, width, note = false, onLastItem = false, ended = false, viewer = false}: KeyLineProps) {
	const {t, theme} = useUi();
	if (mode === 'prompt')
		return (
			<Text wrap="truncate" dimColor={theme.text.dim}>
				{truncate(note ? t.keysNote : t.keysPrompt, width)}
			</Text>
		);
	const seen = new Set<string>();
	const parts: string[] = [];
	const always: string[] = []; // help and quit stay visible however narrow the terminal
	const locked = ended || viewer;
	if (mode === 'attendance' && !locked) parts.push(t.rollMoves);
	// In the roll call its own keys come first, right after the word that the cursor moves on.
	const rollKeys: ReadonlySet<Action> = new Set(['markPresent', 'markLate', 'markAbsent', 'unmark']);
	const ordered =
		mode === 'attendance' ? [...keymap.filter(b => rollKeys.has(b.action)), ...keymap.filter(b => !rollKeys.has(b.action))] : keymap;
	for (const binding of ordered) {
		if (!binding.modes.includes(mode)) continue;
		if (locked && changesMeeting(binding)) continue;
		if (HELP_ONLY.has(binding.action) && !(binding.action === 'endSession' && onLastItem && !locked)) continue;
		const word = t.short[binding.action];
		// ↑ and ↓ share one entry: "↑↓ select".
		if (binding.action === 'down' || binding.action === 'pageDown') continue;
		const label = binding.action === 'up' ? '↑↓' : binding.action === 'pageUp' ? 'PgUp/Dn' : binding.label;
		if (seen.has(label + word)) continue;
		seen.add(label + word);
		if (binding.action === 'endSession') always.unshift(`${label} ${word}`);
		else (binding.action === 'help' || binding.action === 'quit' ? always : parts).push(`${label} ${word}`);
	}
	const tail = always.join('  ');
	const room = width - widthOf(tail) - 2;
	// Whole entries only: a key without its word ("E…") tells nobody anything.
	const kept: string[] = [];
	for (const part of parts) {
		if (widthOf([...kept, part].join('  ')) > room) break;
		kept.push(part);
	}
	const line = room > 8 ? (kept.length > 0 ? `${kept.join('  ')}  ${tail}` : tail) : truncate([...always, ...parts].join('  '), width);
	return (
		<Text wrap="truncate" dimColor={theme.text.dim}>
			{line}
		</Text>
	);
}
