// The commune package's launcher (run by chay-diem-cau.cmd with the node.exe beside it): reads the
// settings a clerk edits in Notepad (diem-cau.txt, beside this file), checks them, says in the
// clerk's words what to fix, then runs the one-file agent (diemcau-agent.mjs, beside this file)
// in this same process with the matching options.
//
//   diem_cau = pho-an                          → --site pho-an
//   dia_chi_trung_tam = 10.0.0.5:7700          → --hub ws://10.0.0.5:7700/agent  (dial out)
//   cong = 7701                                → --host 0.0.0.0 --port 7701      (dialled in)
//   tep_ma = ma-bao-mat.txt                    → --token-file <folder>\ma-bao-mat.txt
//   man_hinh = co                              → --console (the site's own screen)
// and always --lang: the agent's log, and its screen, in the clerk's language (LANG=en… or --lang=en: English).
import {existsSync, readFileSync} from 'node:fs';
import {dirname, isAbsolute, join, resolve} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const lang = /^en/i.test(process.env.LANG ?? '') || process.argv.includes('--lang=en') ? 'en' : 'vi';

/** Every text the launcher prints, in both languages (test/windows checks that none lacks one). */
export const WORDS = {
	noSettings: {
		vi: file => `Không thấy tệp cấu hình ${file}. Hãy giải nén lại cả gói do điểm cầu chính gửi, để tệp đó cạnh chay-diem-cau.cmd.`,
		en: file =>
			`The settings file ${file} is missing. Unzip the whole package the hub sent again, with that file beside chay-diem-cau.cmd.`,
	},
	badLine: {
		vi: (file, line, text) => `Tệp ${file}, dòng ${line}: "${text}" không đúng dạng "tên = giá trị". Mở tệp bằng Notepad để sửa.`,
		en: (file, line, text) => `${file}, line ${line}: "${text}" is not of the form "name = value". Open the file in Notepad to fix it.`,
	},
	unknownName: {
		vi: (file, line, name) =>
			`Tệp ${file}, dòng ${line}: không có mục "${name}". Các mục: diem_cau, dia_chi_trung_tam, cong, tep_ma, man_hinh.`,
		en: (file, line, name) =>
			`${file}, line ${line}: there is no setting "${name}". The settings: diem_cau, dia_chi_trung_tam, cong, tep_ma, man_hinh.`,
	},
	noSite: {
		vi: file =>
			`Chưa ghi mã điểm cầu: mở ${file} bằng Notepad, ghi vào dòng "diem_cau =" mã do điểm cầu chính cấp (ví dụ: diem_cau = pho-an), rồi lưu lại.`,
		en: file =>
			`No site id yet: open ${file} in Notepad, write the id the hub gave you on the "diem_cau =" line (e.g. diem_cau = pho-an), and save.`,
	},
	noWay: {
		vi: file =>
			`Chưa ghi cách kết nối: trong ${file}, ghi địa chỉ điểm cầu chính vào dòng "dia_chi_trung_tam =" (thường dùng), hoặc cổng mở trên máy này vào dòng "cong =".`,
		en: file =>
			`No way to connect yet: in ${file}, write the hub's address on the "dia_chi_trung_tam =" line (the usual case), or the port open on this PC on the "cong =" line.`,
	},
	badHub: {
		vi: text =>
			`Địa chỉ điểm cầu chính "${text}" không đúng. Ghi dạng MÁY:CỔNG (ví dụ 10.0.0.5:7700) hoặc ws://MÁY:CỔNG/agent, wss://MÁY:CỔNG/agent.`,
		en: text =>
			`The hub address "${text}" is not valid. Write HOST:PORT (e.g. 10.0.0.5:7700), or ws://HOST:PORT/agent, wss://HOST:PORT/agent.`,
	},
	badPort: {
		vi: text => `Cổng "${text}" không đúng: ghi một số từ 1 đến 65535 (ví dụ 7701), đúng cổng ghi trong kế hoạch của điểm cầu chính.`,
		en: text => `The port "${text}" is not valid: write a number from 1 to 65535 (e.g. 7701), the port the hub's plan names.`,
	},
	noToken: {
		vi: file =>
			`Không thấy tệp mã bảo mật ${file}. Chép tệp mã do điểm cầu chính gửi vào cùng thư mục này, hoặc sửa dòng "tep_ma =" cho đúng tên tệp.`,
		en: file => `The token file ${file} is missing. Copy the token file the hub sent into this folder, or correct the "tep_ma =" line.`,
	},
	starting: {
		vi: (site, how) => `Điểm cầu ${site}: đang khởi động phần mềm (${how}). Để cửa sổ này mở trong suốt cuộc họp.`,
		en: (site, how) => `Site ${site}: starting the agent (${how}). Keep this window open for the whole meeting.`,
	},
	dialOut: {vi: hub => `gọi đến điểm cầu chính ${hub}`, en: hub => `calling the hub at ${hub}`},
	dialIn: {vi: port => `chờ điểm cầu chính gọi vào cổng ${port}`, en: port => `waiting for the hub on port ${port}`},
};

