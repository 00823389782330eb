import type {Bilingual} from '../i18n/catalog.js';
import process from 'node:process';
import type {Command} from '../cli/command.js';
import {checkLang, parseCommandArgs, requireTty} from '../cli/command.js';
import {LANG_OPTION, optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {cliWords} from '../i18n/cli-words.js';
import {hookFailureExitLine} from '../i18n/alert-words.js';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {LISTEN_OPTIONS, listenOptions} from './listen-option.js';
import {loadPlan} from '../plan/plan-file.js';
import {PrefsStore} from '../dashboard/prefs.js';
import {runDashboard} from './run-local.js';
import {checkMetricsFlag, observeAddon} from '../hub/observe.js';
import {pickLang, type Lang} from '../i18n/strings.js';

const OPTIONS = {
	journal: {
		type: 'string',
		arg: 'FILE',
		help: {
			en: 'journal file (default: one per plan in the data folder); the meeting resumes from it',
			vi: 'tệp nhật ký (mặc định: mỗi kế hoạch một tệp trong thư mục dữ liệu); hội nghị tiếp tục từ tệp này',
		},
	},
	fresh: {
		type: 'boolean',
		help: {
			en: 'start the meeting over (the old journal is kept beside, renamed)',
			vi: 'bắt đầu lại hội nghị từ đầu (nhật ký cũ được giữ lại bên cạnh, dưới tên khác)',
		},
	},
	control: {
		type: 'string',
		arg: 'PATH',
		help: {
			en: 'the control socket other screens attach to (default: a short per-user one, found by `diemcau attach` from the journal; a named pipe on Windows)',
			vi: 'kênh điều khiển (socket) để các màn hình khác gắn vào (mặc định: một socket ngắn riêng của người dùng, `diemcau attach` tìm thấy qua nhật ký; trên Windows là named pipe)',
		},
	},
	lang: LANG_OPTION,
	stats: {
		type: 'boolean',
		help: {
			en: "show the prober's own figures: event-loop delay, how late probes leave, probes/s",
			vi: 'hiện số liệu của chính bộ đo: độ trễ vòng lặp sự kiện, mức chậm khi gửi lần đo, số lần đo mỗi giây',
		},
	},
	metrics: {
		type: 'string',
		arg: 'HOST:PORT',
		help: {
			en: "serve Prometheus metrics at http://HOST:PORT/metrics (default: the plan's hub.metrics; off)",
			vi: 'cung cấp số liệu Prometheus tại http://HOST:PORT/metrics (mặc định: hub.metrics của kế hoạch; tắt)',
		},
	},
	...LISTEN_OPTIONS,
} as const satisfies OptionTable;

/** The help's positional arguments. */
const POSITIONALS = {
	PLAN: {
		en: 'the plan file (YAML or JSON); without it, the plan opened last time',
		vi: 'tệp kế hoạch (YAML hoặc JSON); không có thì dùng kế hoạch đã mở lần trước',
	},
} as const;

const help: Bilingual = {
	en: `
${usageLine('run [PLAN]', OPTIONS)}

The live dashboard at the hub: the link to every site (worst first), attendance, the agenda
with its timers, and the journal of everything the operator does.

${optionRows(OPTIONS, POSITIONALS)}

Keys: press ? in the dashboard for every key. e ends the meeting (asks y/n); q quits (asks
y/n while the meeting runs, not once it has ended).
Loss is lost probes: TCP turns lost packets into delay, and a late answer counts as lost.
Needs a terminal; without one run \`diemcau serve PLAN\` (the hub alone); for scripts use \`diemcau status\`
and \`diemcau rehearse\`.
`,
	vi: `
${usageLine('run [PLAN]', OPTIONS, 'vi')}

Bảng điều khiển trực tiếp tại điểm cầu chính: đường truyền tới từng điểm cầu (kém nhất lên
đầu), điểm danh, chương trình hội nghị với đồng hồ từng mục, và nhật ký mọi thao tác của
người điều hành.

${optionRows(OPTIONS, POSITIONALS, 'vi')}

Phím: bấm ? trong bảng điều khiển để xem mọi phím. e kết thúc hội nghị (hỏi y/n); q thoát (hỏi
y/n khi hội nghị đang diễn ra, không hỏi khi hội nghị đã kết thúc).
Tỷ lệ mất là tỷ lệ lần đo bị mất: TCP biến gói tin bị mất thành độ trễ, và câu trả lời đến muộn
được tính là mất.
Cần một cửa sổ dòng lệnh (terminal); nếu không có, hãy chạy \`diemcau serve PLAN\` (chỉ điểm cầu
chính); trong script, hãy dùng \`diemcau status\` và \`diemcau rehearse\`.
`,
};

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 0, max: 1});
		checkLang(values.lang);
		checkMetricsFlag(values.metrics);
		const listen = listenOptions(values);
		requireTty('run');
		const prefs = new PrefsStore();
		let file: string | undefined = positionals[0];
		if (file === undefined) {
			file = prefs.get().lastPlan;
			if (!file) throw new DiemcauError('DIEMCAU_NO_PLAN_GIVEN', says('no-plan-given'), {help});
			process.stderr.write(
				`diemcau: ${cliWords((values.lang as Lang | undefined) ?? prefs.get().lang ?? pickLang(undefined)).openingLastPlan({file})}\n`,
			);
		}
		const loaded = loadPlan(file);
		prefs.set({lastPlan: loaded.file, ...(values.lang ? {lang: values.lang as Lang} : {})});
		const lang = values.lang ? (values.lang as Lang) : (prefs.get().lang ?? pickLang(undefined));
		// Alerts and /metrics; the screen hides stderr, so the hub's log lines (hook failures) are printed on exit.
		const logged: string[] = [];
		const observe = observeAddon({metrics: values.metrics, log: line => void logged.push(line), lang});
		try {
			return await runDashboard(loaded, {
				journal: values.journal,
				fresh: values.fresh,
				control: values.control,
				lang,
				stats: values.stats,
				prefs,
				addons: [observe],
				onNotice: observe.onNotice,
				listen,
			});
		} finally {
			for (const line of logged.filter(l => l.startsWith('alert hook failed')).slice(-20))
				process.stderr.write(`diemcau: ${hookFailureExitLine(line, lang)}\n`);
		}
	},
};
