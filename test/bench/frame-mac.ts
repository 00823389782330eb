// What sealing every frame costs on the hub's hot path, for both frame MACs side by side in one
// run: diemcau.v2 (HMAC-SHA256, frames as strings, as v2 peers are still served) and diemcau.v3
// (SipHash-2-4, frames as the Buffers ws hands over and takes). Parsing pongs with and without
// opening their MAC, and sealing pings. Measures; never asserts. Figures on a shared machine are
// noisy: read the ratios, not the absolute numbers.
//   node --import tsx test/bench/frame-mac.ts
import {HmacFrameChannel, SipFrameChannel, type FrameChannel} from '../../probes/frame-mac.js';
import {encodePing, encodePong, parseMessage} from '../../probes/protocol.js';

const N = Number(process.env.BENCH_FRAMES ?? 200_000);
const key = Buffer.alloc(32, 7);
const plain: string[] = [];
const pings: string[] = [];
for (let i = 0; i < N; i++) {
	plain.push(encodePong(i + 1, 123_456.789 + i, 123_457.1, 123_457.2));
	pings.push(encodePing(i + 1, 123_456.789 + i));
}
const sealedWith = (channel: FrameChannel) => plain.map(pong => channel.seal(pong));
const v2Sealed = sealedWith(new HmacFrameChannel(key));
const v3Sealed = sealedWith(new SipFrameChannel(key)).map(frame => Buffer.from(frame));

function time(label: string, body: () => number): number {
	const start = performance.now();
	const ok = body();
	const ms = performance.now() - start;
	if (ok !== N) throw new Error(`${label}: ${ok} of ${N}`);
	return ms;
}

type Round = {parse: number; v2Open: number; v3Open: number; v2Seal: number; v3Seal: number};
const rounds: Round[] = [];
for (let round = 0; round < 5; round++) {
	const parse = time('parse', () => plain.reduce((n, text) => n + (parseMessage(text).ok ? 1 : 0), 0));
	const v2 = new HmacFrameChannel(key);
	const v2Open = time('v2 open+parse', () =>
		v2Sealed.reduce((n, text) => {
			const json = v2.open(text);
			return n + (json !== null && parseMessage(json).ok ? 1 : 0);
		}, 0),
	);
	const v3 = new SipFrameChannel(key);
	const v3Open = time('v3 open+parse', () =>
		v3Sealed.reduce((n, frame) => {
			const json = v3.openBuffer(frame);
			return n + (json !== null && parseMessage(json).ok ? 1 : 0);
		}, 0),
	);
	const v2Sender = new HmacFrameChannel(key);
	const v2Seal = time('v2 seal', () => pings.reduce((n, text) => n + (v2Sender.seal(text).length > 0 ? 1 : 0), 0));
	const v3Sender = new SipFrameChannel(key);
	const v3Seal = time('v3 seal', () => pings.reduce((n, text) => n + (v3Sender.sealBuffer(text, true).length > 0 ? 1 : 0), 0));
	rounds.push({parse, v2Open, v3Open, v2Seal, v3Seal});
}
const median = (pick: (round: Round) => number) => rounds.map(pick).sort((a, b) => a - b)[Math.floor(rounds.length / 2)]!;
const parse = median(r => r.parse);
const v2Open = median(r => r.v2Open);
const v3Open = median(r => r.v3Open);
const v2Seal = median(r => r.v2Seal);
const v3Seal = median(r => r.v3Seal);
const perFrame = (ms: number) => `${((ms * 1000) / N).toFixed(2)} µs`;
process.stdout.write(
	`${N} pongs and pings, median of 5 rounds (${process.version}):\n` +
		`  parse only                       ${perFrame(parse)} a frame\n` +
		`  v2 open HMAC + parse (string)    ${perFrame(v2Open)} a frame  (${(v2Open / parse).toFixed(1)}× parse only)\n` +
		`  v3 open SipHash + parse (Buffer) ${perFrame(v3Open)} a frame  (${(v3Open / parse).toFixed(1)}× parse only)\n` +
		`  v2 seal a ping (string)          ${perFrame(v2Seal)} a frame\n` +
		`  v3 seal a ping (Buffer)          ${perFrame(v3Seal)} a frame  (${(v2Seal / v3Seal).toFixed(1)}× cheaper than v2)\n` +
		`  at 2,000 sites × 1 Hz, open + parse + seal: v2 ${(((v2Open + v2Seal) / N) * 2000).toFixed(1)} ms, v3 ${(((v3Open + v3Seal) / N) * 2000).toFixed(1)} ms of CPU a second\n`,
);
