import type {Bilingual} from '../i18n/catalog.js';
import process from 'node:process';
import type {Command} from '../cli/command.js';
import {checkLang, choiceOption, parseCommandArgs, requireTty} from '../cli/command.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {cliWords} from '../i18n/cli-words.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import type {Role} from '../hub/control-protocol.js';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {isPipePath} from '../hub/control-protocol.js';
import {attachControlPaths, loadControlKey, readNoControl} from '../hub/control-channel.js';
import {defaultJournalPath} from '../hub/journal.js';
import {planIdentity, type PlanIdentity} from '../model/plan/plan.js';
import {loadPlan} from '../plan/plan-file.js';
import {PrefsStore} from '../dashboard/prefs.js';
import {AttachedFeed, attachError} from '../dashboard/attached-feed.js';
import {runScreen} from './dashboard-screen.js';
import {pickLang, type Lang} from '../i18n/strings.js';

const OPTIONS = {
	journal: {
		type: 'string',
		arg: 'FILE',
		help: {
			en: "the hub's journal, if it was started with --journal (its control channel is found from it: a socket in your runtime folder, a named pipe on Windows)",
			vi: 'nhật ký của điểm cầu chính, nếu nó được khởi động với --journal (kênh điều khiển được tìm qua nhật ký: một socket trong thư mục runtime của bạn, trên Windows là named pipe)',
		},
	},
	control: {
		type: 'string',
		arg: 'PATH',
		help: {
			en: "the hub's control socket or pipe itself (if it was started with --control)",
			vi: 'chính socket hoặc pipe điều khiển của điểm cầu chính (nếu nó được khởi động với --control)',
		},
	},
	role: {
		type: 'string',
		arg: 'operator|viewer',
		help: {
			en: 'operator (default) or viewer (default with --view projector)',
			vi: 'operator (điều hành, mặc định) hoặc viewer (chỉ xem, mặc định khi có --view projector)',
		},
	},
	view: {
		type: 'string',
		arg: 'projector',
		help: {
			en: "open on the room's big clock (v switches on any screen)",
			vi: 'mở ngay màn hình đồng hồ lớn cho hội trường (phím v chuyển màn hình ở mọi màn hình)',
		},
	},
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'this screen\'s language (default: vi when LANG starts with "vi", else en)',
			vi: 'ngôn ngữ của màn hình này (mặc định: vi khi LANG bắt đầu bằng "vi", ngược lại en)',
		},
	},
} as const satisfies OptionTable;

/** The help's positional arguments. */
const POSITIONALS = {
	PLAN: {
		en: 'the plan of the meeting; without it, the plan run last here',
		vi: 'kế hoạch của hội nghị; không có thì dùng kế hoạch đã chạy lần gần nhất trên máy này',
	},
} as const;

const help: Bilingual = {
	en: `
${usageLine('attach [PLAN]', OPTIONS)}

Another screen on a hub that runs already (\`diemcau run\` or \`diemcau serve\`), from a second
terminal: the same dashboard, with its own view, selection, sort and language. An operator's
keys go to the hub, which journals each with the screen that sent it, and every screen shows
the result; a viewer's keys that would change the meeting are refused and journal nothing.
Quitting a screen never stops the hub. If the hub stops, the screen says so at once, keeps
its last frame and comes back by itself when the hub runs again.

${optionRows(OPTIONS, POSITIONALS)}
`,
	vi: `
${usageLine('attach [PLAN]', OPTIONS, 'vi')}

Thêm một màn hình vào điểm cầu chính đang chạy (\`diemcau run\` hoặc \`diemcau serve\`), từ một
cửa sổ dòng lệnh thứ hai: cùng bảng điều khiển, với cách xem, lựa chọn, cách sắp xếp và ngôn
ngữ riêng. Phím của người điều hành được gửi tới điểm cầu chính, nơi ghi vào nhật ký từng thao
tác cùng màn hình đã gửi, và mọi màn hình đều thấy kết quả; màn hình chỉ xem bấm phím làm thay
đổi hội nghị thì bị từ chối và không ghi gì vào nhật ký. Thoát một màn hình không bao giờ dừng
điểm cầu chính. Nếu điểm cầu chính dừng, màn hình báo ngay, giữ nguyên khung hình cuối và tự
kết nối lại khi điểm cầu chính chạy lại.

${optionRows(OPTIONS, POSITIONALS, 'vi')}
`,
};

