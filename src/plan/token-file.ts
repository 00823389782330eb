import {readFileSync, statSync} from 'node:fs';

// Apart from plan-file.ts so the bundled agent reads its token without carrying the plan parser.

/** Result of reading a secret: the value, or why it could not be read (never containing the secret). */
/** `why`: 'empty', or the system's error code (ENOENT…), for the words of the one who shows it. */
export type SecretResult = {ok: true; value: string; warning?: string} | {ok: false; reason: string; why?: string};

/**
 * Read a token file; trailing whitespace is trimmed. On Linux and macOS a file readable by group or
 * others gives a warning, since anyone on the PC could pose as the site. Windows keeps access in
 * ACLs, which the mode bits do not show, so there is nothing to check there.
 */
export function readTokenFile(file: string, platform: NodeJS.Platform = process.platform): SecretResult {
	try {
		const value = readFileSync(file, 'utf8').trim();
		if (!value) return {ok: false, reason: `token file ${file} is empty`, why: 'empty'};
		const open = platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
		return open ? {ok: true, value, warning: `token file ${file} can be read by other users: run chmod 600 ${file}`} : {ok: true, value};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		return {ok: false, reason: `cannot read token file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`, why: code ?? 'unreadable'};
	}
}
