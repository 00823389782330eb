import type {Bilingual} from '../i18n/catalog.js';
import {readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {z} from 'zod';
import {checkLang, intOption, parseCommandArgs, type Command} from '../cli/command.js';
import {optionRows, parserOptions, type OptionTable} from '../cli/options.js';
import {DiemcauError, EXIT} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {readTokenFile} from '../plan/token-file.js';
import {MIN_TOKEN_BITS, tokenBits} from '../model/plan/token-strength.js';
import {FailureLimiter} from '../../probes/listener-guard.js';
import {startAgentServer, type AgentServer, type AgentServerOptions} from '../../probes/agent-server.js';
import {startAgentDialer, type AgentDialer} from '../../probes/agent-dialer.js';
import {AGENT_PATH} from '../../probes/hub-listener.js';
import {REFLECT_RATE_PPS} from '../../probes/udp-reflector.js';
import {isProfile, makeSimulation, PROFILE_HELP, PROFILES, type Profile} from '../../probes/simulation.js';
import {pickConsoleLang, strings} from '../i18n/strings.js';
import {agentWords, type AgentMessage} from '../i18n/agent-words.js';
import type {Lang} from '../i18n/catalog.js';
import type {AgentNotice} from '../model/agent-notice.js';
import {consoleWire, type ConsoleWire} from '../../probes/site-console-wire.js';
import {startConsoleScreen} from './site-console-screen.js';

const OPTIONS = {
	site: {
		type: 'string',
		arg: 'ID',
		help: {en: 'the site this agent serves (as in the plan)', vi: 'điểm cầu mà agent này phục vụ (như trong kế hoạch)'},
	},
	console: {
		type: 'boolean',
		help: {
			en: "the site's own screen (needs a terminal; fits 80×24; NO_COLOR for none)",
			vi: 'màn hình riêng của điểm cầu (cần cửa sổ dòng lệnh; vừa 80×24; NO_COLOR để tắt màu)',
		},
	},
	lang: {
		type: 'string',
		arg: 'vi|en',
		help: {
			en: "the language of the console and of the agent's log (with --console: default Vietnamese, English when LANG is en…; without: default English)",
			vi: 'ngôn ngữ của màn hình điểm cầu và của nhật ký agent (có --console: mặc định tiếng Việt, tiếng Anh khi LANG là en…; không có: mặc định tiếng Anh)',
		},
	},
	host: {
		type: 'string',
		arg: 'HOST',
		help: {
			en: 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)',
			vi: 'địa chỉ để nghe (mặc định 127.0.0.1; 0.0.0.0 để nghe trên mọi giao diện mạng)',
		},
	},
	port: {
		type: 'string',
		arg: 'N',
		help: {en: 'port (default 7700; 0 = any free port)', vi: 'cổng (mặc định 7700; 0 = một cổng trống bất kỳ)'},
	},
	'token-file': {
		type: 'string',
		arg: 'F',
		help: {
			en: 'file holding the site token (or set DIEMCAU_TOKEN); keep it chmod 600',
			vi: 'tệp chứa mã truy cập của điểm cầu (hoặc đặt DIEMCAU_TOKEN); hãy để tệp ở quyền chmod 600',
		},
	},
	'tls-cert': {
		type: 'string',
		arg: 'F',
		help: {en: 'certificate (PEM) to serve wss:// (with --tls-key)', vi: 'chứng chỉ (PEM) để phục vụ qua wss:// (cùng với --tls-key)'},
	},
	'tls-key': {type: 'string', arg: 'F', help: {en: 'private key (PEM) of that certificate', vi: 'khóa riêng (PEM) của chứng chỉ đó'}},
	'rate-kbps': {
		type: 'string',
		arg: 'N',
		help: {en: 'cap the bandwidth test at N kbit/s in both directions', vi: 'giới hạn phép đo băng thông ở N kbit/s cả hai chiều'},
	},
	'udp-port': {
		type: 'string',
		arg: 'N',
		help: {
			en: 'UDP port of the test stream (default: the WebSocket port; 0 = any free port; "off" = no UDP). Open it in the firewall as UDP, beside the WebSocket port as TCP: the hub measures packet loss over it',
			vi: 'cổng UDP của luồng thử (mặc định: cổng WebSocket; 0 = một cổng trống bất kỳ; "off" = không dùng UDP). Hãy mở cổng này trên tường lửa cho UDP, bên cạnh cổng WebSocket cho TCP: điểm cầu chính đo tỷ lệ mất gói qua cổng này',
		},
	},
	hub: {
		type: 'string',
		arg: 'URL',
		help: {
			en: "dial out to the hub's listener, ws://HOST:PORT/agent or wss://… (instead of --host/--port/--tls-cert)",
			vi: 'chủ động gọi tới cổng nghe của điểm cầu chính, ws://HOST:PORT/agent hoặc wss://… (thay cho --host/--port/--tls-cert)',
		},
	},
	ca: {
		type: 'string',
		arg: 'F',
		help: {
			en: "with a wss:// --hub: the CA certificate (PEM) that signed the hub's certificate",
			vi: 'với --hub dạng wss://: chứng chỉ CA (PEM) đã ký chứng chỉ của điểm cầu chính',
		},
	},
	many: {
		type: 'string',
		arg: 'FILE.json',
		help: {
			en: 'serve many simulated sites from one process, each on its own port:\n[{"site":"pho-an","port":7701,"token":"…" or "tokenFile":"…",\n  "simulate":"slow","delayMs":0,"jitterMs":0,"lossPct":0,"rateKbps":0}]',
			vi: 'phục vụ nhiều điểm cầu mô phỏng từ một tiến trình, mỗi điểm một cổng riêng:\n[{"site":"pho-an","port":7701,"token":"…" hoặc "tokenFile":"…",\n  "simulate":"slow","delayMs":0,"jitterMs":0,"lossPct":0,"rateKbps":0}]',
		},
	},
	'exit-with-stdin': {type: 'boolean', hidden: true},
} as const satisfies OptionTable;

