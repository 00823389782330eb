import type {Grade, LinkSnapshot} from '../model/link/link-stats.js';

// The per-site metric families of /metrics, written straight into the Prometheus text format.
// prom-client's generic serialiser formats every line through label objects (several times
// the CPU of this at 2,000 sites, 60,000 lines, most of it garbage collection: BENCHMARKS.md, "/metrics"); here every
// site's line prefixes are built once, into one slab, and a scrape is one pass over the sites per
// family: each line's prefix copied from the slab, its value written digit by digit (no string
// per line), and the whole text copied once into an output buffer of its own. The hub-wide and meeting
// metrics stay in a prom-client registry (metrics.ts), appended to the same text. The site id is
// the only label.

/**
 * The grade as a number for graphs and rules: 3 good, 2 fair, 1 poor, 0 down, -1 measuring (up,
 * not yet enough evidence for a grade: below every grade, so no graph reads it as fine; rules
 * select grades by equality, e.g. `== 1` for poor, never `< 2`).
 */
export const GRADE_VALUE: Record<Grade, number> = {good: 3, fair: 2, poor: 1, down: 0, measuring: -1};

/** RTT histogram bounds (seconds): 0.5 ms doubling to ~4.1 s, exponential as smokeping_prober's. */
export const RTT_BUCKETS: readonly number[] = Array.from({length: 14}, (_, i) => 0.0005 * 2 ** i);

const RTT = 'diemcau_probe_rtt_seconds';

type Row = {id: string; link: LinkSnapshot};
type Family = {name: string; help: string; type: 'gauge' | 'counter'; value: (link: LinkSnapshot) => number | null};

const FAMILIES: readonly Family[] = [
	{
		name: 'diemcau_site_up',
		type: 'gauge',
		help: 'Whether the site link is up (1) or down (0); 0 also while not yet known.',
		value: l => (l.state === 'up' ? 1 : 0),
	},
	{
		name: 'diemcau_site_grade',
		type: 'gauge',
		help: 'Link grade of the site: 3 good, 2 fair, 1 poor, 0 down, -1 measuring (up, too little evidence for a grade yet).',
		value: l => GRADE_VALUE[l.grade],
	},
	{
		name: 'diemcau_site_jitter_seconds',
		type: 'gauge',
		help: 'RTT jitter of the site link (RFC 3550), seconds.',
		value: l => (l.jitterMs === null ? null : l.jitterMs / 1000),
	},
	{
		name: 'diemcau_site_mos',
		type: 'gauge',
		help: 'Estimated call quality of the site link (MOS, 1 to 4.5, simplified E-model).',
		value: l => l.mos,
	},
	{
		name: 'diemcau_site_loss_ratio',
		type: 'gauge',
		help: 'Share of probes lost over the rolling window (0 to 1).',
		value: l => (l.lossPct === null ? null : l.lossPct / 100),
	},
	{
		name: 'diemcau_site_rtt_p95_seconds',
		type: 'gauge',
		help: 'RTT 95th percentile over the rolling window, seconds.',
		value: l => (l.rttMs ? l.rttMs.p95 / 1000 : null),
	},
	{name: 'diemcau_probes_sent_total', type: 'counter', help: 'Probes sent to the site.', value: l => l.sent},
	{
		name: 'diemcau_probes_lost_total',
		type: 'counter',
		help: 'Probes the site did not answer in time (TCP turns lost packets into delay: see the UDP counters).',
		value: l => l.sent - l.received,
	},
	{
		name: 'diemcau_site_udp_blocked',
		type: 'gauge',
		help: 'Whether UDP does not pass to the site (1: the conference will fall back to TCP) or does (0); absent while unknown or off.',
		value: l => (l.udp === 'blocked' ? 1 : l.udp === 'ok' ? 0 : null),
	},
];

