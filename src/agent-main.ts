import process from 'node:process';
import {packageVersion} from './cli/version.js';
import {command} from './commands/agent.js';
import {DiemcauError, EXIT} from './cli/errors.js';
import {reportError} from './commands/report-error.js';
import type {Lang} from './i18n/catalog.js';
import {pickConsoleLang, pickLang} from './i18n/strings.js';

// The entry of the single-file agent a commune installs (`dist/diemcau-agent.mjs`, bundled with
// esbuild by `npm run build`): `node diemcau-agent.mjs --site ID …` is `diemcau agent --site ID …`.
// It imports the agent command alone, so the bundle carries the agent and nothing of the hub.

const MIN_NODE_MAJOR = 20;

/** Run the agent with these arguments; resolves to the exit code. */
export async function agentMain(argv: string[]): Promise<number> {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < MIN_NODE_MAJOR) {
		process.stderr.write(
			`diemcau agent: needs Node.js ${MIN_NODE_MAJOR} or newer, this is ${process.version}: install a current Node.js LTS from nodejs.org.\n`,
		);
		return EXIT.badInput;
	}
	if (argv[0] === 'agent') argv = argv.slice(1); // `node diemcau-agent.mjs agent --site …` works too
	if (argv.includes('--version') || argv.includes('-v')) {
		process.stdout.write(`${packageVersion()}\n`);
		return EXIT.ok;
	}
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${asBundle(command.help[pickLang(langFlag(argv))].trim())}\n`);
		return EXIT.ok;
	}
	return command.run(argv);
}

/** The agent's texts name `diemcau agent`; here the command the commune types is another. */
function asBundle(text: string): string {
	return text.replace(/diemcau agent/g, 'node diemcau-agent.mjs');
}

/** The value of --lang among the arguments, if any. */
function langFlag(argv: readonly string[]): string | undefined {
	const index = argv.findIndex(arg => arg === '--lang' || arg.startsWith('--lang='));
	return index < 0 ? undefined : argv[index]!.startsWith('--lang=') ? argv[index]!.slice('--lang='.length) : argv[index + 1];
}

/** The language of the agent's errors: --lang, else the console's default with --console; a plain agent without --lang is a service whose log scripts read, in English. */
function agentLang(argv: readonly string[]): Lang {
	const flag = langFlag(argv);
	if (flag === 'vi' || flag === 'en') return flag;
	return argv.includes('--console') ? pickConsoleLang(undefined) : 'en';
}

agentMain(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	error => {
		const shown =
			error instanceof DiemcauError && error.help
				? new DiemcauError(error.code, error.words, {
						exitCode: error.exitCode,
						details: error.details,
						help: error.helps ? {en: asBundle(error.helps.en), vi: asBundle(error.helps.vi)} : asBundle(error.help),
					})
				: error;
		process.exitCode = reportError(shown, agentLang(process.argv.slice(2)));
	},
);
