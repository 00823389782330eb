import {createHash, randomBytes} from 'node:crypto';
import {
	closeSync,
	chmodSync,
	fstatSync,
	linkSync,
	lstatSync,
	mkdirSync,
	openSync,
	readFileSync,
	readSync,
	rmSync,
	unlinkSync,
	writeFileSync,
} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import envPaths from 'env-paths';
import {controlAddresses, isPipePath, type ControlAddress, type ControlPlace} from './control-protocol.js';
import {modeText, type AttachProblem, type ControlProblem, type KeyProblem} from './control-words.js';

// Where a user's hub puts its control channel and how `attach` finds and trusts it: the user's
// control key (a random secret in the data folder, 0600 on POSIX, in %LOCALAPPDATA% on
// Windows), the places the channel may be (controlAddresses), the owner checks a Unix socket
// must pass before `attach` says a word to it, and the note a hub leaves when it runs without
// a channel (so `attach` says so instead of "no hub is running").

const WINDOWS = process.platform === 'win32';

/** This system's places for a user's runtime files. */
export function controlPlace(env: NodeJS.ProcessEnv = process.env): ControlPlace {
	const uid = process.getuid?.();
	return {
		platform: process.platform,
		...(env.XDG_RUNTIME_DIR ? {runtimeDir: env.XDG_RUNTIME_DIR} : {}),
		tmpDir: tmpdir(),
		...(uid === undefined ? {} : {uid}),
	};
}

/** The data folder (env-paths: ~/.local/share/diemcau-nodejs, %LOCALAPPDATA%\diemcau-nodejs\Data on Windows). */
export function dataFolder(): string {
	return envPaths('diemcau').data;
}

/** The user's control key file. */
export function controlKeyFile(dataDir = dataFolder()): string {
	return path.join(dataDir, 'control.key');
}

const KEY_MAX = 4096;

/** A file's trouble as a control key: POSIX checks its owner and mode; Windows relies on the user profile's ACL. */
function keyProblem(file: string): KeyProblem | null {
	const stat = lstatSync(file);
	if (!stat.isFile()) return 'not-a-file';
	if (stat.size > KEY_MAX) return 'too-big';
	if (WINDOWS) return null;
	if (stat.uid !== process.getuid!()) return 'other-owner';
	if ((stat.mode & 0o077) !== 0) return 'open-to-others';
	return null;
}

/**
 * The user's control key: read, or made when `create` (32 random bytes, hex, written to a
 * temporary file 0600 then linked into place, so two hubs starting at once agree on one key).
 * `{missing}` when there is none and `create` is false; `{problem}` when the file is unfit.
 */
export function loadControlKey(options: {
	create: boolean;
	dataDir?: string;
}): {key: string} | {missing: string} | {problem: ControlProblem & {code: 'key'}} {
	const file = controlKeyFile(options.dataDir);
	const fail = (why: KeyProblem) => ({problem: {code: 'key' as const, file, why}});
	for (let attempt = 0; attempt < 2; attempt++) {
		try {
			const problem = keyProblem(file);
			if (problem) return fail(problem);
			const fd = openSync(file, 'r');
			try {
				if (!fstatSync(fd).isFile()) return fail('not-a-file');
				const buffer = Buffer.alloc(KEY_MAX + 1);
				const length = readSync(fd, buffer, 0, buffer.length, 0);
				const key = buffer.subarray(0, length).toString('utf8').trim();
				if (length > KEY_MAX) return fail('too-big');
				if (!/^[0-9a-f]{64}$/.test(key)) return fail('unreadable');
				return {key};
			} finally {
				closeSync(fd);
			}
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return fail('unreadable');
		}
		if (!options.create) return {missing: file};
		try {
			mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
			const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
			writeFileSync(temporary, `${randomBytes(32).toString('hex')}\n`, {mode: 0o600, flag: 'wx'});
			try {
				linkSync(temporary, file);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
			} finally {
				unlinkSync(temporary);
			}
		} catch {
			return fail('unreadable');
		}
	}
	return fail('unreadable');
}

