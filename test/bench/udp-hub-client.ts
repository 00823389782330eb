// The hub's UDP path alone: the project's UdpHub (probes/udp-hub.ts) with SITES sessions at RATE
// packets a second each against the lean far side (udp-far.ts), as the prober runs it: timing
// wheel, reports once a second, drop reads. Its CPU over a window and the fleet's loss each way
// over the same window (the far side loses nothing: every missing packet is the path's).
// Run: node --import tsx test/bench/udp-hub-client.ts PORT SITES RATE WARMUP_S WINDOW_S
import {performance} from 'node:perf_hooks';
import {UdpHub} from '../../probes/udp-hub.js';
import type {UdpReport} from '../../probes/udp-session.js';
import {benchSession} from './udp-far.js';

const [port, sites, rate, warmupS, windowS] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
// The rate held as asked (no lowering on own drops): the same work as the reference's, whatever the machine's load.
const hub = new UdpHub(rate, () => performance.now(), {adapt: false});
const latest: UdpReport[] = [];
for (let i = 0; i < sites; i++) {
	const session = hub.open(benchSession(i).master, '127.0.0.1', (i * 1000) / sites, report => (latest[i] = report));
	session.wsAnswered(Number.POSITIVE_INFINITY);
	session.ready(port);
}
const totals = () => {
	let upSent = 0,
		upLost = 0,
		downSent = 0,
		downLost = 0; // prettier-ignore
	for (const r of latest) {
		if (!r) continue;
		upSent += r.upSent;
		upLost += r.upSent - r.upReceived;
		downSent += r.downSent;
		downLost += r.downSent - r.downReceived;
	}
	return {upSent, upLost, downSent, downLost};
};
setTimeout(() => {
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const a = totals();
	setTimeout(() => {
		const cpu = process.cpuUsage(cpu0);
		const wall = (performance.now() - t0) / 1000;
		const b = totals();
		const pct = (lost: number, sent: number) => (sent > 0 ? (lost / sent) * 100 : null);
		console.log(
			JSON.stringify({
				cpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
				pps: (b.upSent - a.upSent) / wall,
				upLossPct: pct(b.upLost - a.upLost, b.upSent - a.upSent),
				downLossPct: pct(b.downLost - a.downLost, b.downSent - a.downSent),
				ownDrops: hub.receiveDrops,
				rate: hub.rate,
				rssMb: process.memoryUsage.rss() / 2 ** 20,
			}),
		);
		void hub.stop().then(() => process.exit(0));
	}, windowS * 1000);
}, warmupS * 1000);
