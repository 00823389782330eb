import type {Bilingual} from '../i18n/catalog.js';
import {linkReason} from '../model/link/link-reasons.js';
import process from 'node:process';
import {useColor} from '../dashboard/color.js';
import {intOption, parseCommandArgs, type Command} from '../cli/command.js';
import {optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {EXIT} from '../cli/errors.js';
import {Monitor, type SiteLink} from '../hub/monitor.js';
import {EVIDENCE} from '../model/link/link-stats.js';
import {loadPlan} from '../plan/plan-file.js';
import {chooseLang} from '../cli/lang-option.js';
import {cliWords} from '../i18n/cli-words.js';
import {UDP_BLOCKED_MS} from '../../probes/udp-session.js';
import {statusJson, statusTable, type StatusSite} from '../documents/status-output.js';
import {replacedText} from '../hub/event-log.js';
import {LISTEN_OPTIONS, listenOptions} from './listen-option.js';
import {DEFAULT_WAIT_MS} from '../../probes/site-link.js';
import {ownDropsReadable} from '../../probes/udp-own-drops.js';
import type {HubUdpDrops} from '../i18n/hub-drops-words.js';

const OPTIONS = {
	count: {
		type: 'string',
		arg: 'N',
		help: {en: 'probes per site, 1 to 1000 (default 5)', vi: 'số lần đo mỗi điểm cầu, từ 1 đến 1000 (mặc định 5)'},
	},
	json: {
		type: 'boolean',
		help: {
			en: 'print JSON instead: {"at", "sites": [{"id", "name", "mode", "state", "grade", "rttMs": {"last", "p50", "p95"} | null, "jitterMs", "lossPct", "mos", "sent", "received", "error", "udp": "ok"|"blocked"|"off", "packetLossPct": {"up", "down"} | null, "probeLossPct", "errorCode", "gradeReason"}], "hubUdpDrops": N | "unavailable"}: grade "good"|"fair"|"poor"|"measuring"|"down"; error in English, errorCode stable (connection-refused, no-answer, ...); gradeReason null or "UDP blocked — last measured loss 8 %" (the grade keeps the packet loss measured before UDP stopped passing); hubUdpDrops is what the hub\'s own UDP sockets dropped (the kernel\'s count, Linux), "unavailable" where the system cannot tell (Windows)',
			vi: 'in JSON thay cho bảng: {"at", "sites": [{"id", "name", "mode", "state", "grade", "rttMs": {"last", "p50", "p95"} | null, "jitterMs", "lossPct", "mos", "sent", "received", "error", "udp": "ok"|"blocked"|"off", "packetLossPct": {"up", "down"} | null, "probeLossPct", "errorCode", "gradeReason"}], "hubUdpDrops": N | "unavailable"}: grade là "good"|"fair"|"poor"|"measuring"|"down"; error bằng tiếng Anh, errorCode là mã ổn định (connection-refused, no-answer, ...); gradeReason là null hoặc lý do bằng tiếng Anh, như "UDP blocked — last measured loss 8 %" (mức đánh giá giữ tỷ lệ mất gói đo được trước khi UDP bị chặn); hubUdpDrops là số gói mà chính các socket UDP của điểm cầu chính đã bỏ (số đếm của nhân hệ điều hành, Linux), "unavailable" khi hệ thống không cho biết (Windows)',
		},
	},
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: 'language of the table (default: the language chosen before, else LANG)',
			vi: 'ngôn ngữ của bảng (mặc định: ngôn ngữ đã chọn trước đó, nếu không thì theo LANG)',
		},
	},
	...LISTEN_OPTIONS,
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
${usageLine('status PLAN', OPTIONS)}

Probe every site of the plan N times (default 5), then print one row a site:
grade (● good, ◐ fair, ○ poor, ◌ measuring, ✖ down), state, RTT last/p50/p95, jitter, loss,
MOS and, for a site that is down, why (auth failed, connection refused, ...).
A site is down after probe.downAfter probes in a row go unanswered or when its
connection fails. The probes run over TCP, which hides packet loss as delay, so beside
each agent connection runs a UDP test stream (probe.udpRate packets a second, default 5):
UDP LOSS is its packet loss each way (↑ up = hub to site, ↓ down = site to hub), or
"blocked" when no UDP gets through while the WebSocket answers (the site is then graded on
its probes). LOSS is what the grade used: the larger of lost probes and the worse direction
of packet loss, with ↑ or ↓ when packet loss set it. Each site is reported once it has N
probes, its UDP stream has answered (or stayed silent 5 s) and its figures have their
evidence: RTT and jitter need ${EVIDENCE.rttProbes} answered probes, loss ${EVIDENCE.lossProbes} probes or ${EVIDENCE.packets} UDP
packets each way; until then a figure reads … and the grade "measuring" (status probes on
for that, so a site without UDP takes at least ${EVIDENCE.lossProbes} probes). A "connect: dial-out" site is
probed over the connection its agent opens to the hub (it is down, "not connected", when its
agent has not called within --wait).

