import process from 'node:process';
import {packageVersion} from '../cli/version.js';
import {EXIT} from '../cli/errors.js';
import {boundHeapGrowth} from '../cli/heap-growth.js';
import {inkDrawsLive} from '../cli/ink-live.js';
import type {Command} from '../cli/command.js';
import type {Lang} from '../i18n/catalog.js';
import {commandWords, usageText, type CommandName} from '../i18n/command-words.js';

// One entry, a table of commands, each loaded only when used so `diemcau agent`
// on a commune PC never loads Ink or React.
const commands: Record<CommandName, {load: () => Promise<{command: Command}>}> = {
	demo: {load: () => import('./demo.js')},
	run: {load: () => import('./run.js')},
	serve: {load: () => import('./serve.js')},
	attach: {load: () => import('./attach.js')},
	rehearse: {load: () => import('./rehearse.js')},
	status: {load: () => import('./status.js')},
	agent: {load: () => import('./agent.js')},
	report: {load: () => import('./report.js')},
	plan: {load: () => import('./plan.js')},
	token: {load: () => import('./token.js')},
};

/** The top-level usage in a language (English unless given). */
export function usage(lang: Lang = 'en'): string {
	return usageText(lang);
}

/** The language the user chose (--lang anywhere, else the saved choice, else LANG), loaded only when words are needed. */
async function userLang(argv: readonly string[]): Promise<Lang> {
	const {errorLang} = await import('../cli/lang-option.js');
	return errorLang(argv);
}

// The hub's commands that run for hours (a meeting, a service, a rehearsal), whose heap is kept tight.
const LONG_RUNNING = new Set(['demo', 'run', 'serve', 'attach', 'rehearse']);

export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(`${usage(await userLang(argv))}\n`);
		return name === undefined ? EXIT.badInput : EXIT.ok;
	}
	if (name === '--version' || name === '-v') {
		process.stdout.write(`${packageVersion()}\n`);
		return EXIT.ok;
	}
	const entry = Object.hasOwn(commands, name) ? commands[name as CommandName] : undefined;
	if (!entry) {
		const lang = await userLang(argv);
		process.stderr.write(`diemcau: ${commandWords.word({code: 'unknown-command', params: {name}}, lang)}\n\n${usage(lang)}\n`);
		return EXIT.badInput;
	}
	if (process.stdout.isTTY === true && process.stdin.isTTY === true) {
		inkDrawsLive();
	}
	if (LONG_RUNNING.has(name)) boundHeapGrowth();
	const {command} = await entry.load();
	if (rest.includes('--help') || rest.includes('-h')) {
		process.stdout.write(`${command.help[await userLang(argv)].trim()}\n`);
		return EXIT.ok;
	}
	return command.run(rest);
}

// Kept here as well as in report-error.ts so `bin.ts` and older imports keep working; the bundled
// agent imports report-error.ts alone so it does not pull in every command.
export {reportError} from './report-error.js';