const say = (key, ...args) => WORDS[key][lang](...args);

const NAMES = new Set(['diem_cau', 'dia_chi_trung_tam', 'cong', 'tep_ma', 'man_hinh']);

/** The settings in `text` (Notepad's UTF-8, with or without its BOM, CRLF or LF), or the first problem. */
export function readSettings(text, file = 'diem-cau.txt') {
	const settings = {};
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	for (let i = 0; i < lines.length; i++) {
		const line = lines[i].trim();
		if (line === '' || line.startsWith('#')) continue;
		const at = line.indexOf('=');
		if (at < 0) return {problem: ['badLine', file, i + 1, line]};
		const name = line.slice(0, at).trim().toLowerCase();
		if (!NAMES.has(name)) return {problem: ['unknownName', file, i + 1, name]};
		settings[name] = line.slice(at + 1).trim();
	}
	return {settings};
}

/** The agent's options for these settings (paths relative to `folder`), or the first problem. */
export function agentArgs(settings, folder, file = 'diem-cau.txt', exists = existsSync) {
	const site = settings.diem_cau ?? '';
	if (!site) return {problem: ['noSite', file]};
	const hubText = settings.dia_chi_trung_tam ?? '';
	const portText = settings.cong ?? '';
	if (!hubText && !portText) return {problem: ['noWay', file]};
	const tokenName = settings.tep_ma || 'ma-bao-mat.txt';
	const tokenFile = isAbsolute(tokenName) || /^[A-Za-z]:[\\/]/.test(tokenName) ? tokenName : join(folder, tokenName);
	const args = ['--site', site];
	let how;
	if (hubText) {
		let hub = hubText;
		if (!/^wss?:\/\//i.test(hub)) hub = `ws://${hub}/agent`;
		let url;
		try {
			url = new URL(hub);
		} catch {
			return {problem: ['badHub', hubText]};
		}
		if (!url.hostname || !url.port) return {problem: ['badHub', hubText]};
		if (url.pathname === '/' || url.pathname === '') url.pathname = '/agent';
		args.push('--hub', url.href);
		how = ['dialOut', url.href];
	} else {
		const port = Number(portText);
		if (!/^\d+$/.test(portText) || port < 1 || port > 65535) return {problem: ['badPort', portText]};
		args.push('--host', '0.0.0.0', '--port', String(port));
		how = ['dialIn', port];
	}
	if (!exists(tokenFile)) return {problem: ['noToken', tokenFile]};
	args.push('--token-file', tokenFile);
	// The agent's log, and its screen when it has one, in the clerk's language.
	if (!/^(khong|không|no|0)$/i.test(settings.man_hinh ?? 'co')) args.push('--console');
	args.push('--lang', lang);
	return {args, site, how};
}

async function main() {
	const file = join(here, 'diem-cau.txt');
	if (!existsSync(file)) return fail(['noSettings', file]);
	const read = readSettings(readFileSync(file, 'utf8'), file);
	if (read.problem) return fail(read.problem);
	const planned = agentArgs(read.settings, here, file);
	if (planned.problem) return fail(planned.problem);
	const [howKey, ...howArgs] = planned.how;
	process.stderr.write(`${say('starting', planned.site, say(howKey, ...howArgs))}\n`);
	const agent = join(here, 'diemcau-agent.mjs');
	process.argv = [process.argv[0], agent, ...planned.args, ...process.argv.slice(2).filter(arg => arg !== '--lang=en')];
	await import(pathToFileURL(agent).href);
}

function fail([key, ...args]) {
	process.stderr.write(`${say(key, ...args)}\n`);
	process.exitCode = 2;
}

// Run when started (by chay-diem-cau.cmd or Task Scheduler), not when a test imports it.
const started = process.argv[1] ? resolve(process.argv[1]) : '';
const self = fileURLToPath(import.meta.url);
if (process.platform === 'win32' ? started.toLowerCase() === self.toLowerCase() : started === self) await main();
