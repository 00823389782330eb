import WebSocket from 'ws';
import {cleanReason} from '../src/model/sanitize.js';
import {agentMac, hubMac, macEqual, newNonce} from './auth.js';
import {Backoff, type BackoffOptions} from './backoff.js';
import {reasonForClose, reasonForError} from './disconnect-reason.js';
import {linkReason, sameReason, type LinkReason} from '../src/model/link/link-reasons.js';
import {frameKeys, type FrameKeys} from './frame-mac.js';
import type {HubBandwidth} from './hub-bandwidth.js';
import type {DialedAgent} from './hub-listener.js';
import {FloodCounter} from './listener-guard.js';
import {CLOSE, encode, encodePing, frameMacOf, MAX_PAYLOAD, parseMessage, PROTOCOLS, type Message} from './protocol.js';
import {STALL_MS, type StallWatch} from './stall-watch.js';
import type {ProbeEvent, ProbeTarget, SiteFrame} from './probe-types.js';
import {onUdpMessage, startSiteUdp, type HubUdpSession, type UdpHub} from './udp-hub.js';

const BAD_FRAME_LIMIT = 20; // bad frames within BAD_FRAME_WINDOW_MS before the site is cut off
const BAD_FRAME_WINDOW_MS = 10_000;
const BAD_MAC_LIMIT = 3; // frames failing their MAC within BAD_FRAME_WINDOW_MS: someone on the path writes them
const IGNORED_LIMIT = 1000; // frames ignored (late pongs, data of an abandoned test, check-ins) within the window
const LOST_SEQS_KEPT = 256; // seqs declared lost whose late pong is still welcome (once)
const CHECKIN_LIMIT = 30; // console marks within BAD_FRAME_WINDOW_MS (a roster is 5–10 people): more is a flood
/** A dial-out site that has not called this long after start is reported down, "not connected". */
export const DEFAULT_WAIT_MS = 10_000;
/** Why a dial-out site is down when its agent has not called the hub. */
export const NOT_CONNECTED: LinkReason = linkReason('not-connected', {});
/** The reason a site is cut for frames that fail their MAC. */
export const FORGED_REASON: LinkReason = linkReason('forged', {});
const WS_PING_MAX_PAYLOAD = 1024 * 1024; // a bridge may push its own messages; we ignore them but allow them
// A sealed frame goes to ws as a Buffer sent as text: masked (the socket we dialled), ws copies it
// into one buffer with the frame header and writes it once, where a string costs a cork and two
// writes (ws 8 Sender.frame); a Buffer payload is never changed by ws.
const TEXT = {binary: false} as const;

/** What every SiteLink of one Prober shares. */
export interface LinkContext {
	clock: () => number;
	intervalMs: number;
	timeoutMs: number;
	downAfter: number;
	backoff: BackoffOptions;
	originAt: number; // probe grid origin: site i sends at originAt + phase_i + k·intervalMs
	stall: StallWatch;
	emit: (event: ProbeEvent) => void;
	counters: {probesSent: number};
	udp: UdpHub | null; // the UDP test stream beside every agent connection
	waitMs: number; // dial-out: how long to wait for the agent's first call before reporting it down
}

/**
 * One site's connection: dial, authenticate (agent mode), probe on a drift-free grid, declare
 * probes lost after timeoutMs, cut a silent connection after downAfter lost probes (a half-open
 * TCP connection must not linger), and redial with back-off. One timer per site, armed for
 * whichever comes first: the next send or the oldest probe's deadline.
 * A dial-out site (`connect: 'dial-out'`) is never dialled: the hub's listener authenticates the
 * socket its agent opens and hands it to `attach`; from there on everything is the same, and a
 * lost socket waits for the agent's next call instead of a redial.
 */
