// Every reason the UDP test stream and the load tests give, in one table (issue 10), so the
// words can later become codes worded per language. Directions everywhere: up = hub → site,
// down = site → hub. The numbers arrive formatted; these only put them into words.

/** A direction of a link. */
export type Direction = 'up' | 'down';

/** The reasons, by what they say. */
export const LINK_REASONS = {
	/** "packet loss up 5.1 % > 4 %" */
	packetLoss: (direction: Direction, value: string, limit: string) => `packet loss ${direction} ${value} % > ${limit} %`,
	/** "UDP blocked — loss measured over TCP only" */
	udpBlocked: () => 'UDP blocked — loss measured over TCP only',
	/** "not enough data: 2 probes" */
	notEnoughData: (probes: number) => `not enough data: ${probes} probe${probes === 1 ? '' : 's'}`,
	/** "bandwidth not measured" (asked for, never measured: a run cut short) */
	bandwidthMissing: () => 'bandwidth not measured',
	/** "RTT under load p95 640 ms > idle p95 + 300 ms" */
	underLoad: (p95: string, limit: string) => `RTT under load p95 ${p95} ms > idle p95 + ${limit} ms`,
	/** "video load up: 33 % lost" */
	videoLost: (direction: Direction, pct: string) => `video load ${direction}: ${pct} % lost`,
	/** "video load down: jitter 60 ms > 50 ms" */
	videoJitter: (direction: Direction, value: string, limit: string) => `video load ${direction}: jitter ${value} ms > ${limit} ms`,
	/** "video load not measured" or with why */
	videoMissing: (why?: string) => `video load not measured${why ? `: ${why}` : ''}`,
} as const;
