import process from 'node:process';
import type {DisplayGrade} from '../src/model/link/grade.js';
import {noColor} from '../src/dashboard/color.js';
import {GRADE_SYMBOL, UNKNOWN_SYMBOL} from '../src/documents/status-output.js';

// Semantic theme tokens: components ask for `theme.grade.down`, never a raw colour name.
// With NO_COLOR every colour is dropped; grades stay apart by their symbols.

export type {DisplayGrade} from '../src/model/link/grade.js';

/** One symbol per grade, the very ones `diemcau status` prints; distinct without colour. */
export const gradeSymbols: Record<DisplayGrade, string> = {...GRADE_SYMBOL, unknown: UNKNOWN_SYMBOL};

/** The colour tokens of the dashboard. */
export interface Theme {
	color: boolean;
	grade: Record<DisplayGrade, string | undefined>;
	bar: {normal: string | undefined; warning: string | undefined; overrun: string | undefined; paused: string | undefined};
	text: {title: string | undefined; dim: boolean; accent: string | undefined; alert: string | undefined; ok: string | undefined};
}

const colourful: Theme = {
	color: true,
	grade: {good: 'green', fair: 'yellow', poor: 'magenta', down: 'red', unknown: 'gray'},
	bar: {normal: 'green', warning: 'yellow', overrun: 'red', paused: 'gray'},
	text: {title: 'cyan', dim: true, accent: 'cyan', alert: 'red', ok: 'green'},
};

const plain: Theme = {
	color: false,
	grade: {good: undefined, fair: undefined, poor: undefined, down: undefined, unknown: undefined},
	bar: {normal: undefined, warning: undefined, overrun: undefined, paused: undefined},
	text: {title: undefined, dim: false, accent: undefined, alert: undefined, ok: undefined},
};

/** The theme for an environment: plain when NO_COLOR is set to anything non-empty (no-color.org). */
export function themeFor(env: NodeJS.ProcessEnv = process.env): Theme {
	return noColor(env) ? plain : colourful;
}
