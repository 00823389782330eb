import type {Grade, LinkSnapshot} from '../model/link-stats.js';

// The per-site metric families of /metrics, written straight into the Prometheus text format.
// prom-client's generic serialiser formats every line through label objects (measured: ~200 ms
// for 2,000 sites, 60,000 lines); here the label text of each site is built once and a scrape
// is one pass over the sites per family (~10 ms). The hub-wide and meeting metrics stay in a
// prom-client registry (see metrics.ts). Site ids are the only label: never a person.

/** Packets of a site's UDP test stream (DESIGN.md "Truthful loss"); up = hub → site, down = site → hub. */
export interface UdpCounts {
	up: {sent: number; lost: number};
	down: {sent: number; lost: number};
}

/** The grade as a number for graphs and rules: 3 good, 2 fair, 1 poor, 0 down. */
export const GRADE_VALUE: Record<Grade, number> = {good: 3, fair: 2, poor: 1, down: 0};

/** RTT histogram bounds (seconds): 0.5 ms doubling to ~4.1 s, exponential as smokeping_prober's. */
export const RTT_BUCKETS: readonly number[] = Array.from({length: 14}, (_, i) => 0.0005 * 2 ** i);

const RTT = 'diemcau_probe_rtt_seconds';

type Row = {id: string; link: LinkSnapshot};
type Gauge = {name: string; help: string; type: 'gauge' | 'counter'; value: (link: LinkSnapshot) => number | null};

const FAMILIES: readonly Gauge[] = [
	{name: 'diemcau_site_up', type: 'gauge', help: 'Whether the site link is up (1) or down (0); 0 also while not yet known.', value: l => (l.state === 'up' ? 1 : 0)},
	{name: 'diemcau_site_grade', type: 'gauge', help: 'Link grade of the site: 3 good, 2 fair, 1 poor, 0 down.', value: l => GRADE_VALUE[l.grade]},
	{name: 'diemcau_site_jitter_seconds', type: 'gauge', help: 'RTT jitter of the site link (RFC 3550), seconds.', value: l => (l.jitterMs === null ? null : l.jitterMs / 1000)},
	{name: 'diemcau_site_mos', type: 'gauge', help: 'Estimated call quality of the site link (MOS, 1 to 4.5, simplified E-model).', value: l => l.mos},
	{name: 'diemcau_site_loss_ratio', type: 'gauge', help: 'Share of probes lost over the rolling window (0 to 1).', value: l => (l.lossPct === null ? null : l.lossPct / 100)},
	{name: 'diemcau_site_rtt_p95_seconds', type: 'gauge', help: 'RTT 95th percentile over the rolling window, seconds.', value: l => (l.rttMs ? l.rttMs.p95 / 1000 : null)},
	{name: 'diemcau_probes_sent_total', type: 'counter', help: 'Probes sent to the site.', value: l => l.sent},
	{name: 'diemcau_probes_lost_total', type: 'counter', help: 'Probes the site did not answer in time (TCP turns lost packets into delay: see the UDP counters).', value: l => l.sent - l.received},
];

/** Names, types and help of every per-site family (for the README and the tests). */
export const SITE_FAMILIES: ReadonlyArray<{name: string; type: string; help: string}> = [
	...FAMILIES,
	{name: RTT, type: 'histogram', help: ''},
	{name: 'diemcau_udp_packets_sent_total', type: 'counter', help: ''},
	{name: 'diemcau_udp_packets_lost_total', type: 'counter', help: ''},
];

// Prometheus label values escape backslash, double quote and newline.
const escapeLabel = (value: string) => value.replace(/[\\"\n]/g, c => (c === '\n' ? '\\n' : `\\${c}`));

/** Per-site figures and the RTT histogram, fed by probes and written at scrape time. */
export class SiteMetrics {
	private readonly index = new Map<string, number>();
	private readonly labels: string[];
	private readonly bucketLabels: string[][];
	// Per site: count in each bucket (not cumulative), then sum and count.
	private readonly buckets: Float64Array;
	private readonly sums: Float64Array;
	private readonly counts: Float64Array;

	constructor(siteIds: readonly string[]) {
		const n = siteIds.length;
		siteIds.forEach((id, i) => this.index.set(id, i));
		this.labels = siteIds.map(id => `{site="${escapeLabel(id)}"}`);
		const les = [...RTT_BUCKETS.map(String), '+Inf'];
		this.bucketLabels = siteIds.map(id => les.map(le => `${RTT}_bucket{site="${escapeLabel(id)}",le="${le}"} `));
		this.buckets = new Float64Array(n * (RTT_BUCKETS.length + 1));
		this.sums = new Float64Array(n);
		this.counts = new Float64Array(n);
	}

	/** One answered probe of `site`, in seconds. O(1), no allocation. */
	observe(site: string, seconds: number): void {
		const i = this.index.get(site);
		if (i === undefined || !(seconds >= 0)) return;
		// Bucket k holds (b[k-1], b[k]]: the first bound at or above the value (14 compares at most).
		let k = 0;
		while (k < RTT_BUCKETS.length && seconds > RTT_BUCKETS[k]!) k++;
		this.buckets[i * (RTT_BUCKETS.length + 1) + k]!++;
		this.sums[i]! += seconds;
		this.counts[i]!++;
	}

	/** Every per-site family in the text format, sites in plan order. */
	write(rows: readonly Row[], udp?: (site: string) => UdpCounts | null): string {
		let out = '';
		for (const family of FAMILIES) {
			out += `# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n`;
			for (const row of rows) {
				const i = this.index.get(row.id);
				if (i === undefined) continue;
				const value = family.value(row.link);
				if (value !== null) out += `${family.name}${this.labels[i]} ${value}\n`;
			}
		}
		out += `# HELP ${RTT} Round-trip time of answered probes, seconds (samples taken while the hub lagged are left out).\n# TYPE ${RTT} histogram\n`;
		const width = RTT_BUCKETS.length + 1;
		for (const row of rows) {
			const i = this.index.get(row.id);
			if (i === undefined) continue;
			const bucketLabels = this.bucketLabels[i]!;
			let cumulative = 0;
			for (let k = 0; k < width; k++) {
				cumulative += this.buckets[i * width + k]!;
				out += `${bucketLabels[k]}${cumulative}\n`;
			}
			out += `${RTT}_sum${this.labels[i]} ${this.sums[i]}\n${RTT}_count${this.labels[i]} ${this.counts[i]}\n`;
		}
		out += this.writeUdp(rows, udp);
		return out;
	}

	private writeUdp(rows: readonly Row[], udp?: (site: string) => UdpCounts | null): string {
		const counts = rows.map(row => ({row, udp: udp?.(row.id) ?? null}));
		let out = '';
		for (const [what, pick] of [
			['sent', (c: UdpCounts['up']) => c.sent],
			['lost', (c: UdpCounts['up']) => c.lost],
		] as const) {
			const name = `diemcau_udp_packets_${what}_total`;
			out += `# HELP ${name} UDP test packets ${what}; direction up = hub to site, down = site to hub.\n# TYPE ${name} counter\n`;
			for (const {row, udp: c} of counts) {
				if (!c) continue;
				const id = escapeLabel(row.id);
				out += `${name}{site="${id}",direction="up"} ${pick(c.up)}\n${name}{site="${id}",direction="down"} ${pick(c.down)}\n`;
			}
		}
		return out;
	}
}
