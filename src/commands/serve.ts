import type {Bilingual} from '../i18n/catalog.js';
import process from 'node:process';
import type {Command} from '../cli/command.js';
import {checkLang, parseCommandArgs} from '../cli/command.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {pickLang} from '../i18n/strings.js';
import {EXIT} from '../cli/errors.js';
import {HubCore, type HubAddon} from '../hub/core.js';
import {siteConsoles} from '../hub/site-consoles.js';
import {controlAddon, prepareControl} from '../hub/control-server.js';
import {controlWords} from '../hub/control-words.js';
import {wordAgentRefusal} from '../model/agent-refusal-words.js';
import {udpWords} from '../i18n/udp-words.js';
import {journalFileFor} from '../hub/meeting.js';
import {eventLog, serveLines} from '../hub/event-log.js';
import {checkMetricsFlag, observeAddon} from '../hub/observe.js';
import {LISTEN_OPTIONS, listenOptions} from './listen-option.js';
import {loadPlan} from '../plan/plan-file.js';
import {PrefsStore} from '../dashboard/prefs.js';

const OPTIONS = {
	journal: {
		type: 'string',
		arg: 'FILE',
		help: {
			en: 'journal file (default: one per plan in the data folder, the one `run` uses)',
			vi: 'tệp nhật ký (mặc định: mỗi kế hoạch một tệp trong thư mục dữ liệu, cùng tệp mà `run` dùng)',
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
			en: 'the control socket screens attach to (default: a short per-user one, mode 0600, found by `diemcau attach` from the journal; a named pipe on Windows)',
			vi: 'kênh điều khiển (socket) để các màn hình gắn vào (mặc định: một socket ngắn riêng của người dùng, quyền 0600, `diemcau attach` tìm thấy qua nhật ký; trên Windows là named pipe)',
		},
	},
	metrics: {
		type: 'string',
		arg: 'HOST:PORT',
		help: {
			en: "serve Prometheus metrics at http://HOST:PORT/metrics (default: the plan's hub.metrics; off). The plan's alerts: run their command / webhook from here too.",
			vi: 'cung cấp số liệu Prometheus tại http://HOST:PORT/metrics (mặc định: hub.metrics của kế hoạch; tắt). Các cảnh báo của kế hoạch: lệnh / webhook của chúng cũng chạy từ đây.',
		},
	},
	...LISTEN_OPTIONS,
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'language of the alerts\' message (DIEMCAU_MESSAGE, the webhook\'s "message") and of this log\'s words after each line\'s head ("link pho-an down:", "ALERT site-down:", the same in every language); default: vi when LANG starts with "vi", else en. "messageEn" and the journal stay English',
			vi: 'ngôn ngữ của nội dung cảnh báo (DIEMCAU_MESSAGE, trường "message" của webhook) và của lời trong nhật ký chạy này sau phần đầu mỗi dòng ("link pho-an down:", "ALERT site-down:", giống nhau ở mọi ngôn ngữ); mặc định: vi khi LANG bắt đầu bằng "vi", ngược lại en. "messageEn" và nhật ký hội nghị vẫn bằng tiếng Anh',
		},
	},
} as const satisfies OptionTable;

/** The help's positional arguments. */
const POSITIONALS = {PLAN: {en: 'the plan file (YAML or JSON)', vi: 'tệp kế hoạch (YAML hoặc JSON)'}} as const;

const help: Bilingual = {
	en: `
${usageLine('serve PLAN', OPTIONS)}

The hub without a screen, as a service: probes every site, keeps the meeting and its journal
(resuming from it as \`diemcau run\` does), and lets screens attach. Needs no terminal: it runs
under systemd, in CI or with nohup, and writes one line per notable event to stderr (a link
down, up or regraded; an intent from a screen; a journal write failing). SIGTERM or SIGINT
(Ctrl-C) stops it after the journal is flushed, exit 0; SIGHUP is ignored.

${optionRows(OPTIONS, POSITIONALS)}

Loss is lost probes: TCP turns lost packets into delay, and a late answer counts as lost.
`,
	vi: `
${usageLine('serve PLAN', OPTIONS, 'vi')}

Điểm cầu chính không có màn hình, chạy như một dịch vụ: đo mọi điểm cầu, điều hành hội nghị và
ghi nhật ký (tiếp tục từ nhật ký như \`diemcau run\`), và cho các màn hình gắn vào. Không cần
cửa sổ dòng lệnh: chạy được dưới systemd, trong CI hoặc với nohup, và ghi ra stderr mỗi sự
kiện đáng chú ý một dòng (một đường truyền mất, có lại hoặc đổi mức đánh giá; một thao tác từ
một màn hình; ghi nhật ký bị lỗi). SIGTERM hoặc SIGINT (Ctrl-C) dừng dịch vụ sau khi nhật ký
đã được ghi xong, mã thoát 0; SIGHUP được bỏ qua.

${optionRows(OPTIONS, POSITIONALS, 'vi')}

Tỷ lệ mất là tỷ lệ lần đo bị mất: TCP biến gói tin bị mất thành độ trễ, và câu trả lời đến muộn
được tính là mất.
`,
};

