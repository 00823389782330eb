import {closeSync, constants, fstatSync, lstatSync, openSync, readSync} from 'node:fs';
import {wordTokenFileProblem, type TokenFileProblem} from '../model/token-file-words.js';

// Apart from plan-file.ts so the bundled agent reads its token without carrying the plan parser.

/** A token is ~43 characters; a token file is never more than this. */
export const MAX_TOKEN_FILE_BYTES = 4096;

/**
 * Result of reading a secret: the value, or why it could not be read (never containing the
 * secret): `reason` in English (the hub's link reason, logs), `problem` as a code for any language.
 */
export type SecretResult = {ok: true; value: string; warning?: string} | {ok: false; reason: string; problem?: TokenFileProblem};

function refused(problem: TokenFileProblem): SecretResult {
	return {ok: false, reason: wordTokenFileProblem(problem, 'en'), problem};
}

/**
 * Read a token file; trailing whitespace is trimmed. Only a regular file of at most 4 KiB is
 * read: it is opened without waiting (a FIFO would hang the reader), checked on the open file
 * (fstat: no swap between check and read), and read with that limit (a device like /dev/zero
 * never ends). A symbolic link is followed only to a file of the user who reads it, owned by the
 * link's own owner: a link in a shared folder cannot hand diemcau another user's file. On Linux
 * and macOS a file readable by group or others gives a warning, since anyone on the PC could pose
 * as the site. Windows keeps access in ACLs, which the mode bits do not show: nothing to check.
 */
export function readTokenFile(file: string, platform: NodeJS.Platform = process.platform): SecretResult {
	let fd: number | undefined;
	try {
		const link = lstatSync(file);
		// O_NONBLOCK: opening a FIFO for reading returns at once instead of waiting for a writer.
		fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
		const stat = fstatSync(fd);
		if (stat.isDirectory()) return refused({code: 'directory', file});
		if (stat.isFIFO()) return refused({code: 'fifo', file});
		if (stat.isCharacterDevice() || stat.isBlockDevice()) return refused({code: 'device', file});
		if (!stat.isFile()) return refused({code: 'not-regular', file});
		if (stat.size > MAX_TOKEN_FILE_BYTES) return refused({code: 'too-big', file, bytes: stat.size, max: MAX_TOKEN_FILE_BYTES});
		const uid = platform === 'win32' ? undefined : process.getuid?.();
		// A path swapped for a link between the lstat and the open is judged as the link it became.
		const swapped = link.ino !== stat.ino || link.dev !== stat.dev;
		const viaLink = link.isSymbolicLink() || swapped;
		if (viaLink && uid !== undefined && (stat.uid !== uid || (link.isSymbolicLink() && link.uid !== stat.uid)))
			return refused({code: 'foreign-link', file, uid: stat.uid});
		const buffer = Buffer.alloc(MAX_TOKEN_FILE_BYTES + 1);
		let length = 0;
		for (;;) {
			const n = readSync(fd, buffer, length, buffer.length - length, null);
			if (n === 0) break;
			length += n;
			if (length > MAX_TOKEN_FILE_BYTES) return refused({code: 'too-big', file, bytes: length, max: MAX_TOKEN_FILE_BYTES});
		}
		const value = buffer.subarray(0, length).toString('utf8').trim();
		if (!value) return refused({code: 'empty', file});
		const open = platform !== 'win32' && (stat.mode & 0o077) !== 0;
		return open ? {ok: true, value, warning: `token file ${file} can be read by other users: run chmod 600 ${file}`} : {ok: true, value};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? '';
		if (code === 'ENOENT') return refused({code: 'missing', file});
		if (code === 'EISDIR') return refused({code: 'directory', file});
		return refused({code: 'unreadable', file, errno: code});
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}