// The profiles' lines of probes/simulation.ts in Vietnamese (the same figures and grades).
const PROFILE_HELP_VI = [
	'good      trả lời ngay                                       → tốt',
	'slow      +200 ms cho mỗi câu trả lời                        → khá',
	'jittery   giữ mỗi câu trả lời ngẫu nhiên 0-180 ms (jitter ~60) → kém',
	'lossy     bỏ 8 % số câu trả lời                              → kém',
	'flapping  im lặng 10 s trong mỗi 30 s, rồi trả lời lại       → mất kết nối, kết nối lại',
	'dead      xác thực xong nhưng không trả lời ping nào         → mất kết nối',
];

const SIMULATION_OPTIONS = {
	simulate: {
		type: 'string',
		arg: 'NAME',
		help: {
			en: `one of ${PROFILES.join(', ')} (default good);\ngrades with the default thresholds:\n${PROFILE_HELP.map(line => `  ${line}`).join('\n')}`,
			vi: `một trong ${PROFILES.join(', ')} (mặc định good);\nmức đánh giá theo ngưỡng mặc định:\n${PROFILE_HELP_VI.map(line => `  ${line}`).join('\n')}`,
		},
	},
	'delay-ms': {type: 'string', arg: 'N', help: {en: 'add N ms to every answer', vi: 'cộng thêm N ms vào mỗi câu trả lời'}},
	'jitter-ms': {
		type: 'string',
		arg: 'N',
		help: {
			en: 'hold each answer a further random 0..3N ms (RFC 3550 jitter of about N)',
			vi: 'giữ mỗi câu trả lời thêm một khoảng ngẫu nhiên 0..3N ms (jitter RFC 3550 khoảng N)',
		},
	},
	'loss-pct': {type: 'string', arg: 'N', help: {en: 'drop N % of answers', vi: 'bỏ N % số câu trả lời'}},
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
Usage: diemcau agent --site ID [options]
       diemcau agent --site ID --hub ws[s]://HOST:PORT/agent --token-file F
       diemcau agent --site ID … --console [--lang vi|en]
       diemcau agent --many FILE.json

The site-side agent: answers the hub's probes (protocol diemcau.v3, or diemcau.v2 with an
older hub; WebSocket path /probe). Both sides prove they know the site token (HMAC-SHA256
challenge-response, the agent first); the token never crosses the wire, and every frame after
that carries a MAC. The token must have at least 128 bits: make one with
"diemcau token new FILE".
When ready it prints: listening ws://HOST:PORT/probe site=ID

