import v8 from 'node:v8';

/** How far V8 lets the heap grow past what the last full collection kept before the next, in percent. */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Keep a long-running hub's heap near what it really holds. V8 lets the old generation grow to up
 * to four times what survived the last full collection before it collects again; a dashboard of
 * thousands of sites keeps a few tens of MB alive and makes far more short-lived garbage a second,
 * so its heap settled at several times what it held. Capped at 2× the heap stays close to what it
 * holds, at no CPU cost above a run's noise; 1.5× saved a little more memory but cost the hub CPU.
 * The figures are measured by `npm run bench` (BENCHMARKS.md, the RSS rows).
 * It is a factor, not a limit: a heap that really needs more still gets it, so nothing can run out
 * of memory because of it. V8 reads the flag afresh at every full collection, so setting it once
 * the process runs takes effect (test/unit/heap-growth.test.ts); V8's flags are the process's, so
 * it holds for the prober's worker thread too.
 */
export function boundHeapGrowth(): void {
	v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
