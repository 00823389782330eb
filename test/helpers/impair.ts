import {execFileSync, spawnSync} from 'node:child_process';
import type {NetnsPair} from './netns.js';

// Impairments on the site's end of a namespace pair (never the host): random drop with nft
// (`numgen random mod 100 < N drop`; input = hub → site = up, output = site → hub = down) and a
// narrow line with tbf on each end's egress (netem is not in this kernel). Baselines measured on
// the same link: fping (round-trip loss) and iperf3 (throughput each way).

function run(argv: string[], timeoutMs = 30_000): string {
	return execFileSync(argv[0]!, argv.slice(1), {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs});
}

/** Why a tool is missing, or null when every one is there. */
export function toolsMissing(...tools: string[]): string | null {
	for (const tool of tools) {
		try {
			execFileSync('sh', ['-c', `command -v ${tool}`], {stdio: 'ignore'});
		} catch {
			return `${tool} is not installed`;
		}
	}
	return null;
}

/** Drop `upPct` % of packets hub → site and `downPct` % site → hub, at the site's end. */
export function dropPackets(pair: NetnsPair, upPct: number, downPct: number, only?: 'udp'): void {
	const nft = (...args: string[]) => run([...pair.inNs('site'), 'nft', ...args]);
	try {
		nft('delete', 'table', 'inet', 'diemcau-loss');
	} catch {
		// not there yet
	}
	if (upPct <= 0 && downPct <= 0) return;
	nft('add', 'table', 'inet', 'diemcau-loss');
	nft('add', 'chain', 'inet', 'diemcau-loss', 'in', '{ type filter hook input priority 0 ; }');
	nft('add', 'chain', 'inet', 'diemcau-loss', 'out', '{ type filter hook output priority 0 ; }');
	const match = only === 'udp' ? ['meta', 'l4proto', 'udp'] : [];
	const chance = (pct: number) => (pct >= 100 ? [] : ['numgen', 'random', 'mod', '100', '<', String(pct)]);
	if (upPct > 0) nft('add', 'rule', 'inet', 'diemcau-loss', 'in', 'iifname', pair.site.dev, ...match, ...chance(upPct), 'drop');
	if (downPct > 0) nft('add', 'rule', 'inet', 'diemcau-loss', 'out', 'oifname', pair.site.dev, ...match, ...chance(downPct), 'drop');
}

/** A narrow line: each end's egress shaped by tbf (hub egress = up, site egress = down). */
export function shapeLine(pair: NetnsPair, upKbit: number, downKbit: number): void {
	const tbf = (side: 'hub' | 'site', kbit: number) =>
		run([
			...pair.inNs(side),
			'tc',
			'qdisc',
			'replace',
			'dev',
			pair[side].dev,
			'root',
			'tbf',
			'rate',
			`${kbit}kbit`,
			'burst',
			'16kb',
			'latency',
			'400ms',
		]);
	tbf('hub', upKbit);
	tbf('site', downKbit);
}

/** fping from the hub to the site: `count` pings `everyMs` apart; the round-trip loss in %. */
export function fpingLoss(pair: NetnsPair, count: number, everyMs: number): {sent: number; received: number; lossPct: number} {
	const argv = [...pair.inNs('hub'), 'fping', '-c', String(count), '-p', String(everyMs), '-q', pair.site.address];
	// fping exits 1 when some pings were lost; its summary is on stderr either way.
	const text = spawnSync(argv[0]!, argv.slice(1), {encoding: 'utf8', timeout: count * everyMs + 30_000}).stderr ?? '';
	const match = /xmt\/rcv\/%loss = (\d+)\/(\d+)\//.exec(text);
	if (!match) throw new Error(`fping said: ${text}`);
	const sent = Number(match[1]);
	const received = Number(match[2]);
	return {sent, received, lossPct: ((sent - received) / sent) * 100};
}
