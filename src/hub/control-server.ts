import {chmodSync, lstatSync, mkdirSync, unlinkSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {DiemcauError} from '../cli/errors.js';
import {planIdentity} from '../model/plan/plan.js';
import type {HubAddon, HubCore} from './core.js';
import {FrameScheduler} from './frame-scheduler.js';
import {
	checkSocketPath,
	CONTROL_PROTOCOL,
	controlPathFor,
	lineSplitter,
	MAX_CLIENT_LINE,
	parseClientMessage,
	WELCOME_HISTORY,
	type Role,
	type ServerMessage,
	type WireSite,
} from './control-protocol.js';

// The core's control socket: a Unix socket, mode 0600 (only this user), that screens attach
// to. A screen can never take the core down: every socket error is the screen's alone, a screen
// that does not say hello in time, floods bad lines or reads too slowly is cut off, and the
// core keeps nothing per screen beyond its socket.

/** Options of the control socket. */
export interface ControlServerOptions {
	/** The socket file (default: beside the journal, see controlPathFor). */
	path: string;
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
	role: Role;
	badLines: number;
}

const MAX_BAD_LINES = 20;

/** Refuse to take over a socket that is not ours or still answers (another hub on this journal); remove a stale one. */
export async function claimControlSocket(file: string): Promise<void> {
	let stat;
	try {
		stat = lstatSync(file);
	} catch {
		return;
	}
	if (!stat.isSocket()) {
		throw new DiemcauError('DIEMCAU_CONTROL_BUSY', `${file} exists and is not a socket: move it away, or choose another control socket with --control PATH.`);
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
		throw new DiemcauError('DIEMCAU_CONTROL_BUSY', `a hub already runs on this journal (its control socket ${file} answers): attach to it with \`diemcau attach\`, or stop it first.`);
	}
	unlinkSync(file); // left by a hub that was killed
}

/** The control socket as an add-on of the core. */
export function controlServer(options: ControlServerOptions): HubAddon & {readonly path: string; screens(): number} {
	const file = path.resolve(options.path);
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
		path: file,
		screens: () => [...screens].filter(screen => screen.id).length,
		async start(core: HubCore) {
			checkSocketPath(file);
			mkdirSync(path.dirname(file), {recursive: true});
			await claimControlSocket(file);
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
			// keys, and the core serialises ~1.4 MB a frame at 2,000 sites fewer times (12–20 ms each
			// on the 2-core hub: most of what a screen costs it; BENCHMARKS.md, the attach bench).
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
					broadcast({type: 'meeting', journalError});
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
					screen: screen.id!,
					role: screen.role,
					identity: planIdentity(core.plan),
					plan: core.plan,
					journal: meeting.journalPath,
					state: meeting.state,
					journalError: meeting.journalError,
					now,
					sites,
				});
			};

			const onLine = async (screen: Screen, line: string) => {
				const message = parseClientMessage(line);
				if ('problem' in message) {
					if (++screen.badLines > MAX_BAD_LINES) screen.socket.destroy();
					return;
				}
				if (message.type === 'hello') {
					if (screen.id) return;
					if (message.protocol !== CONTROL_PROTOCOL) {
						send(screen, {type: 'refused', why: `this hub speaks ${CONTROL_PROTOCOL}, the screen ${message.protocol.slice(0, 40)}: use the same diemcau version for both`});
						screen.socket.end();
						return;
					}
					if ([...screens].filter(other => other.id).length >= maxScreens) {
						send(screen, {type: 'refused', why: `${maxScreens} screens are attached already`});
						screen.socket.end();
						return;
					}
					screen.id = `attach-${++counter}`;
					screen.role = message.role;
					log(`screen ${screen.id} attached (${screen.role})`);
					welcome(screen);
					return;
				}
				if (!screen.id) return;
				if (screen.role !== 'operator') {
					log(`intent ${message.intent.type} from ${screen.id}: refused: a viewer screen`);
					send(screen, {type: 'outcome', id: message.id, outcome: {ok: false, reason: 'viewer: cannot change the meeting', refusal: {code: 'viewer'}}});
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
				socket.on('data', lineSplitter(MAX_CLIENT_LINE, line => void onLine(screen, line), () => socket.destroy()));
				socket.on('error', () => undefined);
				socket.on('close', () => {
					clearTimeout(hello);
					screens.delete(screen);
					if (screen.id) log(`screen ${screen.id} left`);
				});
			});
			server.on('error', () => undefined);
			// The socket is created 0600: no other user may connect, not even for a moment.
			const umask = process.umask(0o177);
			try {
				await new Promise<void>((resolve, reject) => {
					server!.once('error', reject);
					server!.listen(file, () => {
						server!.off('error', reject);
						resolve();
					});
				});
			} finally {
				process.umask(umask);
			}
			chmodSync(file, 0o600);
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
			try {
				unlinkSync(file);
			} catch {
				// already gone
			}
		},
	};
}

/**
 * Where a core's control socket goes: at `explicit` (--control), or beside the journal. A default
 * path too long for a Unix socket only warns (the meeting runs, no screen can attach); an
 * explicit one that cannot be used is an error. Claim it (claimControlSocket) before the
 * journal is opened, so a second hub on the same journal stops before touching it.
 */
export function controlSocketFor(journal: string, options: {explicit?: string; warn: (text: string) => void}): string | null {
	const file = options.explicit ? path.resolve(options.explicit) : controlPathFor(journal);
	if (!options.explicit) {
		try {
			checkSocketPath(file);
		} catch (error) {
			options.warn(`no control socket, so no screen can attach: ${(error as Error).message}`);
			return null;
		}
	}
	checkSocketPath(file);
	return file;
}
