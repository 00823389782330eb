import type {Bilingual} from '../i18n/catalog.js';
import {randomBytes} from 'node:crypto';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import type {Command} from '../cli/command.js';
import {checkLang, intOption, parseCommandArgs, requireTty} from '../cli/command.js';
import {LANG_OPTION, optionRows, parserOptions, usageLine, type OptionTable} from '../cli/options.js';
import {cliWords} from '../i18n/cli-words.js';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {Fleet, type FleetSite} from './fleet.js';
import {loadPlan} from '../plan/plan-file.js';
import {PrefsStore} from '../dashboard/prefs.js';
import {pickLang, type Lang} from '../i18n/strings.js';
import {localDateTime} from '../model/plan/time-zone.js';
import {runDashboard} from './run-local.js';
import {freePort} from '../cli/free-port.js';
import {journalsDir} from '../hub/journal-name.js';

const OPTIONS = {
	sites: {
		type: 'string',
		arg: 'N',
		help: {
			en: "sites in all, 1 to 2000 (default 15: the plan's); beyond 15, synthetic sites are added, many served by one agent process, each on its own port",
			vi: 'tổng số điểm cầu, từ 1 đến 2000 (mặc định 15: số điểm cầu của kế hoạch); trên 15 thì thêm các điểm cầu giả lập, nhiều điểm do một tiến trình agent phục vụ, mỗi điểm một cổng riêng',
		},
	},
	journal: {
		type: 'string',
		arg: 'FILE',
		help: {
			en: "keep the journal there (default: the data folder's journals, named demo-…)",
			vi: 'ghi nhật ký vào tệp này (mặc định: thư mục nhật ký trong thư mục dữ liệu, tên demo-…)',
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
} as const satisfies OptionTable;

const help: Bilingual = {
	en: `
${usageLine('demo', OPTIONS)}

The dashboard on simulated sites, without any real site: copies the 2021 Đức Phổ plan to a
temp folder with fresh random tokens and free loopback ports, starts one real \`diemcau agent\`
per site (most good; some slow, jittery or lossy, one flapping and one dead, so every grade
shows), then opens the same dashboard as \`diemcau run\`. As real communes behind NAT do, most
agents dial out to the hub (connect: dial-out); one site in five is dialled by the hub. Every agent is stopped and the temp
folder removed when the dashboard exits, is interrupted, or its terminal closes. The journal
stays (in the data folder, demo-DATE-TIME.jsonl), so \`diemcau report\` writes its minutes.

${optionRows(OPTIONS)}
`,
	vi: `
${usageLine('demo', OPTIONS, 'vi')}

Bảng điều khiển trên các điểm cầu mô phỏng, không cần điểm cầu thật nào: sao chép kế hoạch
Đức Phổ 2021 vào một thư mục tạm với mã truy cập ngẫu nhiên mới và các cổng loopback còn trống,
khởi động mỗi điểm cầu một \`diemcau agent\` thật (phần lớn tốt; vài điểm chậm, dao động trễ
hoặc mất gói, một điểm chập chờn và một điểm mất kết nối, để thấy đủ mọi mức đánh giá), rồi mở
cùng bảng điều khiển như \`diemcau run\`. Giống các điểm cầu thật sau NAT, phần lớn agent
chủ động gọi về điểm cầu chính (connect: dial-out); cứ năm điểm cầu thì một điểm do điểm cầu
chính gọi tới. Mọi agent được dừng và thư mục tạm được xóa khi bảng điều khiển thoát, bị ngắt,
hoặc cửa sổ dòng lệnh bị đóng. Nhật ký được giữ lại (trong thư mục dữ liệu,
demo-DATE-TIME.jsonl), để \`diemcau report\` lập biên bản.

${optionRows(OPTIONS, {}, 'vi')}
`,
};

type Profile = FleetSite['simulate'];

// The 15 sites of the plan: mostly good, and every other grade once or twice.
const fixtureProfiles: Record<string, Profile> = {
	'pho-hoa': 'slow',
	'pho-ninh': 'lossy',
	'pho-van': 'flapping',
	'pho-chau': 'dead',
	'pho-khanh': 'jittery',
	'pho-phong': 'slow',
};

/** The profile of synthetic site number `i`: 90 % good, then slow, jittery, lossy, flapping, dead. */
export function syntheticProfile(i: number): Profile {
	const slot = i % 100;
	if (slot < 90) return 'good';
	if (slot < 94) return 'slow';
	if (slot < 96) return 'jittery';
	if (slot < 98) return 'lossy';
	if (slot < 99) return 'flapping';
	return 'dead';
}

function fixtureFile(): string {
	const here = path.dirname(fileURLToPath(import.meta.url));
	for (const up of ['../../../fixtures', '../../fixtures']) {
		const file = path.resolve(here, up, 'duc-pho-2021.yaml');
		if (existsSync(file)) return file;
	}
	throw new DiemcauError('DIEMCAU_INSTALL_INCOMPLETE', says('demo-fixture-missing'));
}

const two = (n: number) => String(n).padStart(2, '0');

/** Site number `i` is dialled by the hub (one in five); the others dial out, as communes behind NAT do. */
const dialledByHub = (i: number): boolean => i % 5 === 0;

/** Write the demo plan: the fixture with fresh tokens, the fleet's endpoints (or dial-out), today's date and now as start. */
function writeDemoPlan(
	dir: string,
	data: Record<string, unknown>,
	sites: Array<Record<string, unknown>>,
	tokens: Map<string, string>,
	endpoints: Map<string, string>,
	listen: string,
): string {
	const tokenDir = path.join(dir, 'tokens');
	mkdirSync(tokenDir, {recursive: true, mode: 0o700});
	for (const [site, token] of tokens) {
		const file = path.join(tokenDir, `${site}.token`);
		writeFileSync(file, `${token}\n`, {mode: 0o600});
		chmodSync(file, 0o600);
	}
	const now = new Date();
	// Today and now in the plan's zone (the screens show its time, whatever the laptop's zone).
	const zone = (data.session as {timeZone?: string}).timeZone;
	const local = zone
		? localDateTime(zone, now.getTime())
		: {
				date: `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}`,
				time: `${two(now.getHours())}:${two(now.getMinutes())}`,
			};
	const plan = {
		...data,
		session: {...(data.session as object), date: local.date, start: local.time},
		hub: {...(data.hub as object), listen},
		sites: sites.map(({endpoint: _fixture, ...site}, i) => ({
			...site,
			...(dialledByHub(i) ? {endpoint: endpoints.get(site.id as string)} : {connect: 'dial-out'}),
			mode: 'agent',
			token: {file: `tokens/${site.id}.token`},
		})),
	};
	const file = path.join(dir, 'demo-plan.yaml');
	writeFileSync(file, stringifyYaml(plan), {mode: 0o600});
	return file;
}

export const command: Command = {
	help,
	async run(args) {
		const {values} = parseCommandArgs(args, parserOptions(OPTIONS), help, {min: 0, max: 0});
		checkLang(values.lang);
		const count = intOption(values.sites, '--sites', 15, 1, 2000);
		requireTty('demo');
		const prefs = new PrefsStore();
		const lang: Lang = values.lang ? (values.lang as Lang) : (prefs.get().lang ?? pickLang(undefined));
		const data = parseYaml(readFileSync(fixtureFile(), 'utf8')) as Record<string, unknown>;
		const fixtureSites = data.sites as Array<Record<string, unknown>>;
		const sites = fixtureSites.slice(0, count);
		for (let i = sites.length; i < count; i++) {
			const n = String(i + 1).padStart(4, '0');
			sites.push({
				id: `site-${n}`,
				name: `Điểm cầu số ${n}`,
				kind: 'other',
				roster: [{role: 'Chủ tịch HĐND'}, {role: 'Phó Chủ tịch HĐND'}],
			});
		}
		const tokens = new Map(sites.map(site => [site.id as string, randomBytes(24).toString('base64url')]));
		const fleetSites: FleetSite[] = sites.map((site, i) => ({
			site: site.id as string,
			token: tokens.get(site.id as string)!,
			simulate: i < fixtureSites.length ? (fixtureProfiles[site.id as string] ?? 'good') : syntheticProfile(i),
			dialOut: !dialledByHub(i),
		}));
		const listen = `127.0.0.1:${await freePort()}`;
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-demo-'));
		let fleet: Fleet | null = null;
		// Until the dashboard takes the signals over, an interrupt still stops every agent.
		const early = () => {
			fleet?.killNow();
			rmSync(dir, {recursive: true, force: true});
			process.exit(130);
		};
		const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
		for (const signal of signals) process.on(signal, early);
		try {
			process.stderr.write(`diemcau demo: ${cliWords(lang).startingSimulated({count})}\n`);
			fleet = await Fleet.start(fleetSites, {
				dir: path.join(dir, 'agents'),
				ownProcess: Math.min(count, fixtureSites.length),
				perProcess: 500,
				hub: `ws://${listen}/agent`,
			});
			const planFile = writeDemoPlan(dir, data, sites, tokens, fleet.endpoints, listen);
			const loaded = loadPlan(planFile);
			for (const signal of signals) process.off(signal, early);
			// The journal outlives the demo: its last words say where, and `diemcau report` finds it.
			const stamp = new Date().toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
			const journal = values.journal ?? path.join(journalsDir(), `demo-${stamp}.jsonl`);
			return await runDashboard(loaded, {journal, fresh: false, lang, stats: values.stats, prefs});
		} finally {
			for (const signal of signals) process.off(signal, early);
			await fleet?.stop();
			rmSync(dir, {recursive: true, force: true});
		}
	},
};
