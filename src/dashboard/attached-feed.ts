import net from 'node:net';
import {wordRefusal} from '../i18n/refusal-words.js';
import {cleanText} from '../model/sanitize.js';
import {performance} from 'node:perf_hooks';
import {DiemcauError} from '../cli/errors.js';
import type {Lang} from '../i18n/catalog.js';
import {says} from '../i18n/error-words.js';
import {
	CONTROL_PROTOCOL,
	lineSplitter,
	MAX_SERVER_LINE,
	parseServerMessage,
	type Role,
	type ServerMessage,
	type WireSite,
} from '../hub/control-protocol.js';
import {cleanWire, controlNonce, controlProof, proofMatches, type ControlExchange} from '../hub/control-protocol.js';
import {socketTrustProblem} from '../hub/control-channel.js';
import {controlWords, type AttachProblem, type NotHubWhy} from '../hub/control-words.js';
import type {IntentOutcome} from '../hub/meeting.js';
import type {SiteLink} from '../hub/monitor.js';
import type {Intent} from '../model/meeting/intents.js';
import type {JournalFailure} from '../model/meeting/refusals.js';
import {sameIdentity, type Plan, type PlanIdentity} from '../model/plan/plan.js';
import {replaySession, type SessionEvent, type SessionState} from '../model/meeting/session.js';
import type {ScreenFeed} from './feed.js';
import type {MeetingSource} from './store.js';

// A screen's feed over the core's control channel (`diemcau attach`): a copy of the meeting's
// state kept by folding the journalled events the core streams, and a copy of every link. When
// the core goes away the screen says so at once, keeps its last frame (clocks stop), and
// reconnects every second until the core is back, which sends everything afresh.

type Welcome = Extract<ServerMessage, {type: 'welcome'}>;

const HISTORY = 900;

/** A connected socket and the core's welcome on it. */
interface Connection {
	socket: net.Socket;
	welcome: Welcome;
	/** Further messages (set by the feed; the ones before are queued). */
	setHandler(handler: (message: ServerMessage) => void, onClose: () => void): void;
}

/** What a connection needs besides its path: the user's control key and the language of its errors. */
export interface ConnectOptions {
	key: string;
	lang?: 'vi' | 'en';
	timeoutMs?: number;
}

/**
 * Connect, say hello, answer the hub's challenge with this screen's proof, and wait for the
 * welcome; every failure is an error that says what to do. Before a word is said to a Unix
 * socket, its owner and folder are checked (socketTrustProblem); the welcome must carry the
 * hub's proof for this connection's nonces (the hello's, fresh here, and the challenge's), so a
 * socket that does not hold the user's key, or replays what a real hub once said, is never
 * believed; every text that arrives goes through the sanitiser.
 */
