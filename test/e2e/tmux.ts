import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {afterEach} from 'vitest';
import {isolatedEnv} from '../helpers/isolated-env.js';

// A real terminal for end-to-end tests: a private tmux server (its own socket), a session of a
// given size running one command, send-keys and capture-pane, and polling with a deadline.

export const BIN = fileURLToPath(new URL('../../dist/src/bin.js', import.meta.url));

/** One tmux session running `args` of the diemcau CLI at `columns`×`rows`. */
export class Terminal {
	readonly socket: string;
	/** Unique folder: TMPDIR, config dir and (unless shared) data, cache and runtime folders of the command, so its processes are findable by path. */
	readonly dir: string;
	readonly exitFile: string;
	private readonly scriptDir: string;

	private constructor(dir: string, scriptDir: string) {
		this.dir = dir;
		this.scriptDir = scriptDir;
		this.socket = `diemcau-e2e-${process.pid}-${path.basename(dir)}`;
		this.exitFile = path.join(dir, 'exit-code');
	}

	/**
	 * Start `diemcau ARGS` in a fresh terminal; `{dir}` in args is replaced by the unique folder.
	 * `bin`: another script to run with node (the bundled agent), from `cwd` if given. `home`:
	 * the data, cache and runtime folders (isolatedEnv) to share with other processes of the
	 * test (a hub and the screens attached to it); by default the terminal's own, under its folder.
	 */
	static async start(
		args: string[],
		size: {columns: number; rows: number},
		env: Record<string, string> = {},
		options: {bin?: string; cwd?: string; home?: Record<string, string>} = {},
	): Promise<Terminal> {
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-e2e-'));
		// The script lives outside `dir`, so no tmux or shell command line names `dir`:
		// afterwards `pgrep -f dir` finds only what the dashboard itself started.
		const scriptDir = mkdtempSync(path.join(tmpdir(), 'diemcau-e2e-sh-'));
		const terminal = new Terminal(dir, scriptDir);
		const quoted = args.map(arg => `'${arg.replaceAll('{dir}', dir)}'`).join(' ');
		// CI=true in every terminal, as a CI job's environment has it: Ink draws only the last frame
		// when it sees CI, so a screen that forgets to say otherwise stays blank here too, not only in CI.
		// Never the user's own folders: the control key, journals and preferences stay under a test folder.
		const home = options.home ?? isolatedEnv(path.join(dir, 'home'));
		const exports = Object.entries({
			...home,
			TMPDIR: dir,
			DIEMCAU_CONFIG_DIR: path.join(dir, 'config'),
			LANG: 'C.UTF-8',
			CI: 'true',
			...env,
		})
			.map(([key, value]) => `export ${key}='${value}'`)
			.join('\n');
		const script = path.join(scriptDir, 'run.sh');
		const cd = options.cwd ? `cd '${options.cwd}'\n` : '';
		writeFileSync(
			script,
			`${exports}\n${cd}node '${options.bin ?? BIN}' ${quoted} 2>'${dir}/stderr'\necho $? > '${terminal.exitFile}'\nsleep 600\n`,
		);
		await execa('tmux', [
			'-L',
			terminal.socket,
			'-f',
			'/dev/null',
			'new-session',
			'-d',
			'-s',
			'main',
			'-x',
			String(size.columns),
			'-y',
			String(size.rows),
			`sh ${script}`,
		]);
		return terminal;
	}

	/** The visible screen, one string per line. */
	async screen(): Promise<string> {
		const {stdout} = await execa('tmux', ['-L', this.socket, 'capture-pane', '-p', '-t', 'main']);
		return stdout;
	}

	/**
	 * The terminal's main screen while the program draws on the alternate one (the console's):
	 * what it printed before, such as its "listening ws://…" line.
	 */
	async mainScreen(): Promise<string> {
		const {stdout} = await execa('tmux', ['-L', this.socket, 'capture-pane', '-a', '-p', '-t', 'main'], {reject: false});
		return stdout;
	}

	/** What the program wrote to stderr, and its exit code if it has ended: for a failure's message. */
	postMortem(): string {
		const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').trim() : '');
		const code = read(this.exitFile);
		const stderr = read(path.join(this.dir, 'stderr'));
		return `${code ? `exited with ${code}` : 'still running'}${stderr ? `; stderr:\n${stderr.slice(-2000)}` : '; nothing on stderr'}`;
	}

	/** Type keys (tmux key names: Space, Enter, Escape, Up, or literal text with `literal`). */
	async keys(keys: string[], literal = false): Promise<void> {
		await execa('tmux', ['-L', this.socket, 'send-keys', '-t', 'main', ...(literal ? ['-l'] : []), ...keys]);
	}

