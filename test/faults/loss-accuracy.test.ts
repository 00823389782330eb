import {chmodSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {BIN, writePlan} from '../helpers/agents.js';
import {toolsMissing} from '../helpers/impair.js';
import {createNetnsPair, netnsUnavailable, type NetnsPair} from '../helpers/netns.js';
import {clearCountedDrops, countedDrops, readCountedDrops} from './counted-drops.js';
import {figure, skipped, tempDir, waitFor, watch, type Watched} from './util.js';

// Packet-loss accuracy at the plan's 5 packets a second over a 60-s window, on a real wire: the
// hub (`diemcau serve`, read through its /metrics) and an agent in their own namespaces joined by
// veth, nft dropping 2 % and then 5 % of the UDP test stream each way, and of fping's pings beside
// it in the same minute.
//
// What is asserted is not "within ±1.5 points of the set rate": 300 packets dropped at random 5 %
// of the time are themselves 5 ± 1.3 points (one standard deviation), so such a test would fail
// by chance about one run in four. The line counts instead: nft keeps the sequence number of every
// stream packet it drops, so the test knows exactly how many of the packets diemcau accounted for
// (the hub's test packets 1..sent up, the agent's reflections 1..sent down) the line dropped. That
// realized share is the truth, and diemcau's window figure must match it within 0.5 points: both
// count the same packets, so any difference is a packet lost somewhere other than the nft rule (a
// kernel buffer; never seen at 5/s) or miscounted; 0.5 points is 1.5 packets of ~290, one stray
// packet allowed, a bias of half a point caught. The ±1.5 points of the set rate is asserted only
// where the line's realized rate is itself within it.

const TOKEN = 'loss-accuracy-token-7d3f1b0e9a62c548';
const PORT = 7700; // the agent's WebSocket and UDP port
const METRICS = '127.0.0.1:9464'; // inside the hub's namespace
const WINDOW_S = 60;
// Read the figures this long after the stream's first report: the whole session then lies inside
// the 60-s window, so the window's figure and the session's totals count the same packets.
const READ_AT_S = 57;
const TIGHT = 0.5; // points: diemcau against the line's own count
const NEAR = 1.5; // points: the set rate, where the line's realized rate is that near it
const PINGS = 300; // fping at the stream's rate for the same minute
const PING_EVERY_MS = 200;

const unavailable = netnsUnavailable() ?? toolsMissing('nft', 'fping', 'curl');
if (unavailable) skipped('packet-loss accuracy on a namespace link (netns + nft)', unavailable);

const temp = tempDir('lossacc');
let pair: NetnsPair | undefined;
let agent: Watched | undefined;
let hub: Watched | undefined;
let plan = '';
const rows: string[] = [];

beforeAll(async () => {
	if (unavailable) return;
	pair = createNetnsPair('lac', '10.231.16');
	const tokenFile = path.join(temp.dir, 'agent.token');
	writeFileSync(tokenFile, `${TOKEN}\n`, {mode: 0o600});
	chmodSync(tokenFile, 0o600);
	agent = await watch(
		[
			...pair.inNs('site'),
			'node',
			BIN,
			'agent',
			'--site',
			'pho-an',
			'--host',
			pair.site.address,
			'--port',
			String(PORT),
			'--token-file',
			tokenFile,
		],
		{env: {DIEMCAU_TOKEN: ''}},
	);
	await waitFor(() => agent!.output().includes('listening'), 'agent listening', 20_000);
	// The plan's own UDP rate (probe.udpRate, default 5/s): not set here.
	plan = writePlan(temp.dir, [{id: 'pho-an', name: 'Xã Phổ An', endpoint: `ws://${pair.site.address}:${PORT}/probe`, token: TOKEN}], {
		probe: {intervalMs: 1000, timeoutMs: 2000, downAfter: 3, upAfter: 2, window: WINDOW_S},
	});
});

// A failed run leaves no hub holding the metrics port, nor drops on the line, for the next one.
afterEach(async () => {
	await hub?.stop();
	hub = undefined;
	if (pair) clearCountedDrops(pair);
});

afterAll(async () => {
	await agent?.stop();
	if (pair) clearCountedDrops(pair);
	pair?.destroy();
	temp.remove();
	if (rows.length) process.stdout.write(`loss-accuracy rows for BENCHMARKS.md "Real wire":\n${rows.join('\n')}\n`);
});

type Way = {sent: number; lost: number; windowPct: number | null};
type Scrape = {at: number; up: Way; down: Way} | null;

/** The site's UDP series from the hub's /metrics (null until the stream has carried packets). */
async function scrape(p: NetnsPair): Promise<Scrape> {
	const argv = [...p.inNs('hub'), 'curl', '-s', '--max-time', '5', `http://${METRICS}/metrics`];
	const result = await execa(argv[0]!, argv.slice(1), {reject: false});
	const at = performance.now();
	if (result.exitCode !== 0) return null;
	const value = (name: string, direction: string): number | null => {
		const line = result.stdout
			.split('\n')
			.find(l => l.startsWith(`${name}{`) && l.includes(`direction="${direction}"`) && l.includes('site="pho-an"'));
		return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
	};
	const way = (direction: string): Way | null => {
		const sent = value('diemcau_udp_packets_sent_total', direction);
		const lost = value('diemcau_udp_packets_lost_total', direction);
		const ratio = value('diemcau_site_packet_loss_ratio', direction);
		return sent === null || lost === null ? null : {sent, lost, windowPct: ratio === null ? null : ratio * 100};
	};
	const up = way('up');
	const down = way('down');
	return up && down && up.sent > 0 ? {at, up, down} : null;
}

/** fping from the hub's namespace, `count` pings `everyMs` apart (not blocking the test's loop). */
async function fping(p: NetnsPair, count: number, everyMs: number): Promise<{sent: number; received: number; lossPct: number}> {
	const argv = [...p.inNs('hub'), 'fping', '-c', String(count), '-p', String(everyMs), '-q', p.site.address];
	const result = await execa(argv[0]!, argv.slice(1), {reject: false, timeout: count * everyMs + 30_000});
	const match = /xmt\/rcv\/%loss = (\d+)\/(\d+)\//.exec(result.stderr);
	if (!match) throw new Error(`fping said: ${result.stderr}`);
	const sent = Number(match[1]);
	const received = Number(match[2]);
	return {sent, received, lossPct: ((sent - received) / sent) * 100};
}

/** How many of the line's dropped sequence numbers (sorted) are at most `sent`. */
function droppedUpTo(sortedSeqs: number[], sent: number): number {
	let n = 0;
	while (n < sortedSeqs.length && sortedSeqs[n]! <= sent) n++;
	return n;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : Number.NaN);

describe.skipIf(unavailable !== null)('packet-loss accuracy at 5/s over a 60-s window (netns + nft)', () => {
	for (const drop of [2, 5]) {
		it(`reads ${drop} % random drops each way as the line counted them, beside fping`, async () => {
			const p = pair!;
			countedDrops(p, PORT, drop);
			hub = await watch([
				...p.inNs('hub'),
				'node',
				BIN,
				'serve',
				plan,
				'--journal',
				path.join(temp.dir, `journal-${drop}.jsonl`),
				'--metrics',
				METRICS,
				'--lang',
				'en',
			]);
			// The stream's first report starts the window (and fping's minute beside it).
			let last: Scrape = null;
			for (const deadline = performance.now() + 30_000; !last; ) {
				if (hub.exited() || performance.now() > deadline) throw new Error(`no UDP figures from the hub within 30 s:\n${hub.output()}`);
				last = await scrape(p);
				if (!last) await new Promise(resolve => setTimeout(resolve, 100));
			}
			const startedAt = last.at;
			const seen: Array<NonNullable<Scrape>> = [last];
			const ping = fping(p, PINGS, PING_EVERY_MS);
			for (;;) {
				await new Promise(resolve => setTimeout(resolve, 500));
				const next = await scrape(p);
				if (hub.exited()) throw new Error(`the hub stopped:\n${hub.output()}`);
				if (next) {
					last = next;
					seen.push(next);
				}
				if (performance.now() - startedAt >= READ_AT_S * 1000) break;
			}
			const ageS = (last.at - startedAt) / 1000;
			// Read the line once fping is done: the stream's count is by sequence number (the packets
			// diemcau accounted for), the pings' by counter, all of them.
			const pinged = await ping;
			const line = readCountedDrops(p);
			await hub.stop();
			hub = undefined;

			// The window held the whole session: its figure is the session's totals.
			for (const way of [last.up, last.down]) {
				expect(way.windowPct, 'no window figure: the stream is not ok').not.toBeNull();
				expect(way.windowPct!).toBeCloseTo(pct(way.lost, way.sent), 6);
			}
			// At the plan's 5 packets a second (the first report came about a second after the start).
			expect(last.up.sent / (ageS + 1)).toBeGreaterThan(4);
			expect(last.up.sent / ageS).toBeLessThan(6);

			// The line's count of the very packets diemcau accounted for.
			const droppedUp = droppedUpTo(line.up.droppedSeqs, last.up.sent);
			const droppedDown = droppedUpTo(line.down.droppedSeqs, last.down.sent);
			// Not only at the end: at every read of the minute (~110), the hub's running count of lost
			// packets each way is the line's count of drops among the packets it had accounted for by
			// then, so a window between any two of its reports would read the line's share too.
			const gap = {up: 0, down: 0};
			for (const read of seen) {
				gap.up = Math.max(gap.up, Math.abs(read.up.lost - droppedUpTo(line.up.droppedSeqs, read.up.sent)));
				gap.down = Math.max(gap.down, Math.abs(read.down.lost - droppedUpTo(line.down.droppedSeqs, read.down.sent)));
			}
			const realized = {up: pct(droppedUp, last.up.sent), down: pct(droppedDown, last.down.sent)};
			const diemcau = {up: last.up.windowPct!, down: last.down.windowPct!};
			// Every stream packet the rules saw, up to fping's end (a few seconds past diemcau's last report).
			const overall = {
				up: pct(line.up.dropped, line.up.dropped + line.up.passed),
				down: pct(line.down.dropped, line.down.dropped + line.down.passed),
			};
			const echoLost = line.echo.requestsDropped + line.echo.repliesDropped;
			const diemcauRoundTrip = 100 - ((100 - diemcau.up) * (100 - diemcau.down)) / 100;
			const result = {
				setPct: drop,
				windowS: round1(ageS),
				packets: {up: last.up.sent, down: last.down.sent},
				lineDropped: {up: droppedUp, down: droppedDown},
				diemcauLost: {up: last.up.lost, down: last.down.lost},
				realizedPct: {up: round1(realized.up), down: round1(realized.down)},
				diemcauPct: {up: round1(diemcau.up), down: round1(diemcau.down)},
				lineOverallPct: {up: round1(overall.up), down: round1(overall.down)},
				diemcauRoundTripPct: round1(diemcauRoundTrip),
				fping: {sent: pinged.sent, received: pinged.received, lossPct: round1(pinged.lossPct), lineDropped: echoLost},
				// Whether the line's realized rate was within ±1.5 points of the set one (else that check does not apply).
				nearSet: {up: Math.abs(realized.up - drop) <= NEAR, down: Math.abs(realized.down - drop) <= NEAR},
				reads: seen.length,
				maxCountGap: gap,
			};
			process.stdout.write(`loss-accuracy ${drop} %: ${JSON.stringify(result)}\n`);
			figure(`loss-accuracy-${drop}pct`, result);
			rows.push(
				`| UDP loss at 5/s over a 60-s window, nft drops ${drop} % each way (namespaces, veth) | up ${round1(diemcau.up)} %, down ${round1(diemcau.down)} % (the line dropped ${round1(realized.up)} %, ${round1(realized.down)} % of those ${last.up.sent} / ${last.down.sent} packets); round trip ${round1(diemcauRoundTrip)} % | fping ${round1(pinged.lossPct)} % round trip (${pinged.sent} sent in the same minute) | \`npx vitest run --config vitest.faults.config.ts test/faults/loss-accuracy.test.ts\` |`,
			);

			expect(last.up.sent).toBeGreaterThanOrEqual(250);
			expect(last.down.sent).toBeGreaterThanOrEqual(230);
			for (const way of ['up', 'down'] as const) {
				expect(
					Math.abs(diemcau[way] - realized[way]),
					`${way}: diemcau ${diemcau[way]} %, the line ${realized[way]} %`,
				).toBeLessThanOrEqual(TIGHT);
				if (Math.abs(realized[way] - drop) <= NEAR)
					expect(Math.abs(diemcau[way] - drop), `${way} against the set ${drop} %`).toBeLessThanOrEqual(NEAR);
			}
			// One stray packet allowed (lost in a kernel buffer, not by the rule); a miscount shows as more.
			expect(gap.up, 'up: the hub lost count against the line at some read').toBeLessThanOrEqual(1);
			expect(gap.down, 'down: the hub lost count against the line at some read').toBeLessThanOrEqual(1);
			// fping beside it saw the same line: its lost pings are the ones the rules dropped.
			expect(pinged.sent - pinged.received).toBe(echoLost);
		}, 150_000);
	}
});
