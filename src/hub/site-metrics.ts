import type {Grade, LinkSnapshot} from '../model/link-stats.js';

// The per-site metric families of /metrics, written straight into the Prometheus text format.
// prom-client's generic serialiser formats every line through label objects (measured: ~3.5×
// the CPU of this at 2,000 sites, 60,000 lines, most of it garbage collection); here each site's
// label text is built once, and a scrape is one pass over the sites per family into one buffer
// (sized from the last scrape, so it is written once and never copied), with whole numbers written
// digit by digit (no string per line). The hub-wide and meeting metrics stay in a prom-client
// registry (metrics.ts), appended to the same buffer. The site id is the only label.

/** The grade as a number for graphs and rules: 3 good, 2 fair, 1 poor, 0 down. */
export const GRADE_VALUE: Record<Grade, number> = {good: 3, fair: 2, poor: 1, down: 0};

/** RTT histogram bounds (seconds): 0.5 ms doubling to ~4.1 s, exponential as smokeping_prober's. */
export const RTT_BUCKETS: readonly number[] = Array.from({length: 14}, (_, i) => 0.0005 * 2 ** i);

const RTT = 'diemcau_probe_rtt_seconds';

type Row = {id: string; link: LinkSnapshot};
type Family = {name: string; help: string; type: 'gauge' | 'counter'; value: (link: LinkSnapshot) => number | null};

const FAMILIES: readonly Family[] = [
	{name: 'diemcau_site_up', type: 'gauge', help: 'Whether the site link is up (1) or down (0); 0 also while not yet known.', value: l => (l.state === 'up' ? 1 : 0)},
	{name: 'diemcau_site_grade', type: 'gauge', help: 'Link grade of the site: 3 good, 2 fair, 1 poor, 0 down.', value: l => GRADE_VALUE[l.grade]},
	{name: 'diemcau_site_jitter_seconds', type: 'gauge', help: 'RTT jitter of the site link (RFC 3550), seconds.', value: l => (l.jitterMs === null ? null : l.jitterMs / 1000)},
	{name: 'diemcau_site_mos', type: 'gauge', help: 'Estimated call quality of the site link (MOS, 1 to 4.5, simplified E-model).', value: l => l.mos},
	{name: 'diemcau_site_loss_ratio', type: 'gauge', help: 'Share of probes lost over the rolling window (0 to 1).', value: l => (l.lossPct === null ? null : l.lossPct / 100)},
	{name: 'diemcau_site_rtt_p95_seconds', type: 'gauge', help: 'RTT 95th percentile over the rolling window, seconds.', value: l => (l.rttMs ? l.rttMs.p95 / 1000 : null)},
	{name: 'diemcau_probes_sent_total', type: 'counter', help: 'Probes sent to the site.', value: l => l.sent},
	{name: 'diemcau_probes_lost_total', type: 'counter', help: 'Probes the site did not answer in time (TCP turns lost packets into delay: see the UDP counters).', value: l => l.sent - l.received},
	{name: 'diemcau_site_udp_blocked', type: 'gauge', help: 'Whether UDP does not pass to the site (1: the conference will fall back to TCP) or does (0); absent while unknown or off.', value: l => (l.udp === 'blocked' ? 1 : l.udp === 'ok' ? 0 : null)},
];

// The UDP test stream (DESIGN.md "Truthful loss"), one series per direction: up = hub → site,
// down = site → hub. Only for sites whose stream has carried packets (or, for the window's
// figures, whose stream is ok now).
type Direction = {name: string; type: 'gauge' | 'counter'; help: string; value: (link: LinkSnapshot, up: boolean) => number | null};
const UDP: readonly Direction[] = [
	{name: 'diemcau_udp_packets_sent_total', type: 'counter', help: 'UDP test packets sent; direction up = hub to site, down = site to hub.', value: (l, up) => (l.udpTotals.upSent + l.udpTotals.downSent === 0 ? null : up ? l.udpTotals.upSent : l.udpTotals.downSent)},
	{name: 'diemcau_udp_packets_lost_total', type: 'counter', help: 'UDP test packets lost; direction up = hub to site, down = site to hub.', value: (l, up) => (l.udpTotals.upSent + l.udpTotals.downSent === 0 ? null : up ? l.udpTotals.upLost : l.udpTotals.downLost)},
	{name: 'diemcau_site_packet_loss_ratio', type: 'gauge', help: 'UDP packet loss over the rolling window (0 to 1), per direction; only while the stream is ok.', value: (l, up) => (l.packetLossPct ? (up ? l.packetLossPct.up : l.packetLossPct.down) / 100 : null)},
	{name: 'diemcau_site_udp_jitter_seconds', type: 'gauge', help: 'RFC 3550 jitter of the UDP stream per direction, seconds; only while the stream is ok.', value: (l, up) => (l.udpJitterMs ? (up ? l.udpJitterMs.up : l.udpJitterMs.down) / 1000 : null)},
];