export class SiteLink {
	private ws: WebSocket | null = null;
	private up = false;
	private stopped = true;
	private seq = 0;
	private readonly pending = new Map<number, number>(); // seq → sentAt, insertion (= seq) order
	private readonly late = new Set<number>(); // seqs sent late (event loop stalled)
	private lost = 0;
	private nextSendAt = 0;
	private timer: NodeJS.Timeout | undefined;
	private dialTimer: NodeJS.Timeout | undefined;
	private reason: LinkReason | null = null; // why the current socket ends, when we decided it
	private lastReported: LinkReason | null = null;
	private readonly bad = new FloodCounter(BAD_FRAME_LIMIT - 1, BAD_FRAME_WINDOW_MS);
	private readonly badMacs = new FloodCounter(BAD_MAC_LIMIT - 1, BAD_FRAME_WINDOW_MS);
	private readonly ignored = new FloodCounter(IGNORED_LIMIT, BAD_FRAME_WINDOW_MS);
	private readonly lostSeqs = new Set<number>();
	private keys: (FrameKeys & {master: Buffer}) | null = null;
	private readonly backoff: Backoff;
	private readonly pingBuffer = Buffer.alloc(8);
	bandwidth: HubBandwidth | null = null;
	/** This connection's UDP session (agent mode, after auth), null otherwise. */
	udp: HubUdpSession | null = null;
	/** A bulk connection (the bandwidth test's own): authenticates, never probes, no UDP. */
	bulk = false;
	private paused = false;
	private closed: (() => void) | null = null;
	private called = false; // dial-out: the agent has called at least once since start
	private consoleOpen = false;
	private readonly checkins = new FloodCounter(CHECKIN_LIMIT, BAD_FRAME_WINDOW_MS);
	private readonly dialOut: boolean;
	/**
	 * ws masks what we send on a socket we dialled, copying the payload into a frame of its own before
	 * send returns (no compression here): the channel's scratch buffer may then be handed over. The
	 * socket of a dial-out agent is the server side of its connection: unmasked, ws writes our
	 * Buffer as it is, later, so each frame gets its own.
	 */
	private readonly masks: boolean;

	constructor(
		readonly target: ProbeTarget,
		private readonly phaseMs: number,
		private readonly ctx: LinkContext,
	) {
		this.backoff = new Backoff(ctx.backoff);
		this.dialOut = target.connect === 'dial-out';
		this.masks = !this.dialOut;
	}

	/**
	 * Hold the probes while a bandwidth or video test fills the line: probes queued behind bulk
	 * data would only measure the test, and their silence must not cut the site. Probes still
	 * pending are forgotten, not counted lost; resuming starts on the next slot.
	 */
	pauseProbes(paused: boolean): void {
		if (this.paused === paused) return;
		this.paused = paused;
		if (!this.up || this.bulk) return;
		const now = this.ctx.clock();
		if (paused) {
			clearTimeout(this.timer);
			this.pending.clear();
			this.late.clear();
		} else {
			this.lost = 0;
			this.nextSendAt = this.gridAfter(now);
			this.arm(now);
		}
	}

	/** True once authenticated (agent) or open (ws-ping), until the socket ends. */
	isUp(): boolean {
		return this.up;
	}

	/** Send one protocol message (any type: bandwidth test, UDP set-up, ...), sealed; false when not connected. */
	send(message: Message | string, callback?: (error?: Error) => void): boolean {
		if (!this.up || !this.ws || !this.keys) return false;
		const json = typeof message === 'string' ? message : encode(message);
		this.ws.send(this.keys.send.sealBuffer(json, this.masks), TEXT, callback);
		return true;
	}

	/** The session's master key while authenticated (for the UDP stream's key): null otherwise. */
	sessionKey(): Buffer | null {
		return this.up && this.keys ? this.keys.master : null;
	}

	/** Send the site's console a frame (state, checkin-ack); false when not connected or its console is closed. */
	sendConsole(frame: SiteFrame): boolean {
		if (!this.consoleOpen && frame.type === 'state') return false;
		return this.send(frame as unknown as Message);
	}