Behind NAT (the commune's router forwards no port), dial out instead: with --hub the agent
opens no port, keeps one connection to the hub's listener and serves it over that connection
the same way (the hub still challenges, pings and measures). It prints: dialling URL site=ID,
and dials again after any loss, waiting a random 0–5 s at most (so a restarted hub is not
stormed by every commune at once). The plan marks such a site "connect: dial-out" and the hub
listens on hub.listen (or --listen HOST:PORT of run, status, rehearse, serve).
With --many and --hub every site of the file dials out (ports in the file are ignored, a
"host" is the local address to dial from).

The site's own screen: with --console on a terminal the agent also shows what the hub sees of
this site (its link: grade, RTT, packet loss each way, when the hub last heard it), the item
the hub is running and its timer, the site's place in the speaker queue and, while it speaks,
its own countdown; and the roll call of the site's own roster: space present, l late, b absent
(type the reason, Enter), ↑↓ to move. Each mark goes to the hub, which journals it before it
says so ("by": "site"); the hub's operator can still change it. q (or Ctrl-C) closes the
console; the agent goes on answering the hub (Ctrl-C again stops it). Without a terminal
--console says so and the agent runs as usual.

Options:
${optionRows(OPTIONS)}

Simulation (demos, tests, rehearsing the operators):
${optionRows(SIMULATION_OPTIONS)}
  Knobs add to what the profile sets.

A probe rides on TCP, and TCP hides packet loss as delay (it retransmits). So beside every
authenticated connection the agent reflects the hub's UDP test packets (a few a second, and a
video-rate stream during rehearsals): the hub then knows the packet loss each way, as the
video sees it. The reflector answers only packets of a live authenticated session, from that
hub's address, with a valid MAC, never twice the same, at most ${REFLECT_RATE_PPS} a second, and never
with more bytes than it received; it drops and counts the rest (printed when the agent stops).
The simulation knobs apply to UDP too (--loss-pct N drops N % each way).

