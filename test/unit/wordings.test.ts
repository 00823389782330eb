import {describe, expect, it} from 'vitest';
import {reasonForClose, reasonForError} from '../../probes/disconnect-reason.js';
import {CLOSE} from '../../probes/protocol.js';
import {
	linkReasonWords,
	REASON_EXAMPLES,
	legacyReasonCode,
	reasonText,
	wordLinkReason,
	type ReasonCodeName,
} from '../../src/i18n/link-reason-words.js';
import {AlertRules} from '../../src/hub/alert-rules.js';
import {
	ALERT_EXAMPLES,
	ALERT_WORDS,
	HOOK_FAILURE_EXAMPLES,
	hookFailureLine,
	wordAlert,
	wordHookFailure,
	type AlertTextCode,
} from '../../src/i18n/alert-words.js';
import {rehearsalProgressWords, type RehearsalProgressWords} from '../../src/i18n/rehearsal-progress-words.js';
import {TEST_ERROR_EXAMPLES, testErrorWords, wordTestError} from '../../src/i18n/test-error-words.js';
import {testError, type TestError} from '../../src/model/link/test-errors.js';
import {wordVerdictReason} from '../../src/i18n/link-words.js';
import {linkReason, verdictReason} from '../../src/model/link/link-reasons.js';
import {REFUSAL_EXAMPLES, REFUSAL_WORDS, wordRefusal} from '../../src/i18n/refusal-words.js';
import {INTENT_NOTICE_EXAMPLES, intentNoticeWords} from '../../src/i18n/intent-notice-words.js';
import type {RefusalCode} from '../../src/model/meeting/refusals.js';
import {CHECKIN_REFUSALS} from '../../src/model/meeting/site-console.js';
import {CHECKIN_REFUSALS as HUB_CHECKIN_REFUSALS} from '../../src/model/meeting/console-state.js';
import {strings} from '../../src/i18n/strings.js';
import {ENGLISH} from '../helpers/english.js';

// Every refusal of the model and every reason of the wire is a code with a wording in both
// languages; the Vietnamese one is a Vietnamese sentence (no English words of a sentence in it).

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

	it.each(['message', 'id', 'role', 'status', 'reason'] as const)(
		'a mark the hub cannot read, by its %s, is worded in both languages',
		field => {
			const en = wordRefusal({code: 'bad-checkin', field}, 'en');
			const vi = wordRefusal({code: 'bad-checkin', field}, 'vi');
			expect(en).toMatch(/^the hub could not read this mark \(.+\): is the agent up to date\?$/);
			expect(vi).toMatch(/^điểm cầu chính không đọc được lượt điểm danh này \(.+\): hãy cập nhật phần mềm ở điểm cầu$/);
			expect(vi).not.toMatch(ENGLISH);
			expect(vi).not.toMatch(/checkin|must|roster|(?<!\p{L})(id|role|status|reason|text)(?!\p{L})/iu);
		},
	);

	it('the table has no code without an example (so the walk above covers every code)', () => {
		expect(Object.keys(REFUSAL_WORDS).sort()).toEqual([...refusalCodes].sort());
	});
});

