import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {BIN, poll, Terminal} from './tmux.js';
import {isolatedEnv} from '../helpers/isolated-env.js';

// A Vietnamese user (--lang vi, or a journal run in Vietnamese) walks every command through its
// failure paths — a broken plan, sites unreachable or refusing, a hub that is not there, a site
// console with no hub or the wrong token, the minutes of a meeting with outages and gaps — and
// meets no English sentence in any output. Everything runs for real: agents, a hub, servers that
// close or answer 404 on loopback, screens in tmux. File names, field paths, URLs, values, flags,
// units and the log's documented English line heads are not sentences and are left out first.

/** Words that make a sentence English. Loanwords the Vietnamese wording uses (agent, token, UDP) are not here. */
const ENGLISH =
	/(?<!\p{L})(the|is|are|was|has|have|not|no|to|of|for|with|from|and|or|cannot|can't|failed|refused|such|answer|answered|connection|connected|timeout|timed|wrong|unknown|missing|invalid|unreachable|error|down|closed|waiting|must|please|again|within|seconds|late|early|yet|already|still|hub|site|link|proof|mode|wrote)(?!\p{L})/iu; // letters around: \b would split "toàn" at "à"

/**
 * Lines found English here that are words of another area of the catalog (link down-reasons,
 * the rehearsal's test errors), each its exact text: expected while that area is worded, and
 * emptied once it is. Empty: none is left.
 */
const LEAKS_OF_OTHER_AREAS: readonly string[] = [];

/** What is not a sentence: paths, URLs, addresses, quoted values, code, flags, field paths, key=value, codes. */
function sentenceText(line: string): string {
	return line
		.replace(/wss?:\/\/\S+|https?:\/\/\S+/g, '')
		.replace(/"[^"]*"|“[^”]*”|`[^`]*`/g, '')
		.replace(/(?<!\p{L})\/\S+|\S+\.(ya?ml|jsonl?|token|pem|md|docx|sock)(?!\p{L})/gu, '')
		.replace(/--\S+|\S+=\S+|\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '')
		.replace(/\b[a-z][a-zA-Z]*(\[\d+\])?(\.[a-zA-Z]+(\[\d+\])?)*:|\b[a-z]+(\[\d+\])?(\.[a-zA-Z]+)+\b|\b[a-z]+\[\d+\]/g, '')
		.replace(/\bE[A-Z]{3,}\S*/g, '');
}

/** The lines of `output` with an English sentence in them (after what is not a sentence is taken out). */
function englishLines(output: string): string[] {
	return output
		.split('\n')
		.filter(line => !LEAKS_OF_OTHER_AREAS.some(leak => line.includes(leak)))
		.filter(line => ENGLISH.test(sentenceText(line)));
}

/** Figures written with a decimal point where Vietnamese writes a comma (1.500 is a Vietnamese thousand). */
function decimalPoints(output: string): string[] {
	return output.split('\n').filter(line => {
		const text = sentenceText(line).replace(/\b\d{4}-\d\d-\d\d\b/g, '');
		return [...text.matchAll(/(?<![\d.,])\d+\.(\d+)(?![\d.,])/g)].some(match => match[1]!.length !== 3);
	});
}

/** "xã" / "thị xã" said of a unit in general (names of the plan's sites are written "Xã …"). */
function genericCommune(output: string): string[] {
	return output.split('\n').filter(line => /(?<!\p{L})(thị xã|xã)(?!\p{L})/u.test(line.replace(/Xã \p{Lu}\S*( \p{Lu}\S*)*/gu, '')));
}

/** Every check of one output, with the output in the failure's message. */
function expectVietnamese(what: string, output: string): void {
	expect(output.trim(), `${what}: nothing printed`).not.toBe('');
	expect(englishLines(output), `English in ${what}:\n${output}`).toEqual([]);
	expect(decimalPoints(output), `a decimal point in ${what}:\n${output}`).toEqual([]);
	expect(genericCommune(output), `"xã" said of any unit in ${what}:\n${output}`).toEqual([]);
}

const dir = mkdtempSync(path.join(tmpdir(), `diemcau-sweep-${process.pid}-`));
// This test's own data, config and runtime folders, shared by its hub and the screens attached to it.
const home = {...isolatedEnv(path.join(dir, 'home')), XDG_RUNTIME_DIR: dir, DIEMCAU_CONFIG_DIR: path.join(dir, 'config')};
const env = {NO_COLOR: '1', LANG: 'C.UTF-8', HOME: dir, ...home};
const children: ResultPromise[] = [];
const servers: Array<net.Server | http.Server> = [];
const terminals: Terminal[] = [];
const diemcau = (args: string[], options: {timeout?: number; env?: Record<string, string>} = {}) =>
	execa('node', [BIN, ...args], {
		reject: false,
		stdin: 'ignore',
		cwd: dir,
		env: {...env, ...options.env},
		timeout: options.timeout ?? 60_000,
	});
const file = (name: string, text: string) => {
	writeFileSync(path.join(dir, name), text);
	return path.join(dir, name);
};
const listening = (server: net.Server | http.Server) =>
	new Promise<number>(resolve => {
		servers.push(server);
		server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
	});
/** A loopback port nobody listens on (listened on, then closed). */
const closedPort = async () => {
	const server = net.createServer();
	const port = await new Promise<number>(resolve =>
		server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
	);
	await new Promise(resolve => server.close(resolve));
	return port;
};
/** A real agent process, once it says it listens, and its port. */
async function startAgent(site: string, token: string, ...more: string[]): Promise<{child: ResultPromise; port: number}> {
	const child = execa('node', [BIN, 'agent', '--site', site, '--host', '127.0.0.1', '--port', '0', '--token-file', token, ...more], {
		reject: false,
		env,
	});
	children.push(child);
	let out = '';
	child.stdout?.on('data', (chunk: Buffer) => {
		out += chunk.toString();
	});
	const port = await poll(
		() => /listening ws:\/\/127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? null,
		found => found !== null,
		`agent ${site}`,
	);
	return {child, port: Number(port)};
}
/** A real agent process's port once it says it listens. */
const agent = async (site: string, token: string, ...more: string[]) => (await startAgent(site, token, ...more)).port;

let right = '';
let wrong = '';
/** The plan's sites, every one failing its own way. */
let failingSites = '';

beforeAll(async () => {
	await diemcau(['token', 'new', 'right.token']);
	await diemcau(['token', 'new', 'wrong.token']);
	right = path.join(dir, 'right.token');
	wrong = path.join(dir, 'wrong.token');
	const refusing = await agent('pho-chau', right); // the plan gives it the wrong token
	const dead = await agent('pho-ninh', right, '--simulate', 'dead'); // authenticates, then never answers
	const closing = await listening(net.createServer(socket => socket.destroy()));
	const notAnAgent = await listening(http.createServer((_, response) => response.writeHead(404).end()));
	const closed = await closedPort();
	failingSites = [
		`  - {id: pho-an, name: "Xã Phổ An", kind: commune, endpoint: "ws://127.0.0.1:${closed}/probe", token: {file: right.token}}`,
		`  - {id: pho-chau, name: "Phường Phổ Châu", kind: ward, endpoint: "ws://127.0.0.1:${refusing}/probe", token: {file: wrong.token}}`,
		`  - {id: ly-son, name: "Đặc khu Lý Sơn", kind: special-zone, endpoint: "ws://127.0.0.1:${closed + 0}/x", token: {file: missing.token}}`,
		`  - {id: pho-ninh, name: "Xã Phổ Ninh", kind: commune, endpoint: "ws://127.0.0.1:${dead}/probe", token: {file: right.token}}`,
		`  - {id: pho-vinh, name: "Phường Phổ Vinh", kind: ward, endpoint: "ws://127.0.0.1:${closing}/probe", token: {file: right.token}}`,
		`  - {id: pho-hoa, name: "Phường Phổ Hòa", kind: ward, endpoint: "ws://127.0.0.1:${notAnAgent}/probe", token: {file: right.token}}`,
		`  - {id: pho-minh, name: "Phường Phổ Minh", kind: ward, endpoint: "ws://127.0.0.1:${notAnAgent}/ws", mode: ws-ping}`,
	].join('\n');
}, 60_000);

afterAll(async () => {
	for (const child of children) child.kill('SIGKILL');
	for (const server of servers) server.close();
	for (const terminal of terminals) await terminal.close();
	rmSync(dir, {recursive: true, force: true});
});

const head = (extra = '') => `version: 1
session: {title: "Hội nghị thử", date: 2026-12-07, start: "08:00"}
hub: {id: tinh, name: "Điểm cầu chính", kind: province${extra}}
sites:
`;
const agenda = '\nagenda:\n  - {id: opening, title: "Khai mạc", minutes: 5}\n';

describe('every output in Vietnamese, through its failure paths', () => {
	it('the checks find an English sentence, and leave names, paths and values alone', () => {
		expect(englishLines('phần mềm: the hub refused the proof (wrong token)')).toHaveLength(1);
		expect(englishLines('sites[5].token: cannot read token file /x/a.token: no such file: hãy ghi mã')).toHaveLength(1);
		expect(englishLines('  - hub: trường `colour` không có — sites[2].token, ws://127.0.0.1:9/probe, "no answer", site=pho-an')).toEqual(
			[],
		);
		expect(decimalPoints('RTT 0.4 ms')).toHaveLength(1);
		expect(decimalPoints('RTT 0,4 ms, 1.500 kbit/s, 127.0.0.1:7700, ngày 2026-12-07, /tmp/a.1.2')).toEqual([]);
		expect(genericCommune('điểm cầu của xã đã kết nối')).toHaveLength(1);
		expect(genericCommune('Xã Phổ An đã kết nối')).toEqual([]);
	});

	it('plan check: bad fields, a bad duration, a YAML slip, a missing token file, warnings', async () => {
		const broken = file(
			'broken.yaml',
			`${head(', colour: red')}  - {id: pho-an, name: "Xã Phổ An", endpiont: "ws://127.0.0.1:1/probe", token: {file: missing.token}}
  - {id: pho-chau, name: "Xã Phổ Châu", endpoint: "ws://127.0.0.1:78020/probe", token: {file: missing.token}}
  - {id: pho-an, name: "Xã Phổ An 2", endpoint: "http://127.0.0.1:7702/probe"}
alerts: {after: 1x}
agenda:
  - {id: opening, title: "Khai mạc", minutes: -3}
`,
		);
		const tab = file('tab.yaml', 'version: 1\nsession:\n\ttitle: x\n');
		const tokens = file(
			'tokens.yaml',
			`${head().replace('2026-12-07', '2020-12-01')}  - {id: pho-an, name: "Xã Phổ An", kind: commune, endpoint: "ws://127.0.0.1:1/probe", token: {file: missing.token}}
  - {id: pho-vinh, name: "Xã Phổ Vinh", kind: commune, endpoint: "ws://127.0.0.1:2/probe", token: {env: DIEMCAU_SWEEP_UNSET}, ca: {file: none.pem}}
  - {id: pho-chau, name: "Phường Phổ Châu", kind: ward, endpoint: "ws://127.0.0.1:3/probe", token: {file: right.token}}
  - {id: ly-son, name: "Đặc khu Lý Sơn", kind: special-zone, endpoint: "ws://127.0.0.1:4/probe", token: {file: right.token}}${agenda}`,
		);
		const outputs: string[] = [];
		for (const args of [[broken], [tab], ['nothere.yaml'], [tokens], [tokens, '--allow-missing-tokens'], [], [broken, '--bogus']]) {
			const {stdout, stderr, exitCode} = await diemcau(['plan', 'check', ...args, '--lang', 'vi']);
			expect(exitCode, `${args.join(' ')}: ${stderr}`).toBe(args.includes('--allow-missing-tokens') ? 0 : 2);
			outputs.push(stdout, stderr);
		}
		const all = outputs.join('\n');
		// It reached the failures it is meant to show.
		expect(all).toContain('sites[1].endpoint: cổng 78020 không hợp lệ');
		expect(all).toContain('agenda[0].minutes: phải lớn hơn 0');
		expect(all).toContain('có dấu tab để thụt lề');
		expect(all).toMatch(/sites\[0\]\.token: không có tệp mã \S+missing\.token/);
		expect(all).toContain('dùng chung tệp mã');
		expect(all).toContain('Cách dùng: diemcau plan check PLAN');
		expectVietnamese('plan check', all);
	}, 60_000);

	it('status: a closed port, a wrong token, no token file, an agent that never answers, a server that closes, a 404', async () => {
		const plan = file('status.yaml', `${head()}${failingSites}${agenda}`);
		const {stdout, stderr, exitCode} = await diemcau(['status', plan, '--lang', 'vi', '--count', '3']);
		expect(exitCode, stderr).toBe(1);
		expect(stdout).toContain('bị từ chối kết nối');
		expect(stdout).toContain('xác thực thất bại');
		expect(stdout).toContain('không đọc được tệp mã');
		expect(stdout).toContain('HTTP 404');
		expect(stdout).toMatch(/7 điểm cầu: 0 kết nối/);
		expectVietnamese('status', `${stdout}\n${stderr}`);
	}, 90_000);

	it('rehearse: every site down, a short run with the bandwidth test on, and its report', async () => {
		const plan = file('rehearse.yaml', `${head()}${failingSites}${agenda}`);
		const report = path.join(dir, 'kiem-tra.md');
		const {stdout, stderr, exitCode} = await diemcau(
			['rehearse', plan, '--lang', 'vi', '--duration', '3s', '--bandwidth', '1s', '--video', '0', '--report', report],
			{timeout: 90_000},
		);
		expect(exitCode, stderr).toBe(1);
		expect(stdout).toContain('kết luận chung: KHÔNG ĐẠT');
		const written = readFileSync(report, 'utf8');
		expect(written).toContain('Việc cần khắc phục');
		// The live lines on stderr start with the command's name, "rehearse:": a name, not a sentence.
		expectVietnamese('rehearse', [stdout, stderr.replaceAll('rehearse: ', ''), written].join('\n'));
	}, 120_000);

	it('serve’s log: sites refused and down, a dial-out agent with the wrong token; then the minutes of its journal', async () => {
		const plan = file(
			'serve.yaml',
			`${head(', listen: "127.0.0.1:0"')}${failingSites}\n  - {id: pho-thanh, name: "Phường Phổ Thạnh", kind: ward, connect: dial-out, token: {file: right.token}}\nalerts: {after: 1s, command: ["./notify.sh"]}${agenda}`,
		);
		// The town's notifier, failing: the hook's failure is logged too.
		writeFileSync(path.join(dir, 'notify.sh'), '#!/bin/sh\ncat > /dev/null\nexit 3\n', {mode: 0o755});
		const journal = path.join(dir, 'serve.jsonl');
		const serve = execa('node', [BIN, 'serve', plan, '--journal', journal, '--lang', 'vi'], {
			reject: false,
			stdin: 'ignore',
			env,
			cwd: dir,
		});
		children.push(serve);
		let log = '';
		serve.stderr?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
		});
		const url = await poll(
			() => /gọi về (ws:\/\/\S+)/.exec(log)?.[1] ?? null,
			found => found !== null,
			'serve to listen',
		);
		// A commune's agent dialling out with the wrong token, its log in Vietnamese.
		const dialler = execa('node', [BIN, 'agent', '--site', 'pho-thanh', '--hub', url!, '--token-file', wrong, '--lang', 'vi'], {
			reject: false,
			env,
		});
		children.push(dialler);
		let diallerLog = '';
		dialler.stderr?.on('data', (chunk: Buffer) => {
			diallerLog += chunk.toString();
		});
		const sites = ['pho-an', 'pho-chau', 'ly-son', 'pho-ninh', 'pho-vinh', 'pho-hoa', 'pho-minh', 'pho-thanh'];
		await poll(
			() => log,
			text =>
				sites.every(site => text.includes(`link ${site} down: `)) &&
				/dial-out .* bị từ chối/.test(text) &&
				/ALERT \S+: /.test(text) &&
				text.includes('alert hook failed'),
			'every site down in the log, the dial-out agent refused, an alert and its hook failing',
			60_000,
		);
		// The commune's side of it: told in its own language why the hub refused it.
		await poll(
			() => diallerLog,
			text => text.includes('diemcau agent: điểm cầu chính không chấp nhận mã xác thực'),
			'the dialling agent saying its proof was refused',
		);
		dialler.kill('SIGTERM');
		serve.kill('SIGTERM');
		await serve;
		await dialler;
		// "diemcau agent:" heads every line of the agent's log, in every language.
		expectVietnamese('the dialling agent’s log', diallerLog.replaceAll('diemcau agent: ', ''));
		expect(log).toContain('đã dừng');
		// Each line's head (the UTC time, "link pho-an down", "serving …", "warning") is the log's
		// documented English form, read by tools; the words after it are the user's.
		const words = log
			.split('\n')
			.map(line => line.replace(/^\d{4}-\S+Z /, '').replace(/^(serving "[^"]*"|[^:"]*)(: (good|fair|poor|down|measuring))?: /, ''))
			.join('\n');
		expectVietnamese('serve’s log', words);

		// The minutes of that journal, in the language it was run in (no --lang, LANG is C).
		const minutes = await diemcau(['report', journal, '--format', 'md']);
		expect(minutes.exitCode, minutes.stderr).toBe(0);
		expect(minutes.stdout).toContain('# Biên bản: Hội nghị thử');
		expect(minutes.stdout).toContain('Cảnh báo đã gửi');
		expectVietnamese('the minutes of serve’s journal', `${minutes.stdout}\n${minutes.stderr}`);
	}, 120_000);

	it('a listening agent with --lang vi: its warning and the UDP count it logs when it stops', async () => {
		// A token file others can read draws a warning; a stop, the count of UDP test packets.
		const open = file('open.token', readFileSync(right, 'utf8'));
		const listener = (await startAgent('pho-an', open, '--lang', 'vi')).child;
		listener.kill('SIGTERM');
		const result = await listener;
		expect(result.exitCode).toBe(0);
		expect(result.stderr).toContain('site=pho-an: udp đã trả lời 0 gói đo, bỏ 0');
		expect(result.stderr).toContain('cảnh báo: người khác trên máy này đọc được tệp mã');
		expectVietnamese('the listening agent’s log', String(result.stderr).replaceAll('diemcau agent: ', ''));
	}, 60_000);

	it('the minutes of meetings with outages, overruns and hub gaps, in Markdown', async () => {
		const fixtures = path.resolve(import.meta.dirname, '../../fixtures/journals');
		for (const journal of ['duc-pho-2021.jsonl', 'duc-pho-2021-restart.jsonl']) {
			const {stdout, stderr, exitCode} = await diemcau(['report', path.join(fixtures, journal), '--lang', 'vi', '--format', 'md']);
			expect(exitCode, stderr).toBe(0);
			expect(stdout).toContain('Sự cố đường truyền');
			// The plan's own words (titles, roles, the town's name) are the plan's, not the program's.
			expect(englishLines(stdout), stdout).toEqual([]);
			expect(decimalPoints(stdout), stdout).toEqual([]);
			expect(stdout).not.toMatch(/(^|[\s|(])-\d+:\d\d/m); // durations under the plan with the minus sign
		}
		const restart = await diemcau(['report', path.join(fixtures, 'duc-pho-2021-restart.jsonl'), '--lang', 'vi', '--format', 'md']);
		expect(restart.stdout).toContain('dừng đột ngột');
	}, 60_000);

	it('diemcau itself: no command, an unknown one, a token made and one refused (LANG=vi_VN, no --lang)', async () => {
		const outputs: string[] = [];
		for (const args of [[], ['bogus'], ['token', 'new', 'fresh.token'], ['token', 'new', 'right.token']]) {
			const {stdout, stderr, exitCode} = await diemcau(args, {env: {LANG: 'vi_VN.UTF-8'}});
			expect(exitCode).toBe(args.includes('fresh.token') ? 0 : 2);
			outputs.push(stdout, stderr);
		}
		const all = outputs.join('\n');
		expect(all).toContain('không có lệnh "bogus"');
		expect(all).toContain('Cách dùng: diemcau LỆNH [tùy chọn]');
		expect(all).toContain('quyền 600');
		expect(all).toContain('tệp đã có');
		expectVietnamese('diemcau’s usage', all);
	});

	it('attach: no hub, a wrong socket, a file that is not a socket; a viewer refused a key, then the hub gone', async () => {
		const plan = file('attach.yaml', `${head()}${failingSites}${agenda}`);
		const cases: string[][] = [
			[plan, '--journal', path.join(dir, 'nothere.jsonl')],
			['--control', path.join(dir, 'wrong.sock')],
			['--control', plan],
			['--role', 'boss'],
		];
		for (const args of cases) {
			const t = await Terminal.start(['attach', ...args, '--lang', 'vi'], {columns: 160, rows: 30}, {HOME: dir}, {home});
			terminals.push(t);
			const stderr = await poll(
				() => {
					try {
						return readFileSync(t.exitFile, 'utf8').trim() === '' ? null : readFileSync(path.join(t.dir, 'stderr'), 'utf8');
					} catch {
						return null;
					}
				},
				found => found !== null,
				`attach ${args.join(' ')} to end`,
			);
			expect(readFileSync(t.exitFile, 'utf8').trim(), stderr!).toBe('2');
			expectVietnamese(`attach ${args.join(' ')}`, `${stderr}\n${await t.screen()}`);
		}

		// A viewer on a running hub: a key that would change the meeting, then the hub gone.
		const control = path.join(dir, 'hub.sock');
		const serve = execa('node', [BIN, 'serve', plan, '--journal', path.join(dir, 'attach.jsonl'), '--control', control, '--lang', 'vi'], {
			reject: false,
			stdin: 'ignore',
			env,
		});
		children.push(serve);
		let log = '';
		serve.stderr?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
		});
		await poll(
			() => log,
			text => text.includes('serving'),
			'serve to start',
		);
		const viewer = await Terminal.start(
			['attach', '--control', control, '--role', 'viewer', '--lang', 'vi'],
			{columns: 130, rows: 30},
			// The hub's control key is in the user's data folder: the same user, the same folders.
			{HOME: dir},
			{home},
		);
		terminals.push(viewer);
		await viewer.waitFor(s => s.includes('Mục 1/1'), 'the viewer’s dashboard');
		await viewer.keys(['n']);
		const refused = await viewer.waitFor(s => s.includes('chỉ xem'), 'the viewer refused a key');
		serve.kill('SIGTERM');
		const lost = await viewer.waitFor(s => s.includes('MẤT KẾT NỐI VỚI ĐIỂM CẦU CHÍNH'), 'the viewer told the hub is gone');
		expectVietnamese('a viewer’s screens', `${refused}\n${lost}`);
	}, 90_000);

	it('the site console: no hub, then a hub that refuses its token', async () => {
		const noHub = await Terminal.start(
			[
				'agent',
				'--site',
				'pho-an',
				'--hub',
				`ws://127.0.0.1:${await closedPort()}/agent`,
				'--token-file',
				right,
				'--console',
				'--lang',
				'vi',
			],
			{columns: 200, rows: 24},
		);
		terminals.push(noHub);
		const down = await noHub.waitFor(s => s.includes('không kết nối được tới điểm cầu chính'), 'the console saying no hub answers');
		const plan = file(
			'console.yaml',
			`${head(', listen: "127.0.0.1:0"')}  - {id: pho-an, name: "Xã Phổ An", kind: commune, connect: dial-out, token: {file: right.token}}${agenda}`,
		);
		const serve = execa('node', [BIN, 'serve', plan, '--journal', path.join(dir, 'console.jsonl'), '--lang', 'vi'], {
			reject: false,
			stdin: 'ignore',
			env,
		});
		children.push(serve);
		let log = '';
		serve.stderr?.on('data', (chunk: Buffer) => {
			log += chunk.toString();
		});
		const url = await poll(
			() => /gọi về (ws:\/\/\S+)/.exec(log)?.[1] ?? null,
			found => found !== null,
			'serve to listen',
		);
		const refused = await Terminal.start(['agent', '--site', 'pho-an', '--hub', url!, '--token-file', wrong, '--console', '--lang', 'vi'], {
			columns: 200,
			rows: 24,
		});
		terminals.push(refused);
		const proof = await refused.waitFor(s => s.includes('không chấp nhận mã xác thực'), 'the console saying the hub refused its token');
		serve.kill('SIGTERM');
		// The agent's ready line ("dialling URL site=ID") is its documented output for scripts, printed before the screen.
		for (const [what, screen] of [
			['the console with no hub', down],
			['the console refused', proof],
		] as const)
			expectVietnamese(what, screen.replace(/^dialling \S+ site=\S+$/m, ''));
	}, 90_000);
});
