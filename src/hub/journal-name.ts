import {createHash} from 'node:crypto';
import {closeSync, existsSync, openSync, readdirSync, readSync, statSync} from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import {sameIdentity, type PlanIdentity} from '../model/plan/plan.js';

// Journal file names a technician can find afterwards: the date and the title in plain letters
// (`2026-12-01-hoi-nghi-truc-bao.jsonl`); the identity hash only when two meetings of one day
// share a title. A journal begun under the old name (`DATE-HASH.jsonl`) keeps being resumed.

/** The journals folder in the data dir (env-paths, as conf uses). */
export function journalsDir(dataDir: string = envPaths('diemcau').data): string {
	return path.join(dataDir, 'journals');
}

/** A title in lower-case ASCII words joined by "-": Vietnamese letters lose their marks, đ is d. */
export function titleSlug(title: string, maxLength = 60): string {
	const plain = title
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.replace(/[đĐ]/g, 'd')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '');
	if (plain.length <= maxLength) return plain || 'meeting';
	const cut = plain.slice(0, maxLength + 1);
	const lastDash = cut.lastIndexOf('-');
	return (lastDash > maxLength / 2 ? cut.slice(0, lastDash) : plain.slice(0, maxLength)).replace(/-+$/, '');
}

function identityHash(identity: PlanIdentity): string {
	return createHash('sha256').update(JSON.stringify(identity)).digest('hex').slice(0, 12);
}

/** The plan identity in a journal's header line, or null (not a journal, or unreadable). */
export function journalIdentity(file: string): PlanIdentity | null {
	let fd: number | null = null;
	try {
		fd = openSync(file, 'r');
		const buffer = Buffer.alloc(64 * 1024);
		const length = readSync(fd, buffer, 0, buffer.length, 0);
		const firstLine = buffer.subarray(0, length).toString('utf8').split('\n')[0] ?? '';
		const header = JSON.parse(firstLine) as {type?: unknown; plan?: PlanIdentity};
		return header.type === 'journal' && header.plan && typeof header.plan === 'object' ? header.plan : null;
	} catch {
		return null;
	} finally {
		if (fd !== null) closeSync(fd);
	}
}

/**
 * Where a plan's journal lives by default: `DATE-SLUG.jsonl` in the data dir's journals folder;
 * the old `DATE-HASH.jsonl` when one exists (a meeting begun before names changed resumes);
 * `DATE-SLUG-HASH.jsonl` when `DATE-SLUG.jsonl` belongs to another meeting.
 */
export function defaultJournalPath(identity: PlanIdentity, dataDir: string = envPaths('diemcau').data): string {
	const dir = journalsDir(dataDir);
	const hash = identityHash(identity);
	const old = path.join(dir, `${identity.date}-${hash}.jsonl`);
	if (existsSync(old)) return old;
	const slug = titleSlug(identity.title);
	const named = path.join(dir, `${identity.date}-${slug}.jsonl`);
	if (!existsSync(named)) return named;
	const owner = journalIdentity(named);
	if (owner && sameIdentity(owner, identity)) return named;
	return path.join(dir, `${identity.date}-${slug}-${hash}.jsonl`);
}

/** The most recently written journal in the data dir, or null when there is none. */
export function lastJournal(dataDir: string = envPaths('diemcau').data): string | null {
	const dir = journalsDir(dataDir);
	let names: string[];
	try {
		names = readdirSync(dir);
	} catch {
		return null;
	}
	let best: {file: string; mtime: number} | null = null;
	for (const name of names) {
		if (!name.endsWith('.jsonl')) continue;
		const file = path.join(dir, name);
		try {
			const stat = statSync(file);
			if (stat.isFile() && (!best || stat.mtimeMs > best.mtime)) best = {file, mtime: stat.mtimeMs};
		} catch {
			// Removed while listing: not a candidate.
		}
	}
	return best?.file ?? null;
}