export function connect(file: string, role: Role, options: ConnectOptions): Promise<Connection> {
	const timeoutMs = options.timeoutMs ?? 3000;
	const problem = socketTrustProblem(file);
	if (problem) return Promise.reject(attachError(problem));
	return new Promise((resolve, reject) => {
		const socket = net.connect(file);
		const nonce = controlNonce();
		let exchange: ControlExchange | null = null;
		let queued: ServerMessage[] = [];
		let handler: ((message: ServerMessage) => void) | null = null;
		let closeHandler: (() => void) | null = null;
		let welcome: Welcome | null = null;
		let settled = false;
		const fail = (error: DiemcauError) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			reject(error);
		};
		const notHub = (why: NotHubWhy) => attachError({code: 'not-a-hub', path: file, why});
		const timer = setTimeout(() => fail(notHub({code: 'timeout', seconds: timeoutMs / 1000})), timeoutMs);
		socket.on('connect', () => socket.write(`${JSON.stringify({type: 'hello', protocol: CONTROL_PROTOCOL, role, nonce})}\n`));
		socket.on('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'ECONNREFUSED') fail(attachError({code: 'hub-gone', path: file}));
			else if (error.code === 'ENOENT') fail(attachError({code: 'no-hub', where: [file]}));
			else if (error.code === 'EACCES' || error.code === 'EPERM') fail(attachError({code: 'permission', path: file}));
			else fail(notHub({code: 'error', error: error.code ?? error.message}));
		});
		socket.on('close', () => {
			if (!settled) fail(notHub({code: 'closed'}));
			closeHandler?.();
		});
		socket.on(
			'data',
			lineSplitter(
				MAX_SERVER_LINE,
				line => {
					const parsed = parseServerMessage(line);
					const message = parsed === null ? null : cleanWire(parsed);
					if (!welcome) {
						if (message?.type === 'refused') {
							const refused = message as {why?: unknown; code?: unknown};
							return fail(
								attachError({
									code: 'refused',
									why: cleanText(refused.why, 300),
									...(typeof refused.code === 'string' ? {refusal: refused.code} : {}),
								}),
							);
						}
						if (message?.type === 'challenge' && message.protocol === CONTROL_PROTOCOL && !exchange) {
							// Only one challenge, and a nonce of the hub's own (a hub echoing ours proves nothing).
							if (typeof message.nonce !== 'string' || !/^[0-9a-f]{32,128}$/.test(message.nonce) || message.nonce === nonce)
								return fail(notHub({code: 'bad-challenge'}));
							exchange = {role, screen: nonce, hub: message.nonce};
							socket.write(`${JSON.stringify({type: 'proof', proof: controlProof(options.key, 'screen', exchange)})}\n`);
							return;
						}
						if (message?.type !== 'welcome' || message.protocol !== CONTROL_PROTOCOL) return fail(notHub({code: 'foreign'}));
						// Nothing of a welcome is believed before the hub's proof for this connection: a socket without the key could paint a fake meeting.
						if (!exchange || !proofMatches(options.key, 'hub', exchange, message.proof))
							return fail(attachError({code: 'wrong-key', path: file}));
						welcome = message;
						settled = true;
						clearTimeout(timer);
						resolve({
							socket,
							welcome,
							setHandler(next, onClose) {
								handler = next;
								closeHandler = onClose;
								for (const early of queued) next(early);
								queued = [];
								if (socket.destroyed) onClose();
							},
						});
						return;
					}
					if (!message) return;
					if (handler) handler(message);
					else queued.push(message);
				},
				() => fail(notHub({code: 'long-line'})),
			),
		);
	});
}

/** An attach problem as the error the CLI prints, in the screen's language (every text in it sanitised). */
export function attachError(problem: AttachProblem): DiemcauError {
	const code =
		problem.code === 'no-hub' || problem.code === 'hub-gone' || problem.code === 'hub-without-control' || problem.code === 'no-key'
			? 'DIEMCAU_NO_HUB'
			: 'DIEMCAU_NOT_A_HUB';
	const clean = cleanWire(problem);
	const worded = (lang: Lang) => cleanText(controlWords(lang).attach(clean), Number.POSITIVE_INFINITY);
	return new DiemcauError(code, says('worded', {en: worded('en'), vi: worded('vi')}));
}

interface SiteCopy {
	site: SiteLink;
	total: number;
}

/** The feed of an attached screen. */
export class AttachedFeed implements ScreenFeed {
	readonly plan: Plan;
	readonly identity: PlanIdentity;
	readonly journal: string;
	readonly notices: string[] = [];
	readonly maxFps: number;
	screen: string;
	#file: string;
	#role: Role;
	#options: ConnectOptions;
	#connection: Connection | null;
	#state!: SessionState;
	#journalError: string | null = null;
	#journalFailure: JournalFailure | null = null;
	#sites = new Map<string, SiteCopy>();
	#order: SiteCopy[] = [];
	#meetingListeners = new Set<() => void>();
	#sampleListeners = new Set<() => void>();
	#statusListeners = new Set<(lost: boolean) => void>();
	#pending = new Map<number, (outcome: IntentOutcome) => void>();
	#nextId = 1;
	#lostAt: {mono: number; wall: number} | null = null;
	#closed = false;
	#retry: NodeJS.Timeout | null = null;

