import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {BIN} from './agents.js';
import {isolatedEnv} from './isolated-env.js';

/** One site of a `diemcau agent --many` process. */
export interface ManySite {
	site: string;
	token: string;
	port?: number;
	simulate?: string;
	lossPct?: number;
	delayMs?: number;
}

/** A real `agent --many` process: every site's endpoint, the ports (to restart in place), kill and stop. */
export interface ManyAgents {
	urls: Map<string, string>;
	ports: Map<string, number>;
	process: ResultPromise;
	/** SIGKILL: every site of the process goes at once, as a cut cable or a crashed PC would. */
	kill(): Promise<void>;
	stop(): Promise<void>;
}

/** Spawn one agent process serving `sites` (port 0 = any free one) and wait for every listening line. */
export async function startManyAgents(sites: readonly ManySite[]): Promise<ManyAgents> {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-many-'));
	const file = path.join(dir, 'many.json');
	writeFileSync(file, JSON.stringify(sites.map(s => ({port: 0, ...s}))), {mode: 0o600});
	const child = execa('node', [BIN, 'agent', '--many', file], {
		reject: false,
		buffer: false,
		stdin: 'ignore',
		forceKillAfterDelay: 3000,
		env: isolatedEnv(path.join(dir, 'home')),
	});
	const urls = new Map<string, string>();
	await new Promise<void>((resolve, reject) => {
		let out = '';
		let err = '';
		const timer = setTimeout(() => fail('not every site listening within 20 s'), 20_000);
		function fail(why: string) {
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(new Error(`agent --many: ${why}\n${err}`));
		}
		child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			for (const match of out.matchAll(/^listening (\S+) site=([a-z0-9-]+)[ \n]/gm)) urls.set(match[2]!, match[1]!);
			if (urls.size === sites.length) {
				clearTimeout(timer);
				resolve();
			}
		});
		child.then(
			result => fail(`exited early (code ${result.exitCode})`),
			() => fail('failed to start'),
		);
	});
	const ports = new Map([...urls].map(([site, url]) => [site, Number(new URL(url).port)]));
	const end = async (signal: 'SIGKILL' | 'SIGTERM') => {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill(signal);
			await child;
		}
	};
	let stopped: Promise<void> | undefined;
	return {
		urls,
		ports,
		process: child,
		kill: () => end('SIGKILL'),
		stop() {
			stopped ??= end('SIGTERM').then(() => rmSync(dir, {recursive: true, force: true}));
			return stopped;
		},
	};
}
