import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {unzipSync} from 'fflate';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {BIN, strongToken, writePlan} from '../helpers/agents.js';
import {freePort} from '../../src/cli/free-port.js';
import {ROOT, runCmd, runWindowsNode, wineSetup, winPath, type WineProcess} from './wine.js';

// The commune package (`npm run package:commune`: dist/commune/diem-cau-VERSION-windows-x64.zip)
// as a commune PC gets it: unzipped, the clerk's settings written into diem-cau.txt, started by
// its own node.exe under Wine (the .cmd a clerk double-clicks, through Wine's cmd), answering a
// Linux hub's real `diemcau status` on loopback, dialling out and dialled in, the UDP stream
// included; a wrong token refused; and the launcher's own word on settings a clerk got wrong.

const wine = wineSetup();
const skip = 'skip' in wine ? wine.skip : undefined;
const setup = 'setup' in wine ? wine.setup : undefined!;

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-win-commune-'));
const running: WineProcess[] = [];
afterEach(async () => {
	for (const windows of running.splice(0)) await windows.stop();
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const probe = {probe: {intervalMs: 300, timeoutMs: 1500, downAfter: 3, upAfter: 1}};
const TOKEN = strongToken('win-commune-pho-an');

/** The package unzipped into a fresh folder; returns the folder (…/DiemCau). */
function unzipPackage(name: string): string {
	const zips = readdirSync(path.join(ROOT, 'dist/commune')).filter(file => file.endsWith('-windows-x64.zip'));
	expect(zips).toHaveLength(1);
	const files = unzipSync(readFileSync(path.join(ROOT, 'dist/commune', zips[0]!)));
	const into = path.join(dir, name);
	for (const [file, bytes] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(into, file)), {recursive: true});
		writeFileSync(path.join(into, file), bytes);
	}
	return path.join(into, 'DiemCau');
}

/** diem-cau.txt as a clerk leaves it after Notepad: the shipped file with these lines filled in. */
function settle(folder: string, values: Record<string, string>, token = TOKEN): void {
	writeFileSync(path.join(folder, 'ma-bao-mat.txt'), `${token}\r\n`);
	let text = readFileSync(path.join(folder, 'diem-cau.txt'), 'utf8');
	for (const [name, value] of Object.entries(values)) text = text.replace(new RegExp(`^${name} =.*$`, 'm'), `${name} = ${value}`);
	writeFileSync(path.join(folder, 'diem-cau.txt'), text);
}

/** Linux `diemcau status PLAN ARGS --listen 127.0.0.1:0`, and the URL it says dial-out agents call. */
function listeningStatus(args: string[]) {
	const result = execa('node', [BIN, 'status', ...args, '--listen', '127.0.0.1:0'], {reject: false, env: {NO_COLOR: '1'}});
	let err = '';
	const url = new Promise<string>((resolve, reject) => {
		result.stderr?.on('data', (chunk: Buffer) => {
			err += chunk.toString();
			const match = /dial-out agents call (\S+)/.exec(err);
			if (match) resolve(match[1]!);
		});
		void result.then(() => reject(new Error(`status ended before it listened:\n${err}`)));
	});
	return {url, result};
}

const sitesOf = (stdout: string) =>
	Object.fromEntries((JSON.parse(stdout) as {sites: Array<Record<string, any>>}).sites.map(site => [site.id, site]));

