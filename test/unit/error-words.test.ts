import {describe, expect, it} from 'vitest';
import {DiemcauError, errorText} from '../../src/cli/errors.js';
import {agentWords, type AgentWordParams} from '../../src/i18n/agent-words.js';
import {errorWords, says, type ErrorParams} from '../../src/i18n/error-words.js';
import {ENGLISH} from '../helpers/english.js';

// Every error a command can stop with, worded from its code in both languages: typed so that a
// code without a sample here is a compile error, and checked for English left in the Vietnamese.

const SAMPLES: {[C in keyof ErrorParams]: ErrorParams[C][]} = {
	'option-unknown': [{option: '--foo'}],
	'option-needs-value': [{option: '--duration'}],
	'option-takes-no-value': [{option: '--json'}],
	'option-misused': [{option: '--x'}],
	'argument-missing': [{}],
	'argument-unexpected': [{value: 'b'}],
	'option-whole-number': [{option: '--count', min: 1, max: 1000, value: 'x'}],
	'option-duration': [{option: '--duration', value: 'soon'}],
	'option-not-positive': [{option: '--wait'}],
	'option-choice': [
		{option: '--lang', choices: ['vi', 'en'], value: 'fr'},
		{option: '--format', choices: ['md', 'json', 'docx'], value: 'pdf'},
		{option: '--simulate', choices: ['good', 'slow', 'jittery', 'lossy'], value: 'awful'},
	],
	'option-at-most': [
		{option: '--duration', max: '24h'},
		{option: '--bandwidth', max: '60s', value: '5m'},
	],
	'option-range': [{option: '--video-duration', from: '1s', to: '60s', value: '2m'}],
	'option-host-port': [{option: '--listen', value: 'nowhere'}],
	'video-rate': [{value: 'fast'}],
	'video-rate-high': [{value: '9m'}],
	'video-rate-low': [{value: '10k'}],
	'options-together': [{first: '--tls-cert', second: '--tls-key'}],
	'docx-needs-out': [{}],
	'no-plan-given': [{}],
	'no-plan-run-here': [{}],
	'no-journal-yet': [{dir: '/data/journals'}],
	'needs-terminal': [{command: 'attach'}],
	'token-subcommand': [{value: 'old'}],
	'plan-verb-missing': [{}],
	'plan-verb-is-file': [{file: 'ke-hoach.yaml'}],
	'plan-subcommand': [{value: 'fix'}],
	'plan-missing': [{}],
	'token-file-exists': [{file: 'tokens/pho-an.token'}],
	'no-such-folder': [{file: 'tokens/pho-an.token'}],
	'cannot-write': [{file: 'tokens/pho-an.token', why: 'EACCES'}],
	'out-folder-missing': [{file: '/nope/r.md', dir: '/nope'}],
	'out-is-folder': [{file: '/data'}],
	'minutes-unwritable': [{file: '/data/bien-ban.docx', why: 'EACCES'}],
	'listen-missing': [
		{sites: ['pho-an'], more: 0, file: '/p/ke-hoach.yaml'},
		{sites: ['pho-an', 'pho-chau', 'pho-cuong'], more: 4, file: '/p/ke-hoach.yaml'},
	],
	'simulated-agent-failed': [{why: 'EPIPE'}],
	'demo-fixture-missing': [{}],
	'agent-console-many': [{}],
	'agent-console-stdin': [{}],
	'agent-many-site': [{}],
	'agent-site-required': [{}],
	'agent-site-id': [{value: 'Pho An'}],
	'agent-hub-url': [{value: 'hub'}],
	'agent-hub-scheme': [{scheme: 'http:'}],
	'agent-hub-path': [{path: '/probe', expected: '/agent'}],
	'agent-hub-dials-out': [{}],
	'agent-ca-needs-wss': [{}],
	'agent-port-in-use': [{where: '127.0.0.1:7700', port: 7700, next: 7701}],
	'agent-port-denied': [{where: '0.0.0.0:80'}],
	'agent-host-not-here': [{where: '10.9.9.9:7700', host: '10.9.9.9'}],
	'agent-many-unreadable': [{file: 'many.json', why: 'ENOENT'}],
	'agent-many-invalid': [{file: 'many.json'}],
	'token-none': [{}],
	'token-file-refused': [
		{problem: {code: 'fifo', file: '/p/pho-an.token'}},
		{problem: {code: 'too-big', file: '/p/pho-an.token', bytes: 1048576, max: 4096}},
	],
	'token-unreadable': [
		{file: 'pho-an.token', why: 'ENOENT'},
		{file: 'pho-an.token', why: 'empty'},
		{file: 'pho-an.token', why: 'EACCES'},
	],
	'token-weak': [{where: 'DIEMCAU_TOKEN', bits: 14, min: 128}],
	'pem-unreadable': [{option: '--tls-cert', file: 'cert.pem', code: 'ENOENT'}],
	'journal-missing': [{file: '/data/j.jsonl'}],
	'journal-unreadable': [
		{file: '/data/j.jsonl', code: 'EACCES'},
		{file: '/data', code: 'EISDIR'},
	],
	'journal-empty': [{file: '/data/j.jsonl'}],
	'journal-damaged': [
		{file: '/data/j.jsonl', line: 12, why: {code: 'sequence', expected: 11, found: 13}},
		{file: '/data/j.jsonl', line: 2, why: {code: 'not-json'}},
		{file: '/data/j.jsonl', line: 2, why: {code: 'not-object'}},
		{file: '/data/j.jsonl', line: 2, why: {code: 'seq'}},
		{file: '/data/j.jsonl', line: 2, why: {code: 'at'}},
		{file: '/data/j.jsonl', line: 2, why: {code: 'by'}},
		{file: '/data/j.jsonl', line: 1, why: {code: 'header-incomplete'}},
		{file: '/data/j.jsonl', line: 2, why: {code: 'field', path: 'type', detail: 'Invalid input'}},
		{file: '/data/j.jsonl', line: 1, why: {code: 'version', version: '2'}},
	],
	'not-a-journal': [
		{file: '/data/plan.yaml', looksLikePlan: true},
		{file: '/data/x.txt', looksLikePlan: false},
	],
	'journal-other-meeting': [{file: '/data/j.jsonl', title: 'Họp thử', date: '2021-11-24', sites: 3, items: 4}],
	'journal-closed': [{file: '/data/j.jsonl'}],
	'journal-write': [
		{file: '/data/j.jsonl', code: 'ENOSPC', error: 'ENOSPC: no space left on device'},
		{file: '/data/j.jsonl', error: 'EBADF'},
	],
	'control-not-socket': [{file: '/data/j.sock'}],
	'control-busy': [{file: '/data/j.sock'}],
	'control-path-long': [{file: '/data/j.sock', bytes: 120, max: 107}],
	'control-no-key': [{file: '/home/u/.config/diemcau/control.key'}],
	'other-meeting': [{file: '/data/j.sock', title: 'Họp thử', date: '2021-11-24', planTitle: 'Kỳ họp thứ 4', planDate: '2021-11-25'}],
	worded: [{en: 'the hub refused this screen', vi: 'điểm cầu chính không nhận màn hình này'}],
	'tokens-weak': [{count: 2, file: '/p/ke-hoach.yaml', bits: 128}],
	'listen-failed': [
		{where: '0.0.0.0:7700', code: 'EADDRINUSE', error: 'x'},
		{where: '10.9.9.9:7700', code: 'EADDRNOTAVAIL', error: 'x'},
		{where: '0.0.0.0:80', code: 'EACCES', error: 'x'},
		{where: '0.0.0.0:7700', error: 'EIO'},
	],
	'metrics-failed': [
		{where: '0.0.0.0:9464', code: 'EADDRINUSE', error: 'x'},
		{where: '0.0.0.0:9464', code: 'EADDRNOTAVAIL', error: 'x'},
		{where: '0.0.0.0:80', code: 'EACCES', error: 'x'},
	],
	'plan-error': [{en: 'Plan /p/ke-hoach.yaml has 3 problem(s):', vi: 'Kế hoạch /p/ke-hoach.yaml có 3 lỗi:'}],
};

