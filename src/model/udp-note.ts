// What the hub's UDP test stream says while it runs, as codes and figures (worded in
// src/i18n/udp-words.ts): the wire raises them on the prober's thread, the log words them.

/** The parameters of every UDP stream note, by code. */
export type UdpNoteParams = {
	/** The hub's own socket dropped `drops` datagrams (since it opened): the rate went from `from` to `to`. */
	'udp-rate-lowered': {from: number; to: number; drops: number};
	/** No own drops for `calmS` seconds: the rate went from `from` to `to` (the plan's rate: `plan`). */
	'udp-rate-raised': {from: number; to: number; plan: number; calmS: number};
	/** The system granted a receive buffer of `granted` bytes where `asked` were asked (net.core.rmem_max on Linux). */
	'udp-recv-buffer-capped': {asked: number; granted: number};
	/** Site `site`'s session moved from one address to another on a fresh authenticated packet; `more` moves since the last line were not logged. */
	'udp-peer-moved': {site: string; from: string; to: string; more: number};
};

/** A note of the UDP stream in transit (from the prober's thread to the log): its code and figures. */
export type UdpNote = {[C in keyof UdpNoteParams]: {code: C; params: UdpNoteParams[C]}}[keyof UdpNoteParams];
