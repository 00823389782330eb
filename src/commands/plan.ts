import {parseCommandArgs, type Command} from '../command.js';
import {DiemcauError, EXIT} from '../errors.js';
import {loadPlan} from '../plan-file.js';
import {planWarnings} from '../plan-warnings.js';
import {plannedMinutes} from '../model/plan.js';

const help = `
Usage: diemcau plan check PLAN

Validate a plan file (YAML or JSON). Prints "ok" and a one-line summary, or every
problem on a line of its own with its field path and what to write instead, like
  sites[0]: unknown field \`endpiont\` — did you mean \`endpoint\`?
  sites[2].endpoint: port 78020 is not a port (1–65535)
Warnings (a token file missing, unreadable or readable by others, a date already past)
are printed under "ok" and do not change the exit code.
Exit 0 when valid, 2 when not. The README's "The plan file" lists every field.
`;

export const command: Command = {
	help,
	async run(args) {
		const {positionals} = parseCommandArgs(args, {}, help, {min: 0, max: 2});
		const [verb, file] = positionals;
		if (verb === undefined) throw new DiemcauError('DIEMCAU_USAGE', `say what to do: diemcau plan check PLAN\n\n${help.trim()}`);
		if (verb !== 'check') {
			const looksLikeFile = /\.(ya?ml|json)$/i.test(verb) || verb.includes('/');
			const hint = looksLikeFile ? `to check ${verb}, run: diemcau plan check ${verb}` : `unknown plan subcommand "${verb}"`;
			throw new DiemcauError('DIEMCAU_USAGE', `${hint}\n\n${help.trim()}`);
		}
		if (file === undefined) throw new DiemcauError('DIEMCAU_USAGE', `missing the PLAN to check: diemcau plan check PLAN\n\n${help.trim()}`);
		const loaded = loadPlan(file);
		const {plan} = loaded;
		const total = plannedMinutes(plan);
		const optional = plan.agenda.filter(item => item.optional).length;
		process.stdout.write(
			`ok ${plan.session.title} — ${plan.session.date} ${plan.session.start}: ${plan.sites.length} sites, ` +
				`${plan.agenda.length} agenda items (${optional} optional), ${total} min planned\n`,
		);
		const warnings = planWarnings(loaded);
		if (warnings.length > 0) {
			process.stdout.write(`${warnings.length} warning(s):\n${warnings.map(line => `  - ${line}\n`).join('')}`);
		}
		return EXIT.ok;
	},
};
