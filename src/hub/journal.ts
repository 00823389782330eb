import {constants, promises as fs} from 'node:fs';
import path from 'node:path';
import type {Warning} from '../i18n/warning-words.js';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
import {sameIdentity} from '../model/plan/plan.js';
import type {SessionEvent} from '../model/meeting/session.js';
import {formatEvent, parseJournal, tornTailWarning, type JournalContents, type JournalHeader} from './journal-format.js';

export {defaultJournalPath, lastJournal} from './journal-name.js';
export {formatEvent, parseEvent, parseJournal, type JournalContents, type JournalHeader} from './journal-format.js';

// The journal file: one handle opened for append, one write queue, every batch written whole
// and datasynced before its promise resolves. A write that fails is undone (the file is cut
// back to its last good length) so a later write never lands after half a line.

/** Read and check a journal without changing it (for `report`); a torn tail is only reported. */
export async function readJournal(file: string): Promise<JournalContents & {header: JournalHeader; warnings: Warning[]}> {
	let bytes: Buffer;
	try {
		bytes = await fs.readFile(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw new DiemcauError(
			'DIEMCAU_JOURNAL_UNREADABLE',
			code === 'ENOENT' ? says('journal-missing', {file}) : says('journal-unreadable', {file, code: code ?? 'unreadable'}),
		);
	}
	const contents = parseJournal(bytes, file);
	if (!contents.header) throw new DiemcauError('DIEMCAU_JOURNAL_CORRUPT', says('journal-empty', {file}));
	const warnings = contents.tornBytes > 0 ? [tornTailWarning(file, contents.tornBytes)] : [];
	return {...contents, header: contents.header, warnings};
}

export interface OpenJournalOptions {
	/** Start over: an existing file is renamed aside (kept), a new one begun. */
	fresh?: boolean;
	/** Time for the name of a file kept aside by --fresh (epoch ms). */
	now?: number;
}

/** An open journal: append batches of events, durable when the promise resolves. */
export class Journal {
	readonly file: string;
	readonly header: JournalHeader;
	#handle: fs.FileHandle;
	#size: number;
	#queue: Promise<unknown> = Promise.resolve();
	#closed = false;

	private constructor(file: string, header: JournalHeader, handle: fs.FileHandle, size: number) {
		this.file = file;
		this.header = header;
		this.#handle = handle;
		this.#size = size;
	}

	/**
	 * Open (or create) the journal at `file` for a meeting with `header`, returning the events to replay.
	 * Refuses (DiemcauError, exit 2) a damaged file or one of another plan, without touching it.
	 * The header of an existing file wins (its UTC offset keeps the times of a resumed meeting).
	 */
	static async open(
		file: string,
		header: JournalHeader,
		options: OpenJournalOptions = {},
	): Promise<{journal: Journal; events: SessionEvent[]; warnings: Warning[]}> {
		const warnings: Warning[] = [];
		await fs.mkdir(path.dirname(file), {recursive: true});
		let existing: Buffer | null = null;
		try {
			existing = await fs.readFile(file);
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
				throw new DiemcauError(
					'DIEMCAU_JOURNAL_UNREADABLE',
					says('journal-unreadable', {file, code: (error as NodeJS.ErrnoException).code ?? 'unreadable'}),
				);
			}
		}
		if (existing && options.fresh) {
			const stamp = new Date(options.now ?? Date.now()).toISOString().replace(/[:.]/g, '-');
			const kept = file.replace(/(\.jsonl)?$/, `.${stamp}.jsonl`);
			await fs.rename(file, kept);
			warnings.push({code: 'journal-fresh', params: {kept}});
			existing = null;
		}
		if (existing) {
			const contents = parseJournal(existing, file);
			if (contents.header && !sameIdentity(contents.header.plan, header.plan)) {
				const other = contents.header.plan;
				throw new DiemcauError(
					'DIEMCAU_JOURNAL_OTHER_PLAN',
					says('journal-other-meeting', {
						file,
						title: other.title,
						date: other.date,
						sites: other.sites.length,
						items: other.agenda.length,
					}),
				);
			}
			const handle = await openForAppend(file);
			try {
				if (contents.tornBytes > 0) {
					warnings.push(tornTailWarning(file, contents.tornBytes));
					await handle.truncate(contents.goodBytes);
					await handle.datasync();
				}
				if (contents.header)
					return {journal: new Journal(file, contents.header, handle, contents.goodBytes), events: contents.events, warnings};
			} catch (error) {
				await handle.close();
				throw writeError(file, error);
			}
			// A file cut off before its header was whole: begin it again.
			const journal = new Journal(file, header, handle, 0);
			await journal.#write(`${JSON.stringify(header)}\n`);
			return {journal, events: [], warnings};
		}
		const handle = await openForAppend(file);
		const journal = new Journal(file, header, handle, 0);
		await journal.#write(`${JSON.stringify(header)}\n`);
		await syncDirectory(path.dirname(file));
		return {journal, events: [], warnings};
	}

	/**
	 * Append events (seq in order) as one write + datasync; rejects with DiemcauError('DIEMCAU_JOURNAL_WRITE').
	 * `sync: false` skips the datasync (a heartbeat: losing it in a power cut loses nothing the
	 * screen showed, and the next synced write makes it durable too).
	 */
	append(events: readonly SessionEvent[], options: {sync?: boolean} = {}): Promise<void> {
		if (events.length === 0) return Promise.resolve();
		const text = events.map(event => `${formatEvent(event)}\n`).join('');
		const sync = options.sync ?? true;
		const done = this.#queue.then(() => this.#write(text, sync));
		this.#queue = done.catch(() => undefined);
		return done;
	}

	/** Bytes known durable. */
	get size(): number {
		return this.#size;
	}

	#suspect = false;

	async #write(text: string, sync = true): Promise<void> {
		if (this.#closed) throw new DiemcauError('DIEMCAU_JOURNAL_WRITE', says('journal-closed', {file: this.file}));
		const bytes = Buffer.from(text, 'utf8');
		try {
			// An earlier failure may have left a partial line if its undo failed too; only then
			// is the size worth asking (each await is a loop turn a busy screen can delay).
			if (this.#suspect) {
				const {size} = await this.#handle.stat();
				if (size !== this.#size) await this.#handle.truncate(this.#size);
				this.#suspect = false;
			}
			let offset = 0;
			while (offset < bytes.length) {
				const {bytesWritten} = await this.#handle.write(bytes, offset, bytes.length - offset);
				offset += bytesWritten;
			}
			if (sync) await this.#handle.datasync();
			this.#size += bytes.length;
		} catch (error) {
			this.#suspect = true;
			await this.#handle.truncate(this.#size).catch(() => undefined);
			throw writeError(this.file, error);
		}
	}

	/** Wait for queued writes, then close the handle. */
	async close(): Promise<void> {
		if (this.#closed) return;
		await this.#queue;
		this.#closed = true;
		await this.#handle.close();
	}
}

async function openForAppend(file: string): Promise<fs.FileHandle> {
	try {
		return await fs.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
	} catch (error) {
		throw writeError(file, error);
	}
}

function writeError(file: string, error: unknown): DiemcauError {
	if (error instanceof DiemcauError) return error;
	const code = (error as NodeJS.ErrnoException).code;
	return new DiemcauError('DIEMCAU_JOURNAL_WRITE', says('journal-write', {file, code, error: (error as Error).message}));
}

/** fsync a folder so a newly created file's name survives a power cut. */
async function syncDirectory(dir: string): Promise<void> {
	const handle = await fs.open(dir, 'r').catch(() => null);
	if (!handle) return;
	await handle.sync().catch(() => undefined);
	await handle.close();
}
