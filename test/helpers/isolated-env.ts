import {mkdirSync} from 'node:fs';
import path from 'node:path';

// The folders a spawned diemcau (serve, run, demo, attach, agent…) writes to, kept under a test's
// own temporary folder: never the real user's data, config, cache or runtime folders. The code
// finds them through env-paths (XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME, XDG_STATE_HOME on
// Linux; the control key, the journals, the last journal), DIEMCAU_CONFIG_DIR (the preferences,
// the language) and XDG_RUNTIME_DIR (the control socket's folder). Remove `dir` after the test.

/** The environment variables that keep a spawned diemcau's files under `dir` (the folders are made; the runtime one 0700). */
export function isolatedEnv(dir: string): Record<string, string> {
	const env = {
		XDG_DATA_HOME: path.join(dir, 'xdg-data'),
		XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
		XDG_CACHE_HOME: path.join(dir, 'xdg-cache'),
		XDG_STATE_HOME: path.join(dir, 'xdg-state'),
		XDG_RUNTIME_DIR: path.join(dir, 'xdg-run'),
		DIEMCAU_CONFIG_DIR: path.join(dir, 'diemcau-config'),
	};
	for (const folder of Object.values(env)) mkdirSync(folder, {recursive: true, mode: 0o700});
	return env;
}

/** The data folder a spawned diemcau with `isolatedEnv(dir)` uses (env-paths: XDG_DATA_HOME/diemcau-nodejs). */
export function isolatedDataDir(dir: string): string {
	return path.join(dir, 'xdg-data', 'diemcau-nodejs');
}
