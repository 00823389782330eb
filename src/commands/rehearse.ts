import type {Bilingual} from '../i18n/catalog.js';
import type {LinkReason} from '../model/link/link-reasons.js';
import {chmodSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {useColor} from '../dashboard/color.js';
import {durationOption, intOption, parseCommandArgs, type Command} from '../cli/command.js';
import {parseDuration} from '../model/duration.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {loadPlan} from '../plan/plan-file.js';
import {rehearsalJson, rehearsalMarkdown, rehearsalTable} from '../documents/rehearsal-report.js';
import {LISTEN_OPTIONS, listenOptions} from './listen-option.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {runRehearsal, type RehearsalProgress} from '../hub/rehearsal.js';
import {rehearsalDocx, rehearsalMarkdownIn, rehearsalTableIn} from '../documents/rehearsal-document.js';
import {chooseLang} from '../cli/lang-option.js';
import {rehearsalProgressWords, type ProgressTally} from '../i18n/rehearsal-progress-words.js';
import {warningWords} from '../i18n/warning-words.js';
import type {Lang} from '../i18n/strings.js';

const OPTIONS = {
	duration: {
		type: 'string',
		arg: 'D',
		help: {en: 'how long to probe, like 90s, 3m or 1h30m (default 60s)', vi: 'thời gian đo, ví dụ 90s, 3m hoặc 1h30m (mặc định 60s)'},
	},
	report: {
		type: 'string',
		arg: 'FILE.md|FILE.docx',
		rows: [
			{
				arg: 'FILE.md',
				help: {
					en: 'write the Markdown report: date, settings, figures, verdicts and, per site to fix, its reasons and contact from the plan',
					vi: 'ghi báo cáo Markdown: ngày, thiết lập, số liệu, kết luận và, với mỗi điểm cầu cần khắc phục, lý do và người liên hệ theo kế hoạch',
				},
			},
			{
				arg: 'FILE.docx',
				help: {
					en: "the same report as a Word document in the administrative layout (the plan's session.issuer, place, recipients), to send the communes",
					vi: 'cùng báo cáo đó dưới dạng văn bản Word theo thể thức văn bản hành chính (session.issuer, place, recipients của kế hoạch), để gửi các điểm cầu',
				},
			},
		],
	},
	json: {
		type: 'string',
		arg: 'FILE',
		help: {
			en: 'write JSON: {"startedAt", "durationS", "plannedDurationS", "cutShort", "verdict", "sites": [{"id", "name", "verdict", "reasons", "rttMs": {"p50","p95","max"} | null, "jitterMs", "lossPct", "availabilityPct", "bandwidthKbps": {"up","down"} | null, "udp": "ok"|"blocked"|"off", "packetLossPct": {"up","down"} | null, "udpJitterMs": {"up","down"} | null, "latencyUnderLoadMs": {"p50","p95"} | null, "videoLoad": {"kbps", "up": {"lossPct","jitterMs"}, "down": {"lossPct","jitterMs"}} | null}]}',
			vi: 'ghi JSON: {"startedAt", "durationS", "plannedDurationS", "cutShort", "verdict", "sites": [{"id", "name", "verdict", "reasons", "rttMs": {"p50","p95","max"} | null, "jitterMs", "lossPct", "availabilityPct", "bandwidthKbps": {"up","down"} | null, "udp": "ok"|"blocked"|"off", "packetLossPct": {"up","down"} | null, "udpJitterMs": {"up","down"} | null, "latencyUnderLoadMs": {"p50","p95"} | null, "videoLoad": {"kbps", "up": {"lossPct","jitterMs"}, "down": {"lossPct","jitterMs"}} | null}]}',
		},
	},
	bandwidth: {
		type: 'string',
		arg: 'D',
		help: {
			en: "bulk transfer per direction and site, like 5s (default: the plan's rehearsal.bandwidthSeconds, 5 s); 0 skips the bandwidth test",
			vi: 'thời gian truyền dữ liệu liên tục mỗi chiều cho mỗi điểm cầu, ví dụ 5s (mặc định: rehearsal.bandwidthSeconds của kế hoạch, 5 s); 0 thì bỏ qua phép đo băng thông',
		},
	},
	'bandwidth-parallel': {
		type: 'string',
		arg: 'N',
		help: {
			en: "sites measured at once, 1 to 16 (default 2): more is quicker but shares the hub's own line between them",
			vi: 'số điểm cầu đo cùng lúc, từ 1 đến 16 (mặc định 2): nhiều hơn thì nhanh hơn nhưng các điểm cầu chia nhau đường truyền của điểm cầu chính',
		},
	},
	video: {
		type: 'string',
		arg: 'RATE',
		help: {
			en: "the video load test's rate each way, like 1500k or 2m (default 1500k, at most 4m); 0 skips it",
			vi: 'tốc độ của phép thử tải video mỗi chiều, ví dụ 1500k hoặc 2m (mặc định 1500k, tối đa 4m); 0 thì bỏ qua',
		},
	},
	'video-duration': {
		type: 'string',
		arg: 'D',
		help: {
			en: 'how long the video load test runs, like 10s (default 10s, at most 60s)',
			vi: 'thời gian chạy phép thử tải video, ví dụ 10s (mặc định 10s, tối đa 60s)',
		},
	},
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'language of the report, the live view and the progress lines (default: the language chosen before, else LANG)',
			vi: 'ngôn ngữ của báo cáo, màn hình theo dõi và các dòng tiến độ (mặc định: ngôn ngữ đã chọn trước đó, nếu không thì theo LANG)',
		},
	},
	...LISTEN_OPTIONS,
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
${usageLine('rehearse PLAN', OPTIONS)}

