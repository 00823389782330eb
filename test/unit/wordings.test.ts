import {describe, expect, it} from 'vitest';
import {reasonForClose, reasonForError} from '../../probes/disconnect-reason.js';
import {CLOSE} from '../../probes/protocol.js';
import {REASON_EXAMPLES, REASON_WORDS, reasonCode, wordReason, wordReasonCode, type ReasonCodeName} from '../../src/model/reason-codes.js';
import {REFUSAL_EXAMPLES, REFUSAL_WORDS, wordRefusal, type RefusalCode} from '../../src/model/refusals.js';

// Every refusal of the model and every reason of the wire is a code with a wording in both
// languages; the Vietnamese one is a Vietnamese sentence (no English words of a sentence in it).

/** English words that make a sentence English (names, "agent", "TLS", "HTTP" are fine in Vietnamese). */
const ENGLISH = /(?<!\p{L})(the|is|are|has|have|not|no|to|of|yet|first|last|already|failed|refused|reset|answer|probes?|queue|item|session|speaking|nobody|empty|busy|closed|timeout|found|unreachable|garbage|marked|needs|shutting)(?!\p{L})/iu; // letters around: \b would split "toàn" at "à"

const refusalCodes = Object.keys(REFUSAL_EXAMPLES) as RefusalCode[];
const reasonCodes = Object.keys(REASON_EXAMPLES) as ReasonCodeName[];

describe('refusal codes', () => {
	it.each(refusalCodes)('%s has an English and a Vietnamese wording', code => {
		const refusal = REFUSAL_EXAMPLES[code];
		expect(refusal.code).toBe(code);
		const words = REFUSAL_WORDS[code];
		expect(typeof words?.en, `${code}: no English wording`).toBe('function');
		expect(typeof words?.vi, `${code}: no Vietnamese wording`).toBe('function');
		const en = wordRefusal(refusal, 'en');
		const vi = wordRefusal(refusal, 'vi');
		expect(en.trim()).not.toBe('');
		expect(vi.trim()).not.toBe('');
		if (code === 'other') return; // a text from elsewhere, passed through
		expect(vi, `${code}: the Vietnamese is the English`).not.toBe(en);
		expect(vi, `${code}: English words in the Vietnamese wording`).not.toMatch(ENGLISH);
	});

	it('the table has no code without an example (so the walk above covers every code)', () => {
		expect(Object.keys(REFUSAL_WORDS).sort()).toEqual([...refusalCodes].sort());
	});
});

describe('wire reason codes', () => {
	it.each(reasonCodes)('%s has an English and a Vietnamese wording, and its English reads back as it', code => {
		const reason = REASON_EXAMPLES[code];
		const en = wordReasonCode(reason, 'en');
		const vi = wordReasonCode(reason, 'vi');
		expect(en.trim()).not.toBe('');
		expect(vi.trim()).not.toBe('');
		expect(reasonCode(en)).toEqual(reason);
		if (code === 'other') return;
		expect(vi).not.toBe(en);
		// "TLS: self-signed certificate" keeps OpenSSL's own words inside its parentheses.
		expect(vi.replace(/\(.*\)/, ''), `${code}: English words in the Vietnamese wording`).not.toMatch(ENGLISH);
	});

	it('the table has no code without an example', () => {
		expect(Object.keys(REASON_WORDS).sort()).toEqual([...reasonCodes].sort());
	});

	it('every reason the wire gives has a code of its own (none falls through to "other")', () => {
		const errors: Array<Error & {code?: string}> = [
			Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:7701'), {code: 'ECONNREFUSED'}),
			Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'}),
			Object.assign(new Error('write EPIPE'), {code: 'EPIPE'}),
			Object.assign(new Error('connect ETIMEDOUT'), {code: 'ETIMEDOUT'}),
			new Error('Opening handshake has timed out'),
			Object.assign(new Error('getaddrinfo ENOTFOUND x'), {code: 'ENOTFOUND'}),
			Object.assign(new Error('getaddrinfo EAI_AGAIN x'), {code: 'EAI_AGAIN'}),
			Object.assign(new Error('connect EHOSTUNREACH'), {code: 'EHOSTUNREACH'}),
			Object.assign(new Error('connect ENETUNREACH'), {code: 'ENETUNREACH'}),
			Object.assign(new Error('Max payload size exceeded'), {code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'}),
			Object.assign(new Error('Invalid WebSocket frame'), {code: 'WS_ERR_INVALID_OPCODE'}),
			Object.assign(new Error('self-signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}),
			new Error('Server sent no subprotocol'),
			new Error('Unexpected server response: 429'),
			new Error('Unexpected server response: 503'),
			new Error('Unexpected server response: 404'),
			new Error('Unexpected server response: 500'),
		];
		const texts = [
			...errors.map(error => reasonForError(error)),
			...Object.values(CLOSE).map(code => reasonForClose(code, 'bad frame')),
			'auth failed (wrong token or wrong site)', // probes/site-link.ts
			'no answer to 3 probes', // src/model/link-stats.ts
			'link down', // a speaker skipped on its turn
		];
		const uncoded = texts.filter(text => reasonCode(text).code === 'other');
		expect(uncoded).toEqual([]);
		for (const text of texts) expect(wordReason(text, 'vi').replace(/\(.*\)/, ''), text).not.toMatch(ENGLISH);
	});
});

describe('start-up warnings and journal errors', () => {
	it('the ones the hub gives are worded in Vietnamese, none left in English', async () => {
		const {wordWarning, wordJournalError} = await import('../../src/model/warning-words.js');
		const {tornTailWarning} = await import('../../src/journal-format.js');
		const warnings = [
			'pho-an: token file /plans/tokens/pho-an.token can be read by other users: run chmod 600 /plans/tokens/pho-an.token',
			tornTailWarning('/data/j.jsonl', 29),
			'Started a fresh journal; the previous one was kept as /data/j.2021-11-25T01-13-00-000Z.jsonl.',
		];
		for (const warning of warnings) {
			const vi = wordWarning(warning, 'vi');
			expect(vi, warning).not.toBe(warning);
			expect(vi.replace(/\/\S+/g, ''), warning).not.toMatch(ENGLISH);
		}
		for (const why of ['the disk is full (ENOSPC)', 'the file is too large (EFBIG)', 'the disk is read-only (EROFS)', 'permission denied (EACCES)', 'disk I/O error (EIO)']) {
			const vi = wordJournalError(`journal write failed: ${why} on /data/j.jsonl`, 'vi');
			expect(vi.replace(/\/\S+/g, '').replace(/\(E[A-Z]+\)/, ''), why).not.toMatch(/(?<!\p{L})(the|disk|file|is|full|large|read|only|permission|denied|error|on)(?!\p{L})/iu);
		}
	});
});