Exits 0 on Ctrl-C (SIGINT) or SIGTERM, and with --exit-with-stdin when its standard input
closes (how \`diemcau demo\` makes sure no agent outlives it, even if the demo is killed).
`,
	vi: `
Cách dùng: diemcau agent --site ID [tùy chọn]
           diemcau agent --site ID --hub ws[s]://HOST:PORT/agent --token-file F
           diemcau agent --site ID … --console [--lang vi|en]
           diemcau agent --many FILE.json

Agent đặt tại điểm cầu: trả lời các lần đo của điểm cầu chính (giao thức diemcau.v3, hoặc
diemcau.v2 khi điểm cầu chính dùng phiên bản cũ; đường dẫn WebSocket /probe). Hai bên chứng
minh với nhau rằng mình biết mã truy cập của điểm cầu (thách thức - trả lời HMAC-SHA256, agent
trước); mã không bao giờ được gửi qua mạng, và mọi khung dữ liệu sau đó đều mang MAC. Mã phải
dài ít nhất 128 bit: tạo mã bằng "diemcau token new FILE".
Khi sẵn sàng, agent in ra: listening ws://HOST:PORT/probe site=ID

Sau NAT (bộ định tuyến tại điểm cầu không chuyển tiếp cổng nào), hãy để agent chủ động gọi
đi: với --hub, agent không mở cổng nào, giữ một kết nối tới cổng nghe của điểm cầu chính và
phục vụ qua chính kết nối đó theo cùng cách (điểm cầu chính vẫn thách thức, ping và đo). Agent
in ra: dialling URL site=ID, và gọi lại sau mỗi lần mất kết nối, chờ ngẫu nhiên tối đa 0–5 s
(để điểm cầu chính vừa khởi động lại không bị mọi điểm cầu gọi dồn cùng lúc). Kế hoạch đánh dấu
điểm cầu như vậy là "connect: dial-out" và điểm cầu chính nghe tại hub.listen (hoặc --listen
HOST:PORT của run, status, rehearse, serve).
Với --many và --hub, mọi điểm cầu trong tệp đều chủ động gọi đi (cổng trong tệp được bỏ qua,
"host" là địa chỉ cục bộ dùng để gọi đi).

Màn hình riêng của điểm cầu: với --console trên cửa sổ dòng lệnh, agent còn hiện những gì điểm
cầu chính thấy về điểm cầu này (đường truyền: mức đánh giá, RTT, mất gói mỗi chiều, lần cuối
điểm cầu chính nhận được tin), mục chương trình điểm cầu chính đang điều hành và đồng hồ của
mục, thứ tự của điểm cầu trong danh sách phát biểu và, khi đang phát biểu, đồng hồ đếm ngược
của mình; cùng bảng điểm danh các thành phần của điểm cầu: phím cách có mặt, l đến muộn, b
vắng (nhập lý do, Enter), ↑↓ để di chuyển. Mỗi lần đánh dấu được gửi tới điểm cầu chính, nơi
ghi vào nhật ký trước khi xác nhận ("by": "site"); người điều hành ở điểm cầu chính vẫn sửa
được. q (hoặc Ctrl-C) đóng màn hình; agent vẫn tiếp tục trả lời điểm cầu chính (Ctrl-C lần nữa
thì dừng). Không có cửa sổ dòng lệnh thì --console báo như vậy và agent chạy như bình thường.

Tùy chọn:
${optionRows(OPTIONS, {}, 'vi')}

Mô phỏng (trình diễn, kiểm thử, tập huấn người điều hành):
${optionRows(SIMULATION_OPTIONS, {}, 'vi')}
  Các tham số cộng thêm vào những gì cấu hình mô phỏng đã đặt.

Lần đo đi trên TCP, và TCP che giấu việc mất gói thành độ trễ (nó gửi lại). Vì vậy, bên cạnh
mỗi kết nối đã xác thực, agent phản hồi các gói thử UDP của điểm cầu chính (vài gói mỗi giây,
và một luồng tốc độ video trong lúc kiểm tra đường truyền): nhờ đó điểm cầu chính biết tỷ lệ
mất gói mỗi chiều, đúng như hình ảnh truyền đi gặp phải. Bộ phản hồi chỉ trả lời các gói của
một phiên đã xác thực đang hoạt động, từ địa chỉ của chính điểm cầu chính đó, có MAC hợp lệ,
không bao giờ trả lời hai lần cùng một gói, tối đa ${REFLECT_RATE_PPS} gói mỗi giây, và không bao giờ gửi
nhiều byte hơn đã nhận; các gói còn lại bị bỏ và được đếm (in ra khi agent dừng).
Các tham số mô phỏng cũng áp dụng cho UDP (--loss-pct N bỏ N % mỗi chiều).

Thoát với mã 0 khi nhận Ctrl-C (SIGINT) hoặc SIGTERM, và với --exit-with-stdin khi đầu vào
chuẩn của nó đóng lại (cách \`diemcau demo\` bảo đảm không agent nào chạy lâu hơn nó, kể cả
khi bản trình diễn bị tắt ngang).
`,
};

