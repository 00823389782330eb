import type {HubAddon, HubCore} from './core.js';
import type {Intent} from '../model/intents.js';
import {cleanText} from '../model/sanitize.js';

// The headless hub's log: one line per notable event (a link down, up or regraded; an intent
// from a screen and what came of it; a journal write failing and recovering; a screen attaching
// or leaving), each stamped with the wall time, for stderr under systemd, CI or nohup.

/** A string for the log: the one sanitiser (no controls, no bidi overrides, one line, capped). */
export function logSafe(text: string, max = 300): string {
	return cleanText(text, max);
}

/** The warning when a dial-out site's new connection replaced its live one (a rebooted PC, or two agents for one site). */
export function replacedText(event: {site: string; from: string; previous: string}): string {
	return `site ${event.site}: a new agent connection from ${logSafe(event.from, 60)} replaced the one from ${logSafe(event.previous, 60)} (a restarted PC, or two agents running for this site?)`;
}

/** A one-line description of an intent ("next-item", "mark-attendance pho-an #2 absent"). */
export function intentText(intent: Intent): string {
	switch (intent.type) {
		case 'extend-item':
			return `extend-item ${intent.minutes > 0 ? '+' : ''}${intent.minutes}m`;
		case 'mark-attendance':
			return `mark-attendance ${intent.site} #${intent.role + 1} ${intent.status}`;
		case 'move-speaker':
			return `move-speaker ${intent.site} ${intent.delta > 0 ? '+' : ''}${intent.delta}`;
		case 'queue-speaker':
		case 'drop-speaker':
			return `${intent.type} ${intent.site}`;
		default:
			return intent.type;
	}
}

/** An add-on writing the core's notable events as lines (`write` gets each line without its newline). */
export function eventLog(write: (line: string) => void, clock: () => number = () => Date.now()): HubAddon & {line(text: string): void} {
	const offs: Array<() => void> = [];
	const line = (text: string) => write(`${new Date(clock()).toISOString()} ${logSafe(text, 2000)}`);
	return {
		name: 'log',
		line,
		start(core: HubCore) {
			offs.push(
				core.monitor.onChange(change => {
					const reason = change.reason ? `: ${logSafe(change.reason)}` : '';
					if (change.type === 'down') line(`link ${change.site} down${reason}`);
					else if (change.type === 'up') line(`link ${change.site} up (${change.grade})`);
					else line(`link ${change.site} ${change.previous} -> ${change.grade}`);
				}),
				core.monitor.onProbe(event => {
					if (event.type === 'replaced') line(`warning: ${replacedText(event)}`);
				}),
				core.onIntent(({intent, origin, outcome}) => {
					line(`intent ${intentText(intent)} from ${origin.screen}: ${outcome.ok ? `journalled${outcome.notice ? ` (${logSafe(outcome.notice)})` : ''}` : `refused: ${logSafe(outcome.reason)}`}`);
				}),
			);
			let journalError = core.meeting.journalError;
			offs.push(
				core.meeting.onChange(() => {
					const now = core.meeting.journalError;
					if (now === journalError) return;
					line(now === null ? 'journal writes again' : `journal write failed: ${logSafe(now)}`);
					journalError = now;
				}),
			);
		},
		stop() {
			for (const off of offs.splice(0)) off();
		},
	};
}
