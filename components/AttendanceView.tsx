import {Box, Text} from 'ink';
import {useUi} from './context.js';
import {fit, promptLine, truncate, widthOf} from '../src/dashboard/format.js';
import type {RollRow} from '../src/dashboard/snapshot.js';
import type {Theme} from './theme.js';

/** Props of the roll call. */
export interface AttendanceViewProps {
	roll: readonly RollRow[];
	from: number;
	selected: number;
	width: number;
	lines: number;
	/** The reason being typed for an absence, if any. */
	prompt: string | null;
}

const statusSymbol = {present: '✔', late: '◷', absent: '✖'} as const;

function statusColor(status: RollRow['status'], theme: Theme): string | undefined {
	if (status === 'present') return theme.grade.good;
	if (status === 'late') return theme.grade.fair;
	if (status === 'absent') return theme.grade.down;
	return undefined;
}

/** Roll call: each role at each site, marked present (space), late (l) or absent with a reason (b). */
export function AttendanceView({roll, from, selected, width, lines, prompt}: AttendanceViewProps) {
	const {t, theme} = useUi();
	const rows = Math.max(1, lines - 2);
	const visible = roll.slice(from, from + rows);
	const marked = roll.filter(row => row.status === 'present' || row.status === 'late').length;
	const siteWidth = Math.min(28, Math.floor(width / 3));
	return (
		<Box flexDirection="column" width={width}>
			<Text bold color={theme.text.title} wrap="truncate">
				{truncate(`${t.attendanceTitle}: ${marked}/${roll.length}`, width)}
			</Text>
			{visible.map((row, i) => {
				const index = from + i;
				const isSelected = index === selected;
				const status =
					row.status === null
						? t.unmarked
						: `${statusSymbol[row.status]} ${t[row.status]}${row.reason ? ` (${row.reason})` : ''}${row.bySite ? ` · ${t.bySite}` : ''}`;
				const statusWidth = Math.min(widthOf(status), Math.max(8, Math.floor(width / 3)));
				const site = row.first || i === 0 ? fit(row.siteName, siteWidth) : ' '.repeat(siteWidth);
				const role = fit(row.roleName, Math.max(4, width - siteWidth - statusWidth - 4));
				return (
					<Text key={`${row.site}:${row.role}`} wrap="truncate" inverse={isSelected}>
						{isSelected ? '›' : ' '}
						{site} {role} <Text color={statusColor(row.status, theme)}>{truncate(status, statusWidth)}</Text>
					</Text>
				);
			})}
			<Text wrap="truncate" color={prompt === null ? undefined : theme.text.accent}>
				{prompt === null
					? roll.length > from + rows
						? `  ${t.morePeople(roll.length - from - rows)}`
						: ' '
					: promptLine(t.reasonPrompt, prompt, width)}
			</Text>
		</Box>
	);
}
