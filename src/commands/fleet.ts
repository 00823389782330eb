import {chmodSync, mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';

// The demo's simulated sites as real `diemcau agent` child processes (execa). No orphans:
// every child is stopped on stop(), on process exit and on SIGINT, SIGTERM and SIGHUP, and the
// fleet's temp folder (tokens, --many files) goes with them.

/** One simulated site: its id, token and link profile. */
export interface FleetSite {
	site: string;
	token: string;
	simulate: 'good' | 'slow' | 'jittery' | 'lossy' | 'flapping' | 'dead';
	delayMs?: number;
	jitterMs?: number;
	lossPct?: number;
	/** Dial out to the fleet's hub (FleetOptions.hub) instead of listening. */
	dialOut?: boolean;
}

/** Options of a fleet. */
export interface FleetOptions {
	/** Folder for token files and --many files (created 0700; removed by stop()). */
	dir: string;
	/** Sites served by their own process; the rest share `--many` processes. Default: all. */
	ownProcess?: number;
	/** Sites per shared process (default 500). */
	perProcess?: number;
	/** The CLI to run (default this package's dist/src/bin.js). */
	bin?: string;
	/** Give up when an agent has not printed its listening line within this (default 30 s). */
	readyTimeoutMs?: number;
	/** The hub's listener (ws://HOST:PORT/agent) that `dialOut` sites call. */
	hub?: string;
}

const defaultBin = fileURLToPath(new URL('../bin.js', import.meta.url));
const live = new Set<Fleet>();
let hooked = false;

// Signal and exit hooks are installed once for every fleet of the process.
function hook(): void {
	if (hooked) return;
	hooked = true;
	process.once('exit', () => {
		for (const fleet of live) fleet.killNow();
	});
}

/** A running set of agent processes and the endpoint of every site they serve. */
export class Fleet {
	/** Site id → ws:// endpoint (a dial-out site: the hub's URL it calls). */
	readonly endpoints = new Map<string, string>();
	readonly dir: string;
	private readonly children: ResultPromise[] = [];
	private stopping: Promise<void> | null = null;

	private constructor(dir: string) {
		this.dir = dir;
	}

	/** Spawn the agents and resolve once every site is listening (on a free loopback port). */
	static async start(sites: readonly FleetSite[], options: FleetOptions): Promise<Fleet> {
		hook();
		mkdirSync(options.dir, {recursive: true, mode: 0o700});
		const fleet = new Fleet(options.dir);
		live.add(fleet);
		const bin = options.bin ?? defaultBin;
		const own = Math.min(sites.length, options.ownProcess ?? sites.length);
		const perProcess = Math.max(1, options.perProcess ?? 500);
		const timeout = options.readyTimeoutMs ?? 30_000;
		const launches: Array<{args: string[]; expect: number}> = [];
		const hubArgs = (site: FleetSite): string[] => {
			if (!site.dialOut) return [];
			if (!options.hub) throw new Error(`fleet: site ${site.site} dials out but the fleet has no hub`);
			return ['--hub', options.hub];
		};
		for (const site of sites.slice(0, own)) {
			const tokenFile = writeSecret(path.join(options.dir, `${site.site}.token`), site.token);
			const where = site.dialOut ? hubArgs(site) : ['--port', '0'];
			const args = ['agent', '--site', site.site, ...where, '--token-file', tokenFile, '--simulate', site.simulate];
			if (site.delayMs) args.push('--delay-ms', String(site.delayMs));
			if (site.jitterMs) args.push('--jitter-ms', String(site.jitterMs));
			if (site.lossPct) args.push('--loss-pct', String(site.lossPct));
			launches.push({args, expect: 1});
		}
		// The rest share --many processes: the dialled ones and the dialling ones apart (one --hub per process).
		const rest = sites.slice(own);
		let files = 0;
		for (const group of [rest.filter(site => !site.dialOut), rest.filter(site => site.dialOut)]) {
			for (let i = 0; i < group.length; i += perProcess) {
				const chunk = group.slice(i, i + perProcess);
				const file = writeSecret(
					path.join(options.dir, `many-${files++}.json`),
					JSON.stringify(chunk.map(({dialOut: _, ...site}) => ({port: 0, ...site}))),
				);
				launches.push({args: ['agent', '--many', file, ...hubArgs(chunk[0]!)], expect: chunk.length});
			}
		}
		try {
			await Promise.all(launches.map(launch => fleet.launch(bin, launch.args, launch.expect, timeout)));
		} catch (error) {
			await fleet.stop();
			throw error;
		}
		return fleet;
	}

	/** Process ids of the agents (tests check none is left). */
	get pids(): number[] {
		return this.children.map(child => child.pid).filter((pid): pid is number => pid !== undefined);
	}

	/** Stop every agent (SIGTERM, SIGKILL after 3 s) and remove the temp folder. */
	stop(): Promise<void> {
		this.stopping ??= (async () => {
			for (const child of this.children) if (child.exitCode === null) child.kill('SIGTERM');
			await Promise.allSettled(this.children);
			rmSync(this.dir, {recursive: true, force: true});
			live.delete(this);
		})();
		return this.stopping;
	}

	/** Synchronous last resort on process exit: SIGKILL the children, remove the folder. */
	killNow(): void {
		for (const child of this.children) {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		}
		rmSync(this.dir, {recursive: true, force: true});
	}

	private launch(bin: string, args: string[], expect: number, timeoutMs: number): Promise<void> {
		const child = execa(process.execPath, [bin, ...args, '--exit-with-stdin'], {
			reject: false,
			buffer: false,
			stdin: 'pipe', // closes when this process dies, however it dies: the agent then exits
			stderr: 'pipe',
			forceKillAfterDelay: 3000,
			cleanup: true,
			// Only what an agent needs: the hub's environment may hold other sites' tokens (DIEMCAU_TOKEN, {env} refs).
			extendEnv: false,
			env: agentEnv(),
		});
		this.children.push(child);
		return new Promise<void>((resolve, reject) => {
			let seen = 0;
			let pending = '';
			let errors = '';
			const timer = setTimeout(() => fail(`not listening within ${Math.round(timeoutMs / 1000)} s`), timeoutMs);
			const fail = (why: string) => {
				clearTimeout(timer);
				reject(
					new DiemcauError('DIEMCAU_SIMULATION_FAILED', says('simulated-agent-failed', {why}), {
						details: errors ? errors.trim().split('\n') : [],
					}),
				);
			};
			child.stderr?.on('data', (chunk: Buffer) => {
				if (errors.length < 4000) errors += chunk.toString();
			});
			child.stdout?.on('data', (chunk: Buffer) => {
				pending += chunk.toString();
				const lines = pending.split('\n');
				pending = lines.pop() ?? '';
				for (const line of lines) {
					const match = /^(?:listening|dialling) (\S+) site=(\S+)/.exec(line);
					if (!match) continue;
					this.endpoints.set(match[2]!, match[1]!);
					if (++seen === expect) {
						clearTimeout(timer);
						resolve();
					}
				}
			});
			void child.then(result => {
				if (seen < expect) fail(`exited early (code ${result.exitCode ?? result.signal})`);
			});
		});
	}
}

function writeSecret(file: string, content: string): string {
	writeFileSync(file, content.endsWith('\n') ? content : `${content}\n`, {mode: 0o600});
	chmodSync(file, 0o600);
	return file;
}

/** The environment a spawned agent gets: the path, the locale and the time zone, nothing else. */
export function agentEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name of ['PATH', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'SYSTEMROOT']) {
		const value = env[name];
		if (value !== undefined) out[name] = value;
	}
	return out;
}
