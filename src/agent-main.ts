import process from 'node:process';
import {command} from './commands/agent.js';
import {DiemcauError, EXIT} from './cli/errors.js';
import {reportError} from './commands/report-error.js';

// The entry of the single-file agent a commune installs (`dist/diemcau-agent.mjs`, bundled with
// esbuild by `npm run build`): `node diemcau-agent.mjs --site ID …` is `diemcau agent --site ID …`.
// It imports the agent command alone, so the bundle carries the agent and nothing of the hub.

const MIN_NODE_MAJOR = 20;

/** Run the agent with these arguments; resolves to the exit code. */
export async function agentMain(argv: string[]): Promise<number> {
	const major = Number(process.versions.node.split('.')[0]);
	if (major < MIN_NODE_MAJOR) {
		process.stderr.write(`diemcau agent: needs Node.js ${MIN_NODE_MAJOR} or newer, this is ${process.version}: install a current Node.js LTS from nodejs.org.\n`);
		return EXIT.badInput;
	}
	if (argv[0] === 'agent') argv = argv.slice(1); // `node diemcau-agent.mjs agent --site …` works too
	if (argv.includes('--version') || argv.includes('-v')) {
		process.stdout.write('0.1.0\n');
		return EXIT.ok;
	}
	if (argv.includes('--help') || argv.includes('-h')) {
		process.stdout.write(`${asBundle(command.help.trim())}\n`);
		return EXIT.ok;
	}
	return command.run(argv);
}

/** The agent's texts name `diemcau agent`; here the command the commune types is another. */
function asBundle(text: string): string {
	return text.replace(/diemcau agent/g, 'node diemcau-agent.mjs');
}

agentMain(process.argv.slice(2)).then(
	code => {
		process.exitCode = code;
	},
	error => {
		const shown = error instanceof DiemcauError ? new DiemcauError(error.code, asBundle(error.message), {exitCode: error.exitCode, details: error.details}) : error;
		process.exitCode = reportError(shown);
	},
);
