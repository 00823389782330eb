import {spawn} from 'node:child_process';
import type {AlertName} from './alert-rules.js';
import {cleanText} from '../model/sanitize.js';
import {hookFailure, type HookFailure} from '../i18n/alert-words.js';

// Delivering alerts: a command that gets the alert JSON on stdin, and/or a webhook
// the JSON is POSTed to. Never in the way of probing or a screen: send() only queues; each hook
// runs at most `concurrency` at a time in its own pool (a hanging command does not hold up the
// webhook), every run has a timeout, the webhook is retried with exponential backoff, and the
// queue is bounded (the oldest waiting alerts are dropped, and counted, when it overflows).

/** The alert JSON of DESIGN.md "Outputs" (hook stdin, webhook body). */
export interface AlertPayload {
	alert: AlertName;
	state: 'firing' | 'resolved';
	site: string | null;
	at: string;
	/** In the hub's language (serve/run --lang, else LANG): what a phone shows. */
	message: string;
	/** The same in English, whatever the language: for scripts. */
	messageEn: string;
	/** The language of `message`. */
	lang: 'vi' | 'en';
}

/** How one hook run ended. */
export interface HookResult {
	hook: 'command' | 'webhook';
	payload: AlertPayload;
	ok: boolean;
	/** Why it failed, as a code worded per language (no secrets: the webhook is named by its host only). */
	failure?: HookFailure;
	attempts: number;
}

type Outcome = {ok: boolean; failure?: HookFailure; attempts: number};

/** The plan's hooks and their limits. */
export interface AlertHooksOptions {
	command?: readonly string[];
	webhook?: string;
	/** Folder a relative command runs from (the plan's). */
	cwd?: string;
	/** Runs at a time per hook (default 2). */
	concurrency?: number;
	/** Alerts waiting per hook at most (default 100). */
	queueMax?: number;
	commandTimeoutMs?: number;
	webhookTimeoutMs?: number;
	/** Webhook retries after the first try (default 3), waiting backoffMs, 2×, 4× … between. */
	retries?: number;
	backoffMs?: number;
}

type Task = {payload: AlertPayload};

/** What a hook may see of the hub's own environment: where programs are and the locale; on Windows what a program needs to start. */
const PASSED: Record<'posix' | 'win32', readonly string[]> = {
	posix: ['PATH', 'LANG'],
	win32: ['PATH', 'LANG', 'SYSTEMROOT', 'WINDIR', 'COMSPEC', 'PATHEXT', 'TEMP', 'TMP'],
};

/**
 * The environment of a command hook: the few variables of PASSED and the alert's own DIEMCAU_*,
 * nothing else. The hub's environment may hold site tokens (`token: {env: …}` in the plan,
 * DIEMCAU_TOKEN), and a hook is often a script from elsewhere.
 */
export function hookEnv(
	payload: AlertPayload,
	env: NodeJS.ProcessEnv = process.env,
	platform: NodeJS.Platform = process.platform,
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const name of PASSED[platform === 'win32' ? 'win32' : 'posix']) {
		const value = env[name];
		if (value !== undefined) out[name] = value;
	}
	return {
		...out,
		DIEMCAU_ALERT: payload.alert,
		DIEMCAU_ALERT_STATE: payload.state,
		DIEMCAU_SITE: payload.site ?? '',
		DIEMCAU_AT: payload.at,
		DIEMCAU_MESSAGE: payload.message,
		DIEMCAU_MESSAGE_EN: payload.messageEn,
	};
}

/** Bounded pools that run the plan's alert hooks. */
export class AlertHooks {
	private readonly options: Required<Omit<AlertHooksOptions, 'command' | 'webhook' | 'cwd'>> &
		Pick<AlertHooksOptions, 'command' | 'webhook' | 'cwd'>;
	private readonly pools: Pool[] = [];
	private closed = false;

	constructor(options: AlertHooksOptions, onResult: (result: HookResult) => void) {
		this.options = {
			concurrency: 2,
			queueMax: 100,
			commandTimeoutMs: 10_000,
			webhookTimeoutMs: 5000,
			retries: 3,
			backoffMs: 1000,
			...options,
		};
		const {command, webhook} = this.options;
		if (command && command.length > 0)
			this.pools.push(
				new Pool('command', this.options.concurrency, this.options.queueMax, task => this.runCommand(command, task.payload), onResult),
			);
		if (webhook)
			this.pools.push(
				new Pool('webhook', this.options.concurrency, this.options.queueMax, task => this.postWebhook(webhook, task.payload), onResult),
			);
	}

	/** True when the plan has a command or a webhook. */
	get active(): boolean {
		return this.pools.length > 0;
	}

	/** Queue the alert for every hook; returns at once. */
	send(payload: AlertPayload): void {
		if (this.closed) return;
		for (const pool of this.pools) pool.push({payload});
	}

	/** Alerts dropped because a hook's queue was full. */
	get dropped(): number {
		return this.pools.reduce((sum, pool) => sum + pool.dropped, 0);
	}

	/** Stop taking alerts; wait up to graceMs for the runs under way (then leave them). */
	async close(graceMs = 3000): Promise<void> {
		this.closed = true;
		for (const pool of this.pools) pool.clear();
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([
			Promise.all(this.pools.map(pool => pool.idle())),
			new Promise<void>(resolve => {
				timer = setTimeout(resolve, graceMs);
				timer.unref();
			}),
		]);
		clearTimeout(timer);
	}

