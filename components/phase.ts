import type {Strings} from '../src/i18n/strings.js';
import type {Theme} from './theme.js';
import type {Phase} from '../src/dashboard/snapshot.js';

/** The bar colour of a phase: green running, yellow at the warning, red past 100 %. */
export function phaseColor(phase: Phase, theme: Theme): string | undefined {
	if (phase === 'overrun') return theme.bar.overrun;
	if (phase === 'warning') return theme.bar.warning;
	if (phase === 'paused') return theme.bar.paused;
	return theme.bar.normal;
}

/** A phase in words. */
export function phaseLabel(phase: Phase, t: Strings): string {
	return {
		pending: t.pending,
		running: t.running,
		paused: t.paused,
		warning: t.warning,
		overrun: t.overrun,
		ended: t.ended,
		skipped: t.skipped,
	}[phase];
}