/** What stays as typed in both languages: quoted values, commands in backticks, flags, paths and file names, codes, HOST:PORT. */
const own = (text: string) =>
	text.replace(
		/"[^"]*"|“[^”]*”|`[^`]*`|'[^']*'|--\S+|\S*\/\S*|\S+\.\S+|\S*\d\S*|\b[A-Z][A-Z_:]{1,}\b|\b(vi|en|md|json|docx|socket|agent|diemcau|demo|token|plan|stdin|stdout|hub\.listen|connect|dial-out)\b/g,
		'',
	);
/** English words that would make a Vietnamese sentence English (not "in", "an" or "a": Vietnamese words, or a site's id). */
const ENGLISH_ERROR =
	/(?<!\p{L})(the|is|not|no|refused|failed|cannot|must|takes|given|missing|unknown|option|argument|file|folder|journal|meeting|write|read|use|with|or|and|at|on|of|to|it|its|go|add|run|exists|empty|damaged|already|another|choose|pick|start|needs|pass|set|like|only|must|be|from|than|most|least)(?!\p{L})/iu;

const cases = (Object.keys(SAMPLES) as (keyof ErrorParams)[]).flatMap(code =>
	(SAMPLES[code] as object[]).map((params, i) => [`${code}#${i}`, {code, params}] as const),
);

