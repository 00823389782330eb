import {cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';

// What a user installing from the registry gets: `npm pack` (its prepack empties dist/ and builds
// again) then `npm install -g` of that tarball into a throwaway prefix gives a `diemcau` that
// runs. The pack is made from a copy of the sources, so its clean build never touches the dist/
// the other tests run.

const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'diemcau-pack-'));
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe('npm pack, then npm install -g of the tarball', () => {
	it('ships the build, LICENSE and no stray files; the installed diemcau runs', async () => {
		const source = path.join(work, 'source');
		for (const entry of [
			'package.json',
			'package-lock.json',
			'README.md',
			'LICENSE',
			'tsconfig.json',
			'tsconfig.build.json',
			'src',
			'components',
			'probes',
			'scripts',
			'fixtures',
		]) {
			cpSync(path.join(root, entry), path.join(source, entry), {recursive: true});
		}
		symlinkSync(path.join(root, 'node_modules'), path.join(source, 'node_modules'), 'dir');
		const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};

		const packed = await execa('npm', ['pack', '--json', '--pack-destination', work], {cwd: source, reject: false});
		expect(packed.exitCode, packed.stderr).toBe(0);
		const [{filename, files}] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as Array<{
			filename: string;
			files: Array<{path: string}>;
		}>;
		const paths = files.map(file => file.path);
		expect(paths).toContain('LICENSE');
		expect(paths).toContain('dist/src/bin.js');
		expect(paths).toContain('dist/diemcau-agent.mjs');
		expect(paths.filter(file => file.endsWith('.map'))).toEqual([]); // no maps to sources it does not ship
		expect(paths.filter(file => file.startsWith('dist/commune/') || file.startsWith('dist/test/'))).toEqual([]);

		const prefix = path.join(work, 'prefix');
		const installed = await execa(
			'npm',
			['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', '--prefer-offline', path.join(work, filename)],
			{reject: false},
		);
		expect(installed.exitCode, installed.stderr).toBe(0);
		// An install from the registry resolves docx's own dependencies (package.json's overrides
		// hold for a clone only): on Node 20 npm warns that docx's nanoid 6 wants Node 22. docx
		// carries its own copy of nanoid's code in its dist and never loads that package (checked
		// below), so the warning is the only one, and only on Node 20.
		const engineWarnings = installed.stderr.split('\n').filter(line => /EBADENGINE\s+package:/.test(line));
		const major = Number(process.versions.node.split('.')[0]);
		expect(engineWarnings.map(line => /'([^']+)'/.exec(line)?.[1]?.replace(/@.*/, ''))).toEqual(major < 22 ? ['nanoid'] : []);
		const docx = readFileSync(path.join(prefix, 'lib/node_modules/diemcau/node_modules/docx/dist/index.mjs'), 'utf8');
		expect(docx).not.toMatch(/from ["']nanoid|require\(["']nanoid/);
		expect(installed.stderr).not.toMatch(/invalid/);
		const bin = path.join(prefix, 'bin', 'diemcau');
		const version = await execa(bin, ['--version'], {reject: false});
		expect(version.stdout.trim()).toBe(pkg.version);
		// The one-file agent has no package.json beside it: the build wrote the version in.
		const agentVersion = await execa(
			process.execPath,
			[path.join(prefix, 'lib/node_modules/diemcau/dist/diemcau-agent.mjs'), '--version'],
			{reject: false},
		);
		expect(agentVersion.stdout.trim()).toBe(pkg.version);
		// The fixture's token files are made by whoever runs it (diemcau token new), never shipped.
		const check = await execa(bin, ['plan', 'check', path.join(root, 'fixtures/duc-pho-2021.yaml'), '--allow-missing-tokens'], {
			reject: false,
		});
		expect(check.exitCode, check.stderr).toBe(0);
		const agent = await execa(bin, ['agent', '--help'], {reject: false});
		expect(agent.exitCode).toBe(0);
		expect(agent.stdout).toContain('--site ID');
	}, 300_000);
});
