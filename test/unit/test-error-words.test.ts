import {describe, expect, it} from 'vitest';
import {AgentBandwidth, type BandwidthChannel} from '../../probes/agent-bandwidth.js';
import {HubBandwidth, refusal, type BandwidthLink} from '../../probes/hub-bandwidth.js';
import {MAX_BW_BYTES, parseMessage, type BwErrorMessage, type Message} from '../../probes/protocol.js';
import {LANGS} from '../../src/i18n/catalog.js';
import {wordVerdictReason} from '../../src/i18n/link-words.js';
import {rehearsalProgressWords} from '../../src/i18n/rehearsal-progress-words.js';
import {TEST_ERROR_EXAMPLES, testErrorWords, wordTestError} from '../../src/i18n/test-error-words.js';
import {linkReason, verdictReason} from '../../src/model/link/link-reasons.js';
import {testError, type TestError} from '../../src/model/link/test-errors.js';
import {ENGLISH} from '../helpers/english.js';

// Why a bandwidth or video load test did not measure: a code from where it fails to where it is
// shown. Every code is worded in both languages; the English is the text the prober has always
// given (what `rehearse --json` carries in `reasons`); the Vietnamese has no English sentence.

const examples: TestError[] = testErrorWords.codes.flatMap(code => TEST_ERROR_EXAMPLES[code].map(params => ({code, params}) as TestError));