	private constructor(file: string, role: Role, options: ConnectOptions, connection: Connection) {
		this.#file = file;
		this.#role = role;
		this.#options = options;
		this.#connection = connection;
		const {welcome} = connection;
		this.plan = welcome.plan;
		this.identity = welcome.identity;
		this.journal = welcome.journal;
		this.screen = welcome.screen;
		this.maxFps = welcome.plan.sites.length > 500 ? 4 : 10;
		Object.defineProperties(this.meeting, {
			state: {get: () => this.#state},
			journalError: {get: () => this.#journalError},
			journalFailure: {get: () => this.#journalFailure},
		});
		this.#adopt(connection);
	}

	/** Attach to the core at `file`; refuses a socket that is no hub, or a hub of another meeting than `expect`. */
	static async open(file: string, role: Role, options: ConnectOptions & {expect?: PlanIdentity}): Promise<AttachedFeed> {
		const {expect, ...connectOptions} = options;
		const connection = await connect(file, role, connectOptions);
		if (expect && !sameIdentity(expect, connection.welcome.identity)) {
			connection.socket.destroy();
			const other = connection.welcome.identity;
			throw new DiemcauError(
				'DIEMCAU_OTHER_MEETING',
				says('other-meeting', {file, title: other.title, date: other.date, planTitle: expect.title, planDate: expect.date}),
			);
		}
		return new AttachedFeed(file, role, connectOptions, connection);
	}

	/** Take everything from a (new) welcome, then follow the stream. */
	#adopt(connection: Connection): void {
		const {welcome} = connection;
		this.#connection = connection;
		this.screen = welcome.screen;
		this.#state = welcome.state;
		this.#journalError = welcome.journalError;
		this.#journalFailure = welcome.journalFailure ?? null;
		const names = new Map(this.plan.sites.map(site => [site.id, site]));
		this.#sites.clear();
		this.#order = [];
		const shift = performance.now() - welcome.now;
		for (const wire of welcome.sites) {
			const planSite = names.get(wire.id);
			if (!planSite) continue;
			const copy: SiteCopy = {
				site: {id: wire.id, name: planSite.name, mode: planSite.mode, link: shifted(wire.link, shift), history: [...wire.history]},
				total: wire.total,
			};
			this.#sites.set(wire.id, copy);
			this.#order.push(copy);
		}
		connection.setHandler(
			message => this.#onMessage(message),
			() => this.#onClose(connection),
		);
		for (const listener of this.#meetingListeners) listener();
		for (const listener of this.#sampleListeners) listener();
	}

	#onMessage(message: ServerMessage): void {
		switch (message.type) {
			case 'events': {
				const fresh = message.events.filter((event: SessionEvent) => event.seq > this.#state.seq);
				if (fresh.length === 0) return;
				this.#state = replaySession(this.#state, fresh);
				for (const listener of this.#meetingListeners) listener();
				return;
			}
			case 'meeting':
				this.#journalError = message.journalError;
				this.#journalFailure = message.journalFailure ?? null;
				for (const listener of this.#meetingListeners) listener();
				return;
			case 'links': {
				const shift = performance.now() - message.now;
				for (const wire of message.sites) this.#applySite(wire, shift);
				for (const listener of this.#sampleListeners) listener();
				return;
			}
			case 'outcome': {
				const resolve = this.#pending.get(message.id);
				this.#pending.delete(message.id);
				resolve?.(message.outcome);
				return;
			}
			default:
				return;
		}
	}

	#applySite(wire: WireSite, shift: number): void {
		const copy = this.#sites.get(wire.id);
		if (!copy) return;
		copy.site.link = shifted(wire.link, shift);
		const first = wire.total - wire.history.length;
		const skip = Math.max(0, copy.total - first);
		if (skip < wire.history.length) {
			const history = copy.site.history;
			for (let i = skip; i < wire.history.length; i++) history.push(wire.history[i]!);
			if (history.length > HISTORY) history.splice(0, history.length - HISTORY);
		}
		copy.total = Math.max(copy.total, wire.total);
	}

	#onClose(connection: Connection): void {
		if (connection !== this.#connection) return;
		this.#connection = null;
		for (const resolve of this.#pending.values())
			resolve({ok: false, reason: wordRefusal({code: 'hub-gone'}, 'en'), refusal: {code: 'hub-gone'}});
		this.#pending.clear();
		if (this.#closed) return;
		this.#lostAt = {mono: performance.now(), wall: performance.timeOrigin + performance.now()};
		for (const listener of this.#statusListeners) listener(true);
		this.#scheduleRetry();
	}

	#scheduleRetry(): void {
		if (this.#closed) return;
		this.#retry = setTimeout(() => {
			this.#retry = null;
			connect(this.#file, this.#role, this.#options).then(
				connection => {
					if (this.#closed || !sameIdentity(this.identity, connection.welcome.identity)) {
						connection.socket.destroy();
						this.#scheduleRetry();
						return;
					}
					this.#lostAt = null;
					this.#adopt(connection);
					for (const listener of this.#statusListeners) listener(false);
				},
				() => this.#scheduleRetry(),
			);
		}, 1000);
	}

	/** True while the core is gone. */
	get lost(): boolean {
		return this.#lostAt !== null;
	}

	/** Monotonic ms for the frames: stopped while the core is gone (the last frame stays). */
	readonly clock = (): number => this.#lostAt?.mono ?? performance.now();

	/** The meeting's wall clock, stopped while the core is gone. */
	readonly wallClock = (): number => this.#lostAt?.wall ?? performance.timeOrigin + performance.now();

	readonly links = {
		sites: (): SiteLink[] => this.#order.map(copy => copy.site),
		onSample: (listener: () => void) => {
			this.#sampleListeners.add(listener);
			return () => this.#sampleListeners.delete(listener);
		},
		onChange: () => () => undefined,
	};

	readonly meeting: MeetingSource = {
		state: undefined as never,
		journalError: null,
		journalFailure: null,
		onChange: (listener: () => void) => {
			this.#meetingListeners.add(listener);
			return () => this.#meetingListeners.delete(listener);
		},
	};

	/** Listen for the core going away (true) and coming back (false). */
	onStatus(listener: (lost: boolean) => void): () => void {
		this.#statusListeners.add(listener);
		return () => this.#statusListeners.delete(listener);
	}

	/** Send an intent; the core decides and journals it (the screen sees it by the events). */
	send(intent: Intent): Promise<IntentOutcome> {
		const connection = this.#connection;
		if (!connection || connection.socket.destroyed)
			return Promise.resolve({ok: false, reason: wordRefusal({code: 'hub-unreachable'}, 'en'), refusal: {code: 'hub-unreachable'}});
		const id = this.#nextId++;
		return new Promise(resolve => {
			this.#pending.set(id, resolve);
			connection.socket.write(`${JSON.stringify({type: 'intent', id, intent})}\n`);
		});
	}

	/** Leave: close the socket, stop reconnecting. */
	close(): void {
		this.#closed = true;
		if (this.#retry) clearTimeout(this.#retry);
		this.#connection?.socket.end();
		this.#connection?.socket.destroy();
	}
}

/** A snapshot with the core's monotonic times moved onto this process's clock. */
function shifted(link: SiteLink['link'], shift: number): SiteLink['link'] {
	return {...link, changedAt: link.changedAt + shift, lastSeenAt: link.lastSeenAt === null ? null : link.lastSeenAt + shift};
}