	/**
	 * Poll the screen until `check` holds on two captures in a row, and return the second (deadline
	 * `ms`, default 20 s). A frame larger than the pty's buffer reaches tmux in parts, and a capture
	 * between them shows the top of the new frame over blank rows: the check may already hold
	 * there while what a test asserts next, lower down, is not drawn yet. The second capture, taken
	 * right after, has the rest. (Not "two equal captures": the demo's screen changes every frame.)
	 */
	async waitFor(check: (screen: string) => boolean, what: string, ms = 20_000): Promise<string> {
		let last = '';
		try {
			await poll(
				async () => {
					last = await this.screen();
					if (!check(last)) return false;
					last = await this.screen();
					return check(last);
				},
				whole => whole,
				what,
				ms,
			);
			return last;
		} catch (error) {
			if (error instanceof Error && error.message.startsWith('timed out')) error.message = `timed out waiting for ${what}; last:\n${last}`;
			throw new Error(`${(error as Error).message}\nthe program ${this.postMortem()}`);
		}
	}

	/**
	 * Kill the tmux server and remove the folders. The programs in its panes get SIGHUP and may
	 * still be writing their last files (the journal, the saved preferences) as they exit: they are
	 * waited for (at most 10 s), and a file that appears during the removal is retried.
	 */
	async close(): Promise<void> {
		const panes = await execa('tmux', ['-L', this.socket, 'list-panes', '-a', '-F', '#{pane_pid}'], {reject: false});
		const pids = String(panes.stdout ?? '')
			.split('\n')
			.map(Number)
			.filter(pid => Number.isInteger(pid) && pid > 0);
		await execa('tmux', ['-L', this.socket, 'kill-server'], {reject: false});
		const alive = (pid: number) => {
			try {
				process.kill(pid, 0);
				return true;
			} catch {
				return false;
			}
		};
		for (let waited = 0; waited < 10_000 && pids.some(alive); waited += 50) await new Promise(resolve => setTimeout(resolve, 50));
		rmSync(this.dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
		rmSync(this.scriptDir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
	}
}

/** Poll `read` until `check` holds, or fail with the last value read. */
export async function poll<T>(read: () => Promise<T> | T, check: (value: T) => boolean, what: string, ms = 20_000): Promise<T> {
	const deadline = performance.now() + ms;
	for (;;) {
		const value = await read();
		if (check(value)) return value;
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}; last:\n${String(value)}`);
		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

/** Command lines of live processes whose command line contains `text` (pgrep -f). */
export async function processesMatching(text: string): Promise<string[]> {
	const {stdout} = await execa('pgrep', ['-a', '-f', text], {reject: false});
	return stdout.split('\n').filter(Boolean);
}

/**
 * The terminals, folders and processes of one test file's tests, all ended after each test:
 * `folder()` a fresh temporary folder, `terminal()` a Terminal, `serve()` a headless
 * `diemcau serve` whose stderr log is read with `log()` and whose dial-out URL `url()` waits for.
 * A test's terminals and serve share one set of data, cache and runtime folders of the test's own
 * (so a screen finds its hub's control key and socket), never the user's.
 */
export function e2eScope(prefix: string) {
	const open: Terminal[] = [];
	const dirs: string[] = [];
	const children: ResultPromise[] = [];
	// One test's data, cache and runtime folders, shared by its hub and screens (made on first use).
	let home: Record<string, string> | null = null;
	const shared = () => {
		if (home) return home;
		const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-home-`));
		dirs.push(dir);
		home = isolatedEnv(dir);
		return home;
	};
	afterEach(async () => {
		home = null;
		for (const child of children.splice(0)) child.kill('SIGKILL');
		// Every terminal is closed and every folder removed even when one of them fails (a tmux
		// server left running would keep its programs alive after the suite); then the first failure.
		const failures: unknown[] = [];
		for (const terminal of open.splice(0)) await terminal.close().catch((error: unknown) => failures.push(error));
		for (const dir of dirs.splice(0)) {
			try {
				rmSync(dir, {recursive: true, force: true, maxRetries: 5, retryDelay: 100});
			} catch (error) {
				failures.push(error);
			}
		}
		if (failures.length > 0) throw failures[0];
	});
	return {
		/** This test's data, cache and runtime folders (isolatedEnv), as its terminals and serve get them. */
		home: shared,
		folder(): string {
			const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-`));
			dirs.push(dir);
			return dir;
		},
		async terminal(
			args: string[],
			size: {columns: number; rows: number},
			env: Record<string, string> = {},
			options: {bin?: string; cwd?: string} = {},
		): Promise<Terminal> {
			const started = await Terminal.start(args, size, env, {home: shared(), ...options});
			open.push(started);
			return started;
		},
		/** `diemcau serve PLAN --journal JOURNAL` with no terminal, its config under `dir`. */
		serve(plan: string, journal: string, dir: string) {
			const child = execa('node', [BIN, 'serve', plan, '--journal', journal], {
				reject: false,
				stdin: 'ignore',
				env: {...shared(), DIEMCAU_CONFIG_DIR: path.join(dir, 'config')},
			});
			children.push(child);
			let log = '';
			child.stderr?.on('data', (chunk: Buffer) => {
				log += chunk.toString();
			});
			const read = () => log;
			return {
				child,
				log: read,
				/** Where dial-out agents call, once serve says it listens. */
				url: async () =>
					(await poll(
						() => /dial-out agents call (\S+)/.exec(log)?.[1] ?? null,
						found => found !== null,
						'serve to listen',
					).catch(error => {
						throw new Error(`${(error as Error).message}\nserve's log:\n${read()}`);
					}))!,
			};
		},
	};
}
