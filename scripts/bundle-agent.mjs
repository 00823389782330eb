// Bundle the site agent into one file a commune copies to its PC: `dist/diemcau-agent.mjs`,
// the agent and every dependency inside, run with a bare `node` (20 or newer) from any folder,
// no node_modules. Run by `npm run build` after tsc.
import {build} from 'esbuild';
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const {version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// Ink imports react-devtools-core (a dev-only optional peer, loaded only when DEV=true) from a
// module that esbuild inlines, so the import would become a top-level one the commune's PC cannot
// resolve. Give it an empty stand-in: the site console (Ink) bundles and runs without it.
const noDevtools = {
	name: 'no-react-devtools',
	setup(build) {
		build.onResolve({filter: /^react-devtools-core$/}, args => ({path: args.path, namespace: 'no-devtools'}));
		build.onLoad({filter: /.*/, namespace: 'no-devtools'}, () => ({
			contents: 'export default {initialize() {}, connectToDevTools() {}};',
			loader: 'js',
		}));
	},
};

await build({
	absWorkingDir: root,
	entryPoints: ['src/agent-main.ts'],
	outfile: 'dist/diemcau-agent.mjs',
	bundle: true,
	platform: 'node',
	format: 'esm',
	target: 'node20',
	legalComments: 'none',
	logLevel: 'warning',
	plugins: [noDevtools],
	// React's production build: the development one checks every prop of every render.
	// The version `--version` prints (src/cli/version.ts): no package.json travels with the file.
	define: {'process.env.NODE_ENV': '"production"', DIEMCAU_VERSION: JSON.stringify(version)},
	// ws and others are CommonJS and call require() for Node's own modules; an ES module has no
	// require of its own, so give it one.
	banner: {
		js: [
			'#!/usr/bin/env node',
			"import {createRequire as __diemcauCreateRequire} from 'node:module';",
			'const require = __diemcauCreateRequire(import.meta.url);',
		].join('\n'),
	},
	// ws loads these native speed-ups inside try/catch and works without them.
	external: ['bufferutil', 'utf-8-validate'],
});