/** Options of a headless core (tests and the command). */
export interface ServeOptions {
	journal?: string;
	fresh?: boolean;
	control?: string;
	/** --metrics HOST:PORT (else the plan's hub.metrics). */
	metrics?: string;
	/** Add-ons the core starts (before probing) and stops (before the journal closes): metrics, alerts. */
	addons?: readonly HubAddon[];
	/** Where log lines go (default stderr). */
	write?: (line: string) => void;
	/** --listen, --tls-cert/--tls-key, --wait (dial-out agents). */
	listen?: ReturnType<typeof listenOptions>;
	/** The alerts' language (--lang, else LANG). */
	lang?: 'vi' | 'en';
}

/** Run the core until SIGTERM or SIGINT; resolves with the exit code once the journal is closed. */
export async function serve(file: string, options: ServeOptions = {}): Promise<number> {
	const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
	const loaded = loadPlan(file);
	new PrefsStore().set({lastPlan: loaded.file});
	const log = eventLog(write, undefined, options.lang);
	const says = serveLines(options.lang ?? 'en');
	const journal = journalFileFor(loaded.plan, options);
	// Before the journal is opened: a second hub on the same journal stops here, touching nothing.
	const controlPlan = await prepareControl(journal, {explicit: options.control});
	const control = controlAddon(controlPlan, journal, {
		log: log.line,
		onProblem: problem => log.line(`${says.warning('')}${controlWords(options.lang ?? 'en').noControl(problem)}`),
	});
	const core = await HubCore.open(loaded, {
		journal: options.journal,
		fresh: options.fresh,
		lang: options.lang ?? 'en',
		...(options.listen ? {monitor: options.listen} : {}),
	});
	core.use(log);
	core.use(siteConsoles({log: log.line}));
	for (const addon of options.addons ?? []) core.use(addon);
	if (control.addon) core.use(control.addon);
	// A refused dial-out agent (rate-limited at the listener), with its address; what the UDP test
	// stream says (its rate lowered or raised, a small receive buffer, a session moved: rate-limited).
	const offRefused = core.monitor.onProbe(event => {
		if (event.type === 'refused-agent') log.line(`warning: ${wordAgentRefusal(event, options.lang ?? 'en')}`);
		else if (event.type === 'udp-note') log.line(udpWords.word(event.note, options.lang ?? 'en'));
	});
	core.use(observeAddon({metrics: options.metrics, log: text => log.line(text), lang: options.lang}));
	for (const warning of [...core.warnings, ...core.monitor.warnings]) log.line(says.warning(warning));
	let stop!: (signal: string) => void;
	const stopped = new Promise<string>(resolve => {
		stop = resolve;
	});
	const onTerm = (signal: NodeJS.Signals) => stop(signal);
	const onHup = () => log.line(says.sighup);
	// Windows has no SIGTERM or SIGHUP of its own: Ctrl-C is SIGINT, Ctrl-Break SIGBREAK, and
	// closing the console window is SIGHUP (Windows ends the process ~10 s later): each stops the hub.
	const windows = process.platform === 'win32';
	// The hub owns these signals while it serves. A library's listener that re-raises the signal
	// to end the process (when-exit, loaded by the preferences' atomic writes) would, on Windows,
	// end it at once (process.kill there is TerminateProcess: exit 1, the journal not flushed).
	// Their exit-time work still runs at the normal exit; they are given back when serve returns.
	const owned: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', ...(windows ? (['SIGBREAK'] as const) : [])];
	const others = owned.map(signal => [signal, process.listeners(signal)] as const);
	for (const [signal, listeners] of others) for (const listener of listeners) process.off(signal, listener);
	process.on('SIGTERM', onTerm);
	process.on('SIGINT', onTerm);
	if (windows) process.on('SIGBREAK', onTerm);
	process.on('SIGHUP', windows ? onTerm : onHup);
	try {
		await core.start();
		log.line(
			says.serving({
				title: loaded.plan.session.title,
				sites: loaded.plan.sites.length,
				resumedFrom: core.meeting.state.seq,
				journal: core.meeting.journalPath,
				control: control.addon?.path ?? null,
				listening: core.listeningAt ?? null,
			}),
		);
		const signal = await stopped;
		log.line(says.stopping(signal));
	} finally {
		process.off('SIGTERM', onTerm);
		process.off('SIGINT', onTerm);
		if (windows) process.off('SIGBREAK', onTerm);
		process.off('SIGHUP', windows ? onTerm : onHup);
		for (const [signal, listeners] of others) for (const listener of listeners) process.on(signal, listener);
		await core.stop();
		offRefused();
		control.release();
	}
	log.line(says.stopped(core.meeting.journalPath));
	return EXIT.ok;
}

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 1, max: 1});
		checkMetricsFlag(values.metrics);
		checkLang(values.lang);
		// A service's language: --lang, else its LANG (not a screen's saved preference).
		const lang = pickLang(values.lang);
		const listen = listenOptions(values);
		return serve(positionals[0]!, {
			journal: values.journal,
			fresh: values.fresh,
			control: values.control,
			metrics: values.metrics,
			listen,
			lang,
		});
	},
};
