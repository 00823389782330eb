import {describe, expect, it} from 'vitest';
import {LANGS} from '../../src/i18n/catalog.js';
import {linkReasonWords, REASON_EXAMPLES} from '../../src/i18n/link-reason-words.js';
import {VERDICT_REASON_EXAMPLES, verdictReasonWords} from '../../src/i18n/link-words.js';
import {ALERT_EXAMPLES, alertWords, HOOK_FAILURE_EXAMPLES, hookFailureWords, wordAlert} from '../../src/i18n/alert-words.js';
import type {Codes, Message, WordArea} from '../../src/i18n/catalog.js';
import type {AlertParams} from '../../src/i18n/alert-words.js';
import {rehearsalLineWords, type RehearsalLineParams} from '../../src/i18n/rehearsal-progress-words.js';
import {linkReason, type VerdictReason} from '../../src/model/link/link-reasons.js';
import {testError} from '../../src/model/link/test-errors.js';

// Every code of the link, verdict and alert areas, worded with sample parameters in both
// languages: never empty, the Vietnamese differs from the English and has no English word of a
// sentence in it (units, names, the wire's own raw detail in parentheses and values exempt).

const ENGLISH_WORD =
	/(?<!\p{L})(the|is|not|no|loss|down|up|blocked|measured|failed|refused|timeout|answer|lost|load|bandwidth|available|times|longest|enough|data|probes?|under|idle)(?!\p{L})/iu;

/** Text a Vietnamese wording may carry as it is: units, protocol names, raw details in parentheses. */
const exempt = (text: string) =>
	text.replace(/\((?:[^()]|\([^()]*\))*\)/g, '').replace(/\b(ms|kbit\/s|Mbit\/s|UDP|TCP|RTT|p95|TLS|HTTP|EWHATEVER)\b/g, '');

function walk<P extends Codes>(area: WordArea<P>, samples: ReadonlyArray<Message<P>>, passThrough: readonly string[] = []) {
	const seen = new Set(samples.map(sample => sample.code));
	expect(
		[...area.codes].filter(code => !seen.has(code)),
		'codes without a sample',
	).toEqual([]);
	for (const sample of samples) {
		const [vi, en] = LANGS.map(lang => area.word(sample, lang));
		expect(en!.trim(), sample.code).not.toBe('');
		expect(vi!.trim(), sample.code).not.toBe('');
		if (passThrough.includes(sample.code)) continue;
		expect(vi, `${sample.code}: the Vietnamese is the English`).not.toBe(en);
		expect(exempt(vi!), `${sample.code}: ${vi}`).not.toMatch(ENGLISH_WORD);
	}
}

describe('the catalog of link reasons, verdict reasons and alerts', () => {
	it('every wire reason is worded in both languages', () => {
		walk(linkReasonWords, Object.values(REASON_EXAMPLES));
	});

	it('every verdict reason is worded in both languages, figures in each notation', () => {
		const samples = Object.entries(VERDICT_REASON_EXAMPLES).flatMap(([code, list]) =>
			list.map(params => ({code, params}) as VerdictReason),
		);
		walk(verdictReasonWords, samples);
		const reason = {code: 'rtt-p95', params: {value: 150.4, limit: 150}} as const;
		expect(verdictReasonWords.word(reason, 'en')).toBe('RTT p95 150.4 ms > 150 ms');
		expect(verdictReasonWords.word(reason, 'vi')).toBe('độ trễ RTT p95 150,4 ms > 150 ms');
		expect(verdictReasonWords.word({code: 'no-answer', params: {seconds: 1.4, why: linkReason('connection-refused', {})}}, 'vi')).toBe(
			'không trả lời trong 1,4 giây (bị từ chối kết nối (agent chưa chạy hoặc sai cổng))',
		);
	});

	it('every alert is worded in both languages', () => {
		walk(
			alertWords,
			Object.values(ALERT_EXAMPLES)
				.flat()
				.map(text => ({code: text.code, params: text}) as Message<AlertParams>),
		);
		const down = {code: 'site-down', site: 'Xã Phổ An (pho-an)', downMs: 125_000, reason: linkReason('connection-refused', {})} as const;
		expect(wordAlert(down, 'en')).toBe('Xã Phổ An (pho-an) has been down for 2 min 5 s: connection refused');
		expect(wordAlert(down, 'vi')).toBe(
			'Xã Phổ An (pho-an) đã mất kết nối 2 phút 5 giây: bị từ chối kết nối (agent chưa chạy hoặc sai cổng)',
		);
	});

	it('every alert hook failure is worded in both languages', () => {
		walk(hookFailureWords, HOOK_FAILURE_EXAMPLES, ['other']);
	});

	it('every progress line of a rehearsal is worded in both languages, figures in each notation', () => {
		const tally = {good: 3, fair: 1, poor: 0, down: 2, waiting: 1};
		const samples: Message<RehearsalLineParams>[] = [
			{code: 'probing', params: {sites: 15, durationMs: 600_000}},
			{code: 'bandwidth', params: {sites: 14, parallel: 4}},
			{
				code: 'tick',
				params: {
					elapsedMs: 1400,
					durationMs: 60_000,
					tally,
					down: [
						{id: 'dead', reason: linkReason('no-answer', {probes: 3})},
						{id: 'off', reason: null},
					],
				},
			},
			{code: 'bandwidthResult', params: {id: 'pho-an', result: {downKbps: 3240, upKbps: 900}}},
			{code: 'bandwidthResult', params: {id: 'pho-an', result: {error: testError('not-connected')}}},
			{code: 'stopping', params: {}},
			{code: 'warning', params: {text: 'điểm cầu pho-an: tệp mã có thể bị người khác đọc'}},
			{code: 'cannotWrite', params: {file: '/plans/report.md', why: "EACCES: permission denied, open '/plans/report.md'", errno: 'EACCES'}},
		];
		walk(rehearsalLineWords, samples);
		expect(rehearsalLineWords.word(samples[2]!, 'vi')).toMatch(/^1,4 giây \/ 60 giây · /);
		expect(rehearsalLineWords.word(samples[2]!, 'en')).toMatch(/^1\.4 s of 60 s · /);
		expect(rehearsalLineWords.word(samples[3]!, 'vi')).toBe('băng thông pho-an: tải xuống 3,2 Mbit/s, tải lên 900 kbit/s');
	});
});
