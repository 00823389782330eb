import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {isolatedEnv} from './isolated-env.js';

// Vitest's global setup: before any test file runs, the run's own data, config, cache, state
// and runtime folders under one temporary folder (isolatedEnv), removed when the run ends. Every
// test process inherits them, and so does every process a test spawns (serve, run, demo, attach,
// an agent, a tmux server), so no test writes a control key, a journal or a preference into the
// folders of the user who runs the tests. A test or helper that wants a process of its own still
// passes its own folders (isolatedEnv) on top.

export default function setup(): () => void {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-test-home-'));
	Object.assign(process.env, isolatedEnv(dir));
	return () => rmSync(dir, {recursive: true, force: true});
}