describe('wire reason codes', () => {
	it.each(reasonCodes)("%s has an English and a Vietnamese wording, and an old journal's English reads back as it", code => {
		const reason = REASON_EXAMPLES[code];
		const en = wordLinkReason(reason, 'en');
		const vi = wordLinkReason(reason, 'vi');
		expect(en.trim()).not.toBe('');
		expect(vi.trim()).not.toBe('');
		// Journals written before the code kept only this English; the refused token file (new) never had a text of its own.
		if (code !== 'token-file-refused') expect(legacyReasonCode(en)).toEqual(reason);
		if (code === 'other') return;
		expect(vi).not.toBe(en);
		// "TLS: self-signed certificate" keeps OpenSSL's own words inside its parentheses.
		expect(vi.replace(/\(.*\)/, ''), `${code}: English words in the Vietnamese wording`).not.toMatch(ENGLISH);
	});

	it('the table has no code without an example', () => {
		expect([...linkReasonWords.codes].sort()).toEqual([...reasonCodes].sort());
		expect(Object.keys(linkReasonWords.vi).sort()).toEqual([...reasonCodes].sort());
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
		const reasons = [...errors.map(error => reasonForError(error)), ...Object.values(CLOSE).map(code => reasonForClose(code, 'bad frame'))];
		const uncoded = reasons.filter(reason => reason.code === 'other').map(reasonText);
		expect(uncoded).toEqual([]);
		for (const reason of reasons) expect(wordLinkReason(reason, 'vi').replace(/\(.*\)/, ''), reasonText(reason)).not.toMatch(ENGLISH);
	});

	it('a reason whose English no old parser knows still reads in Vietnamese: the screen words the code, not the text', () => {
		// An error Node words differently in another version: the code comes from err.code, so the
		// text it carries changes nothing on a Vietnamese screen.
		const reason = reasonForError(Object.assign(new Error('connect: the peer said no (ECONNREFUSED, v99)'), {code: 'ECONNREFUSED'}));
		expect(reason).toEqual(linkReason('connection-refused', {}));
		expect(wordLinkReason(reason, 'vi')).toBe('bị từ chối kết nối (agent chưa chạy hoặc sai cổng)');
		// A TLS failure in words OpenSSL may change: Node's code names the problem.
		const tls = reasonForError(Object.assign(new Error('certificate expired yesterday (OpenSSL 9)'), {code: 'CERT_HAS_EXPIRED'}));
		expect(legacyReasonCode(`x${reasonText(tls)}`).code).toBe('other');
		expect(wordLinkReason(tls, 'vi')).toBe(
			'lỗi TLS: chứng chỉ đã hết hạn: hãy gia hạn chứng chỉ (hoặc xem lại đồng hồ máy) (certificate expired yesterday (OpenSSL 9))',
		);
	});
});

describe('intent notices', () => {
	it.each(intentNoticeWords.codes)('%s has an English and a Vietnamese wording, the Vietnamese with no English word', code => {
		const notice = INTENT_NOTICE_EXAMPLES[code];
		const en = intentNoticeWords.word(notice, 'en');
		const vi = intentNoticeWords.word(notice, 'vi');
		expect(en.trim()).not.toBe('');
		expect(vi).not.toBe(en);
		expect(vi.replace(/Phường Nguyễn Nghiêm|Đặc khu Lý Sơn/g, ''), vi).not.toMatch(ENGLISH);
		expect(vi).not.toMatch(/(?<!\p{L})(skipped|requeued|link|down|speaker|queue|empty|last)(?!\p{L})/iu);
	});

	it('the skipped sites keep the English the control socket has always given, and are named in Vietnamese', () => {
		expect(intentNoticeWords.word(INTENT_NOTICE_EXAMPLES['speakers-skipped'], 'en')).toBe(
			'skipped (link down, requeued): Phường Nguyễn Nghiêm, Đặc khu Lý Sơn',
		);
		expect(intentNoticeWords.word(INTENT_NOTICE_EXAMPLES['speakers-skipped'], 'vi')).toBe(
			'bỏ qua vì đường truyền mất kết nối, xếp lại cuối danh sách: Phường Nguyễn Nghiêm, Đặc khu Lý Sơn',
		);
		expect(intentNoticeWords.word(INTENT_NOTICE_EXAMPLES['last-speaker'], 'en')).toBe('that was the last speaker: the queue is empty');
	});
});