const knob = z.number().min(0).max(60_000);
const manyEntry = z
	.object({
		site: z.string().regex(/^[a-z0-9-]+$/, 'must use only a-z, 0-9 and "-"'),
		port: z.number().int().min(0).max(65_535),
		host: z.string().optional(),
		token: z.string().min(1).optional(),
		tokenFile: z.string().min(1).optional(),
		simulate: z.enum(PROFILES).default('good'),
		delayMs: knob.optional(),
		jitterMs: knob.optional(),
		lossPct: z.number().min(0).max(100).optional(),
		rateKbps: z.number().min(0).max(10_000_000).optional(),
	})
	.strict()
	.refine(entry => entry.token || entry.tokenFile, {message: 'needs "token" or "tokenFile"'});

function readToken(file: string | undefined, warn: (message: AgentMessage) => void): string {
	if (file) {
		const result = readTokenFile(file);
		if (!result.ok) {
			const {problem} = result;
			const why =
				problem?.code === 'missing'
					? 'ENOENT'
					: problem?.code === 'empty'
						? 'empty'
						: problem?.code === 'unreadable'
							? problem.errno || 'unreadable'
							: undefined;
			throw new DiemcauError(
				'DIEMCAU_TOKEN_MISSING',
				problem && why === undefined ? says('token-file-refused', {problem}) : says('token-unreadable', {file, why: why ?? 'unreadable'}),
			);
		}
		if (result.warning) warn({code: 'token-file-open', params: {file}});
		return strong(result.value, file);
	}
	const value = process.env.DIEMCAU_TOKEN?.trim();
	if (!value) throw new DiemcauError('DIEMCAU_TOKEN_MISSING', says('token-none'));
	return strong(value, 'DIEMCAU_TOKEN');
}

function strong(token: string, where: string): string {
	const bits = tokenBits(token);
	if (bits < MIN_TOKEN_BITS) throw new DiemcauError('DIEMCAU_TOKEN_WEAK', says('token-weak', {where, bits, min: MIN_TOKEN_BITS}));
	return token;
}

// A --many file may hold tokens inline: it is a token file, and others must not read it.
function checkManyFile(file: string, warn: (message: AgentMessage) => void): void {
	try {
		if ((statSync(file).mode & 0o077) !== 0) warn({code: 'many-file-open', params: {file}});
	} catch {
		// unreadable: the read below says so
	}
}

/** A --hub URL checked: ws:// or wss://, a host, the path /agent. */
function hubUrl(value: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('agent-hub-url', {value}));
	}
	if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('agent-hub-scheme', {scheme: url.protocol}));
	if (url.pathname !== AGENT_PATH)
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('agent-hub-path', {path: url.pathname, expected: AGENT_PATH}));
	return url.href;
}

function readPem(file: string, flag: string): Buffer {
	try {
		return readFileSync(file);
	} catch (error) {
		throw new DiemcauError(
			'DIEMCAU_TLS',
			says('pem-unreadable', {option: flag, file, code: (error as NodeJS.ErrnoException).code ?? 'error'}),
		);
	}
}

function loadMany(file: string, warn: (message: AgentMessage) => void): Array<Omit<AgentServerOptions, 'limiter' | 'log'>> {
	checkManyFile(file, warn);
	let data: unknown;
	try {
		data = JSON.parse(readFileSync(file, 'utf8'));
	} catch (error) {
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('agent-many-unreadable', {file, why: (error as Error).message.split('\n')[0]!}));
	}
	const parsed = z.array(manyEntry).min(1).safeParse(data);
	if (!parsed.success) {
		throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('agent-many-invalid', {file}), {
			details: parsed.error.issues.map(issue => `${issue.path.join('.') || '(top)'}: ${issue.message}`),
		});
	}
	const base = path.dirname(path.resolve(file));
	return parsed.data.map(entry => ({
		site: entry.site,
		port: entry.port,
		host: entry.host,
		token:
			entry.token !== undefined
				? strong(entry.token, `--many ${file}: site ${entry.site}`)
				: readToken(path.resolve(base, entry.tokenFile!), warn),
		simulation: makeSimulation(entry.simulate, entry),
		rateKbps: entry.rateKbps || undefined,
	}));
}

