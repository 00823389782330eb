import type {IntentNotice} from '../../src/model/meeting/intents.js';
import {describe, expect, it} from 'vitest';
import {durationOption, intOption, parseCommandArgs} from '../../src/cli/command.js';
import {hookFailure, hookFailureExitLine, hookFailureLogLine} from '../../src/i18n/alert-words.js';
import {cliLines, type CliParams} from '../../src/i18n/cli-words.js';
import {DiemcauError, errorText} from '../../src/cli/errors.js';
import {ENGLISH} from '../helpers/english.js';

// What the commands say around a screen or a document and a command line's
// mistakes: every one has Vietnamese words (wordings.test.ts walks the screens' and the wire's).

describe('the commands’ stderr lines around a screen or a document', () => {
	const samples: {[C in keyof CliParams]: CliParams[C]} = {
		openingLastPlan: {file: '/plans/duc-pho.yaml'},
		attachingLastPlan: {file: '/plans/duc-pho.yaml'},
		startingSimulated: {count: 15},
		warning: {warning: {code: 'token-file-open', params: {site: 'pho-an', file: '/plans/tokens/pho-an.token'}}},
		lastJournal: {file: '/data/j.jsonl', title: 'Họp thử ba xã', date: '2021-11-25'},
		minutesIn: {file: '/data/bien-ban.docx'},
		journalIs: {file: '/data/j.jsonl'},
		dialOutCall: {url: 'ws://0.0.0.0:7700/agent'},
		tokenWritten: {file: '/plans/tokens/pho-an.token'},
	};
	const examples = (lang: 'vi' | 'en') =>
		Object.fromEntries(
			cliLines.codes.map(code => [code, cliLines.word({code, params: samples[code]} as Parameters<typeof cliLines.word>[0], lang)]),
		) as Record<keyof CliParams, string>;
	const en = examples('en');
	const vi = examples('vi');

	it.each(Object.keys(en) as Array<keyof CliParams>)('%s is worded in Vietnamese', key => {
		expect(vi[key]).not.toBe(en[key]);
		const words = vi[key].replace(/\([^)]*\)|“[^”]*”|\/\S+|chmod 600/g, '');
		expect(words, vi[key]).not.toMatch(ENGLISH);
		expect(words, vi[key]).not.toMatch(
			/(?<!\p{L})(opening|plan|attaching|mode|wrote|new|starting|simulated|sites?|warning|token|file|users|run|journal|meeting|minutes|write|choose|folder|can|cannot)(?!\p{L})/iu,
		);
	});

	it('the warnings of a dial-out hub are worded too', async () => {
		const {warningWords} = await import('../../src/i18n/warning-words.js');
		const {replacedText} = await import('../../src/hub/event-log.js');
		for (const message of [replacedText({site: 'pho-an', from: '203.0.113.9:50122', previous: '203.0.113.7:49811'})]) {
			const warning = warningWords.word(message, 'en');
			const said = warningWords.word(message, 'vi');
			expect(said, warning).not.toBe(warning);
			expect(said.replace(/\([^)]*\)/g, '')).not.toMatch(ENGLISH);
		}
	});

	it('run prints the hook failures on exit in its language', () => {
		const failure = hookFailure('webhook-status', {host: 'notify.example.vn', status: 503, tries: 4});
		const en = hookFailureLogLine('site-down', 'pho-an', failure, 'en');
		expect(en).toBe('alert hook failed (site-down pho-an): webhook notify.example.vn answered 503 (4 tries)');
		expect(hookFailureExitLine(en, 'en')).toBe(en);
		const vi = hookFailureLogLine('site-down', 'pho-an', failure, 'vi');
		expect(vi).toBe('alert hook failed (site-down pho-an): webhook notify.example.vn trả lời mã lỗi HTTP 503 (đã thử 4 lần)');
		expect(hookFailureExitLine(vi, 'vi')).toBe(
			'không gửi được cảnh báo (site-down pho-an): webhook notify.example.vn trả lời mã lỗi HTTP 503 (đã thử 4 lần)',
		);
		const missing = hookFailureLogLine('storm', null, hookFailure('command-missing', {program: 'x'}), 'vi');
		expect(hookFailureExitLine(missing, 'vi')).toBe('không gửi được cảnh báo (storm): không có chương trình x');
	});
});