	/** Begin dialling (dial-out: begin waiting for the agent's call). */
	start(): void {
		if (!this.stopped) return;
		this.stopped = false;
		if (!this.dialOut) return this.dial();
		if (this.bulk) return; // the Prober times the bulk connection it asked for
		// Never called by the deadline: down, "not connected" (a call later brings it up).
		this.dialTimer = setTimeout(() => {
			if (!this.called && !this.up) this.ended(NOT_CONNECTED);
		}, this.ctx.waitMs);
	}

	/**
	 * A dial-out agent's socket, authenticated by the hub's listener: probe over it from now on.
	 * A newer socket of the same site replaces the current one (the listener closed the old one).
	 */
	attach(agent: DialedAgent): void {
		if (this.stopped) {
			agent.ws.terminate();
			return;
		}
		clearTimeout(this.dialTimer);
		if (this.ws) {
			// The old socket's close is now none of ours: end its state here, quietly.
			const old = this.ws;
			this.ws = null;
			this.reset();
			old.terminate();
		}
		this.called = true;
		this.reason = null;
		const {ws} = agent;
		this.ws = ws;
		this.keys = agent.keys;
		this.watch(ws);
		ws.on('message', (data, isBinary) => {
			const receivedAt = this.ctx.clock();
			if (isBinary) return this.badFrame('binary frame');
			this.onSealed(data as Buffer, receivedAt);
		});
		this.authenticated(ws, agent.socket.remoteAddress ?? '');
	}

	/** Close the socket and clear every timer; resolves when the socket is gone. */
	stop(): Promise<void> {
		this.stopped = true;
		clearTimeout(this.timer);
		clearTimeout(this.dialTimer);
		const ws = this.ws;
		if (!ws) return Promise.resolve();
		return new Promise(resolve => {
			this.closed = resolve;
			if (!this.dialOut || ws.readyState !== ws.OPEN) return ws.terminate();
			// A dial-out agent is told the hub is stopping (it then redials quietly, backing off).
			ws.close(CLOSE.goingAway, 'hub stopping');
			setTimeout(() => ws.terminate(), 500).unref();
		});
	}

	private dial(): void {
		const {target, ctx} = this;
		const agent = target.mode === 'agent';
		this.reason = null;
		let ws: WebSocket;
		try {
			ws = new WebSocket(target.endpoint, agent ? [...PROTOCOLS] : [], {
				perMessageDeflate: false,
				maxPayload: agent ? MAX_PAYLOAD : WS_PING_MAX_PAYLOAD,
				handshakeTimeout: Math.max(1000, ctx.timeoutMs * 2),
				followRedirects: false,
				...(target.ca ? {ca: target.ca} : {}),
			});
		} catch (error) {
			return this.ended(reasonForError(error as Error));
		}
		this.ws = ws;
		// The whole dial (TCP, TLS, upgrade, auth) must finish in time, or it is a timeout.
		this.dialTimer = setTimeout(() => this.cut(linkReason('timeout', {})), Math.min(10_000, Math.max(2000, ctx.timeoutMs * 2)));
		let agentNonce = '';
		let hubNonce = '';
		let authSent = false;
		this.keys = null;
		let remoteAddress = '';
		ws.on('upgrade', response => {
			remoteAddress = response.socket.remoteAddress ?? '';
		});
		this.watch(ws);
		ws.on('open', () => {
			if (!agent) this.connected();
		});
		ws.on('message', (data, isBinary) => {
			if (!agent) return; // ws-ping: the server's own messages are none of our business
			const receivedAt = ctx.clock(); // before parsing: our JSON work is not the network's
			if (isBinary) return this.badFrame('binary frame');
			if (this.up) return this.onSealed(data as Buffer, receivedAt);
			let text: string;
			if (this.keys && authSent) {
				const json = this.keys.receive.openBuffer(data as Buffer);
				if (json === null) return this.badMac();
				text = json;
			} else text = data.toString();
			const parsed = parseMessage(text);
			if (!parsed.ok) return this.badFrame(parsed.reason);
			const message = parsed.message;
			const token = target.token ?? '';
			if (message.type === 'hello' && !agentNonce) {
				agentNonce = message.nonce;
				hubNonce = newNonce();
				ws.send(encode({type: 'challenge', nonce: hubNonce}));
			} else if (message.type === 'proof' && hubNonce && !authSent) {
				// The agent proves itself first; we answer only a valid proof, so a fake agent gets nothing to crack.
				if (!macEqual(agentMac(token, target.id, hubNonce, agentNonce), message.mac)) {
					this.reason = linkReason('auth-wrong-token', {});
					ws.close(CLOSE.authFailed, 'auth failed');
					return;
				}
				this.keys = frameKeys('hub', token, target.id, hubNonce, agentNonce, frameMacOf(ws.protocol) ?? 2);
				authSent = true;
				ws.send(encode({type: 'auth', mac: hubMac(token, target.id, agentNonce, hubNonce)}));
			} else if (message.type === 'auth-ok' && authSent) {
				this.authenticated(ws, remoteAddress);
			} else {
				this.badFrame(`unexpected ${message.type} during the handshake`);
			}
		});
	}

