// A child for test/unit/heap-growth.test.ts: argv MODULE 0|1 (1: call boundHeapGrowth first); prints the peak heap.
const [mod, bound] = process.argv.slice(2);
if (bound === '1') (await import(mod)).boundHeapGrowth();
// 30 MB kept alive throughout, then objects that live long enough to be promoted (a ring of
// 100,000) and then die: what a dashboard's frames do.
const live = Array.from({length: 300_000}, (_, i) => ({i, s: `live ${i}`, a: [i, i + 1]}));
const ring = new Array(100_000);
let peak = 0;
for (let i = 0; i < 6_000_000; i++) {
	ring[i % ring.length] = {i, s: `garbage ${i}`, a: [i, i * 2]};
	if (i % 20_000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
}
console.log(JSON.stringify({peakMb: peak / 2 ** 20, live: live.length}));