describe('start-up warnings and journal errors', () => {
	it('the ones the hub gives are worded in Vietnamese, none left in English', async () => {
		const {warningWords, wordJournalFailure} = await import('../../src/i18n/warning-words.js');
		const {tornTailWarning} = await import('../../src/hub/journal-format.js');
		const warnings: Parameters<typeof warningWords.word>[0][] = [
			{code: 'token-file-open', params: {site: 'pho-an', file: '/plans/tokens/pho-an.token'}},
			tornTailWarning('/data/j.jsonl', 29),
			{code: 'journal-fresh', params: {kept: '/data/j.2021-11-25T01-13-00-000Z.jsonl'}},
			{code: 'udp-rate-lowered', params: {asked: 5, sites: 2000, budget: 2000, rate: 1}},
		];
		for (const message of warnings) {
			const warning = warningWords.word(message, 'en');
			const vi = warningWords.word(message, 'vi');
			expect(vi, warning).not.toBe(warning);
			// Paths and plan field names (probe.udpRate) stay as written.
			expect(vi.replace(/\/\S+/g, '').replace(/\bprobe\.udpRate\b/g, ''), warning).not.toMatch(ENGLISH);
		}
		const english: Record<string, string> = {
			ENOSPC: 'the disk is full',
			EFBIG: 'the file is too large',
			EROFS: 'the disk is read-only',
			EACCES: 'permission denied',
			EIO: 'disk I/O error',
		};
		for (const [errno, why] of Object.entries(english)) {
			// As the journal gives it: the system's code and its own text.
			const failure = {file: '/data/j.jsonl', errno, error: `${errno}: system text, write`};
			expect(wordJournalFailure(failure, 'en')).toBe(`journal write failed: ${why} (${errno}) on /data/j.jsonl`);
			const vi = wordJournalFailure(failure, 'vi');
			expect(vi).toMatch(/^không ghi được nhật ký \/data\/j\.jsonl: /);
			expect(vi).toContain(`(${errno})`);
			expect(vi.replace(/\/\S+/g, '').replace(/\(E[A-Z]+\)/, ''), why).not.toMatch(
				/(?<!\p{L})(the|disk|file|is|full|large|read|only|permission|denied|error|on|system|text|write)(?!\p{L})/iu,
			);
		}
		// A code the table does not know: the system's text, in parentheses after Vietnamese words.
		expect(wordJournalFailure({file: '/data/j.jsonl', errno: 'EXYZ', error: 'odd failure'}, 'vi')).toBe(
			'không ghi được nhật ký /data/j.jsonl: lỗi hệ thống (odd failure) (EXYZ)',
		);
		expect(wordJournalFailure({file: '/data/j.jsonl', closed: true}, 'vi')).toBe('không ghi được nhật ký: /data/j.jsonl đã đóng');
		expect(wordJournalFailure({file: '/data/j.jsonl', closed: true}, 'en')).toBe('journal write failed: /data/j.jsonl is closed');
	});
});

