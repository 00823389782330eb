import {wordRefusal} from '../i18n/refusal-words.js';
import {chmodSync, lstatSync, unlinkSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {planIdentity} from '../model/plan/plan.js';
import type {HubAddon, HubCore} from './core.js';
import {FrameScheduler} from './frame-scheduler.js';
import {
	checkSocketPath,
	CONTROL_PROTOCOL,
	controlNonce,
	controlProof,
	type ControlExchange,
	isPipePath,
	lineSplitter,
	MAX_CLIENT_LINE,
	parseClientMessage,
	proofMatches,
	WELCOME_HISTORY,
	type Role,
	type ServerMessage,
	type WireSite,
} from './control-protocol.js';
import {hubControlPaths, loadControlKey, noteNoControl} from './control-channel.js';
import {controlWords, type ControlProblem} from './control-words.js';

// The core's control channel that screens attach to: a Unix socket, mode 0600 in a 0700 folder
// of this user's (Linux, macOS), or a named pipe (Windows). Either way a screen must prove it
// holds the user's control key, by answering the hub's fresh challenge, before it gets a word,
// and the welcome proves the hub holds it by answering the screen's (see controlProof).
// A screen can never take the core down: every socket error is the screen's alone, a screen
// that does not say hello in time, floods bad lines or reads too slowly is cut off, and the
// core keeps nothing per screen beyond its socket.

/** Options of the control channel. */
export interface ControlServerOptions {
	/** Where to listen: the first of these that binds (see hubControlPaths). */
	paths: readonly string[];
	/** The user's control key (loadControlKey). */
	key: string;
	/** Called when none of `paths` binds: the hub then runs without a channel. Without it, that is an error. */
	onUnbound?: (problem: ControlProblem) => void;
	/** One line per screen attached, left or cut off (serve's log). */
	log?: (line: string) => void;
	/** Screens at once (default 32). */
	maxScreens?: number;
	/** Link frames a second at most (default 10; 4 above 500 sites). */
	maxFps?: number;
	/** A screen must say hello within this (default 5000 ms). */
	helloTimeoutMs?: number;
	/** Bytes queued to one screen before it is cut off as too slow (default 32 MB). */
	maxQueuedBytes?: number;
}

interface Screen {
	socket: net.Socket;
	id: string | null;
	/** The exchange once the hub has sent its challenge (the role asked for and both nonces). */
	exchange?: ControlExchange;
	role: Role;
	badLines: number;
	/** Refused: nothing more it sends is read. */
	refused?: boolean;
}

const MAX_BAD_LINES = 20;

/** Refuse to take over a socket that is not ours or still answers (another hub on this journal); remove a stale one. */
export async function claimControlSocket(file: string): Promise<void> {
	if (!isPipePath(file)) {
		let stat;
		try {
			stat = lstatSync(file);
		} catch {
			return;
		}
		if (!stat.isSocket()) {
			throw new DiemcauError('DIEMCAU_CONTROL_BUSY', says('control-not-socket', {file}));
		}
	}
	const alive = await new Promise<boolean>(resolve => {
		const probe = net.connect(file);
		const done = (answer: boolean) => {
			probe.destroy();
			resolve(answer);
		};
		probe.once('connect', () => done(true));
		probe.once('error', () => done(false));
		setTimeout(() => done(false), 1000).unref();
	});
	if (alive) {
		throw new DiemcauError('DIEMCAU_CONTROL_BUSY', says('control-busy', {file}));
	}
	if (!isPipePath(file)) unlinkSync(file); // left by a hub that was killed (a pipe goes with its process)
}

/** The control socket as an add-on of the core. */
export function controlServer(options: ControlServerOptions): HubAddon & {readonly path: string | null; screens(): number} {
	const candidates = options.paths.map(file => (isPipePath(file) ? file : path.resolve(file)));
	let file: string | null = null;
	const maxScreens = options.maxScreens ?? 32;
	const helloTimeoutMs = options.helloTimeoutMs ?? 5000;
	const maxQueued = options.maxQueuedBytes ?? 32 * 1024 * 1024;
	const log = options.log ?? (() => undefined);
	const screens = new Set<Screen>();
	const offs: Array<() => void> = [];
	const sentTotal = new Map<string, number>();
	let dirty = new Set<string>();
	let allDirty = false;
	let server: net.Server | null = null;
	let scheduler: FrameScheduler | null = null;
	let counter = 0;

	const send = (screen: Screen, message: ServerMessage | string) => {
		if (screen.socket.destroyed) return;
		if (screen.socket.writableLength > maxQueued) {
			log(`screen ${screen.id ?? '?'} cut off: it reads too slowly`);
			screen.socket.destroy();
			return;
		}
		screen.socket.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
	};
	const broadcast = (message: ServerMessage) => {
		if (screens.size === 0) return;
		const line = JSON.stringify(message);
		for (const screen of screens) if (screen.id) send(screen, line);
	};

	return {
		name: 'control',
		get path() {
			return file;
		},
		screens: () => [...screens].filter(screen => screen.id).length,
		async start(core: HubCore) {
			const {meeting, monitor} = core;
			const wireSite = (id: string, now: number, all: boolean): WireSite => {
				const link = monitor.site(id, now)!.link;
				const after = all ? 0 : (sentTotal.get(id) ?? 0);
				const history = monitor.historySince(id, after) ?? {total: 0, rttMs: []};
				return {id, link, history: all ? history.rttMs.slice(-WELCOME_HISTORY) : history.rttMs, total: history.total};
			};
			const sendLinks = () => {
				const ids = allDirty ? core.plan.sites.map(site => site.id) : [...dirty];
				dirty = new Set();
				allDirty = false;
				if (screens.size === 0 || ids.length === 0) return;
				const now = performance.now();
				const sites = ids.map(id => wireSite(id, now, false));
				for (const site of sites) sentTotal.set(site.id, site.total);
				broadcast({type: 'links', now, sites});
			};
			// Above 500 sites, link figures go to attached screens twice a second, above 1,000 once a
			// second (every site is probed once a second, so no screen misses a probe's figures): each
			// screen parses and draws fewer link frames, which leaves its loop free for the operator's
			// keys, and the core serialises the large frame of 2,000 sites fewer times (most of what a
			// screen costs it; BENCHMARKS.md, the attach bench).
			// Meeting events still go at once.
			const siteCount = core.plan.sites.length;
			const fps = options.maxFps ?? (siteCount > 1000 ? 1 : siteCount > 500 ? 2 : 10);
			scheduler = new FrameScheduler({publish: sendLinks, maxFps: fps});
			let journalError = meeting.journalError;
			offs.push(
				meeting.onEvents(events => broadcast({type: 'events', events: [...events]})),
				meeting.onChange(() => {
					if (meeting.journalError === journalError) return;
					journalError = meeting.journalError;
					broadcast({type: 'meeting', journalError, journalFailure: meeting.journalFailure});
				}),
				monitor.onSample(site => {
					if (site === undefined) allDirty = true;
					else dirty.add(site);
					if (screens.size > 0) scheduler!.invalidate();
				}),
			);

			const welcome = (screen: Screen) => {
				const now = performance.now();
				const sites = core.plan.sites.map(site => wireSite(site.id, now, true));
				send(screen, {
					type: 'welcome',
					protocol: CONTROL_PROTOCOL,
					proof: controlProof(options.key, 'hub', screen.exchange!),
					screen: screen.id!,
					role: screen.role,
					identity: planIdentity(core.plan),
					plan: core.plan,
					journal: meeting.journalPath,
					state: meeting.state,
					journalError: meeting.journalError,
					journalFailure: meeting.journalFailure,
					now,
					sites,
				});
			};

			// One wrong proof ends the connection: another try needs a new connection, so a new challenge.
			const refuseKey = (screen: Screen) => {
				screen.refused = true;
				log(`a screen ${controlWords('en').screenWithoutKey}`);
				send(screen, {type: 'refused', code: 'key', why: 'this screen does not hold the control key of the user who runs the hub'});
				screen.socket.end();
			};

			const onLine = async (screen: Screen, line: string) => {
				if (screen.refused) return;
				const message = parseClientMessage(line);
				if ('problem' in message) {
					if (++screen.badLines > MAX_BAD_LINES) screen.socket.destroy();
					return;
				}
				if (message.type === 'hello') {
					// One hello per connection: a later one (say, "operator" on a viewer's screen) is ignored.
					if (screen.id || screen.exchange) return;
					if (message.protocol !== CONTROL_PROTOCOL) {
						send(screen, {
							type: 'refused',
							code: 'protocol',
							why: `this hub speaks ${CONTROL_PROTOCOL}, the screen ${message.protocol.slice(0, 40)}: use the same diemcau version for both`,
						});
						screen.socket.end();
						return;
					}
					if (!message.nonce) return refuseKey(screen);
					// A fresh challenge for this connection alone: the screen's proof must answer it.
					screen.exchange = {role: message.role, screen: message.nonce, hub: controlNonce()};
					send(screen, {type: 'challenge', protocol: CONTROL_PROTOCOL, nonce: screen.exchange.hub});
					return;
				}
				if (message.type === 'proof') {
					if (screen.id) return;
					// The proof first: a screen without the user's key learns nothing, not even how many are attached.
					if (!screen.exchange || !proofMatches(options.key, 'screen', screen.exchange, message.proof)) return refuseKey(screen);
					if ([...screens].filter(other => other.id).length >= maxScreens) {
						send(screen, {type: 'refused', code: 'full', why: `${maxScreens} screens are attached already`});
						screen.socket.end();
						return;
					}
					screen.id = `attach-${++counter}`;
					// The role is the hello's, once, and the proof covers it.
					screen.role = screen.exchange.role;
					log(`screen ${screen.id} attached (${screen.role})`);
					welcome(screen);
					return;
				}
				if (!screen.id) return;
				if (screen.role !== 'operator') {
					log(`intent ${message.intent.type} from ${screen.id}: refused: a viewer screen`);
					send(screen, {
						type: 'outcome',
						id: message.id,
						outcome: {ok: false, reason: wordRefusal({code: 'viewer'}, 'en'), refusal: {code: 'viewer'}},
					});
					return;
				}
				const outcome = await core.apply(message.intent, {screen: screen.id});
				send(screen, {type: 'outcome', id: message.id, outcome});
			};

			server = net.createServer({allowHalfOpen: false}, socket => {
				const screen: Screen = {socket, id: null, role: 'viewer', badLines: 0};
				screens.add(screen);
				const hello = setTimeout(() => {
					if (!screen.id) socket.destroy();
				}, helloTimeoutMs);
				hello.unref();
				socket.on(
					'data',
					lineSplitter(
						MAX_CLIENT_LINE,
						line => void onLine(screen, line),
						() => socket.destroy(),
					),
				);
				socket.on('error', () => undefined);
				socket.on('close', () => {
					clearTimeout(hello);
					screens.delete(screen);
					if (screen.id) log(`screen ${screen.id} left`);
				});
			});
			server.on('error', () => undefined);
			const errors: string[] = [];
			for (const candidate of candidates) {
				try {
					await listen(server, candidate);
					file = candidate;
					break;
				} catch (error) {
					errors.push((error as NodeJS.ErrnoException).code ?? (error as Error).message);
				}
			}
			if (file === null) {
				const problem: ControlProblem = {code: 'bind', path: candidates.join(', '), error: errors.join(', ')};
				for (const off of offs.splice(0)) off();
				scheduler?.stop();
				server = null;
				if (!options.onUnbound)
					throw new DiemcauError(
						'DIEMCAU_CONTROL_PATH',
						says('worded', {en: controlWords('en').noControl(problem), vi: controlWords('vi').noControl(problem)}),
					);
				options.onUnbound(problem);
			}
		},
		async stop() {
			for (const off of offs.splice(0)) off();
			scheduler?.stop();
			broadcast({type: 'bye', why: 'the hub is stopping'});
			for (const screen of screens) screen.socket.end();
			const closing = server ? new Promise<void>(resolve => server!.close(() => resolve())) : Promise.resolve();
			setTimeout(() => {
				for (const screen of screens) screen.socket.destroy();
			}, 500).unref();
			await closing;
			if (file === null || isPipePath(file)) return;
			try {
				unlinkSync(file);
			} catch {
				// already gone
			}
		},
	};
}

/** Listen on a Unix socket created 0600 (no other user may connect, not even for a moment), or on a named pipe. */
async function listen(server: net.Server, file: string): Promise<void> {
	const pipe = isPipePath(file);
	if (!pipe) checkSocketPath(file);
	const umask = pipe ? null : process.umask(0o177);
	try {
		await new Promise<void>((resolve, reject) => {
			server.once('error', reject);
			server.listen(file, () => {
				server.off('error', reject);
				resolve();
			});
		});
	} finally {
		if (umask !== null) process.umask(umask);
	}
	if (!pipe) chmodSync(file, 0o600);
}

/** A hub's control channel, ready to start: the paths to bind and the key, or why there is none. */
export type ControlPlan = {paths: string[]; key: string; explicit: boolean} | {problem: ControlProblem};

/**
 * Where a core's control channel goes: at `explicit` (--control), or at the user's per-journal
 * place (hubControlPaths), with the user's control key (made on first use). A default that
 * cannot be had only warns (the meeting runs, no screen can attach, and `attach` is told so);
 * an explicit path that cannot be used is an error. Claims the places (claimControlSocket)
 * before the journal is opened, so a second hub on the same journal stops before touching it.
 */
export async function prepareControl(journal: string, options: {explicit?: string; dataDir?: string}): Promise<ControlPlan> {
	const loaded = loadControlKey({create: true, dataDir: options.dataDir});
	if (options.explicit) {
		const file = isPipePath(options.explicit) ? options.explicit : path.resolve(options.explicit);
		checkSocketPath(file);
		if ('problem' in loaded)
			throw new DiemcauError(
				'DIEMCAU_CONTROL_PATH',
				says('worded', {en: controlWords('en').problem(loaded.problem), vi: controlWords('vi').problem(loaded.problem)}),
			);
		if (!('key' in loaded)) throw new DiemcauError('DIEMCAU_CONTROL_PATH', says('control-no-key', {file: loaded.missing}));
		await claimControlSocket(file);
		return {paths: [file], key: loaded.key, explicit: true};
	}
	if ('problem' in loaded) return {problem: loaded.problem};
	if (!('key' in loaded)) return {problem: {code: 'key', file: loaded.missing, why: 'unreadable'}};
	const found = hubControlPaths(journal, loaded.key);
	if ('problem' in found) return found;
	for (const file of found.paths) await claimControlSocket(file);
	return {paths: found.paths, key: loaded.key, explicit: false};
}

/**
 * The control channel as the core's add-on, or null; `onProblem` hears why there is none (at
 * once, or when binding fails at start), and `attach` is left a note saying the hub runs without
 * one. The returned `release` removes that note (call it when the core stops).
 */
export function controlAddon(
	plan: ControlPlan,
	journal: string,
	options: {log?: (line: string) => void; onProblem: (problem: ControlProblem) => void; dataDir?: string},
): {addon: ReturnType<typeof controlServer> | null; release: () => void} {
	let release = () => undefined as void;
	const unbound = (problem: ControlProblem) => {
		release = noteNoControl(journal, problem, options.dataDir);
		options.onProblem(problem);
	};
	if ('problem' in plan) {
		unbound(plan.problem);
		return {addon: null, release: () => release()};
	}
	const addon = controlServer({
		paths: plan.paths,
		key: plan.key,
		...(options.log ? {log: options.log} : {}),
		...(plan.explicit ? {} : {onUnbound: unbound}),
	});
	return {addon, release: () => release()};
}
