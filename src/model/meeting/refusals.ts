// Why an intent was refused, as a code with parameters: the model decides with these, and
// src/i18n/refusal-words.ts words them in each language (the control socket and logs keep the
// English for scripts). Item titles and site names in the parameters are the plan's own.

/**
 * Why the journal could not be written: the file, the system's error code (ENOSPC…) when it gave
 * one and its own text; or `closed` when the journal was closed already.
 */
export type JournalFailure = {file: string; errno?: string; error: string} | {file: string; closed: true};

/** The parts of a site console's mark (`checkin`) the hub checks; `message`: not a mark at all. */
export type CheckinField = 'message' | 'id' | 'role' | 'status' | 'reason';

export type Refusal =
	| {code: 'session-ended'}
	| {code: 'session-not-started'}
	| {code: 'nothing-to-run'}
	| {code: 'item-not-started'; item: string}
	| {code: 'item-paused'; item: string}
	| {code: 'item-done'; item: string; status: 'ended' | 'skipped'}
	| {code: 'last-item'; item: string}
	| {code: 'first-item'; item: string}
	| {code: 'one-minute-steps'}
	| {code: 'item-one-minute'; item: string}
	| {code: 'nothing-to-skip'}
	| {code: 'item-not-optional'; item: string}
	| {code: 'no-speaker-queue'; item: string}
	| {code: 'queue-empty'}
	| {code: 'all-queued-down'; count: number}
	| {code: 'nobody-speaking'}
	| {code: 'not-in-queue'; site: string}
	| {code: 'already-first'; site: string}
	| {code: 'already-last'; site: string}
	| {code: 'already-queued'; site: string}
	| {code: 'speaking-now'; site: string}
	| {code: 'unknown-site'; site: string}
	| {code: 'no-role'; site: string; role: number}
	| {code: 'bad-attendance'; status: string}
	| {code: 'not-marked'}
	| {code: 'already-marked'; status: 'present' | 'late' | 'absent'}
	| {code: 'empty-note'}
	| {code: 'hub-stopping'}
	| {code: 'hub-gone'}
	| {code: 'hub-unreachable'}
	| {code: 'viewer'}
	| {code: 'journal-write-failed'; failure: JournalFailure}
	/** A site console's mark the hub could not read (an agent of another version, or a forged frame): which part of it. */
	| {code: 'bad-checkin'; field: CheckinField}
	| {code: 'other'; text: string};

export type RefusalCode = Refusal['code'];
