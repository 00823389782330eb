// How fast the UDP test stream runs at a hub of N sites. The plan's `probe.udpRate` runs as
// written up to the largest meeting the hub is built for (3,321 sites, every commune-level unit
// of the country): the lean stream (probes/udp-hub.ts, SipHash tags, nothing allocated per
// packet) carries 5 a second to each of them, measured beside a bare reference in the same run
// (BENCHMARKS.md). Past that many packets a second in all the plan's rate is shared, never under
// 1/s a site (slower, a 5-s silence could not tell "blocked"). Below it, the rate is lowered only
// where the hub measures its own socket dropping (UdpHub), and then said on screen and in status.

/** The sites the plan's rate always runs for. */
export const UDP_FULL_RATE_SITES = 3321;
/** Test packets a second the hub sends in all before a plan's rate is shared (3,321 sites at 5/s). */
export const UDP_BUDGET_PPS = UDP_FULL_RATE_SITES * 5;

/** The rate each site's stream runs at, and whether the plan's rate was lowered to get it. */
export function udpRateFor(planRate: number, sites: number, budgetPps: number = UDP_BUDGET_PPS): {rate: number; lowered: boolean} {
	if (planRate <= 0) return {rate: 0, lowered: false};
	const share = Math.max(1, budgetPps / Math.max(1, sites));
	return planRate > share ? {rate: Math.floor(share * 100) / 100, lowered: true} : {rate: planRate, lowered: false};
}