describe('TLS errors', () => {
	// What Node gives for the certificate problems a site meets (captured from real handshakes
	// against openssl-made certificates: self-signed, a CA this machine does not trust, a name
	// mismatch, an expired certificate, wss:// to a plain server).
	const tlsErrors: Array<[Error & {code: string}, string]> = [
		[Object.assign(new Error('self-signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}), 'tự ký'],
		[Object.assign(new Error('self signed certificate'), {code: 'DEPTH_ZERO_SELF_SIGNED_CERT'}), 'tự ký'], // Node before 17
		[Object.assign(new Error('self-signed certificate in certificate chain'), {code: 'SELF_SIGNED_CERT_IN_CHAIN'}), 'tự ký'],
		[
			Object.assign(new Error('unable to verify the first certificate'), {code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'}),
			'tổ chức cấp CA mà máy này tin cậy',
		],
		[
			Object.assign(new Error('unable to get local issuer certificate'), {code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'}),
			'tổ chức cấp CA mà máy này tin cậy',
		],
		[
			Object.assign(
				new Error(
					"Hostname/IP does not match certificate's altnames: Host: pho-an.example.vn. is not in the cert's altnames: DNS:localhost",
				),
				{code: 'ERR_TLS_CERT_ALTNAME_INVALID'},
			),
			'tên máy',
		],
		[Object.assign(new Error('certificate has expired'), {code: 'CERT_HAS_EXPIRED'}), 'hết hạn'],
		[Object.assign(new Error('certificate is not yet valid'), {code: 'CERT_NOT_YET_VALID'}), 'chưa đến ngày hiệu lực'],
		[
			Object.assign(
				new Error(
					'80BC6C59DF7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n',
				),
				{code: 'ERR_SSL_WRONG_VERSION_NUMBER'},
			),
			'ws://',
		],
	];

	it.each(tlsErrors.map(([error, says]) => [error.code, error, says] as const))(
		'%s reads in Vietnamese, OpenSSL’s own words only in parentheses',
		(_code, error, says) => {
			const reason = reasonForError(error);
			const text = reasonText(reason);
			expect(text.startsWith('TLS: ')).toBe(true); // the journal and --json keep the English
			expect(legacyReasonCode(text)).toEqual(reason); // and an old journal's text reads back as the same problem
			const vi = wordLinkReason(reason, 'vi');
			const outside = vi.replace(/ \(.*\)$/s, '');
			expect(outside, vi).not.toMatch(ENGLISH);
			expect(outside, vi).not.toMatch(
				/(?<!\p{L})(certificate|self|signed|expired|valid|unable|verify|hostname|match|wrong|version)(?!\p{L})/iu,
			);
			expect(outside, `${vi}: says what is wrong`).toContain(says);
			expect(vi).toContain(`(${text.slice('TLS: '.length)})`); // the raw text is kept for whoever fixes it
		},
	);
});

describe('alert messages (a technician’s phone)', () => {
	const alertCodes = Object.keys(ALERT_EXAMPLES) as AlertTextCode[];

	it.each(alertCodes)('%s has an English and a Vietnamese wording, no English sentence in the Vietnamese', code => {
		expect(ALERT_EXAMPLES[code].length).toBeGreaterThan(0);
		for (const text of ALERT_EXAMPLES[code]) {
			expect(text.code).toBe(code);
			const en = wordAlert(text, 'en');
			const vi = wordAlert(text, 'vi');
			expect(en.trim()).not.toBe('');
			expect(vi).not.toBe(en);
			// Names are the plan's; "(pho-an)" the site's id; a reason's raw text stays in parentheses.
			const words = vi.replace(/\([^)]*\)/g, '');
			expect(words, vi).not.toMatch(ENGLISH);
			expect(words, vi).not.toMatch(
				/(?<!\p{L})(down|back|still|storm|over|sites?|hub|line|link|poor|good|fair|speaking|running|planned|min|h|s)(?!\p{L})/iu,
			);
		}
	});

	it('the table has no code without an example', () => {
		expect(Object.keys(ALERT_WORDS).sort()).toEqual([...alertCodes].sort());
	});

	it('every message the rules raise is a code of the table, and its English is the message', () => {
		const rules = new AlertRules(
			Array.from({length: 6}, (_, i) => ({id: `s${i}`, name: `Xã ${i}`})),
			{afterMs: 1000, remindMs: 5000, resolved: true},
			0,
		);
		const seen = new Set<string>();
		const take = (notices: ReturnType<AlertRules['evaluate']>) => {
			for (const notice of notices) {
				seen.add(notice.text.code);
				expect(notice.message).toBe(wordAlert(notice.text, 'en'));
				expect(wordAlert(notice.text, 'vi').replace(/\([^)]*\)/g, '')).not.toMatch(ENGLISH);
			}
		};
		for (let i = 0; i < 6; i++) rules.link(`s${i}`, 'up', 'good', 0);
		rules.link('s0', 'down', 'down', 100, linkReason('connection-refused', {}));
		take(rules.evaluate(2000, {speaking: 's0', overrun: {item: 'x', title: 'Thảo luận', plannedMs: 60_000}}));
		take(rules.evaluate(8000, {speaking: 's0', overrun: {item: 'x', title: 'Thảo luận', plannedMs: 60_000}}));
		rules.link('s0', 'up', 'fair', 9000);
		take(rules.evaluate(9500, {speaking: 's0', overrun: null}));
		rules.link('s1', 'grade', 'poor', 9600);
		take(rules.evaluate(9700, {speaking: 's1', overrun: null}));
		take(rules.evaluate(9800, {speaking: null, overrun: null}));
		for (let i = 0; i < 5; i++) rules.link(`s${i}`, 'down', 'down', 10_000);
		take(rules.evaluate(10_100, {speaking: null, overrun: null}));
		take(rules.evaluate(12_000, {speaking: null, overrun: null}));
		take(rules.evaluate(18_000, {speaking: null, overrun: null}));
		for (let i = 0; i < 5; i++) rules.link(`s${i}`, 'up', 'good', 19_000);
		take(rules.evaluate(19_500, {speaking: null, overrun: null}));
		expect([...seen].sort()).toEqual(
			[
				'site-down',
				'site-still-down',
				'site-back',
				'storm-burst',
				'storm-still',
				'storm-over',
				'speaker-bad',
				'speaker-link-back',
				'speaker-stopped',
				'overrun',
				'overrun-over',
			].sort(),
		);
	});

	it('hook failures (shown on the screen) are worded; the hook’s own output stays in parentheses', () => {
		for (const failure of HOOK_FAILURE_EXAMPLES) {
			const vi = wordHookFailure(failure, 'vi');
			const en = wordHookFailure(failure, 'en');
			if (failure.code === 'other') continue; // a text from elsewhere, passed through
			expect(vi, en).not.toBe(en);
			const words = vi.replace(/\([^)]*\)/g, '').replace(/\/\S+|\S+\.example\.vn|notify-sms|E2BIG|ECONNREFUSED/g, '');
			expect(words, vi).not.toMatch(ENGLISH);
			expect(words, vi).not.toMatch(
				/(?<!\p{L})(command|finish|within|exited|code|answered|tries|waiting|dropped|program|executable|ended)(?!\p{L})/iu,
			);
			expect(hookFailureLine('site-down', 'pho-an', failure, 'vi')).toMatch(/^không gửi được cảnh báo \(site-down pho-an\): /);
			expect(hookFailureLine('site-down', 'pho-an', failure, 'en')).toBe(`alert hook failed (site-down pho-an): ${en}`);
		}
	});
});

describe('a running rehearsal (live view and progress lines)', () => {
	const words = {en: rehearsalProgressWords('en'), vi: rehearsalProgressWords('vi')};
	/** Every string the words give, with example parameters, keyed by where it comes from. */
	function said(w: RehearsalProgressWords): Record<string, string> {
		const tally = {good: 3, fair: 1, poor: 0, down: 2, waiting: 1};
		return {
			title: w.title('Kỳ họp thứ 4'),
			probing: w.probing,
			measuring: w.measuring(1, 4),
			done: w.done,
			...Object.fromEntries(Object.entries(w.head).map(([key, text]) => [`head.${key}`, text])),
			moreSites: w.moreSites(5),
			ctrlC: w.ctrlC,
			down: w.down,
			bandwidthWaiting: w.bandwidthWaiting,
			bandwidthRunning: w.bandwidthRunning,
			bandwidthFailed: w.bandwidthFailed(testError('not-connected')),
			'lines.probing': w.lines.probing(5, 6000),
			'lines.bandwidth': w.lines.bandwidth(4, 2),
			'lines.tick': w.lines.tick(12_000, 60_000, tally, [
				{id: 'dead', reason: linkReason('no-answer', {probes: 3})},
				{id: 'off', reason: null},
			]),
			'lines.bandwidthResult': w.lines.bandwidthResult('pho-an', {downKbps: 3200, upKbps: 900}),
			'lines.bandwidthFailed': w.lines.bandwidthResult('pho-an', {
				error: testError('bulk-failed', {reason: linkReason('connection-refused', {})}),
			}),
			'lines.stopping': w.lines.stopping,
			'lines.warning': w.lines.warning('người khác đọc được tệp mã'),
			'lines.cannotWrite': w.lines.cannotWrite('/data/kiem-tra.md', "EACCES: permission denied, open '/data/kiem-tra.md'", 'EACCES'),
		};
	}
	const en = said(words.en);
	const vi = said(words.vi);
	const SHARED = new Set(['head.p95', 'head.jitter']); // figures' names, the same in both

	it.each(Object.keys(en))('%s is worded in Vietnamese', key => {
		expect(vi[key], key).toBeTruthy();
		if (!SHARED.has(key)) expect(vi[key], key).not.toBe(en[key]);
		const words = vi[key]!.replace(/\([^)]*\)/g, '').replace(
			/\/\S+|Kỳ họp thứ 4|Ctrl-C|P95|JITTER|agent|pho-an|dead|off|Mbit\/s|kbit\/s/g,
			'',
		);
		expect(words, vi[key]).not.toMatch(ENGLISH);
		expect(words, vi[key]).not.toMatch(
			/(?<!\p{L})(rehearsal|probing|sites?|bandwidth|measuring|waiting|done|down|up|loss|avail|state|stops|report|good|fair|poor|at|time|writing|warning|cannot|write|permission|denied|of|for|s)(?!\p{L})/iu,
		);
	});

	it('the English lines are the ones scripts and the tests have always read', () => {
		expect(en['lines.probing']).toBe('probing 5 sites for 6 s (Ctrl-C stops early and still writes the report)');
		expect(en['lines.tick']).toBe('12 s of 60 s · 3 good, 1 fair, 0 poor, 2 down (dead: no answer to 3 probes; off: down), 1 waiting');
		expect(en['lines.bandwidthResult']).toBe('bandwidth pho-an: down 3.2 Mbit/s, up 900 kbit/s');
		expect(vi['lines.bandwidthResult']).toBe('băng thông pho-an: tải xuống 3,2 Mbit/s, tải lên 900 kbit/s');
	});

	it('the bandwidth and video tests’ own reasons are worded', () => {
		const examples = testErrorWords.codes.flatMap(code => TEST_ERROR_EXAMPLES[code].map(params => ({code, params}) as TestError));
		for (const error of examples) {
			const text = wordTestError(error, 'en');
			const said = wordTestError(error, 'vi');
			expect(said, text).not.toBe(text);
			// In parentheses: an agent's own words, as it sent them.
			const words = said.replace(/\([^)]*\)/g, '');
			expect(words, said).not.toMatch(ENGLISH);
			expect(words, said).not.toMatch(
				/(?<!\p{L})(connected|disconnected|sites|test|busy|running|stopped|started|unknown|failed|connection)(?!\p{L})/iu,
			);
		}
		expect(wordVerdictReason(verdictReason('bandwidth-failed', {why: testError('not-connected')}), 'vi')).toBe(
			'không đo được băng thông: chưa kết nối',
		);
		expect(wordVerdictReason(verdictReason('video-missing', {why: testError('no-udp')}), 'vi')).toBe(
			'chưa đo được tải video: điểm cầu chế độ ws-ping không có luồng UDP',
		);
	});
});

describe('the dashboard’s and the site console’s strings', () => {
	/** Every leaf of a strings table, functions called with example parameters: path → text. */
	function leaves(table: unknown, at = ''): Record<string, string> {
		if (typeof table === 'string') return {[at]: table};
		if (typeof table === 'function') {
			// The hub's refusal of a mark: its English text (the code, optional, is walked with the refusals).
			const args = at.endsWith('hubRefused')
				? ['the hub is shutting down']
				: at === 'alertJournal'
					? [REFUSAL_EXAMPLES['journal-write-failed'].failure, 'journal write failed: the disk is full (ENOSPC) on /x']
					: at === 'intentNotice'
						? [INTENT_NOTICE_EXAMPLES['speakers-skipped']]
						: Array.from({length: table.length}, (_, i) => (i === 0 ? '0:45' : i === 1 ? 'Xã Phổ An' : 'x'));
			const numeric = Array.from({length: table.length}, (_, i) => i + 3);
			// Some take numbers (counts), some text; a wording of either kind is a string.
			let text: unknown;
			try {
				text = (table as (...a: unknown[]) => unknown)(
					...(/^(more|moreAlerts|speaksAfter|rollTitle|helpPage|resumed|manyWarnings|udpBlockedHeld)$/.test(at.split('.').pop()!)
						? numeric
						: args),
				);
			} catch {
				text = '';
			}
			return typeof text === 'string' ? {[at]: text} : {};
		}
		if (table && typeof table === 'object')
			return Object.assign({}, ...Object.entries(table).map(([key, value]) => leaves(value, at ? `${at}.${key}` : key)));
		return {};
	}
	const en = leaves(strings('en'));
	const vi = leaves(strings('vi'));
	/** The same in both: figures' names, symbols, and the plan's own text passed through. */
	const SAME = new Set(['colRtt', 'colJitter', 'colMos', 'p50p95', 'unmarked', 'marked', 'refusal', 'linkReason', 'startWarning']);
	const ENGLISH_UI =
		/(?<!\p{L})(hub|site|sites|link|connected|waiting|lost|speak|speaking|turn|roll|call|here|sending|refused|heard|left|over|ago|just|now|present|late|absent|select|quit|page|mark|role|roster|sent|news|update|meeting|started|ended)(?!\p{L})/iu;

	it('both languages have every string', () => {
		expect(Object.keys(vi).sort()).toEqual(Object.keys(en).sort());
	});

	it.each(Object.keys(en).filter(key => key.startsWith('console.')))('the console’s %s is Vietnamese', key => {
		expect(vi[key], key).not.toBe(en[key]);
		const words = vi[key]!.replace(/\([^)]*\)/g, '').replace(/Xã Phổ An|0:45|RTT|UDP/g, '');
		expect(words, vi[key]).not.toMatch(ENGLISH);
		expect(words, vi[key]).not.toMatch(ENGLISH_UI);
	});

	it.each(Object.keys(en).filter(key => !key.startsWith('console.') && !SAME.has(key)))('the dashboard’s %s is Vietnamese', key => {
		expect(vi[key], key).not.toBe(en[key]);
		const words = vi[key]!.replace(/\([^)]*\)/g, '').replace(
			/Xã Phổ An|0:45|`diemcau report`|\b(space|Esc|PgUp|PgDn|RTT|UDP|TCP|MOS|max|p50|p95|p99|y\/n)\b/g,
			'',
		);
		expect(words, vi[key]).not.toMatch(ENGLISH);
		expect(words, vi[key]).not.toMatch(
			/(?<!\p{L})(hub|site|sites|link|ago|now|select|quit|page|meeting|started|ended|speaker|item|journal|warning|alert|resumed|events|prober|loop|delay|sort|help|keys|roll|attendance|agenda|planned|actual)(?!\p{L})/iu,
		);
	});

	it('every mark the console refuses by itself has both wordings', () => {
		for (const code of CHECKIN_REFUSALS) {
			expect(strings('en').console.refused[code], code).toBeTruthy();
			expect(strings('vi').console.refused[code], code).toBeTruthy();
			expect(strings('vi').console.refused[code]).not.toMatch(ENGLISH);
		}
		expect(Object.keys(strings('vi').console.refused).sort()).toEqual([...CHECKIN_REFUSALS].sort());
	});

	it.each(HUB_CHECKIN_REFUSALS)('a hub refusal %s of a mark, sent with its code, is worded on the console', code => {
		const example = REFUSAL_EXAMPLES[code];
		const english = wordRefusal(example, 'en');
		const said = strings('vi').console.hubRefused(english, example);
		expect(said).toBe(`điểm cầu chính từ chối: ${wordRefusal(example, 'vi')}`);
		expect(said.replace(/“[^”]*”|"[^"]*"|Xã Phổ An|\/\S+|\(E[A-Z]+\)/g, '')).not.toMatch(ENGLISH);
		expect(strings('en').console.hubRefused(english, example)).toBe(`the hub refused: ${english}`);
	});

	it('a hub of an older version sends no code: its text stays, in parentheses, after Vietnamese words', () => {
		expect(strings('vi').console.hubRefused('the hub is shutting down')).toBe(
			'điểm cầu chính không nhận điểm danh (the hub is shutting down)',
		);
		expect(strings('vi').console.hubRefused('something new', {code: 'other', text: 'something new'})).toBe(
			'điểm cầu chính không nhận điểm danh (something new)',
		);
	});
});
