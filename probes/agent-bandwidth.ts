import type {WebSocket} from 'ws';
import {encode, encodeData, MAX_BW_BYTES, MAX_CHUNK} from './protocol.js';

// The agent's side of the bandwidth test. One transfer at a time per connection; --rate-kbps paces
// both what the agent sends (download) and how fast it acknowledges what it receives (upload),
// which is what the hub's send window follows. Pings are answered meanwhile: their frames simply
// interleave with the data frames.

const IDLE_MS = 30_000; // a transfer the hub stopped feeding is abandoned after this

/** Chunk size for a rate: ~100 ms of data, between 1 KiB and MAX_CHUNK. */
export function chunkFor(rateKbps: number | undefined): number {
	if (!rateKbps) return MAX_CHUNK;
	return Math.max(1024, Math.min(MAX_CHUNK, Math.floor((rateKbps * 1000) / 8 / 10)));
}

type Transfer = {id: string; kind: 'down' | 'up'; bytes: number; done: number; startedAt: number; lastAt: number; timer?: NodeJS.Timeout};

/** Per-connection bandwidth state on the agent. */
export class AgentBandwidth {
	private transfer: Transfer | null = null;
	private closed = false;

	constructor(
		private readonly ws: WebSocket,
		private readonly rateKbps: number | undefined,
		private readonly clock: () => number,
	) {}

	/** A bw-down or bw-up request; answers bw-error when busy or too large. */
	start(kind: 'down' | 'up', id: string, bytes: number): void {
		const now = this.clock();
		if (this.transfer && now - this.transfer.lastAt < IDLE_MS) return this.error(id, 'busy: one bandwidth test at a time');
		if (bytes > MAX_BW_BYTES) return this.error(id, `too large: at most ${MAX_BW_BYTES} bytes`);
		this.cancel();
		this.transfer = {id, kind, bytes, done: 0, startedAt: now, lastAt: now};
		if (kind === 'down') this.sendNext(this.transfer);
	}

	/** A bw-data frame of an upload. Returns false when the hub sends more than it announced (garbage). */
	data(id: string, length: number): boolean {
		const transfer = this.transfer;
		if (!transfer || transfer.kind !== 'up' || transfer.id !== id) return true; // late data of a finished test
		transfer.done += length;
		transfer.lastAt = this.clock();
		if (transfer.done > transfer.bytes + MAX_CHUNK) return false;
		const received = transfer.done;
		const wait = this.rateKbps ? transfer.startedAt + (received * 8) / this.rateKbps - this.clock() : 0;
		const ack = () => {
			if (this.closed || this.transfer !== transfer) return;
			if (received >= transfer.bytes) {
				this.transfer = null;
				this.send(encode({type: 'bw-result', id, bytes: received, ms: this.clock() - transfer.startedAt}));
			} else {
				this.send(encode({type: 'bw-ack', id, bytes: received}));
			}
		};
		if (wait > 1) setTimeout(ack, wait);
		else ack();
		return true;
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

	private error(id: string, reason: string): void {
		this.send(encode({type: 'bw-error', id, reason}));
	}

	private send(text: string): void {
		if (this.ws.readyState === this.ws.OPEN) this.ws.send(text);
	}
}
