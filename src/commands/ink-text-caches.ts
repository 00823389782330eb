// Ink 6.8 measures the whole text of every text node on screen, every frame, without a cache
// (`widestLine` in its render-node-to-output.js): at 3,321 sites that was most of the time a key's
// frame took to draw (a CPU profile of `diemcau run` in a pty while test/bench/terminal.ts pressed
// its keys; test/bench/key-frame.ts times the same keys in one process). Its two caches that do
// exist (measure-text.js, wrap-text.js) keep every text for the life of the process. Module hooks
// (ink-text/hooks.ts) give Ink stand-ins for those three with the same results and bounded caches
// (ink-text/generation-cache.ts). Ink's module bindings cannot be changed once it is loaded, so
// this runs before Ink is first imported.

import {INK_MINOR, inkMinor} from './ink-frame-caches.js';
import type {InkTextHookData} from './ink-text/hooks.js';

let installed: Promise<boolean> | null = null;

type RegisterHooks = (hooks: {resolve: (...args: never[]) => unknown}) => unknown;

/** Install the hooks (once; later calls return the same answer): false on another Ink minor, or a Node before 22.15. */
export function cacheInkTextMeasures(): Promise<boolean> {
	installed ??= install();
	return installed;
}

async function install(): Promise<boolean> {
	const module = await import('node:module');
	let inkBuild: string;
	try {
		const entry = import.meta.resolve('ink');
		if ((await inkMinor(entry)) !== INK_MINOR) return false;
		inkBuild = new URL('./', entry).href;
	} catch {
		return false;
	}
	const data: InkTextHookData = {inkBuild, standIns: new URL('./ink-text/', import.meta.url).href};
	// Hooks in this thread (Node 22.15 and later). Node 20 has only hooks in a thread of their own,
	// through which every later import then goes: the first frame came a quarter of a second later
	// (`diemcau run`, 15 sites, in a pty), so there Ink measures as it always did.
	const registerHooks = (module as unknown as {registerHooks?: RegisterHooks}).registerHooks;
	if (typeof registerHooks !== 'function') return false;
	const hooks = await import('./ink-text/hooks.js');
	hooks.initialize(data);
	registerHooks({resolve: hooks.resolve as never});
	return true;
}
