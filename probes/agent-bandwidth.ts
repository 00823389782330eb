import {encode, encodeData, MAX_BW_BYTES, MAX_CHUNK, type BwErrorMessage} from './protocol.js';

// The agent's side of the bandwidth test. One transfer at a time per connection; --rate-kbps paces
// both what the agent sends (download) and how fast it acknowledges what it receives (upload),
// which is what the hub's send window follows. Pings are answered meanwhile: their frames simply
// interleave with the data frames.

const IDLE_MS = 30_000; // a transfer the hub stopped feeding is abandoned after this
// At most BURST transfers back to back (a rehearsal's warm-up and test, each way), then one per
// REFILL_MS: a hub cannot keep the site's line saturated by asking again and again.
const BURST = 4;
const REFILL_MS = 5_000;

/** How the agent sends on one connection (sealed frames). */
export interface BandwidthChannel {
	send(json: string, callback?: (error?: Error) => void): void;
	isOpen(): boolean;
}

/** What a bw-data frame was to the agent: counted, not part of a running upload (ignored), or more than announced. */
export type DataOutcome = 'ok' | 'ignored' | 'too-much';

/** Chunk size uncapped, both ways: small enough that a slow line gives the hub many arrivals to time (16 KiB: 65 ms at 2 Mbit/s). */
export const BULK_CHUNK = 16 * 1024;

/** Chunk size for a rate: ~100 ms of data, between 1 KiB and BULK_CHUNK. */
export function chunkFor(rateKbps: number | undefined): number {
	if (!rateKbps) return BULK_CHUNK;
	return Math.max(1024, Math.min(BULK_CHUNK, Math.floor((rateKbps * 1000) / 8 / 10)));
}

type Transfer = {
	id: string;
	kind: 'down' | 'up';
	bytes: number;
	done: number;
	acked: number;
	startedAt: number;
	lastAt: number;
	timer?: NodeJS.Timeout;
};

/** Per-connection bandwidth state on the agent. */
export class AgentBandwidth {
	private transfer: Transfer | null = null;
	private closed = false;
	private tokens = BURST;
	private refilledAt: number;

	constructor(
		private readonly ws: BandwidthChannel,
		private readonly rateKbps: number | undefined,
		private readonly clock: () => number,
	) {
		this.refilledAt = clock();
	}

	/** A bw-down or bw-up request; answers bw-error when busy or too large. */
	start(kind: 'down' | 'up', id: string, bytes: number): void {
		const now = this.clock();
		if (this.transfer && now - this.transfer.lastAt < IDLE_MS)
			return this.error({id, code: 'busy', reason: 'busy: one bandwidth test at a time'});
		if (bytes > MAX_BW_BYTES)
			return this.error({id, code: 'too-large', maxBytes: MAX_BW_BYTES, reason: `too large: at most ${MAX_BW_BYTES} bytes`});
		const refill = Math.floor((now - this.refilledAt) / REFILL_MS);
		if (refill > 0) {
			this.tokens = Math.min(BURST, this.tokens + refill);
			this.refilledAt += refill * REFILL_MS;
		}
		if (this.tokens <= 0) {
			const waitS = Math.ceil((this.refilledAt + REFILL_MS - now) / 1000);
			return this.error({id, code: 'rate-limited', waitS, reason: `busy: too many bandwidth tests; wait ${waitS} s`});
		}
		if (this.tokens === BURST) this.refilledAt = now;
		this.tokens--;
		this.cancel();
		this.transfer = {id, kind, bytes, done: 0, acked: 0, startedAt: now, lastAt: now};
		if (kind === 'down') this.sendNext(this.transfer);
	}

	/** A bw-data frame of an upload: counted, ignored (no upload with that id runs) or more than announced (garbage). */
	data(id: string, length: number): DataOutcome {
		const transfer = this.transfer;
		if (!transfer || transfer.kind !== 'up' || transfer.id !== id) return 'ignored';
		transfer.done += length;
		transfer.lastAt = this.clock();
		if (transfer.done > transfer.bytes + MAX_CHUNK) return 'too-much';
		// One pacing timer per test, not one per frame: a flood of tiny frames must not make millions.
		if (!transfer.timer) this.ack(transfer);
		return 'ok';
	}

	// Acknowledge what has arrived, as much of it as --rate-kbps lets through by now, and re-arm
	// for the next chunk's worth while more waits. Acks must come in steps: one ack for all that
	// arrived would wait for the whole window at the capped rate, longer than a time-bounded test.
	private ack(transfer: Transfer): void {
		transfer.timer = undefined;
		if (this.closed || this.transfer !== transfer || transfer.done <= transfer.acked) return;
		const now = this.clock();
		const allowed = this.rateKbps ? Math.floor(((now - transfer.startedAt) * this.rateKbps) / 8) : Number.POSITIVE_INFINITY;
		const ackable = Math.min(transfer.done, allowed);
		if (ackable > transfer.acked) {
			transfer.acked = ackable;
			if (ackable >= transfer.bytes) {
				this.transfer = null;
				this.send(encode({type: 'bw-result', id: transfer.id, bytes: ackable, ms: now - transfer.startedAt}));
				return;
			}
			this.send(encode({type: 'bw-ack', id: transfer.id, bytes: ackable}));
		}
		if (transfer.done > transfer.acked && this.rateKbps) {
			const next = Math.min(transfer.done, transfer.acked + chunkFor(this.rateKbps));
			const wait = transfer.startedAt + (next * 8) / this.rateKbps - now;
			transfer.timer = setTimeout(() => this.ack(transfer), Math.max(1, wait));
		}
	}

	/** Stop whatever runs (connection closed). */
	close(): void {
		this.closed = true;
		this.cancel();
	}

	private cancel(): void {
		if (this.transfer?.timer) clearTimeout(this.transfer.timer);
		this.transfer = null;
	}

	private sendNext(transfer: Transfer): void {
		if (this.closed || this.transfer !== transfer) return;
		const size = Math.min(chunkFor(this.rateKbps), transfer.bytes - transfer.done);
		// Send each chunk when, at the capped rate, it would have finished arriving.
		const wait = this.rateKbps ? transfer.startedAt + ((transfer.done + size) * 8) / this.rateKbps - this.clock() : 0;
		const go = () => {
			if (this.closed || this.transfer !== transfer) return;
			this.ws.send(encodeData(transfer.id, size), error => {
				if (error) return;
				transfer.done += size;
				transfer.lastAt = this.clock();
				if (transfer.done >= transfer.bytes) {
					this.transfer = null;
					this.send(encode({type: 'bw-done', id: transfer.id, bytes: transfer.done, ms: this.clock() - transfer.startedAt}));
				} else {
					this.sendNext(transfer);
				}
			});
		};
		if (wait > 1) transfer.timer = setTimeout(go, wait);
		else go();
	}

	private error(refusal: Omit<BwErrorMessage, 'type'>): void {
		this.send(encode({type: 'bw-error', ...refusal}));
	}

	private send(text: string): void {
		if (this.ws.isOpen()) this.ws.send(text);
	}
}