const ATTENDANCE = [
	{name: 'diemcau_attendance_present', help: 'Roster roles marked present or late at the site (the hub included).'},
	{name: 'diemcau_attendance_expected', help: 'Roster roles expected at the site (the hub included).'},
] as const;

/** Names, types and help of every per-site family (for the README and the tests). */
export const SITE_FAMILIES: ReadonlyArray<{name: string; type: string; help: string}> = [
	...FAMILIES,
	{name: RTT, type: 'histogram', help: 'Round-trip time of answered probes, seconds (samples taken while the hub lagged are left out).'},
	...UDP.map(f => ({name: f.name, type: f.type, help: f.help})),
	...ATTENDANCE.map(f => ({name: f.name, type: 'gauge', help: f.help})),
];

// Prometheus label values escape backslash, double quote and newline; the text is written as
// latin1, so anything outside ASCII becomes a \u escape-free "?" (site ids are [a-z0-9-] anyway).
const labelValue = (value: string) => value.replace(/[\\"\n]/g, c => (c === '\n' ? '\\n' : `\\${c}`)).replace(/[^\x20-\x7E]/g, '?');

/** Per-site figures and the RTT histogram, fed by probes and written at scrape time. */
export class SiteMetrics {
	private readonly index = new Map<string, number>();
	private readonly labels: string[];
	// Per family, then per site: the line up to its value ("diemcau_site_up{site=\"pho-an\"} ") as
	// bytes, copied with TypedArray.set (~6× faster than writing the string each time).
	private readonly prefixes: Uint8Array[][];
	private readonly bucketPrefixes: Uint8Array[][];
	private readonly sumPrefixes: Uint8Array[];
	private readonly countPrefixes: Uint8Array[];
	private readonly upPrefixes: Uint8Array[][];
	private readonly downPrefixes: Uint8Array[][];
	// Per site of the roster (the hub's own included, which is not probed): both lines' prefixes, built on first use.
	private readonly attendancePrefixes = new Map<string, Uint8Array[]>();
	// Per site: count in each bucket (not cumulative), then sum and count.
	private readonly buckets: Float64Array;
	private readonly sums: Float64Array;
	private readonly counts: Float64Array;
	private readonly out = new TextWriter();

	/** The sites probed, in plan order. */
	constructor(siteIds: readonly string[]) {
		const n = siteIds.length;
		siteIds.forEach((id, i) => this.index.set(id, i));
		this.labels = siteIds.map(id => `{site="${labelValue(id)}"} `);
		this.prefixes = FAMILIES.map(family => this.labels.map(label => ascii(`${family.name}${label}`)));
		this.sumPrefixes = this.labels.map(label => ascii(`${RTT}_sum${label}`));
		this.countPrefixes = this.labels.map(label => ascii(`${RTT}_count${label}`));
		this.upPrefixes = siteIds.map(id => UDP.map(f => ascii(`${f.name}{site="${labelValue(id)}",direction="up"} `)));
		this.downPrefixes = siteIds.map(id => UDP.map(f => ascii(`${f.name}{site="${labelValue(id)}",direction="down"} `)));
		const les = [...RTT_BUCKETS.map(String), '+Inf'];
		this.bucketPrefixes = siteIds.map(id => les.map(le => ascii(`${RTT}_bucket{site="${labelValue(id)}",le="${le}"} `)));
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

	/**
	 * Every per-site family in the text format, sites in plan order, then `tail` (the hub's own
	 * families, as UTF-8). A fresh buffer each call: a slow scraper may still be reading the last.
	 */
	write(rows: readonly Row[], attendance?: ReadonlyArray<{site: string; attended: number; expected: number}>, tail = ''): Buffer {
		const out = this.out;
		out.reset();
		// Each row's place in the plan, looked up once (rows of unknown sites are left out).
		const at = new Int32Array(rows.length);
		for (let r = 0; r < rows.length; r++) at[r] = this.index.get(rows[r]!.id) ?? -1;
		for (let f = 0; f < FAMILIES.length; f++) {
			const family = FAMILIES[f]!;
			out.text(`# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n`);
			const prefixes = this.prefixes[f]!;
			for (let r = 0; r < rows.length; r++) {
				const i = at[r]!;
				if (i < 0) continue;
				const value = family.value(rows[r]!.link);
				if (value === null) continue;
				out.raw(prefixes[i]!);
				out.number(value);
			}
		}
		out.text(`# HELP ${RTT} ${SITE_FAMILIES.find(f => f.name === RTT)!.help}\n# TYPE ${RTT} histogram\n`);
		const width = RTT_BUCKETS.length + 1;
		for (let r = 0; r < rows.length; r++) {
			const i = at[r]!;
			if (i < 0) continue;
			const prefixes = this.bucketPrefixes[i]!;
			let cumulative = 0;
			for (let k = 0; k < width; k++) {
				cumulative += this.buckets[i * width + k]!;
				out.raw(prefixes[k]!);
				out.number(cumulative);
			}
			out.raw(this.sumPrefixes[i]!);
			out.number(this.sums[i]!);
			out.raw(this.countPrefixes[i]!);
			out.number(this.counts[i]!);
		}
		for (let u = 0; u < UDP.length; u++) {
			const family = UDP[u]!;
			out.text(`# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n`);
			for (let r = 0; r < rows.length; r++) {
				const i = at[r]!;
				if (i < 0) continue;
				const link = rows[r]!.link;
				const up = family.value(link, true);
				const down = family.value(link, false);
				if (up === null || down === null) continue;
				out.raw(this.upPrefixes[i]![u]!);
				out.number(up);
				out.raw(this.downPrefixes[i]![u]!);
				out.number(down);
			}
		}
		if (attendance) {
			for (const [f, family] of ATTENDANCE.entries()) {
				out.text(`# HELP ${family.name} ${family.help}\n# TYPE ${family.name} gauge\n`);
				for (const row of attendance) {
					let prefixes = this.attendancePrefixes.get(row.site);
					if (!prefixes) {
						const label = `{site="${labelValue(row.site)}"} `;
						prefixes = ATTENDANCE.map(({name}) => ascii(`${name}${label}`));
						this.attendancePrefixes.set(row.site, prefixes);
					}
					out.raw(prefixes[f]!);
					out.number(f === 0 ? row.attended : row.expected);
				}
			}
		}
		if (tail) out.utf8(tail);
		return out.bytes();
	}
}

const ascii = (text: string): Uint8Array => Buffer.from(text, 'latin1');

/** An ASCII text buffer that grows by doubling; each scrape gets a fresh one the size of the last. */
class TextWriter {
	private buffer = Buffer.allocUnsafe(1 << 16);
	private length = 0;

	reset(): void {
		this.buffer = Buffer.allocUnsafe(Math.max(1 << 16, this.length + (this.length >> 4)));
		this.length = 0;
	}

	raw(bytes: Uint8Array): void {
		this.reserve(bytes.length);
		this.buffer.set(bytes, this.length);
		this.length += bytes.length;
	}

	text(value: string): void {
		this.reserve(value.length);
		this.length += this.buffer.write(value, this.length, 'latin1');
	}

	utf8(value: string): void {
		this.reserve(Buffer.byteLength(value, 'utf8'));
		this.length += this.buffer.write(value, this.length, 'utf8');
	}

	/** A value and the line's end; whole numbers digit by digit, others as JavaScript prints them (Prometheus reads both). */
	number(value: number): void {
		if (Number.isInteger(value) && value >= 0 && value < 1e15) {
			this.reserve(17);
			const buffer = this.buffer;
			if (value === 0) buffer[this.length++] = 48;
			else {
				let digits = 0;
				for (let v = value; v >= 1; v = Math.floor(v / 10)) digits++;
				let at = this.length + digits;
				this.length = at;
				for (let v = value; v >= 1; v = Math.floor(v / 10)) buffer[--at] = 48 + (v % 10);
			}
			buffer[this.length++] = 10;
			return;
		}
		this.text(Number.isNaN(value) ? 'NaN\n' : value === Infinity ? '+Inf\n' : value === -Infinity ? '-Inf\n' : `${value}\n`);
	}

	bytes(): Buffer {
		return this.buffer.subarray(0, this.length);
	}

	private reserve(extra: number): void {
		if (this.length + extra <= this.buffer.length) return;
		let size = this.buffer.length * 2;
		while (size < this.length + extra) size *= 2;
		const bigger = Buffer.allocUnsafe(size);
		this.buffer.copy(bigger, 0, 0, this.length);
		this.buffer = bigger;
	}
}
