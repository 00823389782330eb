import type {UdpNote} from '../src/model/udp-note.js';

// The rate of the UDP test stream: the plan's, lowered only where the hub measures its own socket
// dropping (in LOWER_AFTER_ROUNDS of the last LOWER_WINDOW report rounds), by LOWER_FACTOR, never
// under 1/s; and raised again a step at a time (÷ LOWER_FACTOR, up to the plan's) after
// RAISE_AFTER_ROUNDS rounds in a row without: a pause of the hub (another program busy on the
// machine) passes, and the stream must not stay thin for the rest of the meeting. Pure: one call a
// report round says whether the hub's socket dropped in it.

export const LOWER_AFTER_ROUNDS = 3;
export const LOWER_WINDOW = 10;
export const LOWER_FACTOR = 0.75;
export const RAISE_AFTER_ROUNDS = 3 * LOWER_WINDOW;

/** The stream's rate, round by round. */
export class UdpRate {
	private pps: number;
	private readonly dropRounds: boolean[] = [];
	private calm = 0;
	/** Why the stream runs below the plan's rate, when it does. */
	lowered: {from: number; to: number; drops: number} | null = null;

	/** `roundS`: seconds a report round lasts (for the note). */
	constructor(
		readonly planPps: number,
		private readonly roundS = 1,
	) {
		this.pps = planPps;
	}

	/** Test packets a second each site's stream runs at now. */
	get rate(): number {
		return this.pps;
	}

	/** One report round: whether the hub's own socket dropped in it, and its count so far; what changed, if anything. */
	round(dropped: boolean, drops: number): UdpNote | null {
		if (this.planPps <= 0) return null;
		this.calm = dropped ? 0 : this.calm + 1;
		if (this.pps < this.planPps && this.calm >= RAISE_AFTER_ROUNDS) return this.raise(drops);
		if (this.pps <= 1) return null;
		this.dropRounds.push(dropped);
		if (this.dropRounds.length > LOWER_WINDOW) this.dropRounds.shift();
		if (this.dropRounds.filter(Boolean).length < LOWER_AFTER_ROUNDS) return null;
		const from = this.pps;
		this.pps = Math.max(1, Math.round(from * LOWER_FACTOR * 100) / 100);
		this.dropRounds.length = 0;
		this.calm = 0;
		this.lowered = {from: this.planPps, to: this.pps, drops};
		return {code: 'udp-rate-lowered', params: {from, to: this.pps, drops}};
	}

	private raise(drops: number): UdpNote {
		const from = this.pps;
		const up = Math.round((from / LOWER_FACTOR) * 100) / 100;
		this.pps = Math.min(up, this.planPps);
		this.calm = 0;
		this.dropRounds.length = 0;
		this.lowered = this.pps < this.planPps ? {from: this.planPps, to: this.pps, drops} : null;
		return {code: 'udp-rate-raised', params: {from, to: this.pps, plan: this.planPps, calmS: RAISE_AFTER_ROUNDS * this.roundS}};
	}
}