// The UDP test stream (DESIGN.md "Truthful loss"), one series per direction: up = hub → site,
// down = site → hub. Only for sites whose stream has carried packets (or, for the window's
// figures, whose stream is ok now).
type Direction = {name: string; type: 'gauge' | 'counter'; help: string; value: (link: LinkSnapshot, up: boolean) => number | null};
const UDP: readonly Direction[] = [
	{
		name: 'diemcau_udp_packets_sent_total',
		type: 'counter',
		help: 'UDP test packets sent; direction up = hub to site, down = site to hub.',
		value: (l, up) => (l.udpTotals.upSent + l.udpTotals.downSent === 0 ? null : up ? l.udpTotals.upSent : l.udpTotals.downSent),
	},
	{
		name: 'diemcau_udp_packets_lost_total',
		type: 'counter',
		help: 'UDP test packets lost; direction up = hub to site, down = site to hub.',
		value: (l, up) => (l.udpTotals.upSent + l.udpTotals.downSent === 0 ? null : up ? l.udpTotals.upLost : l.udpTotals.downLost),
	},
	{
		name: 'diemcau_site_packet_loss_ratio',
		type: 'gauge',
		help: 'UDP packet loss over the rolling window (0 to 1), per direction; only while the stream is ok.',
		value: (l, up) => (l.packetLossPct ? (up ? l.packetLossPct.up : l.packetLossPct.down) / 100 : null),
	},
	{
		name: 'diemcau_site_udp_jitter_seconds',
		type: 'gauge',
		help: 'RFC 3550 jitter of the UDP stream per direction, seconds; only while the stream is ok.',
		value: (l, up) => (l.udpJitterMs ? (up ? l.udpJitterMs.up : l.udpJitterMs.down) / 1000 : null),
	},
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

// Lines of a site's histogram: one per bucket, then _sum and _count.
const WIDTH = RTT_BUCKETS.length + 1;
const HISTOGRAM_LINES = WIDTH + 2;

/** Per-site figures and the RTT histogram, fed by probes and written at scrape time. */
export class SiteMetrics {
	private readonly index = new Map<string, number>();
	private readonly n: number;
	// Every per-site line up to its value ("diemcau_site_up{site=\"pho-an\"} "), in the order a
	// scrape writes them, in one slab at the start of the writer's buffer: a scrape copies each
	// with copyWithin inside that one buffer, so no per-line object is touched (at 2,000
	// sites, 72,000 small Buffers read in an order other than the one they were made in cost many
	// times as much, and a long-running heap does not keep that order). Prefix p spans
	// [starts[p], starts[p + 1]).
	private readonly starts: Int32Array;
	private readonly histogramBase: number;
	private readonly udpBase: number;
	// Per site of the roster (the hub's own included, which is not probed): both lines' prefixes, built on first use.
	private readonly attendancePrefixes = new Map<string, Uint8Array[]>();
	// Per site: count in each bucket (not cumulative), then sum and count.
	private readonly buckets: Float64Array;
	private readonly sums: Float64Array;
	private readonly counts: Float64Array;
	private readonly out: ScrapeWriter;

	/** The sites probed, in plan order. */
	constructor(siteIds: readonly string[]) {
		const n = siteIds.length;
		this.n = n;
		siteIds.forEach((id, i) => this.index.set(id, i));
		const labels = siteIds.map(labelValue);
		const prefixes: string[] = [];
		for (const family of FAMILIES) for (const label of labels) prefixes.push(`${family.name}{site="${label}"} `);
		this.histogramBase = prefixes.length;
		const les = [...RTT_BUCKETS.map(String), '+Inf'];
		for (const label of labels) {
			for (const le of les) prefixes.push(`${RTT}_bucket{site="${label}",le="${le}"} `);
			prefixes.push(`${RTT}_sum{site="${label}"} `, `${RTT}_count{site="${label}"} `);
		}
		this.udpBase = prefixes.length;
		for (const family of UDP)
			for (const label of labels)
				prefixes.push(`${family.name}{site="${label}",direction="up"} `, `${family.name}{site="${label}",direction="down"} `);
		this.starts = new Int32Array(prefixes.length + 1);
		let at = 0;
		for (let p = 0; p < prefixes.length; p++) {
			this.starts[p] = at;
			at += prefixes[p]!.length;
		}
		this.starts[prefixes.length] = at;
		this.out = new ScrapeWriter(prefixes.join(''));
		this.buckets = new Float64Array(n * WIDTH);
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
		this.buckets[i * WIDTH + k]!++;
		this.sums[i]! += seconds;
		this.counts[i]!++;
	}

	/**
	 * Every per-site family in the text format, sites in plan order, then `tail` (the hub's own
	 * families, as UTF-8). Each call's text is in a buffer of its own until given back with release().
	 */
	write(rows: readonly Row[], attendance?: ReadonlyArray<{site: string; attended: number; expected: number}>, tail = ''): Buffer {
		const out = this.out;
		const {starts, n} = this;
		out.reset();
		// Each row's place in the plan, looked up once (rows of unknown sites are left out).
		const at = new Int32Array(rows.length);
		for (let r = 0; r < rows.length; r++) at[r] = this.index.get(rows[r]!.id) ?? -1;
		for (let f = 0; f < FAMILIES.length; f++) {
			const family = FAMILIES[f]!;
			out.text(`# HELP ${family.name} ${family.help}\n# TYPE ${family.name} ${family.type}\n`);
			const base = f * n;
			for (let r = 0; r < rows.length; r++) {
				const i = at[r]!;
				if (i < 0) continue;
				const value = family.value(rows[r]!.link);
				if (value === null) continue;
				out.prefix(starts[base + i]!, starts[base + i + 1]!);
				out.number(value);
			}
		}
		out.text(`# HELP ${RTT} ${SITE_FAMILIES.find(f => f.name === RTT)!.help}\n# TYPE ${RTT} histogram\n`);
		for (let r = 0; r < rows.length; r++) {
			const i = at[r]!;
			if (i < 0) continue;
			const p = this.histogramBase + i * HISTOGRAM_LINES;
			let cumulative = 0;
			for (let k = 0; k < WIDTH; k++) {
				cumulative += this.buckets[i * WIDTH + k]!;
				out.prefix(starts[p + k]!, starts[p + k + 1]!);
				out.number(cumulative);
			}
			out.prefix(starts[p + WIDTH]!, starts[p + WIDTH + 1]!);
			out.number(this.sums[i]!);
			out.prefix(starts[p + WIDTH + 1]!, starts[p + WIDTH + 2]!);
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
				const p = this.udpBase + (u * n + i) * 2;
				out.prefix(starts[p]!, starts[p + 1]!);
				out.number(up);
				out.prefix(starts[p + 1]!, starts[p + 2]!);
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
						prefixes = ATTENDANCE.map(({name}) => Buffer.from(`${name}${label}`, 'latin1'));
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

	/** A scrape write() returned has been sent: its buffer may be reused by the next one. */
	release(bytes: Buffer): void {
		this.out.release(bytes);
	}
}

// Fractional values are written to 9 decimals (a nanosecond, for the seconds figures), which is
// finer than anything the hub measures; beyond this, as JavaScript prints them.
const FIXED_MAX = 1e6;
const SCALE = 1e9;

/**
 * The text of one scrape. One buffer holds the slab of line prefixes, then the text being written;
 * `bytes()` copies the text into an output buffer, reused once the scrape has been sent (release()).
 */
export class ScrapeWriter {
	private buffer: Buffer;
	private readonly base: number;
	private length: number;
	private last = 1 << 16;
	// Output buffers: lent (a scrape's text, by the view handed out) and free to reuse (two at most).
	private readonly lent = new WeakMap<Buffer, Buffer>();
	private readonly free: Buffer[] = [];

	constructor(slab: string) {
		this.base = Buffer.byteLength(slab, 'latin1');
		this.buffer = Buffer.allocUnsafeSlow(this.base + this.last);
		this.buffer.write(slab, 0, 'latin1');
		this.length = this.base;
	}

	/** Start a scrape, with room for one the size of the last. */
	reset(): void {
		this.length = this.base;
		this.reserve(this.last + (this.last >> 4));
	}

	/** The slab's bytes [start, end) (offsets into the slab). */
	prefix(start: number, end: number): void {
		this.reserve(end - start);
		this.buffer.copyWithin(this.length, start, end);
		this.length += end - start;
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

	/**
	 * A value and the line's end, digit by digit (no string per line): whole numbers exactly,
	 * others below a million to 9 decimals with trailing zeros dropped; anything else as
	 * JavaScript prints it (Prometheus reads both).
	 */
	number(value: number): void {
		this.reserve(32);
		const buffer = this.buffer;
		// Counts first: most lines (the histogram's buckets, the counters) are whole numbers.
		if (Number.isInteger(value) && value >= 0 && value < 1e15) {
			this.digits(value);
			buffer[this.length++] = 10;
			return;
		}
		if (value >= 0 && value < FIXED_MAX) {
			const scaled = Math.round(value * SCALE);
			const whole = Math.floor(scaled / SCALE);
			let fraction = scaled - whole * SCALE;
			this.digits(whole);
			if (fraction > 0) {
				let width = 9;
				while (fraction % 10 === 0) {
					fraction /= 10;
					width--;
				}
				buffer[this.length++] = 46;
				let at = this.length + width;
				this.length = at;
				for (let k = 0; k < width; k++) {
					const q = (fraction / 10) | 0;
					buffer[--at] = 48 + fraction - q * 10;
					fraction = q;
				}
			}
			buffer[this.length++] = 10;
			return;
		}
		this.text(Number.isNaN(value) ? 'NaN\n' : value === Infinity ? '+Inf\n' : value === -Infinity ? '-Inf\n' : `${value}\n`);
	}

	/**
	 * The text written since reset(), copied into an output buffer of its own (a slow scraper may
	 * still be reading the last one). Output buffers come back with release() once sent, and are
	 * reused: a fresh 4 MB buffer each scrape costs its page faults (a copy into a fresh buffer took
	 * several times as long as into a reused one, and much longer at its p90; BENCHMARKS.md, "/metrics").
	 */
	bytes(): Buffer {
		const size = this.length - this.base;
		this.last = size;
		let pooled = this.free.pop();
		while (pooled && pooled.length < size) pooled = this.free.pop();
		const target = pooled ?? Buffer.allocUnsafeSlow(size + (size >> 3));
		this.buffer.copy(target, 0, this.base, this.length);
		const out = target.subarray(0, size);
		this.lent.set(out, target);
		return out;
	}

	/** A buffer bytes() returned is no longer read (sent, or turned into a string): reuse it. */
	release(bytes: Buffer): void {
		const target = this.lent.get(bytes);
		if (!target) return;
		this.lent.delete(bytes);
		if (this.free.length < 2) this.free.push(target);
	}

	/** A whole number below 1e15, in decimal. */
	private digits(value: number): void {
		const buffer = this.buffer;
		if (value < 10) {
			buffer[this.length++] = 48 + value;
			return;
		}
		let digits = 1;
		for (let p = 10; p <= value; p *= 10) digits++;
		let at = this.length + digits;
		this.length = at;
		if (value < 2147483648) {
			for (let v = value | 0; v > 0; ) {
				const q = (v / 10) | 0;
				buffer[--at] = 48 + v - q * 10;
				v = q;
			}
		} else for (let v = value; v >= 1; v = Math.floor(v / 10)) buffer[--at] = 48 + (v % 10);
	}

	private reserve(extra: number): void {
		if (this.length + extra <= this.buffer.length) return;
		let size = this.buffer.length * 2;
		while (size < this.length + extra) size *= 2;
		const bigger = Buffer.allocUnsafeSlow(size);
		this.buffer.copy(bigger, 0, 0, this.length);
		this.buffer = bigger;
	}
}
