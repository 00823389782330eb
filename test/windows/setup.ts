import {fetchNode} from '../../scripts/fetch-node.mjs';
import {prepareWine, stopWine} from './wine.js';

// globalSetup of the Windows suite (vitest.windows.config.ts): fetch the pinned Windows node.exe,
// make one Windows 10 Wine prefix for the run, hand both to the test files through the
// environment; at the end stop that prefix's wineserver and remove it. Where Wine cannot be had,
// every test is skipped and the reason printed once here.

export default function setup(): () => void {
	let nodeExe: string;
	try {
		nodeExe = fetchNode('windowsNode');
	} catch (error) {
		return skip(`the Windows node.exe could not be fetched: ${(error as Error).message}`);
	}
	const prepared = prepareWine(nodeExe);
	if ('skip' in prepared) return skip(prepared.skip);
	process.env.DIEMCAU_WINEPREFIX = prepared.setup.prefix;
	process.env.DIEMCAU_WINDOWS_NODE = prepared.setup.nodeExe;
	return () => stopWine(prepared.setup.prefix);
}

function skip(reason: string): () => void {
	process.env.DIEMCAU_WINE_SKIP = reason;
	process.stdout.write(`\nWindows suite SKIPPED: ${reason}\n\n`);
	return () => {};
}