	/** The handlers every socket of this link has, dialled or attached. */
	private watch(ws: WebSocket): void {
		ws.on('error', error => {
			if (this.ws === ws) this.reason ??= reasonForError(error);
		});
		ws.on('close', (code, reason) => {
			if (this.ws !== ws) return;
			this.ended(this.reason ?? reasonForClose(code, reason.toString()));
		});
		ws.on('pong', data => {
			if (this.ws === ws) this.onPong(data);
		});
	}

	/** A frame after auth: open its seal, parse, act. */
	private onSealed(frame: Buffer, receivedAt: number): void {
		const json = this.keys?.receive.openBuffer(frame) ?? null;
		if (json === null) return this.badMac();
		const parsed = parseMessage(json);
		if (!parsed.ok) return this.badFrame(parsed.reason);
		this.onMessage(parsed.message, receivedAt);
	}

	/** Both sides proved themselves: the link is up, and its UDP stream starts beside it. */
	private authenticated(ws: WebSocket, address: string): void {
		this.connected();
		const {ctx, keys} = this;
		if (!ctx.udp || this.bulk || !keys) return;
		const {target, phaseMs} = this;
		this.udp = startSiteUdp(ctx.udp, {
			master: keys.master,
			address,
			phaseMs,
			site: target.id,
			send: message => this.ws === ws && this.send(message),
			report: udp => ctx.emit({type: 'udp', site: target.id, at: ctx.clock(), udp}),
		});
	}

	private connected(): void {
		clearTimeout(this.dialTimer);
		const now = this.ctx.clock();
		this.up = true;
		this.lost = 0;
		this.lastReported = null;
		this.ctx.emit({type: 'connected', site: this.target.id, at: now});
		if (this.bulk) return;
		this.nextSendAt = this.gridAfter(now);
		this.arm(now);
	}

	/** The first grid point of this site at or after `now`, so sites stay spread after redials. */
	private gridAfter(now: number): number {
		const {originAt, intervalMs} = this.ctx;
		const first = originAt + this.phaseMs;
		return first + Math.max(0, Math.ceil((now - first) / intervalMs)) * intervalMs;
	}

	private arm(now: number): void {
		clearTimeout(this.timer);
		let at = this.nextSendAt;
		for (const sentAt of this.pending.values()) {
			at = Math.min(at, sentAt + this.ctx.timeoutMs);
			break; // the first is the oldest
		}
		this.timer = setTimeout(this.tick, Math.max(0, at - now));
	}

