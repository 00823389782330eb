import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {describe, expect, it} from 'vitest';

// boundHeapGrowth (src/cli/heap-growth.ts), set once the process runs, really changes how far V8 lets
// the heap grow: the same program (30 MB alive, then 6 million objects that live long enough to be
// promoted and die, as a dashboard's frames do) peaks far lower with it. Memory, not time: V8
// collects when the heap reaches its limit, whatever the machine's speed.

const CHILD = fileURLToPath(new URL('../helpers/heap-growth-child.mjs', import.meta.url));
const MODULE = new URL('../../dist/src/cli/heap-growth.js', import.meta.url).href; // built by pretest, as the CLI runs it

async function peakMb(bound: boolean): Promise<number> {
	const {stdout} = await execa(process.execPath, [CHILD, MODULE, bound ? '1' : '0']);
	return (JSON.parse(stdout) as {peakMb: number}).peakMb;
}

describe('boundHeapGrowth', () => {
	it('keeps the heap of a program making promoted garbage well below what V8 lets it reach by default', async () => {
		const unbounded = await peakMb(false);
		const bounded = await peakMb(true);
		// Measured: about 276 MB by default, 158–159 MB bounded (30 MB of it alive).
		expect(bounded).toBeLessThan(unbounded * 0.7);
		expect(bounded).toBeGreaterThan(30); // the live data is still there: a bound, not a collector that lost it
	}, 60_000);
});
