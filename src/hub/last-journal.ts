import {existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';

// Where the last meeting run or served on this machine keeps its journal, wherever that is
// (the data folder, or --journal FILE anywhere): `report` without a file reads it from here.
// A tiny file in the data folder, not in conf (conf holds preferences, never events).

const NAME = 'last-journal.json';

/** Remember `file` as the journal of the meeting this machine ran last (best effort: a record that cannot be written only costs `report` its default). */
export function rememberJournal(file: string, dataDir: string = envPaths('diemcau').data): void {
	const record = path.join(dataDir, NAME);
	const temporary = `${record}.${process.pid}.tmp`;
	try {
		mkdirSync(dataDir, {recursive: true, mode: 0o700});
		writeFileSync(temporary, `${JSON.stringify({journal: path.resolve(file)})}\n`, {mode: 0o600});
		renameSync(temporary, record);
	} catch {
		// A read-only or full data folder: the meeting runs all the same.
	}
}

/** The journal remembered by rememberJournal, or null when there is none or it has gone. */
export function rememberedJournal(dataDir: string = envPaths('diemcau').data): string | null {
	try {
		const {journal} = JSON.parse(readFileSync(path.join(dataDir, NAME), 'utf8')) as {journal?: unknown};
		if (typeof journal !== 'string' || !path.isAbsolute(journal) || !existsSync(journal)) return null;
		return statSync(journal).isFile() ? journal : null;
	} catch {
		return null;
	}
}