Pre-meeting rehearsal. Probes every site of the plan for the duration at the plan's probe
interval, with the UDP test stream beside every agent connection (packet loss each way, as the
video sees it). Then, with every agent site, a few at a time: bandwidth both ways on a
connection of its own (down = site to hub, up = hub to site), with UDP probes meanwhile (RTT
under load: how much a full line delays everything else), and a video-rate UDP stream each
way (loss and jitter under a 720p call's load). Each site gets a verdict with its reasons:
  ✔ pass   within the plan's "good" thresholds, available and fast enough
  ▲ warn   within "fair", or the link dropped once, or bandwidth below the pass floor
  ✖ fail   beyond "fair", never answered, too often down, or bandwidth below the warn floor
Defaults: pass at RTT p95 ≤ 150 ms, jitter ≤ 30 ms, loss ≤ 1 %, available ≥ 99 %,
≥ 1.5 Mbit/s each way (a 720p call); warn up to 300 ms, 50 ms, 4 %, ≥ 95 %, ≥ 800 kbit/s.
Override them in the plan under thresholds: and rehearsal:. The links run over TCP, which
hides packet loss as delay: "loss" counts probes left unanswered for probe.timeoutMs;
"packet loss up/down" is the UDP stream's, against the same loss limits. RTT under load warns
when its p95 exceeds the idle p95 by more than 100 ms, fails beyond 300 ms
(rehearsal.latencyUnderLoadMs: {warn, fail}); video load loss or jitter against the grade
limits. No verdict without evidence: under 10 probes, or without the bandwidth or video test
asked for, a site gets at best warn ("not enough data: 2 probes", "bandwidth not measured").
RTT figures cover the last 900 probes of the run. Sites in ws-ping mode and sites down
when probing ends get no bandwidth or video test.

Options:
${optionRows(OPTIONS)}

On a terminal it shows live progress; otherwise it prints progress lines to stderr. At the
end it prints one row a site on stdout. Ctrl-C stops early and still writes the report and
JSON of what was measured, marked cut short (a second Ctrl-C quits at once).

Exit 0 when every site passes, 1 when any site warns or fails or the run was cut short,
2 on bad usage or a bad plan.
`,
	vi: `
${usageLine('rehearse PLAN', OPTIONS, 'vi')}

Kiểm tra đường truyền trước hội nghị. Đo mọi điểm cầu của kế hoạch trong khoảng thời gian đã
cho, theo chu kỳ đo của kế hoạch, với luồng thử UDP bên cạnh mỗi kết nối tới agent (mất gói
theo từng chiều, đúng như hình ảnh truyền đi gặp phải). Sau đó, với từng điểm cầu có agent, mỗi
lần vài điểm: đo băng thông hai chiều trên một kết nối riêng (xuống = từ điểm cầu về điểm cầu
chính, lên = từ điểm cầu chính tới điểm cầu), đồng thời đo bằng gói UDP (RTT khi có tải: đường
truyền đầy làm chậm mọi thứ khác đến đâu), và một luồng UDP tốc độ video mỗi chiều (mất gói và
jitter dưới tải của một cuộc gọi 720p). Mỗi điểm cầu nhận một kết luận kèm lý do:
  ✔ đạt         trong ngưỡng "good" của kế hoạch, sẵn sàng và đủ nhanh
  ▲ cảnh báo    trong ngưỡng "fair", hoặc đường truyền mất một lần, hoặc băng thông dưới mức đạt
  ✖ không đạt   vượt ngưỡng "fair", không bao giờ trả lời, mất kết nối quá thường xuyên, hoặc
                băng thông dưới mức cảnh báo
Mặc định: đạt khi RTT p95 ≤ 150 ms, jitter ≤ 30 ms, tỷ lệ mất ≤ 1 %, sẵn sàng ≥ 99 %,
≥ 1,5 Mbit/s mỗi chiều (một cuộc gọi 720p); cảnh báo đến 300 ms, 50 ms, 4 %, ≥ 95 %,
≥ 800 kbit/s. Thay đổi các ngưỡng này trong kế hoạch, ở thresholds: và rehearsal:. Đường
truyền chạy trên TCP, vốn che giấu việc mất gói thành độ trễ: "tỷ lệ mất" đếm các lần đo không
được trả lời trong probe.timeoutMs; "mất gói lên/xuống" là của luồng UDP, so với cùng các ngưỡng
tỷ lệ mất. RTT khi có tải bị cảnh báo khi p95 của nó vượt p95 lúc rảnh quá 100 ms, không đạt
khi vượt quá 300 ms (rehearsal.latencyUnderLoadMs: {warn, fail}); mất gói hoặc jitter khi có
tải video được so với ngưỡng đánh giá. Không có căn cứ thì không có kết luận: dưới 10 lần đo,
hoặc thiếu phép đo băng thông hay phép thử video đã yêu cầu, điểm cầu chỉ được tối đa mức cảnh
báo ("chưa đủ dữ liệu: 2 lần đo", "chưa đo băng thông"). Số liệu RTT tính trên 900 lần đo cuối
của lượt kiểm tra. Điểm cầu ở chế độ ws-ping và điểm cầu mất kết nối khi kết thúc đo không được
đo băng thông hay thử tải video.

Tùy chọn:
${optionRows(OPTIONS, {}, 'vi')}

Trên cửa sổ dòng lệnh, lệnh hiện tiến độ trực tiếp; nếu không, lệnh in các dòng tiến độ ra
stderr. Khi xong, lệnh in mỗi điểm cầu một dòng ra stdout. Ctrl-C dừng sớm mà vẫn ghi báo cáo
và JSON của những gì đã đo, có đánh dấu là bị cắt ngắn (Ctrl-C lần thứ hai thoát ngay).

Mã thoát 0 khi mọi điểm cầu đều đạt, 1 khi có điểm cầu bị cảnh báo hoặc không đạt hoặc lượt
kiểm tra bị cắt ngắn, 2 khi dùng sai lệnh hoặc kế hoạch không hợp lệ.
`,
};

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 1, max: 1});
		const listen = listenOptions(values);
		const durationMs = durationOption(values.duration, '--duration', 60_000);
		if (durationMs > 24 * 3_600_000)
			throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-at-most', {option: '--duration', max: '24h'}));
		const parallel = intOption(values['bandwidth-parallel'], '--bandwidth-parallel', 2, 1, 16);
		const lang = chooseLang(values.lang);
		const words = rehearsalProgressWords(lang);
		for (const file of [values.report, values.json]) if (file !== undefined) checkWritable(file, lang);
		const loaded = loadPlan(positionals[0]!);
		const bandwidthSeconds = bandwidthOption(values.bandwidth, loaded.plan.rehearsal.bandwidthSeconds);
		const videoKbps = rateOption(values.video, 1500);
		const videoMs = durationOption(values['video-duration'], '--video-duration', 10_000);
		if (videoMs > 60_000 || videoMs < 1000)
			throw new DiemcauError(
				'DIEMCAU_OPTION_VALUE',
				says('option-range', {option: '--video-duration', from: '1s', to: '60s', value: values['video-duration'] ?? ''}),
			);

		const controller = new AbortController();
		const onSignal = () => {
			if (controller.signal.aborted) process.exit(130); // second Ctrl-C: the user means it
			process.stderr.write(`\ndiemcau: ${words.lines.stopping}\n`);
			controller.abort();
		};
		process.on('SIGINT', onSignal);
		process.on('SIGTERM', onSignal);
		const tty = process.stdout.isTTY === true && process.stdin.isTTY === true;
		const view = tty ? await inkView(loaded.plan.session.title, lang) : plainView(durationMs, parallel, lang);
		let result;
		try {
			result = await runRehearsal(
				loaded,
				{
					durationMs,
					bandwidthSeconds,
					videoKbps,
					videoMs,
					bandwidthParallel: parallel,
					signal: controller.signal,
					onProgress: view.update,
					listen,
				},
				warning => process.stderr.write(`diemcau: ${words.lines.warning(warningWords.word(warning, lang))}\n`),
			);
		} finally {
			view.close();
			process.off('SIGTERM', onSignal);
		}

		let failedWrite = false;
		const write = (file: string, text: string | Buffer) => {
			try {
				// Contacts' names and phone numbers: for the owner only, like the journal.
				writeFileSync(file, text, {mode: 0o600});
				chmodSync(file, 0o600);
			} catch (error) {
				failedWrite = true;
				process.stderr.write(
					`diemcau: ${words.lines.cannotWrite(file, (error as Error).message, (error as NodeJS.ErrnoException).code)}\n`,
				);
			}
		};
		if (values.json !== undefined) write(values.json, rehearsalJson(result));
		if (values.report !== undefined) {
			const {session, hub} = loaded.plan;
			if (values.report.toLowerCase().endsWith('.docx')) write(values.report, await rehearsalDocx(result, lang, session, hub.name));
			else write(values.report, lang === 'en' ? rehearsalMarkdown(result) : rehearsalMarkdownIn(result, lang, session));
		}
		const width = process.stdout.isTTY ? process.stdout.columns || 80 : null;
		process.stdout.write(
			lang === 'en' ? rehearsalTable(result, {color: useColor(), width}) : rehearsalTableIn(result, lang, {color: useColor(), width}),
		);
		process.off('SIGINT', onSignal);
		if (failedWrite) return EXIT.badInput;
		return result.cutShort || result.verdict !== 'pass' ? EXIT.checkFailed : EXIT.ok;
	},
};

/** `--bandwidth 0` skips the test; otherwise seconds per direction (at most 60, as in the plan). */
function bandwidthOption(value: string | undefined, fallbackSeconds: number): number {
	if (value === undefined) return fallbackSeconds;
	if (parseDuration(value) === 0) return 0;
	const seconds = durationOption(value, '--bandwidth', 0) / 1000;
	if (seconds > 60) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-at-most', {option: '--bandwidth', max: '60s', value}));
	return seconds;
}

/** `--video 1500k` / `2m` / `800` (kbit/s); 0 turns the video load test off. */
function rateOption(value: string | undefined, fallbackKbps: number): number {
	if (value === undefined) return fallbackKbps;
	const match = /^(\d+(?:\.\d+)?)\s*([km]?)(?:bit\/s|bps)?$/i.exec(value.trim());
	if (!match) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('video-rate', {value}));
	const kbps = Number(match[1]) * (match[2]!.toLowerCase() === 'm' ? 1000 : 1);
	if (kbps > 4000) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('video-rate-high', {value}));
	if (kbps > 0 && kbps < 50) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('video-rate-low', {value}));
	return kbps;
}

/** Fail before an hour of probing, not after, when a report could not be written. */
function checkWritable(file: string, lang: Lang): void {
	const dir = path.dirname(path.resolve(file));
	let isDir = false;
	try {
		isDir = statSync(dir).isDirectory();
	} catch {
		// reported below
	}
	if (!isDir) throw new DiemcauError('DIEMCAU_OUTPUT_UNWRITABLE', says('out-folder-missing', {file, dir}));
	try {
		if (statSync(file).isDirectory()) throw new DiemcauError('DIEMCAU_OUTPUT_UNWRITABLE', says('out-is-folder', {file}));
	} catch (error) {
		if (error instanceof DiemcauError) throw error;
	}
}

interface ProgressView {
	update(progress: RehearsalProgress): void;
	close(): void;
}

/** The live Ink view, loaded only on a terminal; it never reads keys, so Ctrl-C stays a signal. */
async function inkView(title: string, lang: Lang): Promise<ProgressView> {
	const [{default: React}, {render}, {RehearsalProgress}, {themeFor}] = await Promise.all([
		import('react'),
		import('ink'),
		import('../../components/RehearsalProgress.js'),
		import('../../components/theme.js'),
	]);
	const theme = themeFor();
	let last: RehearsalProgress | null = null;
	let instance: ReturnType<typeof render> | null = null;
	const element = (progress: RehearsalProgress) =>
		React.createElement(RehearsalProgress, {
			title,
			progress,
			theme,
			lang,
			width: process.stdout.columns || 80,
			height: process.stdout.rows || 24,
		});
	const onResize = () => {
		if (last && instance) instance.rerender(element(last));
	};
	process.stdout.on('resize', onResize);
	return {
		update(progress) {
			last = progress;
			// Created at the first update, after any warning was printed, so none garbles the frame.
			if (instance) instance.rerender(element(progress));
			else instance = render(element(progress), {exitOnCtrlC: false, patchConsole: false, maxFps: 10});
		},
		close() {
			process.stdout.off('resize', onResize);
			instance?.unmount();
		},
	};
}

/** Without a terminal: a progress line on stderr every few seconds, and one per bandwidth result. */
function plainView(durationMs: number, parallel: number, lang: Lang): ProgressView {
	const words = rehearsalProgressWords(lang).lines;
	const everyMs = Math.min(10_000, Math.max(2000, durationMs / 10));
	let nextAt = 0;
	let phase: RehearsalProgress['phase'] | null = null;
	const told = new Set<string>();
	const line = (text: string) => process.stderr.write(`rehearse: ${text}\n`);
	return {
		update(progress) {
			if (progress.phase !== phase) {
				if (progress.phase === 'probing') line(words.probing(progress.sites.length, durationMs));
				if (progress.phase === 'bandwidth') line(words.bandwidth(progress.bandwidth.size, parallel));
				phase = progress.phase;
			}
			if (progress.phase === 'probing' && progress.elapsedMs >= nextAt) {
				nextAt = progress.elapsedMs + everyMs;
				const {tally, down} = counts(progress);
				line(words.tick(progress.elapsedMs, durationMs, tally, down));
			}
			for (const [id, state] of progress.bandwidth) {
				if (typeof state === 'string' || told.has(id)) continue;
				told.add(id);
				line(words.bandwidthResult(id, state));
			}
		},
		close() {},
	};
}

// The grades so far, and the first three sites down with their reason ("3 good, 1 fair, 0 poor, 1 down (dead: …)").
function counts(progress: RehearsalProgress): {tally: ProgressTally; down: Array<{id: string; reason: LinkReason | null}>} {
	const tally = {good: 0, fair: 0, poor: 0, down: 0, waiting: 0};
	const down: Array<{id: string; reason: LinkReason | null}> = [];
	for (const site of progress.sites) {
		if (site.link.state === 'unknown' || site.link.grade === 'measuring') tally.waiting++;
		else tally[site.link.grade]++;
		if (site.link.state === 'down' && down.length < 3) down.push({id: site.id, reason: site.link.error});
	}
	return {tally, down};
}
