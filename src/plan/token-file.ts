import {readFileSync, statSync} from 'node:fs';

// Apart from plan-file.ts so the bundled agent reads its token without carrying the plan parser.

/** Result of reading a secret: the value, or why it could not be read (never containing the secret). */
export type SecretResult = {ok: true; value: string; warning?: string} | {ok: false; reason: string; fault: SecretFault};

/** Why a secret could not be read, for a message that words it (the file or variable, and what is wrong). */
export type SecretFault =
	| {kind: 'env-unset'; variable: string}
	| {kind: 'file-missing'; file: string}
	| {kind: 'file-empty'; file: string}
	| {kind: 'file-unreadable'; file: string; errno?: string};

/**
 * Read a token file; trailing whitespace is trimmed. On Linux and macOS a file readable by group or
 * others gives a warning, since anyone on the PC could pose as the site. Windows keeps access in
 * ACLs, which the mode bits do not show, so there is nothing to check there.
 */
export function readTokenFile(file: string, platform: NodeJS.Platform = process.platform): SecretResult {
	try {
		const value = readFileSync(file, 'utf8').trim();
		if (!value) return {ok: false, reason: `token file ${file} is empty`, fault: {kind: 'file-empty', file}};
		const open = platform !== 'win32' && (statSync(file).mode & 0o077) !== 0;
		return open ? {ok: true, value, warning: `token file ${file} can be read by other users: run chmod 600 ${file}`} : {ok: true, value};
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const fault: SecretFault = code === 'ENOENT' ? {kind: 'file-missing', file} : {kind: 'file-unreadable', file, ...(code ? {errno: code} : {})};
		return {ok: false, reason: `cannot read token file ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}`, fault};
	}
}