/** Make (0700) or check a folder for the hub's socket: ours, a real folder, not open to others. */
function ownFolder(folder: string): boolean {
	try {
		mkdirSync(folder, {recursive: true, mode: 0o700});
		const stat = lstatSync(folder);
		if (!stat.isDirectory() || stat.uid !== process.getuid!()) return false;
		if ((stat.mode & 0o077) !== 0) chmodSync(folder, 0o700);
		return true;
	} catch {
		return false;
	}
}

/** Where a hub binds its control channel: the usable places in order, or why there is none. */
export function hubControlPaths(
	journal: string,
	key: string,
	place: ControlPlace = controlPlace(),
): {paths: string[]} | {problem: ControlProblem} {
	const addresses = controlAddresses(path.resolve(journal), key, place);
	const paths = addresses.filter(address => address.kind === 'pipe' || ownFolder(address.folder)).map(address => address.path);
	if (paths.length > 0) return {paths};
	return {problem: {code: 'no-folder', tried: addresses.map(address => (address.kind === 'unix' ? address.folder : address.path))}};
}

/** Where `attach` looks for a hub of `journal`: every place a hub may have bound, in the hub's order. */
export function attachControlPaths(journal: string, key: string, place: ControlPlace = controlPlace()): ControlAddress[] {
	return controlAddresses(path.resolve(journal), key, place);
}

/**
 * Before `attach` says a word to a Unix socket: it exists, is a socket, is owned by this user,
 * and its folder is this user's (or root's) and not writable by others (a sticky folder such
 * as /tmp, where no one can replace another's file, passes). Null when it may be trusted.
 * Named pipes have no file to check: there the key proves the hub (see controlProof).
 */
export function socketTrustProblem(file: string): AttachProblem | null {
	if (isPipePath(file)) return null;
	let stat;
	try {
		stat = lstatSync(file);
	} catch {
		return {code: 'no-hub', where: [file]};
	}
	if (!stat.isSocket()) return {code: 'not-a-socket', path: file};
	if (WINDOWS) return null;
	const uid = process.getuid!();
	if (stat.uid !== uid) return {code: 'foreign-socket', path: file, uid: stat.uid};
	const folder = path.dirname(file);
	let dir;
	try {
		dir = lstatSync(folder);
	} catch {
		return {code: 'no-hub', where: [file]};
	}
	if (dir.uid !== uid && dir.uid !== 0) return {code: 'foreign-folder', path: file, folder, uid: dir.uid};
	if ((dir.mode & 0o022) !== 0 && (dir.mode & 0o1000) === 0) return {code: 'open-folder', path: file, folder, mode: modeText(dir.mode)};
	return null;
}

/** The note a hub without a control channel leaves for `attach`, by journal. */
function noteFile(journal: string, dataDir = dataFolder()): string {
	const name = createHash('sha256').update(path.resolve(journal)).digest('hex').slice(0, 20);
	return path.join(dataDir, 'control', `${name}.json`);
}

/** Say (for `attach`) that this process runs the hub of `journal` without a control channel. Returns its removal. */
export function noteNoControl(journal: string, problem: ControlProblem, dataDir?: string): () => void {
	const file = noteFile(journal, dataDir);
	try {
		mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
		writeFileSync(file, JSON.stringify({pid: process.pid, problem}), {mode: 0o600});
	} catch {
		return () => undefined;
	}
	return () => rmSync(file, {force: true});
}

/** A live hub's note that it runs without a control channel, or null. */
export function readNoControl(journal: string, dataDir?: string): {pid: number; problem: ControlProblem} | null {
	try {
		const note = JSON.parse(readFileSync(noteFile(journal, dataDir), 'utf8').slice(0, 64 * 1024)) as {
			pid?: unknown;
			problem?: ControlProblem;
		};
		if (typeof note.pid !== 'number' || !note.problem || typeof note.problem !== 'object') return null;
		process.kill(note.pid, 0);
		return {pid: note.pid, problem: note.problem};
	} catch {
		// No note, an unreadable one, or its process is gone (ESRCH) or another user's (EPERM).
		return null;
	}
}
