import process from 'node:process';
import {EXIT} from '../cli/errors.js';
import {boundHeapGrowth} from '../cli/heap-growth.js';
import {inkDrawsLive} from '../cli/ink-live.js';
import type {Command} from '../cli/command.js';

// One entry, a table of commands, each loaded only when used so `diemcau agent`
// on a commune PC never loads Ink or React.
const commands: Record<string, {summary: string; load: () => Promise<{command: Command}>}> = {
	demo: {summary: 'the dashboard on simulated sites (what `npm start` runs)', load: () => import('./demo.js')},
	run: {summary: 'the live dashboard: links, attendance, agenda, journal', load: () => import('./run.js')},
	serve: {summary: 'the hub without a screen (a service): probing, meeting, journal', load: () => import('./serve.js')},
	attach: {summary: 'another screen on a running hub (run or serve), operator or viewer', load: () => import('./attach.js')},
	rehearse: {summary: 'pre-meeting rehearsal with a verdict per site', load: () => import('./rehearse.js')},
	status: {summary: 'probe every site now and print the table or JSON', load: () => import('./status.js')},
	agent: {summary: 'the site-side agent that answers probes', load: () => import('./agent.js')},
	report: {summary: "the meeting's minutes from its journal", load: () => import('./report.js')},
	plan: {summary: 'plan check PLAN: validate a plan file', load: () => import('./plan.js')},
	token: {summary: 'token new [FILE]: make a random site token (file mode 600)', load: () => import('./token.js')},
};

export function usage(): string {
	const width = Math.max(...Object.keys(commands).map(name => name.length));
	const lines = Object.entries(commands).map(([name, {summary}]) => `  ${name.padEnd(width)}  ${summary}`);
	return [
		'Usage: diemcau COMMAND [options]',
		'',
		'Commands:',
		...lines,
		'',
		'Run `diemcau COMMAND --help` for the options of one command.',
		'Exit codes: 0 ok, 1 a check failed (a site down, a rehearsal fail), 2 bad usage or bad input.',
	].join('\n');
}

// The hub's commands that run for hours (a meeting, a service, a rehearsal), whose heap is kept tight.
const LONG_RUNNING = new Set(['demo', 'run', 'serve', 'attach', 'rehearse']);

export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(`${usage()}\n`);
		return name === undefined ? EXIT.badInput : EXIT.ok;
	}
	if (name === '--version' || name === '-v') {
		process.stdout.write('0.1.0\n');
		return EXIT.ok;
	}
	const entry = commands[name];
	if (!entry) {
		process.stderr.write(`diemcau: unknown command "${name}".\n\n${usage()}\n`);
		return EXIT.badInput;
	}
	if (process.stdout.isTTY === true && process.stdin.isTTY === true) {
		inkDrawsLive();
	}
	if (LONG_RUNNING.has(name)) boundHeapGrowth();
	const {command} = await entry.load();
	if (rest.includes('--help') || rest.includes('-h')) {
		process.stdout.write(`${command.help.trim()}\n`);
		return EXIT.ok;
	}
	return command.run(rest);
}

// Kept here as well as in report-error.ts so `bin.ts` and older imports keep working; the bundled
// agent imports report-error.ts alone so it does not pull in every command.
export {reportError} from './report-error.js';