	private readonly tick = (): void => {
		if (!this.up || this.paused) return;
		const {ctx} = this;
		const now = ctx.clock();
		for (const [seq, sentAt] of this.pending) {
			if (sentAt + ctx.timeoutMs > now + 1) break;
			this.pending.delete(seq);
			this.lostSeqs.add(seq);
			if (this.lostSeqs.size > LOST_SEQS_KEPT) this.lostSeqs.delete(this.lostSeqs.values().next().value!);
			const stalled = this.late.delete(seq) || ctx.stall.overlaps(sentAt, now);
			ctx.emit({type: 'sample', site: this.target.id, at: now, seq, rttMs: null, stalled});
			if (++this.lost >= ctx.downAfter) return this.cut(linkReason('timeout', {}));
		}
		if (now >= this.nextSendAt - 1) {
			const lateBy = now - this.nextSendAt;
			ctx.stall.sent(lateBy);
			if (lateBy > STALL_MS) ctx.stall.note(this.nextSendAt, now);
			this.probe(now, lateBy > STALL_MS);
			this.nextSendAt += ctx.intervalMs;
			// After a long stall, skip the missed slots rather than fire them in a burst.
			if (this.nextSendAt <= now) this.nextSendAt = this.gridAfter(now + 1);
		}
		this.arm(now);
	};

	private probe(now: number, late: boolean): void {
		const seq = ++this.seq;
		this.pending.set(seq, now);
		if (late) this.late.add(seq);
		this.ctx.counters.probesSent++;
		const ws = this.ws!;
		if (this.target.mode === 'agent') {
			ws.send(this.keys!.send.sealBuffer(encodePing(seq, now), this.masks), TEXT);
		} else {
			this.pingBuffer.writeUInt32BE(Math.floor(seq / 0x1_0000_0000), 0);
			this.pingBuffer.writeUInt32BE(seq >>> 0, 4);
			ws.ping(this.pingBuffer); // ws copies the payload into the frame
		}
	}

	private answered(seq: number, processingMs: number, receivedAt: number): void {
		const sentAt = this.pending.get(seq);
		if (sentAt === undefined) {
			// A seq never sent is unsolicited; one declared lost may still come once, late; anything else is a duplicate.
			if (seq > this.seq || seq < 1) this.badFrame('unsolicited pong');
			else if (!this.lostSeqs.delete(seq)) this.ignoredFrame(receivedAt);
			return;
		}
		const now = receivedAt;
		this.pending.delete(seq);
		const raw = now - sentAt;
		const rttMs = processingMs >= 0 && processingMs < raw ? raw - processingMs : raw;
		const stalled = this.late.delete(seq) || this.ctx.stall.overlaps(sentAt, now);
		this.lost = 0;
		this.udp?.wsAnswered(now);
		// Only an answered probe proves the site works: a dead agent that authenticates keeps backing off.
		this.backoff.reset();
		this.ctx.emit({type: 'sample', site: this.target.id, at: now, seq, rttMs, stalled});
	}

	private onPong(data: Buffer): void {
		if (!this.up || this.target.mode !== 'ws-ping') return this.badFrame('unsolicited pong');
		if (data.length !== 8) return this.badFrame('pong with a foreign payload');
		this.answered(data.readUInt32BE(0) * 0x1_0000_0000 + data.readUInt32BE(4), 0, this.ctx.clock());
	}

	private onMessage(message: Message, receivedAt: number): void {
		if (message.type === 'pong') return this.answered(message.seq, message.t2 - message.t1, receivedAt);
		if (message.type === 'console' || message.type === 'checkin') return this.onConsole(message, receivedAt);
		if (onUdpMessage(this.udp, message)) return;
		if (message.type.startsWith('bw-') && this.bandwidth?.onMessage(message)) return;
		if (message.type === 'bw-data') return this.ignoredFrame(receivedAt); // data of a test we gave up on
		this.badFrame(`unexpected ${message.type}`);
	}

