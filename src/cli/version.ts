import {readFileSync} from 'node:fs';

// The version `--version` prints: package.json's, the one `npm pack` and the registry show. The
// one-file agent has no package.json beside it: its bundler writes the version in as
// DIEMCAU_VERSION (scripts/bundle-agent.mjs).

declare const DIEMCAU_VERSION: string | undefined;

let known: string | undefined;

/** This build's version, from package.json (found upward from this module), or the bundled one. */
export function packageVersion(): string {
	if (known) return known;
	if (typeof DIEMCAU_VERSION === 'string') return (known = DIEMCAU_VERSION);
	// dist/src/cli/version.js and src/cli/version.ts are both under the package's folder.
	for (let url = new URL('.', import.meta.url); ; url = new URL('..', url)) {
		try {
			const json = JSON.parse(readFileSync(new URL('package.json', url), 'utf8')) as {name?: string; version?: string};
			if (json.name === 'diemcau' && typeof json.version === 'string') return (known = json.version);
		} catch {
			// not here: one folder up
		}
		if (url.pathname === '/' || new URL('..', url).href === url.href) return (known = 'unknown');
	}
}
