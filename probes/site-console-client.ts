import {
	cleanText,
	parseCheckinAck,
	parseStateMessage,
	type ConsoleCheckinMessage,
	type ConsoleOpenMessage,
	type StateMessage,
} from './console-protocol.js';
import type {AgentNotice} from '../src/model/agent-notice.js';
import {
	decideCheckin,
	siteConsoleView,
	type ConsoleConnection,
	type ConsoleIntent,
	type ConsoleRefusal,
	type ConsoleView,
	type PendingCheckin,
} from '../src/model/meeting/site-console.js';

// The agent's side of the site console: holds what the hub last said (`state`), the console's
// marks awaiting the hub's ack, and the connection; turns the screen's intents into `checkin`
// frames. No socket of its own: the agent's connection hands it frames (`receive`) and gives it
// `send`, so dial-in and dial-out feed it the same way.

/** Options of a console client. */
export interface SiteConsoleClientOptions {
	site: {id: string; name: string};
	/** Send one frame to the hub; false when there is no authenticated connection. */
	send: (message: ConsoleCheckinMessage | ConsoleOpenMessage) => boolean;
	/** Monotonic ms (default performance.now). */
	clock?: () => number;
}

/** The console's state between the hub and the screen. */
export class SiteConsoleClient {
	private readonly options: Required<SiteConsoleClientOptions>;
	private connection: ConsoleConnection;
	private state: StateMessage | null = null;
	private receivedAt: number | null = null;
	private pending: PendingCheckin[] = [];
	private refusal: ConsoleRefusal | null = null;
	private noticeText: string | AgentNotice | null = null;
	private closed = false;
	private nextId = 1;
	private readonly listeners = new Set<() => void>();
	/** Frames from the hub that were not valid console messages (counted, dropped). */
	badFrames = 0;
	/** What has changed, for useSyncExternalStore. */
	version = 0;

	constructor(options: SiteConsoleClientOptions) {
		this.options = {clock: () => performance.now(), ...options};
		this.connection = {state: 'waiting', since: this.options.clock()};
	}

	/** The hub authenticated (dial-in: it called us; dial-out: we reached it): ask it for states. */
	connected(hub?: string): void {
		this.connection = {state: 'connected', since: this.options.clock(), ...(hub ? {hub} : {})};
		this.state = null; // a new connection's seq starts over; its first state is the truth
		this.receivedAt = null;
		if (!this.closed) this.options.send({type: 'console', open: true});
		this.changed();
	}

	/** A line of the agent's log, or a notice of its link by code (why a dial failed, a refused proof): the screen shows the last one while not connected. */
	notice(line: string | AgentNotice): void {
		this.noticeText = typeof line === 'string' ? cleanText(line.replace(/^diemcau agent: /, '')) || null : line;
		this.changed();
	}

	/** The screen closes: the hub may stop sending states (the agent goes on serving probes). */
	close(): void {
		this.closed = true; // and stays so: a later connection does not ask for states again
		if (this.connection.state === 'connected') this.options.send({type: 'console', open: false});
	}

	/** The connection closed. Unacknowledged marks are dropped: the hub's next state says what it kept. */
	disconnected(): void {
		if (this.connection.state !== 'connected') return;
		this.connection = {state: 'lost', since: this.options.clock(), ...(this.connection.hub ? {hub: this.connection.hub} : {})};
		this.pending = [];
		this.refusal = null; // an old refusal says nothing now; the agent's notice says why it is not connected
		this.changed();
	}

	/** One console frame from the hub (already JSON-parsed); false when it was dropped. */
	receive(data: unknown): boolean {
		const type = (data as {type?: unknown} | null)?.type;
		if (type === 'state') {
			const parsed = parseStateMessage(data);
			if (!parsed.ok) return this.bad();
			if (this.state && parsed.message.seq <= this.state.seq) return false; // late or repeated
			this.state = parsed.message;
			this.receivedAt = this.options.clock();
			this.changed();
			return true;
		}
		if (type === 'checkin-ack') {
			const parsed = parseCheckinAck(data);
			if (!parsed.ok) return this.bad();
			const ack = parsed.message;
			const mark = this.pending.find(entry => entry.id === ack.id);
			if (!mark) return false;
			this.pending = this.pending.filter(entry => entry !== mark);
			if (ack.ok && this.state) {
				// Journalled at the hub: show it at once, before the next state confirms it.
				const roster = this.state.roster.map((entry, role) =>
					role === ack.role
						? {
								role: entry.role,
								status: ack.status,
								...(mark.reason && ack.status === 'absent' ? {reason: mark.reason} : {}),
								by: 'site' as const,
							}
						: entry,
				);
				this.state = {...this.state, roster};
			}
			if (!ack.ok) this.refusal = {by: 'hub', reason: ack.reason, ...(ack.refusal ? {refusal: ack.refusal} : {})};
			this.changed();
			return true;
		}
		return this.bad();
	}

	/** An intent from the screen; quit is the caller's to handle. */
	dispatch(intent: ConsoleIntent): void {
		if (intent.type !== 'checkin') return;
		const decision = decideCheckin(this.view(), intent);
		if (!decision.ok) {
			this.refusal = {by: 'console', code: decision.refusal};
			this.changed();
			return;
		}
		const message: ConsoleCheckinMessage = {
			type: 'checkin',
			id: `c${this.nextId++}`,
			role: decision.intent.role,
			status: decision.intent.status,
		};
		if (decision.intent.reason) message.reason = decision.intent.reason;
		if (!this.options.send(message)) {
			this.refusal = {by: 'console', code: 'not-connected'};
		} else {
			this.refusal = null;
			this.pending = [
				...this.pending.filter(entry => entry.role !== message.role),
				{id: message.id, role: message.role, status: message.status, ...(message.reason ? {reason: message.reason} : {})},
			];
		}
		this.changed();
	}

	/** The screen at the client's clock now. */
	view(): ConsoleView {
		return siteConsoleView({
			site: this.options.site,
			connection: this.connection,
			state: this.state,
			receivedAt: this.receivedAt,
			pending: this.pending,
			refusal: this.refusal,
			notice: this.noticeText,
			now: this.options.clock(),
		});
	}

	/** Call `listener` on every change; returns the unsubscribe. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private bad(): false {
		this.badFrames++;
		return false;
	}

	private changed(): void {
		this.version++;
		for (const listener of this.listeners) listener();
	}
}
