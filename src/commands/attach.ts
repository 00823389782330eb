import process from 'node:process';
import type {Command} from '../cli/command.js';
import {checkLang, parseCommandArgs, requireTty} from '../cli/command.js';
import {cliWords} from '../i18n/cli-words.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {controlPathFor, type Role} from '../hub/control-protocol.js';
import {defaultJournalPath} from '../hub/journal.js';
import {planIdentity, type PlanIdentity} from '../model/plan/plan.js';
import {loadPlan} from '../plan/plan-file.js';
import {PrefsStore} from '../dashboard/prefs.js';
import {AttachedFeed} from '../dashboard/attached-feed.js';
import {runScreen} from './dashboard-screen.js';
import {pickLang, type Lang} from '../i18n/strings.js';

const help = `
Usage: diemcau attach [PLAN] [--journal FILE] [--control PATH] [--role operator|viewer]
                      [--view projector] [--lang vi|en]

Another screen on a hub that runs already (\`diemcau run\` or \`diemcau serve\`), from a second
terminal: the same dashboard, with its own view, selection, sort and language. An operator's
keys go to the hub, which journals each with the screen that sent it, and every screen shows
the result; a viewer's keys that would change the meeting are refused and journal nothing.
Quitting a screen never stops the hub. If the hub stops, the screen says so at once, keeps
its last frame and comes back by itself when the hub runs again.

  PLAN            the plan of the meeting; without it, the plan run last here
  --journal FILE  the hub's journal, if it was started with --journal: its control socket is beside it
  --control PATH  the hub's control socket itself (if it was started with --control)
  --role ROLE     operator (default) or viewer (default with --view projector)
  --view projector  open on the room's big clock (v switches on any screen)
  --lang vi|en    this screen's language (default: vi when LANG starts with "vi", else en)
`;

/** Where the hub's control socket is, and which meeting it must serve (when the plan is known). */
function locate(values: {journal?: string; control?: string}, file: string | undefined, prefs: PrefsStore, lang: Lang): {socket: string; expect?: PlanIdentity} {
	const planFile = file ?? (values.control || values.journal ? undefined : prefs.get().lastPlan);
	if (file === undefined && planFile !== undefined) process.stderr.write(`diemcau: ${cliWords(lang).attachingLastPlan(planFile)}\n`);
	const expect = planFile === undefined ? undefined : planIdentity(loadPlan(planFile).plan);
	if (values.control) return {socket: values.control, expect};
	if (values.journal) return {socket: controlPathFor(values.journal), expect};
	if (!expect) throw new DiemcauError('DIEMCAU_USAGE', `no PLAN given and no plan run here before: name the plan, --journal FILE or --control PATH.\n\n${help.trim()}`);
	return {socket: controlPathFor(defaultJournalPath(expect)), expect};
}

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(
			args,
			{journal: {type: 'string'}, control: {type: 'string'}, role: {type: 'string'}, view: {type: 'string'}, lang: {type: 'string'}},
			help,
			{min: 0, max: 1},
		);
		checkLang(values.lang);
		if (values.role !== undefined && values.role !== 'operator' && values.role !== 'viewer') {
			throw new DiemcauError('DIEMCAU_USAGE', `--role takes operator or viewer, not "${values.role}".`);
		}
		if (values.view !== undefined && values.view !== 'projector') throw new DiemcauError('DIEMCAU_USAGE', `--view takes projector, not "${values.view}".`);
		requireTty('attach');
		const prefs = new PrefsStore();
		const lang: Lang = values.lang ? (values.lang as Lang) : prefs.get().lang ?? pickLang(undefined);
		const {socket, expect} = locate(values, positionals[0], prefs, lang);
		const role: Role = (values.role as Role | undefined) ?? (values.view === 'projector' ? 'viewer' : 'operator');
		const feed = await AttachedFeed.open(socket, role, expect);
		try {
			await runScreen(feed, {lang, prefs, role, remember: false, ...(values.view === 'projector' ? {view: 'projector' as const} : {})});
		} finally {
			feed.close();
		}
		return EXIT.ok;
	},
};