/** What a reader must never see: a parameter not filled in. */
const PLACEHOLDER = /\$\{|\{\w+\}|undefined|\bnull\b|NaN|\[object/;
/** English words of the tests' own sentences, beyond the shared list. */
const TEST_ENGLISH =
	/(?<!\p{L})(connected|disconnected|sites|test|running|stopped|started|unknown|connection|large|wait|bytes|off)(?!\p{L})/iu;
/** In parentheses: an agent's own words, as it sent them (data, not a sentence of ours). */
const ownWords = (text: string) => text.replace(/\([^)]*\)/g, '');

describe('the tests’ own reasons, as codes', () => {
	it('has samples for every code', () => {
		expect(Object.keys(TEST_ERROR_EXAMPLES).sort()).toEqual([...testErrorWords.codes].sort());
		for (const code of testErrorWords.codes) expect(TEST_ERROR_EXAMPLES[code].length, code).toBeGreaterThan(0);
	});

	for (const error of examples) {
		it(`words ${error.code} ${JSON.stringify(error.params)} in both languages`, () => {
			for (const lang of LANGS) {
				const said = wordTestError(error, lang);
				expect(said.trim(), lang).not.toBe('');
				expect(said, said).not.toMatch(PLACEHOLDER);
			}
			const vi = wordTestError(error, 'vi');
			expect(vi).not.toBe(wordTestError(error, 'en'));
			expect(ownWords(vi), vi).not.toMatch(ENGLISH);
			expect(ownWords(vi), vi).not.toMatch(TEST_ENGLISH);
			// The parameters a reader needs are in the sentence (figures in the reader's notation).
			if ('site' in error.params) expect(vi).toContain(error.params.site);
		});
	}

	it('keeps in English the texts the prober has always given', () => {
		const en = (error: TestError) => wordTestError(error, 'en');
		expect(en(testError('unknown-site', {site: 'pho-xyz'}))).toBe('unknown site pho-xyz');
		expect(en(testError('no-bandwidth-test'))).toBe('ws-ping sites have no bandwidth test');
		expect(en(testError('no-udp'))).toBe('ws-ping sites have no UDP');
		expect(en(testError('not-connected'))).toBe('not connected');
		expect(en(testError('disconnected', {reason: null}))).toBe('disconnected');
		expect(en(testError('disconnected', {reason: linkReason('connection-reset', {})}))).toBe('disconnected: connection reset');
		expect(en(testError('busy-bandwidth'))).toBe('busy: a bandwidth test of this site is running');
		expect(en(testError('busy-video'))).toBe('busy: a video load test is running');
		expect(en(testError('prober-stopped'))).toBe('the prober stopped');
		expect(en(testError('udp-not-started'))).toBe('UDP not started');
		expect(en(testError('udp-off', {reason: {code: 'agent-without-udp'}}))).toBe('UDP is off: this agent runs without UDP');
		expect(en(testError('udp-off', {reason: {code: 'agent-older', agent: 1, hub: 2}}))).toBe(
			'UDP is off: the agent speaks an older UDP test stream (layout 1, this hub 2): update the agent',
		);
		expect(en(testError('bulk-failed', {reason: linkReason('connection-refused', {})}))).toBe(
			'the bandwidth connection failed: connection refused',
		);
		expect(en(testError('bulk-not-asked'))).toBe('the bandwidth connection failed: not connected');
		expect(en(testError('bulk-not-called'))).toBe('the bandwidth connection failed: the agent did not open its bandwidth connection');
		expect(en(testError('timeout'))).toBe('timeout');
		expect(en(testError('site-busy'))).toBe('busy: one bandwidth test at a time');
		expect(en(testError('site-rate-limited', {waitS: 4}))).toBe('busy: too many bandwidth tests; wait 4 s');
		expect(en(testError('site-too-large', {maxBytes: MAX_BW_BYTES}))).toBe(`too large: at most ${MAX_BW_BYTES} bytes`);
	});

	it('words the link reason inside in the reader’s language', () => {
		expect(wordTestError(testError('bulk-failed', {reason: linkReason('connection-refused', {})}), 'vi')).toMatch(
			/^không mở được kết nối đo băng thông: bị từ chối kết nối/,
		);
		expect(wordTestError(testError('udp-off', {reason: {code: 'hub-socket', errno: 'EADDRINUSE'}}), 'vi')).toBe(
			'không đo UDP: điểm cầu chính không mở được cổng UDP (EADDRINUSE)',
		);
		expect(wordTestError(testError('site-rate-limited', {waitS: 4}), 'vi')).toContain('4 giây');
		expect(wordTestError(testError('site-too-large', {maxBytes: MAX_BW_BYTES}), 'vi')).toContain('32 MiB');
	});

	it('is worded the same in the verdict’s reasons, the live view and the progress lines', () => {
		const error = testError('bulk-failed', {reason: linkReason('connection-refused', {})});
		for (const lang of LANGS) {
			const words = wordTestError(error, lang);
			expect(wordVerdictReason(verdictReason('bandwidth-failed', {why: error}), lang)).toContain(words);
			expect(wordVerdictReason(verdictReason('video-missing', {why: error}), lang)).toContain(words);
			expect(rehearsalProgressWords(lang).bandwidthFailed(error)).toContain(words);
			expect(rehearsalProgressWords(lang).lines.bandwidthResult('pho-an', {error})).toContain(words);
		}
		expect(wordVerdictReason(verdictReason('bandwidth-failed', {why: error}), 'en')).toBe(
			'bandwidth not measured: the bandwidth connection failed: connection refused',
		);
	});
});

/** An agent's bandwidth side, its frames read as the hub reads them. */
function agent(): {bandwidth: AgentBandwidth; sent: Message[]} {
	const sent: Message[] = [];
	const channel: BandwidthChannel = {
		send(json) {
			const parsed = parseMessage(json);
			if (parsed.ok) sent.push(parsed.message);
		},
		isOpen: () => true,
	};
	return {bandwidth: new AgentBandwidth(channel, undefined, () => 0), sent};
}

const errors = (sent: Message[]) => sent.filter((m): m is BwErrorMessage => m.type === 'bw-error');

describe('an agent’s refusal of a test, as the hub reads it', () => {
	it('reads each refusal of the agent by its code, with the English the agent gave', () => {
		const a = agent();
		a.bandwidth.start('down', 'huge', MAX_BW_BYTES + 1);
		a.bandwidth.start('up', 'one', 10);
		a.bandwidth.start('up', 'two', 10);
		// The allowance: four tests back to back, then one every few seconds.
		for (const id of ['one', 'b', 'c', 'd']) {
			if (id !== 'one') a.bandwidth.start('up', id, 10);
			expect(a.bandwidth.data(id, 10)).toBe('ok');
		}
		a.bandwidth.start('up', 'five', 10);
		const [huge, busy, limited] = errors(a.sent);
		expect(refusal(huge!)).toEqual(testError('site-too-large', {maxBytes: MAX_BW_BYTES}));
		expect(refusal(busy!)).toEqual(testError('site-busy'));
		expect(refusal(limited!)).toEqual(testError('site-rate-limited', {waitS: 5}));
		// Worded from the code, the English is what the agent wrote.
		for (const message of [huge!, busy!, limited!]) expect(wordTestError(refusal(message), 'en')).toBe(message.reason);
		expect(wordTestError(refusal(limited!), 'vi')).toBe('agent của điểm cầu đã đo quá nhiều lần liền, hãy chờ 5 giây');
	});

	it('keeps an older agent’s words, without controls, when it sends no code', () => {
		const old: BwErrorMessage = {type: 'bw-error', id: 'x', reason: 'busy: maintenance\x1b[31m'};
		const error = refusal(old);
		expect(error.code).toBe('site-refused');
		expect(wordTestError(error, 'en')).not.toContain('\x1b');
		expect(wordTestError(error, 'vi')).toMatch(/^agent của điểm cầu từ chối đo \(busy: maintenance/);
		// A code with figures out of range is not believed: the agent's words stand.
		expect(refusal({type: 'bw-error', id: 'x', reason: 'wait', code: 'rate-limited', waitS: -1}).code).toBe('site-refused');
	});

	it('fails the hub’s running test with the agent’s refusal, and a lost connection with its reason', async () => {
		const a = agent();
		a.bandwidth.start('down', 'running-already', 1_000_000);
		const link: BandwidthLink = {
			bandwidth: null,
			send(message) {
				const parsed = parseMessage(typeof message === 'string' ? message : JSON.stringify(message));
				if (parsed.ok && (parsed.message.type === 'bw-down' || parsed.message.type === 'bw-up')) {
					a.sent.length = 0;
					a.bandwidth.start(parsed.message.type === 'bw-down' ? 'down' : 'up', parsed.message.id, parsed.message.bytes);
					queueMicrotask(() => {
						for (const answer of errors(a.sent)) hub.onMessage(answer);
					});
				}
				return true;
			},
		};
		const hub = new HubBandwidth(link, () => 0);
		expect(await hub.one('down', {bytes: 1000})).toEqual(testError('site-busy'));
		a.bandwidth.close();
		const quiet: BandwidthLink = {bandwidth: null, send: () => true};
		const cut = new HubBandwidth(quiet, () => 0);
		const result = cut.one('up', {bytes: 1000});
		cut.abort(linkReason('connection-reset', {}));
		const error = testError('disconnected', {reason: linkReason('connection-reset', {})});
		expect(await result).toEqual(error);
		expect(wordTestError(error, 'vi')).toBe('mất kết nối khi đang đo: kết nối bị ngắt giữa chừng');
	});
});
