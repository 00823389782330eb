import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {beforeAll, describe, expect, it} from 'vitest';
import {GenerationCache} from '../../src/commands/ink-text/generation-cache.js';
import {fetchNode} from '../../scripts/fetch-node.mjs';

// Ink with its text measures cached (src/commands/ink-text-caches.ts) draws the frames Ink draws
// alone, byte for byte: text measured, wrapped, truncated at the end, the middle and the start,
// Vietnamese, wide characters and colours. Each side runs in a process of its own, as the
// dashboard does (the hooks must be in place before Ink is first imported), on the built dist/.
// The hooks need Node 22.15 or later (module.registerHooks): on the Node running the tests, and on
// the LTS package.json pins (fetched once, integrity checked, as for the suite on the LTS).

const CHILD = fileURLToPath(new URL('../helpers/ink-text-child.mjs', import.meta.url));
const DIST = new URL('../../dist', import.meta.url).href; // built by pretest, as the CLI runs it

type Drawn = {installed: boolean; frames: string[]; caches: Record<string, {entries: number; turns: number}> | null};

async function draw(node: string, cached: boolean): Promise<Drawn> {
	const {stdout} = await execa(node, [CHILD, DIST, cached ? '1' : '0']);
	return JSON.parse(stdout) as Drawn;
}

const hasRegisterHooks = async (node: string) =>
	(await execa(node, ['-p', "typeof require('node:module').registerHooks === 'function'"])).stdout.trim() === 'true';

describe('Ink with its text measures cached', () => {
	// The Node with hooks: this one, or the pinned LTS fetched before the tests (a download the
	// first time, which must not count against a test's time).
	let hooked = false;
	let nodeWithHooks = process.execPath;
	beforeAll(async () => {
		hooked = await hasRegisterHooks(process.execPath);
		if (!hooked) nodeWithHooks = fetchNode('linuxNodeLts');
	}, 300_000);

	it('on a Node without in-thread module hooks, installs nothing and Ink draws as it does alone', async () => {
		if (hooked) return; // the next test covers this Node
		const [alone, cached] = await Promise.all([draw(process.execPath, false), draw(process.execPath, true)]);
		expect(cached.installed).toBe(false);
		expect(cached.frames).toEqual(alone.frames);
	}, 60_000);

	it('draws the same bytes as Ink alone, through the stand-ins', async () => {
		const [alone, cached] = await Promise.all([draw(nodeWithHooks, false), draw(nodeWithHooks, true)]);
		expect(cached.installed).toBe(true);
		expect(cached.frames).toEqual(alone.frames);
		expect(new Set(alone.frames).size).toBe(40); // every frame differed from the one before
		expect(alone.frames[0]).toContain('\u001B[32m'); // colours were drawn
		expect(alone.frames.at(-1)).toContain('…'); // and text truncated
		// The stand-ins measured, wrapped and truncated these frames (not Ink's own modules).
		expect(cached.caches!.widestLine!.entries).toBeGreaterThan(40);
		expect(cached.caches!.measureText!.entries).toBeGreaterThan(40);
		expect(cached.caches!.wrapText!.entries).toBeGreaterThan(40);
	}, 60_000);
});

describe('GenerationCache', () => {
	it('holds at most two generations of `limit` entries, however many keys pass', () => {
		const cache = new GenerationCache<number>(100);
		let made = 0;
		const make = (key: string) => (made++, key.length);
		for (let i = 0; i < 10_000; i++) cache.get(`line ${i}`, make);
		expect(made).toBe(10_000);
		expect(cache.stats().entries).toBeLessThanOrEqual(200);
		expect(cache.stats().turns).toBeGreaterThan(90);
	});

	it('keeps what is still asked for across a turn (a line still on screen is not measured again)', () => {
		const cache = new GenerationCache<number>(10);
		let made = 0;
		const make = (key: string) => (made++, key.length);
		for (let frame = 0; frame < 50; frame++) {
			cache.get('header, the same every frame', make);
			for (let i = 0; i < 4; i++) cache.get(`figure ${frame} ${i}`, make);
		}
		expect(made).toBe(1 + 50 * 4);
		expect(cache.stats().turns).toBeGreaterThan(10);
	});
});
