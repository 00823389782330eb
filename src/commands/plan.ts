import {parseCommandArgs, type Command} from '../command.js';
import {DiemcauError, EXIT} from '../errors.js';
import {loadPlan} from '../plan-file.js';
import {checkPlanSecurity} from '../plan-security.js';
import {plannedMinutes} from '../model/plan.js';

const help = `
Usage: diemcau plan check PLAN

Validate a plan file (YAML or JSON). Prints "ok" and a one-line summary, or every
problem with its field path (like "sites[3].endpoint: must be a ws:// or wss:// URL").
It also reads the site tokens (never printing them) and refuses tokens under 128 bits, and
warns on stderr about plain ws:// endpoints outside loopback and private networks, sites
sharing a token or a token file, and token files other users can read.
Exit 0 when valid (warnings or not), 2 when not.
`;

export const command: Command = {
	help,
	async run(args) {
		const {positionals} = parseCommandArgs(args, {}, help, {min: 2, max: 2});
		if (positionals[0] !== 'check') throw new DiemcauError('DIEMCAU_USAGE', `unknown plan subcommand "${positionals[0]}"\n\n${help.trim()}`);
		const loaded = loadPlan(positionals[1]!);
		const {plan} = loaded;
		const security = checkPlanSecurity(loaded);
		if (security.problems.length > 0) {
			throw new DiemcauError('DIEMCAU_TOKEN_WEAK', `Plan ${loaded.file} has ${security.problems.length} problem(s):`, {details: security.problems});
		}
		for (const warning of security.warnings) process.stderr.write(`diemcau: warning: ${warning}\n`);
		const total = plannedMinutes(plan);
		const optional = plan.agenda.filter(item => item.optional).length;
		process.stdout.write(
			`ok ${plan.session.title} — ${plan.session.date} ${plan.session.start}: ${plan.sites.length} sites, ` +
				`${plan.agenda.length} agenda items (${optional} optional), ${total} min planned\n`,
		);
		return EXIT.ok;
	},
};