describe('the errors’ words', () => {
	it('every code of the area has a sample', () => {
		expect(Object.keys(SAMPLES).sort()).toEqual([...errorWords.codes].sort());
	});

	it.each(cases)('%s is worded in both languages', (_, message) => {
		const m = message as Parameters<typeof errorWords.word>[0];
		const en = errorWords.word(m, 'en');
		const vi = errorWords.word(m, 'vi');
		expect(en.trim()).not.toBe('');
		expect(vi.trim()).not.toBe('');
		expect(vi).not.toBe(en);
		expect(own(vi), vi).not.toMatch(ENGLISH_ERROR);
		expect(own(vi), vi).not.toMatch(ENGLISH);
	});

	it('an error keeps its English message and its help; in Vietnamese the synopsis only, and where the help is', () => {
		const help = 'Usage: diemcau x PLAN [--count N]\n                 [--lang vi|en]\n\nProbe every site of the plan.\n';
		const error = new DiemcauError('DIEMCAU_OPTION_UNKNOWN', says('option-unknown', {option: '--foo'}), {help});
		expect(error.message).toBe(`Unknown option '--foo'\n\n${help.trim()}`);
		expect(error.code).toBe('DIEMCAU_OPTION_UNKNOWN');
		expect(errorText(error, 'vi')).toBe(
			[
				'không có tùy chọn --foo',
				'',
				'Cách dùng: diemcau x PLAN [--count N]',
				'                     [--lang vi|en]',
				'Giải thích mọi tùy chọn: diemcau x --help',
			].join('\n'),
		);
		expect(errorText(error, 'en')).toBe(error.message);
	});

	it("a command's help in both languages: the English message keeps the English help; in Vietnamese, the Vietnamese synopsis", () => {
		const help = {
			en: 'Usage: diemcau x PLAN [--count N]\n\nProbe every site of the plan.\n',
			vi: 'Cách dùng: diemcau x PLAN [--count N]\n\nĐo mọi điểm cầu của kế hoạch.\n',
		};
		const error = new DiemcauError('DIEMCAU_OPTION_UNKNOWN', says('option-unknown', {option: '--foo'}), {help});
		expect(error.message).toBe(`Unknown option '--foo'\n\n${help.en.trim()}`);
		expect(errorText(error, 'en')).toBe(error.message);
		expect(errorText(error, 'vi')).toBe(
			['không có tùy chọn --foo', '', 'Cách dùng: diemcau x PLAN [--count N]', 'Giải thích mọi tùy chọn: diemcau x --help'].join('\n'),
		);
	});
});

const AGENT_SAMPLES: {[C in keyof AgentWordParams]: AgentWordParams[C][]} = {
	connected: [{hub: 'ws://203.0.113.7:7700/agent'}],
	'refused-proof': [{retryS: 30}],
	replaced: [{retryS: 30}],
	'hub-stopping': [{retryS: 30}],
	closed: [
		{status: 1006, reason: '', retryS: 30},
		{status: 4000, reason: 'x', retryS: 30},
	],
	unreachable: [{hub: 'ws://203.0.113.7:7700/agent', why: 'ECONNREFUSED', retryS: 30}],
	'handshake-failures': [{site: 'pho-an', failures: 5, from: '203.0.113.9'}],
	'udp-port-unavailable': [{site: 'pho-an', port: 7700, code: 'EADDRINUSE'}],
	'console-needs-terminal': [{}],
	'token-file-open': [{file: 'pho-an.token'}],
	'many-file-open': [{file: 'many.json'}],
	warning: [{text: 'x'}],
	'udp-counts': [
		{
			site: 'pho-an',
			answered: 1200,
			dropped: {malformed: 0, unknownSession: 0, wrongPeer: 0, badMac: 0, replayed: 0, rateCapped: 0, simulatedLoss: 0},
		},
		{
			site: 'pho-an',
			answered: 1200,
			dropped: {malformed: 1, unknownSession: 2, wrongPeer: 3, badMac: 4, replayed: 5, rateCapped: 6, simulatedLoss: 7},
		},
	],
};

describe('the agent’s words (its log’s notices on the site console, its own warnings)', () => {
	it('every code of the area has a sample', () => {
		expect(Object.keys(AGENT_SAMPLES).sort()).toEqual([...agentWords.codes].sort());
	});

	const agentCases = (Object.keys(AGENT_SAMPLES) as (keyof AgentWordParams)[]).flatMap(code =>
		(AGENT_SAMPLES[code] as object[]).map((params, i) => [`${code}#${i}`, {code, params}] as const),
	);
	it.each(agentCases)('%s is worded in both languages', (_, message) => {
		const m = message as Parameters<typeof agentWords.word>[0];
		const en = agentWords.word(m, 'en');
		const vi = agentWords.word(m, 'vi');
		expect(en.trim()).not.toBe('');
		expect(vi).not.toBe(en);
		expect(own(vi), vi).not.toMatch(ENGLISH_ERROR);
		expect(own(vi), vi).not.toMatch(ENGLISH);
	});

	it('the log keeps its English lines', () => {
		expect(agentWords.word({code: 'refused-proof', params: {retryS: 30}}, 'en')).toBe(
			'the hub refused the proof (wrong token, or this site is not a dial-out site of its plan); dialling again within 30 s',
		);
	});
});