Options:
${optionRows(OPTIONS)}

Exit 0 when every site is up, 1 when any site is down, 2 on bad usage or a bad plan.
Colour follows NO_COLOR and whether the output is a terminal.
`,
	vi: `
${usageLine('status PLAN', OPTIONS, 'vi')}

Đo mọi điểm cầu của kế hoạch N lần (mặc định 5), rồi in mỗi điểm cầu một dòng: mức đánh giá
(● tốt, ◐ khá, ○ kém, ◌ đang đo, ✖ mất kết nối), trạng thái, RTT lần cuối/p50/p95, jitter, tỷ
lệ mất, MOS và, với điểm cầu mất kết nối, lý do (xác thực thất bại, kết nối bị từ chối, ...).
Một điểm cầu bị coi là mất kết nối khi probe.downAfter lần đo liên tiếp không được trả lời hoặc
khi kết nối tới nó thất bại. Các lần đo chạy trên TCP, vốn che giấu việc mất gói thành độ trễ,
nên bên cạnh mỗi kết nối tới agent có một luồng thử UDP (probe.udpRate gói mỗi giây, mặc định
5): cột MẤT GÓI UDP là tỷ lệ mất gói của luồng này theo từng chiều (↑ lên = từ điểm cầu chính
tới điểm cầu, ↓ xuống = từ điểm cầu về điểm cầu chính), hoặc "bị chặn" khi không gói UDP nào
đi qua trong khi WebSocket vẫn trả lời (khi đó điểm cầu được đánh giá theo các lần đo). Cột
MẤT là con số mức đánh giá đã dùng: giá trị lớn hơn giữa tỷ lệ lần đo bị mất và chiều mất gói
nặng hơn, kèm ↑ hoặc ↓ khi mất gói quyết định. Mỗi điểm cầu được báo cáo khi đã có N lần đo,
luồng UDP đã trả lời (hoặc im lặng 5 s) và các số liệu đã đủ căn cứ: RTT và jitter cần
${EVIDENCE.rttProbes} lần đo được trả lời, tỷ lệ mất cần ${EVIDENCE.lossProbes} lần đo hoặc ${EVIDENCE.packets} gói UDP mỗi chiều; trước đó
số liệu hiện là … và mức đánh giá là "đang đo" (status đo tiếp cho đến khi đủ, nên một điểm cầu
không có UDP cần ít nhất ${EVIDENCE.lossProbes} lần đo). Điểm cầu "connect: dial-out" được đo qua kết nối mà
agent của nó mở tới điểm cầu chính (điểm cầu bị coi là mất kết nối, "chưa kết nối", khi agent
chưa gọi về trong thời gian --wait).

Tùy chọn:
${optionRows(OPTIONS, {}, 'vi')}

Mã thoát 0 khi mọi điểm cầu đều kết nối, 1 khi có điểm cầu mất kết nối, 2 khi dùng sai lệnh
hoặc kế hoạch không hợp lệ.
Màu sắc theo NO_COLOR và theo việc đầu ra có phải là cửa sổ dòng lệnh hay không.
`,
};

const UDP_LOWERED: Record<'vi' | 'en', (from: number, to: number, drops: number) => string> = {
	vi: (from, to, drops) =>
		`luồng thử UDP đã giảm từ ${from} xuống ${to} gói/giây mỗi điểm cầu vì chính socket UDP của điểm cầu chính đã làm rớt ${drops} gói`,
	en: (from, to, drops) =>
		`UDP test stream lowered from ${from} to ${to} packets a second a site: the hub's own socket dropped ${drops} packets`,
};