/** Which meeting the screen is for, and how to find its hub: an explicit --control, or its journal. */
function locate(
	values: {journal?: string; control?: string},
	file: string | undefined,
	prefs: PrefsStore,
	lang: Lang,
): {control?: string; journal?: string; expect?: PlanIdentity} {
	const planFile = file ?? (values.control || values.journal ? undefined : prefs.get().lastPlan);
	if (file === undefined && planFile !== undefined)
		process.stderr.write(`diemcau: ${cliWords(lang).attachingLastPlan({file: planFile})}\n`);
	const expect = planFile === undefined ? undefined : planIdentity(loadPlan(planFile).plan);
	if (values.control) return {control: values.control, expect};
	if (values.journal) return {journal: path.resolve(values.journal), expect};
	if (!expect) throw new DiemcauError('DIEMCAU_NO_PLAN_GIVEN', says('no-plan-run-here'), {help});
	return {journal: defaultJournalPath(expect), expect};
}

/**
 * Open the hub's channel: the explicit one, or the first place where a hub of this journal
 * may have bound (in the hub's own order) that answers. When none answers, a hub that runs
 * without a channel has left a note saying why: `attach` says so, not "no hub is running".
 */
export async function openHub(
	where: {control?: string; journal?: string; expect?: PlanIdentity},
	role: Role,
	lang: Lang,
): Promise<AttachedFeed> {
	const loaded = loadControlKey({create: false});
	const journal = where.journal;
	if (!('key' in loaded)) {
		// A hub that could not use the key runs without a channel and has said so.
		const note = journal ? readNoControl(journal) : null;
		if (note) throw attachError({code: 'hub-without-control', ...note});
		throw attachError(
			'problem' in loaded ? {code: 'key', file: loaded.problem.file, why: loaded.problem.why} : {code: 'no-key', file: loaded.missing},
		);
	}
	const options = {key: loaded.key, lang, ...(where.expect ? {expect: where.expect} : {})};
	if (where.control) return AttachedFeed.open(isPipePath(where.control) ? where.control : path.resolve(where.control), role, options);
	const places = attachControlPaths(journal!, loaded.key);
	for (const place of places) {
		// A socket file that is not there is a place the hub did not bind; a pipe must be tried.
		if (place.kind === 'unix' && !existsSync(place.path)) continue;
		try {
			return await AttachedFeed.open(place.path, role, options);
		} catch (error) {
			const code = (error as DiemcauError).code;
			if (code !== 'DIEMCAU_NO_HUB') throw error;
		}
	}
	const note = readNoControl(journal!);
	throw attachError(note ? {code: 'hub-without-control', ...note} : {code: 'no-hub', where: places.map(place => place.path)});
}

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 0, max: 1});
		checkLang(values.lang);
		choiceOption(values.role, '--role', ['operator', 'viewer']);
		choiceOption(values.view, '--view', ['projector']);
		requireTty('attach');
		const prefs = new PrefsStore();
		const lang: Lang = values.lang ? (values.lang as Lang) : (prefs.get().lang ?? pickLang(undefined));
		const where = locate(values, positionals[0], prefs, lang);
		const role: Role = (values.role as Role | undefined) ?? (values.view === 'projector' ? 'viewer' : 'operator');
		const feed = await openHub(where, role, lang);
		try {
			await runScreen(feed, {lang, prefs, role, remember: false, ...(values.view === 'projector' ? {view: 'projector' as const} : {})});
		} finally {
			feed.close();
		}
		return EXIT.ok;
	},
};