	private runCommand(command: readonly string[], payload: AlertPayload): Promise<Outcome> {
		const [program, ...args] = command as [string, ...string[]];
		return new Promise(resolve => {
			let stderr = '';
			let settled = false;
			const done = (ok: boolean, failure?: HookFailure) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				resolve(ok ? {ok, attempts: 1} : {ok, failure, attempts: 1});
			};
			const child = spawn(program, args, {
				cwd: this.options.cwd,
				stdio: ['pipe', 'ignore', 'pipe'],
				// Its own process group, so a timeout ends a shell script's children too.
				detached: true,
				env: hookEnv(payload),
			});
			const timer = setTimeout(() => {
				killGroup(child.pid);
				done(false, hookFailure('command-timeout', {program, seconds: Math.round(this.options.commandTimeoutMs / 1000)}));
			}, this.options.commandTimeoutMs);
			timer.unref();
			child.on('error', (error: NodeJS.ErrnoException) =>
				done(
					false,
					error.code === 'ENOENT'
						? hookFailure('command-missing', {program})
						: error.code === 'EACCES'
							? hookFailure('command-not-executable', {program})
							: hookFailure('command-error', {program, detail: error.message}),
				),
			);
			child.stderr.on('data', (chunk: Buffer) => {
				if (stderr.length < 400) stderr += chunk.toString('utf8');
			});
			child.on('close', (code, signal) => {
				const said = oneLine(stderr);
				if (code === 0) done(true);
				else
					done(
						false,
						signal
							? hookFailure('command-signal', {program, signal, said})
							: hookFailure('command-exit', {program, code: code ?? -1, said}),
					);
			});
			child.stdin.on('error', () => undefined); // a hook that does not read its stdin is fine
			child.stdin.end(`${JSON.stringify(payload)}\n`);
		});
	}

	private async postWebhook(webhook: string, payload: AlertPayload): Promise<Outcome> {
		const host = new URL(webhook).host;
		let failure: HookFailure = hookFailure('webhook-error', {host, detail: '', tries: null});
		const tries = 1 + Math.max(0, this.options.retries);
		for (let attempt = 1; attempt <= tries; attempt++) {
			try {
				const response = await fetch(webhook, {
					method: 'POST',
					headers: {'content-type': 'application/json', 'user-agent': 'diemcau'},
					body: JSON.stringify(payload),
					redirect: 'error',
					signal: AbortSignal.timeout(this.options.webhookTimeoutMs),
				});
				await response.body?.cancel().catch(() => undefined);
				if (response.ok) return {ok: true, attempts: attempt};
				// A refusal (400, 401, 404 …) will not change by asking again; 429 and 5xx may.
				if (response.status < 500 && response.status !== 429)
					return {ok: false, failure: hookFailure('webhook-status', {host, status: response.status, tries: null}), attempts: attempt};
				failure = hookFailure('webhook-status', {host, status: response.status, tries});
			} catch (caught) {
				const e = caught as Error & {cause?: {code?: string}};
				failure =
					e.name === 'TimeoutError'
						? hookFailure('webhook-timeout', {host, seconds: Math.round(this.options.webhookTimeoutMs / 1000), tries})
						: hookFailure('webhook-error', {host, detail: e.cause?.code ?? e.message, tries});
			}
			if (attempt < tries) await sleep(this.options.backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
		}
		return {ok: false, failure, attempts: tries};
	}
}

class Pool {
	private readonly queue: Task[] = [];
	private running = 0;
	private waiters: Array<() => void> = [];
	dropped = 0;

	constructor(
		private readonly hook: HookResult['hook'],
		private readonly concurrency: number,
		private readonly queueMax: number,
		private readonly run: (task: Task) => Promise<Outcome>,
		private readonly onResult: (result: HookResult) => void,
	) {}

	push(task: Task): void {
		if (this.queue.length >= this.queueMax) {
			const oldest = this.queue.shift()!;
			this.dropped++;
			this.report({
				hook: this.hook,
				payload: oldest.payload,
				ok: false,
				failure: hookFailure('queue-full', {hook: this.hook, waiting: this.queueMax}),
				attempts: 0,
			});
		}
		this.queue.push(task);
		this.next();
	}

	clear(): void {
		this.dropped += this.queue.length;
		this.queue.length = 0;
	}

	idle(): Promise<void> {
		if (this.running === 0) return Promise.resolve();
		return new Promise(resolve => this.waiters.push(resolve));
	}

	private report(result: HookResult): void {
		try {
			this.onResult(result);
		} catch {}
	}

	private next(): void {
		while (this.running < this.concurrency && this.queue.length > 0) {
			const task = this.queue.shift()!;
			this.running++;
			void this.run(task)
				.catch((error: Error): Outcome => ({ok: false, failure: hookFailure('other', {text: error.message}), attempts: 1}))
				.then(outcome => {
					this.running--;
					this.report({hook: this.hook, payload: task.payload, ...outcome});
					this.next();
					if (this.running === 0) for (const resolve of this.waiters.splice(0)) resolve();
				});
		}
	}
}

function killGroup(pid: number | undefined): void {
	if (pid === undefined) return;
	try {
		process.kill(-pid, 'SIGKILL');
	} catch {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {}
	}
}

// What a hook printed on stderr, as one short line safe for a terminal.
const oneLine = (text: string): string => cleanText(text, 120);

const sleep = (ms: number) =>
	new Promise<void>(resolve => {
		setTimeout(resolve, ms).unref();
	});