describe('a command line’s mistakes', () => {
	const real = (run: () => unknown): DiemcauError => {
		try {
			run();
		} catch (error) {
			if (error instanceof DiemcauError) return error;
			throw error;
		}
		throw new Error('no usage error');
	};
	const help = 'Usage: diemcau x';
	const errors = [
		real(() => parseCommandArgs(['--foo'], {}, help, {min: 0, max: 0})),
		real(() => parseCommandArgs(['--duration'], {duration: {type: 'string'}}, help, {min: 0, max: 0})),
		real(() => parseCommandArgs(['--json=x'], {json: {type: 'boolean'}}, help, {min: 0, max: 0})),
		real(() => parseCommandArgs([], {}, help, {min: 1, max: 1})),
		real(() => parseCommandArgs(['a', 'b'], {}, help, {min: 1, max: 1})),
		real(() => intOption('x', '--count', 5, 1, 1000)),
		real(() => durationOption('soon', '--duration', 1000)),
		real(() => durationOption('0', '--wait', 1000)),
	];

	it('name the condition in their code, and keep the English message', () => {
		expect(errors.map(error => error.code)).toEqual([
			'DIEMCAU_OPTION_UNKNOWN',
			'DIEMCAU_OPTION_VALUE',
			'DIEMCAU_OPTION_VALUE',
			'DIEMCAU_ARGUMENT_MISSING',
			'DIEMCAU_ARGUMENT_UNEXPECTED',
			'DIEMCAU_OPTION_VALUE',
			'DIEMCAU_OPTION_VALUE',
			'DIEMCAU_OPTION_VALUE',
		]);
		expect(errors.map(error => error.message.split('\n\n')[0])).toEqual([
			"Unknown option '--foo'",
			"Option '--duration <value>' argument missing",
			"Option '--json' does not take an argument",
			'missing argument',
			'unexpected argument "b"',
			'--count takes a whole number from 1 to 1000, not "x".',
			'--duration takes a duration like 90s, 3m or 1h, not "soon".',
			'--wait must be longer than zero.',
		]);
	});

	it.each(errors.map(error => [error.message.split('\n\n')[0]!, error]))('%s', (_, error) => {
		const vi = errorText(error, 'vi');
		// The help's synopsis after it, under a Vietnamese head, and where the whole help is.
		if (error.help) expect(vi.endsWith('\n\nCách dùng: diemcau x\nGiải thích mọi tùy chọn: diemcau x --help'), vi).toBe(true);
		const first = vi.split('\n\n')[0]!;
		expect(first).not.toBe(error.message.split('\n\n')[0]);
		const words = first.replace(/"[^"]*"|`[^`]*`|--\S+|\([^)]*\)|\/\S+|\S*\d\S*/g, '');
		expect(words, first).not.toMatch(ENGLISH);
		expect(words, first).not.toMatch(
			/(?<!\p{L})(takes|must|option|argument|missing|unexpected|unknown|whole|number|duration|like|at|most|least|rate|skip|given|before|go|together|writes|add|longer|than|zero)(?!\p{L})/iu,
		);
	});
});

describe('serve’s log in Vietnamese (each line’s head kept)', () => {
	it('what came of an intent, and serve’s own lines', async () => {
		const {outcomeText, serveLines} = await import('../../src/hub/event-log.js');
		const {REFUSAL_EXAMPLES, wordRefusal} = await import('../../src/i18n/refusal-words.js');
		expect(outcomeText({ok: true}, 'en')).toBe('journalled');
		expect(outcomeText({ok: true}, 'vi')).toBe('đã ghi vào nhật ký');
		const skipped: IntentNotice = {
			code: 'speakers-skipped',
			params: {sites: ['Xã Phổ An', 'Xã Phổ Châu'], reason: {code: 'link-down', params: {}}},
		};
		const notice = 'skipped (link down, requeued): Xã Phổ An, Xã Phổ Châu';
		expect(outcomeText({ok: true, notice, noticeCode: skipped}, 'en')).toBe(`journalled (${notice})`);
		expect(outcomeText({ok: true, notice, noticeCode: skipped}, 'vi')).toBe(
			'đã ghi vào nhật ký (bỏ qua vì đường truyền mất kết nối, xếp lại cuối danh sách: Xã Phổ An, Xã Phổ Châu)',
		);
		for (const refusal of Object.values(REFUSAL_EXAMPLES).filter(r => r.code !== 'other')) {
			const reason = wordRefusal(refusal, 'en');
			expect(outcomeText({ok: false, reason, refusal}, 'en')).toBe(`refused: ${reason}`);
			expect(outcomeText({ok: false, reason, refusal}, 'vi')).toBe(`bị từ chối: ${wordRefusal(refusal, 'vi')}`);
		}
		const vi = serveLines('vi');
		const en = serveLines('en');
		const serving = {
			title: 'Kỳ họp thứ 4',
			sites: 15,
			resumedFrom: 16,
			journal: '/data/j.jsonl',
			control: '/data/j.sock',
			listening: 'ws://0.0.0.0:7700/agent',
		};
		expect(en.serving(serving)).toBe(
			'serving "Kỳ họp thứ 4": 15 sites, resumed from 16 events, journal /data/j.jsonl, screens attach at /data/j.sock, dial-out agents call ws://0.0.0.0:7700/agent',
		);
		for (const [said, head] of [
			[vi.serving(serving), 'serving "Kỳ họp thứ 4":'],
			[vi.stopping('SIGTERM'), 'SIGTERM: stopping:'],
			[vi.stopped('/data/j.jsonl'), 'stopped:'],
			[vi.sighup, 'SIGHUP ignored:'],
		] as const) {
			expect(said.startsWith(head), said).toBe(true);
			expect(said.slice(head.length).replace(/\/\S+|\S+:\/\/\S+|SIGTERM|Ctrl-C|dial-out|agent/g, ''), said).not.toMatch(
				/(?<!\p{L})(sites|resumed|from|events|journal|screens|attach|at|call|stopping|flushed|ignored|stop|with|or)(?!\p{L})/iu,
			);
		}
	});
});
