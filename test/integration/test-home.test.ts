import {mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';

// Tests that start `serve` and `run` write nothing into the folders of the user who runs them:
// a few such tests, run by vitest itself with HOME an empty folder and no XDG_* folders set (as
// on a developer's machine, where they would be ~/.local/share, ~/.config and /run/user/UID),
// leave HOME empty. The run's own folders come from the global setup (test/helpers/test-home.ts).

const root = fileURLToPath(new URL('../..', import.meta.url));
const home = mkdtempSync(path.join(tmpdir(), 'diemcau-empty-home-'));
afterAll(() => rmSync(home, {recursive: true, force: true}));

/** Every file and folder under `dir`, relative to it. */
function everything(dir: string): string[] {
	return readdirSync(dir, {recursive: true, encoding: 'utf8'});
}

describe('tests that spawn the hub', () => {
	it('leave an empty HOME empty: no control key, journal or preference in the user’s folders', async () => {
		const env: NodeJS.ProcessEnv = {...process.env, HOME: home, NO_COLOR: '1'};
		for (const name of Object.keys(env))
			if (name.startsWith('XDG_') || name.startsWith('DIEMCAU_') || name === 'FORCE_COLOR') delete env[name];
		const result = await execa(
			process.execPath,
			[
				path.join(root, 'node_modules/vitest/vitest.mjs'),
				'run',
				'test/integration/control-proof.test.ts',
				'test/integration/serve.test.ts',
				'test/e2e/run.test.ts',
				'-t',
				'lets in the right key|runs headless|opens a plan',
			],
			{cwd: root, env, extendEnv: false, reject: false, all: true},
		);
		expect(result.all).toMatch(/Tests\s+3 passed/);
		expect(result.exitCode).toBe(0);
		expect(everything(home)).toEqual([]);
	}, 240_000);
});
