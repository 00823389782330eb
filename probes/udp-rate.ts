import type {UdpNote} from '../src/model/udp-note.js';

// The rate of the UDP test stream: the plan's, lowered only where the hub measures its own socket
// dropping (in LOWER_AFTER_ROUNDS of the last LOWER_WINDOW report rounds), by LOWER_FACTOR, never
// under 1/s; and raised again a step at a time (÷ LOWER_FACTOR, up to the plan's) after a calm
// spell — that many rounds in a row without: a pause of the hub (another program busy on the
// machine, the dial of thousands of sites at start) passes, and the stream must not stay thin for
// the rest of the meeting. The first calm spell is RAISE_FIRST_ROUNDS; a raise the hub cannot hold
// (lowered again within twice the spell it waited) doubles the next spell, up to RAISE_MAX_ROUNDS,
// so a machine that truly cannot carry the plan's rate settles below it instead of see-sawing;
// RAISE_MAX_ROUNDS calm rounds at the plan's rate forget that history. Pure: one call a report
// round says whether the hub's socket dropped in it.

export const LOWER_AFTER_ROUNDS = 3;
export const LOWER_WINDOW = 10;
export const LOWER_FACTOR = 0.75;
export const RAISE_FIRST_ROUNDS = LOWER_WINDOW;
export const RAISE_MAX_ROUNDS = 12 * LOWER_WINDOW;

/** The stream's rate, round by round. */
export class UdpRate {
	private pps: number;
	private readonly dropRounds: boolean[] = [];
	private calm = 0;
	/** Calm rounds in a row the next raise waits for. */
	private calmNeeded = RAISE_FIRST_ROUNDS;
	/** Rounds since the last raise (null: none yet, or forgotten). */
	private sinceRaise: number | null = null;
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

	/** Calm rounds in a row the next raise waits for (RAISE_FIRST_ROUNDS, doubled by each raise not held). */
	get raiseAfterRounds(): number {
		return this.calmNeeded;
	}

	/** One report round: whether the hub's own socket dropped in it, and its count so far; what changed, if anything. */
	round(dropped: boolean, drops: number): UdpNote | null {
		if (this.planPps <= 0) return null;
		this.calm = dropped ? 0 : this.calm + 1;
		if (this.sinceRaise !== null) this.sinceRaise++;
		if (this.pps >= this.planPps && this.calm >= RAISE_MAX_ROUNDS) {
			this.calmNeeded = RAISE_FIRST_ROUNDS;
			this.sinceRaise = null;
		}
		if (this.pps < this.planPps && this.calm >= this.calmNeeded) return this.raise(drops);
		if (this.pps <= 1) return null;
		this.dropRounds.push(dropped);
		if (this.dropRounds.length > LOWER_WINDOW) this.dropRounds.shift();
		if (this.dropRounds.filter(Boolean).length < LOWER_AFTER_ROUNDS) return null;
		const from = this.pps;
		this.pps = Math.max(1, Math.round(from * LOWER_FACTOR * 100) / 100);
		// A raise not held: the next one waits twice as long.
		if (this.sinceRaise !== null && this.sinceRaise <= 2 * this.calmNeeded)
			this.calmNeeded = Math.min(RAISE_MAX_ROUNDS, 2 * this.calmNeeded);
		this.sinceRaise = null;
		this.dropRounds.length = 0;
		this.calm = 0;
		this.lowered = {from: this.planPps, to: this.pps, drops};
		return {code: 'udp-rate-lowered', params: {from, to: this.pps, drops}};
	}

	private raise(drops: number): UdpNote {
		const from = this.pps;
		const up = Math.round((from / LOWER_FACTOR) * 100) / 100;
		const calmS = this.calm * this.roundS;
		this.pps = Math.min(up, this.planPps);
		this.calm = 0;
		this.sinceRaise = 0;
		this.dropRounds.length = 0;
		this.lowered = this.pps < this.planPps ? {from: this.planPps, to: this.pps, drops} : null;
		return {code: 'udp-rate-raised', params: {from, to: this.pps, plan: this.planPps, calmS}};
	}
}
