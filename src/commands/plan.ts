import {parseCommandArgs, type Command} from '../command.js';
import {DiemcauError, EXIT} from '../errors.js';
import {loadPlan} from '../plan-file.js';
import {plannedMinutes} from '../model/plan.js';

const help = `
Usage: diemcau plan check PLAN

Validate a plan file (YAML or JSON). Prints "ok" and a one-line summary, or every
problem with its field path (like "sites[3].endpoint: must be a ws:// or wss:// URL").
Exit 0 when valid, 2 when not.
`;

export const command: Command = {
	help,
	async run(args) {
		const {positionals} = parseCommandArgs(args, {}, help, {min: 2, max: 2});
		if (positionals[0] !== 'check') throw new DiemcauError('DIEMCAU_USAGE', `unknown plan subcommand "${positionals[0]}"\n\n${help.trim()}`);
		const {plan} = loadPlan(positionals[1]!);
		const total = plannedMinutes(plan);
		const optional = plan.agenda.filter(item => item.optional).length;
		process.stdout.write(
			`ok ${plan.session.title} — ${plan.session.date} ${plan.session.start}: ${plan.sites.length} sites, ` +
				`${plan.agenda.length} agenda items (${optional} optional), ${total} min planned\n`,
		);
		return EXIT.ok;
	},
};
