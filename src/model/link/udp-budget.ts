// How fast the UDP test stream may run at a hub of N sites. Every packet is sent, MACed, reflected
// and timed on the prober's thread; past what that thread can keep up with, the hub's own socket
// drops reflections and reports them as the sites' loss (test/bench/udp.ts on the 2-core dev
// machine, 2,000 sites: at 5/s a site, 15,000 packets a second, 48 % false loss down and probes
// 1.1 s late; at 1/s, 4,000 a second, 0.15 % and 84 ms). So the stream shares one budget:
// a plan's rate, but never more than UDP_BUDGET_PPS in all, and never under 1/s a site (slower,
// a 5-s silence could not tell "blocked").

/** Test packets a second the hub sends in all (each is answered: twice that many cross its socket). */
export const UDP_BUDGET_PPS = 2000;

/** The rate each site's stream runs at, and whether the plan's rate was lowered to get it. */
export function udpRateFor(planRate: number, sites: number, budgetPps: number = UDP_BUDGET_PPS): {rate: number; lowered: boolean} {
	if (planRate <= 0) return {rate: 0, lowered: false};
	const share = Math.max(1, budgetPps / Math.max(1, sites));
	return planRate > share ? {rate: Number(share.toFixed(2)), lowered: true} : {rate: planRate, lowered: false};
}
