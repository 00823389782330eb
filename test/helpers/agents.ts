import {chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa, type ResultPromise} from 'execa';
import {weakTokenProblem} from '../../src/model/plan/token-strength.js';
import {testToken} from './wire.js';
import {isolatedEnv} from './isolated-env.js';

/**
 * Tests name tokens shortly ('tok-good', 'not-the-token'); agents and hubs refuse tokens under
 * 128 bits, so a short name becomes a strong token derived from it (the same name, the same token,
 * for the agent and the plan alike). A token strong already is kept as it is.
 */
export function strongToken(token: string): string {
	return weakTokenProblem(token) ? testToken(token) : token;
}

/** The built CLI (tests that spawn it need `npx tsc -p tsconfig.build.json` first; npm test does it). */
export const BIN = fileURLToPath(new URL('../../dist/src/bin.js', import.meta.url));

/** Options of one spawned agent process. */
export interface StartAgentOptions {
	site: string;
	token: string;
	simulate?: string;
	delayMs?: number;
	jitterMs?: number;
	lossPct?: number;
	rateKbps?: number;
	port?: number; // default 0 (any free port); pass the old port to restart an agent in place
	/** Dial out to this hub listener (ws://HOST:PORT/agent) instead of listening. */
	hub?: string;
	extraArgs?: string[];
}

/** A spawned agent: its endpoint (the hub's URL when it dials out), the process, its stderr so far, and stop() (SIGTERM, then SIGKILL after 5 s). */
export interface StartedAgent {
	url: string;
	port: number;
	process: ResultPromise;
	stderr(): string;
	stop(): Promise<void>;
}

/** Spawn `diemcau agent` as a real process and resolve once it prints its listening line. */
export async function startAgent(options: StartAgentOptions): Promise<StartedAgent> {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-agent-'));
	const tokenFile = path.join(dir, 'token');
	writeFileSync(tokenFile, `${strongToken(options.token)}\n`, {mode: 0o600});
	chmodSync(tokenFile, 0o600);
	const args = options.hub
		? ['agent', '--site', options.site, '--hub', options.hub, '--token-file', tokenFile]
		: ['agent', '--site', options.site, '--port', String(options.port ?? 0), '--token-file', tokenFile];
	if (options.simulate) args.push('--simulate', options.simulate);
	if (options.delayMs !== undefined) args.push('--delay-ms', String(options.delayMs));
	if (options.jitterMs !== undefined) args.push('--jitter-ms', String(options.jitterMs));
	if (options.lossPct !== undefined) args.push('--loss-pct', String(options.lossPct));
	if (options.rateKbps !== undefined) args.push('--rate-kbps', String(options.rateKbps));
	args.push(...(options.extraArgs ?? []));
	const child = execa('node', [BIN, ...args], {
		reject: false,
		buffer: false,
		stdin: 'ignore',
		forceKillAfterDelay: 5000,
		// Its own folders under `dir` (removed at stop), never the user's.
		env: {...isolatedEnv(path.join(dir, 'home')), DIEMCAU_TOKEN: ''},
	});
	let err = '';
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		const timer = setTimeout(() => fail('no listening line within 15 s'), 15_000);
		function fail(why: string) {
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(new Error(`agent ${options.site}: ${why}\n${err}`));
		}
		child.stderr?.on('data', (chunk: Buffer) => {
			err += chunk.toString();
		});
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /(?:listening|dialling) (\S+) site=/.exec(out);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		});
		child.then(
			result => fail(`exited early (code ${result.exitCode})`),
			() => fail('failed to start'),
		);
	});
	const port = Number(new URL(url).port);
	let stopped: Promise<void> | undefined;
	return {
		url,
		port,
		process: child,
		stderr: () => err,
		stop() {
			stopped ??= (async () => {
				if (child.exitCode === null && child.signalCode === null) {
					child.kill('SIGTERM');
					await child;
				}
				rmSync(dir, {recursive: true, force: true});
			})();
			return stopped;
		},
	};
}

/** One site of a test plan. */
export interface PlanSiteInput {
	id: string;
	/** Absent for a dial-out site. */
	endpoint?: string;
	connect?: 'dial-in' | 'dial-out';
	token?: string;
	mode?: 'agent' | 'ws-ping';
	name?: string;
}

/**
 * Write a valid plan (JSON) into `dir` with these sites, tokens in `dir/tokens/ID.token` (0600)
 * referenced by {file}; `extra` is merged over the top level (probe, thresholds, agenda, ...). Returns its path.
 */
export function writePlan(dir: string, sites: PlanSiteInput[], extra: Record<string, unknown> = {}): string {
	mkdirSync(path.join(dir, 'tokens'), {recursive: true});
	const planSites = sites.map(site => {
		const mode = site.mode ?? 'agent';
		const entry: Record<string, unknown> = {
			id: site.id,
			name: site.name ?? `Site ${site.id}`,
			...(site.endpoint !== undefined ? {endpoint: site.endpoint} : {}),
			mode,
		};
		if (site.connect) entry.connect = site.connect;
		if (site.token !== undefined) {
			const file = path.join(dir, 'tokens', `${site.id}.token`);
			writeFileSync(file, `${strongToken(site.token)}\n`, {mode: 0o600});
			chmodSync(file, 0o600);
			entry.token = {file: `tokens/${site.id}.token`};
		}
		return entry;
	});
	const plan = {
		version: 1,
		session: {title: 'Test meeting', date: '2021-11-25', start: '08:00'},
		hub: {id: 'hub', name: 'Hub'},
		sites: planSites,
		agenda: [{id: 'opening', title: 'Opening', minutes: 5}],
		...extra,
	};
	const file = path.join(dir, 'plan.json');
	writeFileSync(file, `${JSON.stringify(plan, null, '\t')}\n`);
	return file;
}