export const command: Command = {
	help,
	async run(args) {
		const {values, positionals} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 1, max: 1});
		const listen = listenOptions(values);
		const count = intOption(values.count, '--count', 5, 1, 1000);
		const lang = chooseLang(values.lang);
		const loaded = loadPlan(positionals[0]!);
		const monitor = Monitor.fromPlan(loaded, listen);
		for (const warning of monitor.warnings) process.stderr.write(`diemcau: ${cliWords(lang).warning({warning})}\n`);

		const {probe} = loaded.plan;
		// A dial-out site may call as late as --wait, and then needs its probes like any other.
		const waitMs = monitor.listenAt ? (listen.waitMs ?? DEFAULT_WAIT_MS) : 0;
		// A grade needs its evidence (EVIDENCE.lossProbes probes where UDP does not measure loss).
		const deadlineMs =
			(Math.max(count, EVIDENCE.lossProbes) + probe.downAfter) * probe.intervalMs + probe.timeoutMs + 3000 + UDP_BLOCKED_MS + waitMs;
		const sites = await probeAll(monitor, count, deadlineMs, lang);
		const hubUdpDrops = hubUdpDropsOf(monitor.prober.stats());

		// The hub lowered the UDP stream on its own measured drops: said, in the operator's language.
		const lowered = monitor.prober.stats().udp?.lowered;
		if (lowered) process.stderr.write(`diemcau: ${UDP_LOWERED[lang](lowered.from, lowered.to, lowered.drops)}\n`);
		const anyDown = sites.some(site => site.link.state !== 'up');
		if (values.json) process.stdout.write(statusJson(new Date(), sites, hubUdpDrops));
		else process.stdout.write(statusTable(sites, {color: useColor(), lang, hubUdpDrops}));
		return anyDown ? EXIT.checkFailed : EXIT.ok;
	},
};

/**
 * What the hub's own UDP sockets dropped (the kernel's count since they opened), or "unavailable"
 * where the system cannot tell (no /proc/net/udp: Windows): never 0 for unknown.
 * `tables`: the /proc tables to read (ownDropsReadable's).
 */
export function hubUdpDropsOf(stats: {udpReceiveDrops: number}, tables?: readonly string[]): HubUdpDrops {
	return ownDropsReadable(tables) ? stats.udpReceiveDrops : 'unavailable';
}

/**
 * Probe until every site is decided: up with `count` probes sent, or down. A site's row is frozen
 * when decided, so a quick site's figures cover `count` probes even while slower sites finish.
 */
async function probeAll(monitor: Monitor, count: number, deadlineMs: number, lang: 'vi' | 'en'): Promise<StatusSite[]> {
	const decided = new Map<string, SiteLink>();
	let total = 0;
	let failed: unknown;
	await new Promise<void>(resolve => {
		const check = () => {
			const sites = monitor.sites(performance.now());
			total = sites.length;
			for (const site of sites) {
				// UDP settles too: an answer, or 5 s of silence while the WebSocket answers (blocked).
				const udpSettled = site.link.udp !== 'waiting';
				// And the grade rests on evidence: a site still measuring is probed on (up to the deadline).
				const graded = site.link.grade !== 'measuring';
				if (!decided.has(site.id) && site.link.state === 'up' && site.link.sent >= count && udpSettled && graded)
					decided.set(site.id, site);
			}
			if (decided.size === total) finish();
		};
		// Freeze a site the moment it goes down, before a redial can replace its reason
		// (an agent refusing the hub for a while after a wrong token says so differently).
		const unsubscribeChange = monitor.onChange(change => {
			if (change.type === 'down' && !decided.has(change.site)) decided.set(change.site, monitor.site(change.site, change.at)!);
		});
		// Checking costs O(sites): batch bursts of events into one check every 50 ms at most.
		let batch: NodeJS.Timeout | undefined;
		const schedule = () => {
			batch ??= setTimeout(() => {
				batch = undefined;
				check();
			}, 50);
		};
		const timer = setTimeout(() => finish(), deadlineMs);
		const unsubscribe = monitor.onSample(schedule);
		const unsubscribeProbe = monitor.onProbe(event => {
			if (event.type === 'replaced') process.stderr.write(`diemcau: ${cliWords(lang).warning({warning: replacedText(event)})}\n`);
		});
		function finish() {
			clearTimeout(timer);
			clearTimeout(batch);
			unsubscribe();
			unsubscribeChange();
			unsubscribeProbe();
			resolve();
		}
		monitor.start();
		check();
		monitor.ready().then(
			url => {
				if (url) process.stderr.write(`diemcau: ${cliWords(lang).dialOutCall({url})}\n`);
			},
			(error: unknown) => {
				failed = error;
				finish();
			},
		);
	});
	await monitor.stop();
	if (failed !== undefined) throw failed;
	// Past the deadline, a site still unknown never answered steadily: report it down, and say so.
	return monitor.sites().map(site => {
		const frozen = decided.get(site.id);
		if (frozen) return frozen;
		const {link} = site;
		if (link.state === 'up') return site;
		const error =
			link.error ??
			(link.received === 0 ? linkReason('never-answered', {}) : linkReason('no-steady-answer', {received: link.received, sent: link.sent}));
		return {
			id: site.id,
			name: site.name,
			mode: site.mode,
			history: site.history,
			link: {...link, state: 'down' as const, grade: 'down' as const, error},
		};
	});
}
