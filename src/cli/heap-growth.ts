import v8 from 'node:v8';

/** How far V8 lets the heap grow past what the last full collection kept before the next, in percent. */
export const HEAP_GROWING_PERCENT = 100;

/**
 * Keep a long-running hub's heap near what it really holds. V8 lets the old generation grow to up
 * to four times what survived the last full collection before it collects again. A 2,000-site
 * dashboard keeps about 35 MB alive and makes 30–60 MB of short-lived garbage a second, and its
 * heap reached 190–230 MB (RSS 450–500 MB). With growth capped at 2× it stays near 110–150 MB
 * (RSS about 380 MB); at 1.5× RSS was about 340 MB but the hub took 3–8 points of a core more, at
 * 2× no more than the run's noise (BENCHMARKS.md, "Memory of the hub + dashboard").
 * It is a factor, not a limit: a heap that really needs more still gets it, so nothing can run out
 * of memory because of it. V8 reads the flag afresh at every full collection, so setting it once
 * the process runs takes effect (test/unit/heap-growth.test.ts); V8's flags are the process's, so
 * it holds for the prober's worker thread too.
 */
export function boundHeapGrowth(): void {
	v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
