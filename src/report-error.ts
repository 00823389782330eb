import process from 'node:process';
import {DiemcauError} from './errors.js';

/** Print a user-facing error without a stack; anything else is a bug and says so. Returns the exit code. */
export function reportError(error: unknown): number {
	if (error instanceof DiemcauError) {
		process.stderr.write(`diemcau: ${error.message}\n`);
		for (const line of error.details) process.stderr.write(`  - ${line}\n`);
		return error.exitCode;
	}
	const message = error instanceof Error ? error.message : String(error);
	process.stderr.write(`diemcau: unexpected error: ${message}\nThis is a bug in diemcau; please report it with the command you ran.\n`);
	if (process.env.DIEMCAU_DEBUG) process.stderr.write(`${(error as Error)?.stack ?? ''}\n`);
	return 70;
}
