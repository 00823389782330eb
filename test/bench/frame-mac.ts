// What sealing every frame costs on the hub's hot path: parsing pongs, side by side with and
// without opening their MAC, in one run. Measures; never asserts. Figures on a shared machine are
// noisy: read the ratio, not the absolute numbers.
//   node --import tsx test/bench/frame-mac.ts
import {FrameChannel} from '../../probes/frame-mac.js';
import {encodePong, parseMessage} from '../../probes/protocol.js';

const N = Number(process.env.BENCH_FRAMES ?? 200_000);
const key = Buffer.alloc(32, 7);
const plain: string[] = [];
const sealed: string[] = [];
const sender = new FrameChannel(key);
for (let i = 0; i < N; i++) {
	const pong = encodePong(i + 1, 123_456.789 + i, 123_457.1, 123_457.2);
	plain.push(pong);
	sealed.push(sender.seal(pong));
}

function time(label: string, body: () => number): number {
	const start = performance.now();
	const ok = body();
	const ms = performance.now() - start;
	if (ok !== N) throw new Error(`${label}: ${ok} of ${N}`);
	return ms;
}

const rounds: Array<{parse: number; openParse: number; seal: number}> = [];
for (let round = 0; round < 5; round++) {
	const parse = time('parse', () => plain.reduce((n, text) => n + (parseMessage(text).ok ? 1 : 0), 0));
	const receiver = new FrameChannel(key);
	const openParse = time('open+parse', () =>
		sealed.reduce((n, text) => {
			const json = receiver.open(text);
			return n + (json !== null && parseMessage(json).ok ? 1 : 0);
		}, 0),
	);
	const again = new FrameChannel(key);
	const seal = time('seal', () => plain.reduce((n, text) => n + (again.seal(text).length > 0 ? 1 : 0), 0));
	rounds.push({parse, openParse, seal});
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const parse = median(rounds.map(r => r.parse));
const openParse = median(rounds.map(r => r.openParse));
const seal = median(rounds.map(r => r.seal));
const perFrame = (ms: number) => `${((ms * 1000) / N).toFixed(2)} µs`;
process.stdout.write(
	`${N} pongs, median of 5 rounds (${process.version}):\n` +
		`  parse only         ${perFrame(parse)} a frame\n` +
		`  open MAC + parse   ${perFrame(openParse)} a frame  (${(openParse / parse).toFixed(1)}× parse only)\n` +
		`  seal (agent side)  ${perFrame(seal)} a frame\n` +
		`  at 2,000 sites × 1 Hz: ${((openParse / N) * 2000).toFixed(1)} ms of CPU a second for open + parse\n`,
);