describe.skipIf(skip)('the commune package under Windows Node (Wine)', () => {
	it('holds node.exe (Windows), the one-file agent, the launcher, the settings and the steps', () => {
		const folder = unzipPackage('contents');
		expect(readdirSync(folder).sort()).toEqual([
			'DOC-TRUOC.txt',
			'LICENSE.txt',
			'chay-diem-cau.cmd',
			'diem-cau.txt',
			'diemcau-agent.mjs',
			'khoi-dong.mjs',
			'node.exe',
		]);
		expect(readFileSync(path.join(folder, 'node.exe')).subarray(0, 2).toString()).toBe('MZ');
		const steps = readFileSync(path.join(folder, 'DOC-TRUOC.txt'), 'utf8');
		expect(steps).toContain('netsh advfirewall firewall add rule');
		expect(steps).toContain('schtasks /Create');
		expect(steps).not.toMatch(/\{(NODE_)?VERSION\}/);
		// Notepad-friendly: CRLF line ends, UTF-8 with its mark, so Vietnamese shows right.
		const settings = readFileSync(path.join(folder, 'diem-cau.txt'));
		expect(settings.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
		expect(settings.toString('utf8')).toMatch(/\r\ndiem_cau =\r\n/);
	});

	it('started by chay-diem-cau.cmd (Wine cmd), dials out to a Linux hub: up, graded, udp ok', async () => {
		const folder = unzipPackage('dial-out');
		const plan = writePlan(path.join(dir, 'plan-out'), [{id: 'pho-an', connect: 'dial-out', token: 'win-commune-pho-an'}], probe);
		const status = listeningStatus([plan, '--json', '--count', '5', '--wait', '90s']);
		const hub = await status.url;
		settle(folder, {diem_cau: 'pho-an', dia_chi_trung_tam: hub.replace(/^ws:\/\//, '').replace(/\/agent$/, ''), man_hinh: 'khong'});
		const windows = runCmd(setup, path.join(folder, 'chay-diem-cau.cmd'), [], {env: {DIEMCAU_NO_PAUSE: '1'}});
		running.push(windows);
		const result = await status.result;
		expect(result.exitCode, `${result.stderr}\nagent:\n${windows.stdout()}${windows.stderr()}`).toBe(0);
		expect(sitesOf(result.stdout)['pho-an']).toMatchObject({state: 'up', udp: 'ok', errorCode: null});
		expect(['good', 'fair']).toContain(sitesOf(result.stdout)['pho-an']!.grade);
		expect(windows.stderr()).toContain(`Điểm cầu pho-an: đang khởi động phần mềm (gọi đến điểm cầu chính ${hub})`);
		expect(windows.stdout()).toContain(`dialling ${hub} site=pho-an`);
	});

	it('dialled in on the port of its settings: the Linux hub reaches it, udp ok', async () => {
		const folder = unzipPackage('dial-in');
		const port = await freePort();
		settle(folder, {diem_cau: 'pho-an', cong: String(port), man_hinh: 'khong'});
		const windows = runWindowsNode(setup, [winPath(path.join(folder, 'khoi-dong.mjs'))], {cwd: folder});
		running.push(windows);
		await windows.waitFor(out => out.includes(`site=pho-an`) && out.includes('listening ws://'), 'the agent listening');
		const plan = writePlan(
			path.join(dir, 'plan-in'),
			[{id: 'pho-an', endpoint: `ws://127.0.0.1:${port}/probe`, token: 'win-commune-pho-an'}],
			probe,
		);
		const result = await execa('node', [BIN, 'status', plan, '--json', '--count', '5'], {reject: false, env: {NO_COLOR: '1'}});
		expect(result.exitCode, `${result.stderr}\nagent:\n${windows.stdout()}${windows.stderr()}`).toBe(0);
		// status probes past --count until the site has its grade (a grade needs its evidence): every probe answered.
		const site = sitesOf(result.stdout)['pho-an'];
		expect(site).toMatchObject({state: 'up', udp: 'ok'});
		expect(site.sent).toBeGreaterThanOrEqual(5);
		expect(site.received).toBe(site.sent);
		expect(site.grade).not.toBe('measuring');
	});

	it('a wrong token is refused on both sides: the hub keeps the site "not connected", the commune is told why', async () => {
		const folder = unzipPackage('wrong');
		const plan = writePlan(path.join(dir, 'plan-wrong'), [{id: 'pho-an', connect: 'dial-out', token: 'win-commune-pho-an'}], probe);
		const status = listeningStatus([plan, '--json', '--count', '2', '--wait', '25s']);
		const hub = await status.url;
		settle(folder, {diem_cau: 'pho-an', dia_chi_trung_tam: hub, man_hinh: 'khong'}, strongToken('not-the-token-of-pho-an'));
		const windows = runWindowsNode(setup, [winPath(path.join(folder, 'khoi-dong.mjs'))], {cwd: folder});
		running.push(windows);
		// Without its screen ("man_hinh = khong") the window shows the agent's log: in the clerk's language.
		await windows.waitFor(
			(out, err) => `${out}${err}`.includes('diemcau agent: điểm cầu chính không chấp nhận mã xác thực'),
			'the commune told, in Vietnamese, its proof was refused',
			90_000,
		);
		expect(`${windows.stdout()}${windows.stderr()}`).not.toContain('the hub refused the proof');
		const result = await status.result;
		expect(result.exitCode).toBe(1);
		expect(sitesOf(result.stdout)['pho-an']).toMatchObject({state: 'down', errorCode: 'not-connected'});
	});

	it('settings a clerk got wrong: the launcher says what to fix, in Vietnamese, and exits 2', async () => {
		const folder = unzipPackage('settings');
		const run = async () => {
			const windows = runWindowsNode(setup, [winPath(path.join(folder, 'khoi-dong.mjs'))], {cwd: folder});
			running.push(windows);
			return {code: await windows.exited, err: windows.stderr()};
		};
		const empty = await run();
		expect(empty.code).toBe(2);
		expect(empty.err).toContain('Chưa ghi mã điểm cầu: mở');
		expect(empty.err).toContain('diem-cau.txt bằng Notepad');
		settle(folder, {diem_cau: 'pho-an', dia_chi_trung_tam: '10.0.0.5'});
		const noPort = await run();
		expect(noPort.code).toBe(2);
		expect(noPort.err).toContain('Địa chỉ điểm cầu chính "10.0.0.5" không đúng. Ghi dạng MÁY:CỔNG');
		settle(folder, {dia_chi_trung_tam: '127.0.0.1:9', tep_ma: 'khong-co.txt'});
		const noToken = await run();
		expect(noToken.code).toBe(2);
		expect(noToken.err).toMatch(/Không thấy tệp mã bảo mật Z:\\.*\\khong-co\.txt\./);
	});
});
