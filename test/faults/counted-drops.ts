import {execFileSync} from 'node:child_process';
import {endianness} from 'node:os';
import type {NetnsPair} from '../helpers/netns.js';

// Random drops that the line itself counts, packet by packet, at the site's end of a namespace
// pair: nft drops `pct` % of the UDP test stream each way (`numgen random mod 100 < pct`) and
// of fping's echo request/reply, with a counter on every drop rule and on its accept path, and
// the sequence number of every dropped stream packet kept in a set. So a test knows exactly which
// packets the line dropped, not only how many: up = the hub's test packets (kind 1, the hub's
// `seq` at byte 12 of the payload), down = the agent's reflections (kind 2, the reflector's own
// count `rSeq` at byte 24). The agent's `open` packets (kind 3, for NAT) pass untouched.
// Layout: probes/udp-packet.ts. Offsets below are in bits from the UDP header (8 bytes).

const TABLE = 'diemcau-counted';
const KIND_BITS = 64; // payload byte 0
const SEQ_BITS = 160; // payload byte 12
const RSEQ_BITS = 256; // payload byte 24

/** What nft counted since the rules went in. */
export interface LineCount {
	/** Test packets hub → site: dropped and passed (counters), and the `seq` of each dropped one. */
	up: {dropped: number; passed: number; droppedSeqs: number[]};
	/** Reflections site → hub: dropped and passed, and the `rSeq` of each dropped one. */
	down: {dropped: number; passed: number; droppedSeqs: number[]};
	/** fping's echo requests (hub → site) and replies (site → hub). */
	echo: {requestsDropped: number; requestsPassed: number; repliesDropped: number; repliesPassed: number};
}

function nft(pair: NetnsPair, args: string[], input?: string): string {
	const argv = [...pair.inNs('site'), 'nft', ...args];
	return execFileSync(argv[0]!, argv.slice(1), {encoding: 'utf8', input, stdio: ['pipe', 'pipe', 'pipe'], timeout: 30_000});
}

/** Remove the counted drops (safe when there are none). */
export function clearCountedDrops(pair: NetnsPair): void {
	try {
		nft(pair, ['delete', 'table', 'inet', TABLE]);
	} catch {
		// not there
	}
}

/** Drop `pct` % each way of the stream on UDP `port` and of ICMP echo, counting everything, from zero. */
export function countedDrops(pair: NetnsPair, port: number, pct: number): void {
	clearCountedDrops(pair);
	const dev = pair.site.dev;
	const chance = `numgen random mod 100 < ${pct}`;
	const ruleset = `
table inet ${TABLE} {
	set up { type mark; size 65535; flags dynamic; }
	set down { type mark; size 65535; flags dynamic; }
	chain in {
		type filter hook input priority 0; policy accept;
		iifname "${dev}" udp dport ${port} @th,${KIND_BITS},8 1 ${chance} counter add @up { @th,${SEQ_BITS},32 } drop comment "up-dropped"
		iifname "${dev}" udp dport ${port} @th,${KIND_BITS},8 1 counter accept comment "up-passed"
		iifname "${dev}" icmp type echo-request ${chance} counter drop comment "request-dropped"
		iifname "${dev}" icmp type echo-request counter accept comment "request-passed"
	}
	chain out {
		type filter hook output priority 0; policy accept;
		oifname "${dev}" udp sport ${port} @th,${KIND_BITS},8 2 ${chance} counter add @down { @th,${RSEQ_BITS},32 } drop comment "down-dropped"
		oifname "${dev}" udp sport ${port} @th,${KIND_BITS},8 2 counter accept comment "down-passed"
		oifname "${dev}" icmp type echo-reply ${chance} counter drop comment "reply-dropped"
		oifname "${dev}" icmp type echo-reply counter accept comment "reply-passed"
	}
}
`;
	nft(pair, ['-f', '-'], ruleset);
}

// A set of type `mark` holds the 4 packet bytes as they are and nft prints them as a host-order
// integer: on a little-endian machine the big-endian sequence number comes out byte-swapped.
const swap = endianness() === 'LE';
function seqOf(value: number): number {
	if (!swap) return value >>> 0;
	const bytes = Buffer.alloc(4);
	bytes.writeUInt32LE(value >>> 0);
	return bytes.readUInt32BE();
}

type NftItem = {
	set?: {name: string; table: string; elem?: Array<number | {elem: {val: number}}>};
	rule?: {table: string; comment?: string; expr: Array<{counter?: {packets: number}}>};
};

/** Read the counters and the dropped sequence numbers. */
export function readCountedDrops(pair: NetnsPair): LineCount {
	const items = (JSON.parse(nft(pair, ['-j', 'list', 'table', 'inet', TABLE])) as {nftables: NftItem[]}).nftables;
	const counters = new Map<string, number>();
	const sets = new Map<string, number[]>();
	for (const item of items) {
		if (item.rule?.table === TABLE && item.rule.comment) {
			const counter = item.rule.expr.find(e => e.counter)?.counter;
			counters.set(item.rule.comment, counter?.packets ?? 0);
		}
		if (item.set?.table === TABLE) {
			const values = (item.set.elem ?? []).map(e => seqOf(typeof e === 'number' ? e : e.elem.val));
			sets.set(
				item.set.name,
				values.sort((a, b) => a - b),
			);
		}
	}
	const count = (name: string) => {
		const value = counters.get(name);
		if (value === undefined) throw new Error(`nft table ${TABLE} has no rule "${name}"`);
		return value;
	};
	return {
		up: {dropped: count('up-dropped'), passed: count('up-passed'), droppedSeqs: sets.get('up') ?? []},
		down: {dropped: count('down-dropped'), passed: count('down-passed'), droppedSeqs: sets.get('down') ?? []},
		echo: {
			requestsDropped: count('request-dropped'),
			requestsPassed: count('request-passed'),
			repliesDropped: count('reply-dropped'),
			repliesPassed: count('reply-passed'),
		},
	};
}