	/** The site's console: opened/closed, or a mark of its roster (the caller checks it against the roster and acks). */
	private onConsole(message: Message, receivedAt: number): void {
		if (this.bulk) return this.ignoredFrame(receivedAt); // a console speaks on the probe connection only
		const site = this.target.id;
		if (message.type === 'console') {
			if (message.open === this.consoleOpen) return this.ignoredFrame(receivedAt);
			this.consoleOpen = message.open;
			this.ctx.emit({type: 'console', site, at: receivedAt, open: message.open});
			return;
		}
		if (message.type !== 'checkin') return;
		if (this.checkins.hit(receivedAt))
			return this.cut(linkReason('flooding', {what: 'roll-call-marks', limit: CHECKIN_LIMIT, seconds: BAD_FRAME_WINDOW_MS / 1000}));
		const {id, role, status} = message;
		const reason = typeof message.reason === 'string' ? cleanReason(message.reason) : '';
		this.ctx.emit({type: 'checkin', site, at: receivedAt, checkin: {id, role, status, ...(reason ? {reason} : {})}});
	}

	/** A well-formed frame we had no use for: fine now and then, a flood when it never stops. */
	private ignoredFrame(now: number): void {
		if (this.ignored.hit(now))
			this.cut(linkReason('flooding', {what: 'ignored-frames', limit: IGNORED_LIMIT, seconds: BAD_FRAME_WINDOW_MS / 1000}));
	}

	/** A frame whose MAC is wrong: someone between us and the agent wrote or changed it. */
	private badMac(): void {
		const now = this.ctx.clock();
		this.ctx.emit({type: 'bad-frame', site: this.target.id, at: now, reason: 'bad MAC'});
		if (this.badMacs.hit(now)) this.cut(FORGED_REASON);
		else if (this.bad.hit(now)) this.cut(linkReason('sent-garbage', {}));
	}

	private badFrame(reason: string): void {
		const now = this.ctx.clock();
		this.ctx.emit({type: 'bad-frame', site: this.target.id, at: now, reason: cleanReason(reason)});
		if (this.bad.hit(now)) this.cut(linkReason('sent-garbage', {}));
	}

	/** End the current socket now for `reason` (terminate: a dead peer would never answer a close). */
	private cut(reason: LinkReason): void {
		this.reason ??= reason;
		this.ws?.terminate();
	}

	/** Forget the current socket's state (pending probes, keys, tests, UDP). */
	private reset(): void {
		clearTimeout(this.timer);
		this.up = false;
		this.pending.clear();
		this.late.clear();
		this.lostSeqs.clear();
		this.bad.reset();
		this.badMacs.reset();
		this.ignored.reset();
		this.checkins.reset();
		this.keys = null;
		// The bandwidth test's error is still text: the reason's English, as `rehearse --json` shows it.
		this.bandwidth?.abort(this.reason);
		this.udp?.close();
		this.udp = null;
		if (this.consoleOpen) {
			this.consoleOpen = false;
			this.ctx.emit({type: 'console', site: this.target.id, at: this.ctx.clock(), open: false});
		}
	}

	private ended(reason: LinkReason): void {
		clearTimeout(this.dialTimer);
		const wasUp = this.up;
		this.reason = reason;
		this.reset();
		this.ws = null;
		if (this.closed) {
			this.closed();
			this.closed = null;
		}
		if (this.stopped) return;
		// Report every loss of a working link, and each new reason while it stays down (not every redial).
		if (wasUp || !sameReason(reason, this.lastReported)) {
			this.lastReported = reason;
			this.ctx.emit({type: 'disconnected', site: this.target.id, at: this.ctx.clock(), reason});
		}
		// Dial-out: the agent calls again by itself (backing off at most 5 s); nothing to dial.
		if (!this.dialOut) this.dialTimer = setTimeout(() => this.dial(), this.backoff.next());
	}
}