export const command: Command = {
	help,
	async run(args) {
		const {values} = parseCommandArgs(args, parserOptions({...OPTIONS, ...SIMULATION_OPTIONS}), help, {min: 0, max: 0});
		// While the console draws the terminal, log lines wait and are printed when it closes.
		const held: string[] = [];
		let holding = false;
		let wire: ConsoleWire | null = null;
		// `notice`: a line of the wire's, whose notice reaches the console by its code (onNotice).
		const out = (line: string, notice = false) => {
			if (!holding) return void process.stderr.write(`${line}\n`);
			if (held.push(line) > 200) held.shift();
			// The console shows the last one while it is not connected (a warning, why a dial failed).
			if (!notice) wire?.client.notice(line);
		};
		checkLang(values.lang);
		// The agent's log in its reader's language: --lang, else the console's default with --console;
		// a plain agent without --lang is a service whose log scripts read, in English.
		const lang: Lang = values.console || values.lang !== undefined ? pickConsoleLang(values.lang) : 'en';
		const warn = (message: AgentMessage) =>
			out(`diemcau agent: ${agentWords.word({code: 'warning', params: {text: agentWords.word(message, lang)}}, lang)}`);
		const log = (line: string) => out(line, true);
		const words = (notice: AgentNotice) => agentWords.word(notice, lang);
		if (values.console && values.many) throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('agent-console-many'));
		if (values.console && values['exit-with-stdin']) throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('agent-console-stdin'));
		if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) {
			throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('options-together', {first: '--tls-cert', second: '--tls-key'}));
		}
		const tls = values['tls-cert']
			? {cert: readPem(values['tls-cert'], '--tls-cert'), key: readPem(values['tls-key']!, '--tls-key')}
			: undefined;
		const host = values.host ?? '127.0.0.1';
		let sites: Array<Omit<AgentServerOptions, 'limiter' | 'log'>>;
		if (values.many) {
			if (values.site) throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('agent-many-site'));
			sites = loadMany(values.many, warn);
		} else {
			if (!values.site) throw new DiemcauError('DIEMCAU_ARGUMENT_MISSING', says('agent-site-required'), {help});
			if (!/^[a-z0-9-]+$/.test(values.site)) throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('agent-site-id', {value: values.site}));
			const profile = values.simulate ?? 'good';
			if (!isProfile(profile))
				throw new DiemcauError('DIEMCAU_OPTION_VALUE', says('option-choice', {option: '--simulate', choices: PROFILES, value: profile}));
			sites = [
				{
					site: values.site,
					port: intOption(values.port, '--port', 7700, 0, 65_535),
					token: readToken(values['token-file'], warn),
					simulation: makeSimulation(profile as Profile, {
						delayMs: intOption(values['delay-ms'], '--delay-ms', 0, 0, 60_000),
						jitterMs: intOption(values['jitter-ms'], '--jitter-ms', 0, 0, 60_000),
						lossPct: intOption(values['loss-pct'], '--loss-pct', 0, 0, 100),
					}),
					rateKbps: intOption(values['rate-kbps'], '--rate-kbps', 0, 0, 10_000_000) || undefined,
					udpPort:
						values['udp-port'] === 'off'
							? false
							: values['udp-port'] === undefined
								? undefined
								: intOption(values['udp-port'], '--udp-port', 0, 0, 65_535),
				},
			];
		}
		if (values.console) {
			if (process.stdin.isTTY && process.stdout.isTTY) {
				const site = sites[0]!;
				wire = consoleWire({site: {id: site.site, name: site.site}, ...(values.hub ? {hub: values.hub} : {})});
				site.onSession = wire.onSession;
			} else {
				warn({code: 'console-needs-terminal', params: {}});
			}
		}
		// Listen for the stop signals before saying "listening": whoever reads that line may stop us at once.
		let stop = () => {};
		const stopped = new Promise<void>(resolve => {
			stop = resolve;
			process.once('SIGINT', resolve);
			process.once('SIGTERM', resolve);
		});
		// The console, when there is one, draws from here until it is closed (q) or the agent stops.
		// Closing it never stops the agent: a key pressed by mistake must not take the site off the
		// hub's screen in the middle of the meeting; Ctrl-C in the plain terminal then stops it.
		const untilStopped = async () => {
			let screen: {stop(): void} | null = null;
			const closeConsole = () => {
				if (!screen) return;
				screen.stop();
				screen = null;
				holding = false;
				for (const line of held.splice(0)) out(line);
			};
			if (wire) {
				holding = true;
				screen = await startConsoleScreen(wire.client, {
					lang: pickConsoleLang(values.lang),
					onQuit: () => {
						closeConsole();
						process.stdout.write(`${wire!.client.view().siteName}: ${strings(pickConsoleLang(values.lang)).console.closed}\n`);
					},
				});
			}
			try {
				await stopped;
			} finally {
				closeConsole();
			}
		};
		const limiter = new FailureLimiter();
		// The console words the agent's notices by their code, in its language.
		const onNotice = (notice: AgentNotice) => {
			if (notice.code !== 'connected') wire?.client.notice(notice);
		};
		if (values.hub) {
			if (values.host || values.port || tls) throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('agent-hub-dials-out'));
			const hub = hubUrl(values.hub);
			const ca = values.ca ? readPem(values.ca, '--ca') : undefined;
			// One connection to the hub per site (--many: every site of the file, each its own agent).
			const running: Array<{agent: AgentServer; dialer: AgentDialer}> = [];
			for (const site of sites) {
				let dialer: AgentDialer | null = null;
				const agent = await startAgentServer({
					...site,
					listen: false,
					limiter,
					log,
					words,
					onNotice,
					onBulkOpen: id => dialer?.dialBulk(id),
				});
				dialer = startAgentDialer({hub, agent, ...(ca ? {ca} : {}), ...(site.host ? {localAddress: site.host} : {}), log, words, onNotice});
				running.push({agent, dialer});
				process.stdout.write(`dialling ${hub} site=${agent.site}\n`);
			}
			if (values['exit-with-stdin']) process.stdin.on('end', stop).on('error', stop).resume();
			await untilStopped();
			await Promise.all(running.map(({dialer}) => dialer.stop()));
			await Promise.all(running.map(({agent}) => agent.close()));
			return EXIT.ok;
		}
		if (values.ca) throw new DiemcauError('DIEMCAU_OPTION_CONFLICT', says('agent-ca-needs-wss'));
		const servers: AgentServer[] = [];
		let trying: {host: string; port: number} | null = null;
		try {
			for (const site of sites) {
				trying = {host: site.host ?? host, port: site.port ?? 7700};
				const server = await startAgentServer({tls, ...site, host: site.host ?? host, limiter, log, words, onNotice});
				servers.push(server);
				process.stdout.write(`listening ${server.url} site=${server.site}${server.udp ? ` udp=${server.udp.port}` : ''}\n`);
			}
		} catch (error) {
			await Promise.all(servers.map(server => server.close()));
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
				const where = trying ? `${trying.host}:${trying.port}` : host;
				const port = trying?.port ?? 7700;
				const words =
					code === 'EADDRINUSE'
						? says('agent-port-in-use', {where, port, next: port + 1})
						: code === 'EACCES'
							? says('agent-port-denied', {where})
							: says('agent-host-not-here', {where, host: trying?.host ?? host});
				throw new DiemcauError('DIEMCAU_LISTEN', words);
			}
			throw error;
		}
		// A parent killed with SIGKILL cannot stop its children; its end of our stdin closing can.
		if (values['exit-with-stdin']) process.stdin.on('end', stop).on('error', stop).resume();
		await untilStopped();
		for (const server of servers) {
			if (!server.udp) continue;
			const {answered, ...dropped} = server.udp.counters;
			out(`diemcau agent: ${agentWords.word({code: 'udp-counts', params: {site: server.site, answered, dropped}}, lang)}`);
		}
		await Promise.all(servers.map(server => server.close()));
		return EXIT.ok;
	},
};
