import {describe, expect, it} from 'vitest';
import {durationOption, intOption, parseCommandArgs} from '../../src/cli/command.js';
import {hookFailure, hookFailureExitLine, hookFailureLogLine} from '../../src/i18n/alert-words.js';
import {cliWords, type CliWords} from '../../src/i18n/cli-words.js';
import {USAGE_EXAMPLES, wordUsage} from '../../src/i18n/usage-words.js';
import {ENGLISH} from '../helpers/english.js';

// What the commands say around a screen or a document and a command line's
// mistakes: every one has Vietnamese words (wordings.test.ts walks the screens' and the wire's).

describe('the commands’ stderr lines around a screen or a document', () => {
	const examples = (w: CliWords): Record<keyof CliWords, string> => ({
		openingLastPlan: w.openingLastPlan('/plans/duc-pho.yaml'),
		attachingLastPlan: w.attachingLastPlan('/plans/duc-pho.yaml'),
		startingSimulated: w.startingSimulated(15),
		warning: w.warning('pho-an: token file /plans/tokens/pho-an.token can be read by other users: run chmod 600 /plans/tokens/pho-an.token'),
		lastJournal: w.lastJournal('/data/j.jsonl', 'Họp thử ba xã', '2021-11-25'),
		minutesIn: w.minutesIn('/data/bien-ban.docx'),
		journalIs: w.journalIs('/data/j.jsonl'),
		cannotWriteMinutes: w.cannotWriteMinutes('/data/bien-ban.docx', 'EACCES'),
		dialOutCall: w.dialOutCall('ws://0.0.0.0:7700/agent'),
	});
	const en = examples(cliWords('en'));
	const vi = examples(cliWords('vi'));

	it.each(Object.keys(en) as Array<keyof CliWords>)('%s is worded in Vietnamese', key => {
		expect(vi[key]).not.toBe(en[key]);
		const words = vi[key].replace(/\([^)]*\)|“[^”]*”|\/\S+|chmod 600/g, '');
		expect(words, vi[key]).not.toMatch(ENGLISH);
		expect(words, vi[key]).not.toMatch(/(?<!\p{L})(opening|plan|attaching|starting|simulated|sites?|warning|token|file|users|run|journal|meeting|minutes|write|choose|folder|can|cannot)(?!\p{L})/iu);
	});

	it('the warnings of a dial-out hub are worded too', async () => {
		const {wordWarning} = await import('../../src/i18n/warning-words.js');
		const {replacedText} = await import('../../src/hub/event-log.js');
		for (const warning of [replacedText({site: 'pho-an', from: '203.0.113.9:50122', previous: '203.0.113.7:49811'}), 'no control socket, so no screen can attach: EACCES: permission denied']) {
			const said = wordWarning(warning, 'vi');
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
		expect(hookFailureExitLine(vi, 'vi')).toBe('không gửi được cảnh báo (site-down pho-an): webhook notify.example.vn trả lời mã lỗi HTTP 503 (đã thử 4 lần)');
		const missing = hookFailureLogLine('storm', null, hookFailure('command-missing', {program: 'x'}), 'vi');
		expect(hookFailureExitLine(missing, 'vi')).toBe('không gửi được cảnh báo (storm): không có chương trình x');
	});
});

describe('a command line’s mistakes', () => {
	const real = (run: () => unknown): string => {
		try {
			run();
		} catch (error) {
			return (error as Error).message.split('\n\n')[0]!;
		}
		throw new Error('no usage error');
	};
	const help = 'Usage: diemcau x';
	const messages = [
		real(() => parseCommandArgs(['--foo'], {}, help, {min: 0, max: 0})),
		real(() => parseCommandArgs(['--duration'], {duration: {type: 'string'}}, help, {min: 0, max: 0})),
		real(() => parseCommandArgs(['--json=x'], {json: {type: 'boolean'}}, help, {min: 0, max: 0})),
		real(() => parseCommandArgs([], {}, help, {min: 1, max: 1})),
		real(() => parseCommandArgs(['a', 'b'], {}, help, {min: 1, max: 1})),
		real(() => intOption('x', '--count', 5, 1, 1000)),
		real(() => durationOption('soon', '--duration', 1000)),
		real(() => durationOption('0', '--wait', 1000)),
		...USAGE_EXAMPLES,
	];

	it.each(messages.map(message => [message]))('%s', message => {
		const vi = wordUsage(`${message}\n\n${help}`, 'vi');
		expect(vi.endsWith(`\n\n${help}`), vi).toBe(true); // the help after it, kept
		const first = vi.split('\n\n')[0]!;
		expect(first, message).not.toBe(message);
		const words = first.replace(/"[^"]*"|`[^`]*`|--\S+|\([^)]*\)|\/\S+|\S*\d\S*|\b(PLAN|FILE|PATH|operator|viewer|projector|md|json|docx|vi|en|socket)\b|FILE\.docx/g, '');
		expect(words, first).not.toMatch(ENGLISH);
		expect(words, first).not.toMatch(/(?<!\p{L})(takes|must|option|argument|missing|unexpected|unknown|whole|number|duration|like|at|most|least|rate|skip|given|before|go|together|writes|add|longer|than|zero)(?!\p{L})/iu);
	});
});

describe('serve’s log in Vietnamese (each line’s head kept)', () => {
	it('what came of an intent, and serve’s own lines', async () => {
		const {outcomeText, serveLines} = await import('../../src/hub/event-log.js');
		const {REFUSAL_EXAMPLES, wordRefusal} = await import('../../src/i18n/refusal-words.js');
		expect(outcomeText({ok: true}, 'en')).toBe('journalled');
		expect(outcomeText({ok: true}, 'vi')).toBe('đã ghi vào nhật ký');
		expect(outcomeText({ok: true, notice: 'skipped (link down, requeued): pho-an, pho-chau'}, 'vi')).toBe('đã ghi vào nhật ký (bỏ qua vì mất kết nối, xếp lại cuối hàng: pho-an, pho-chau)');
		for (const refusal of Object.values(REFUSAL_EXAMPLES).filter(r => r.code !== 'other' && r.code !== 'journal-write-failed')) {
			const reason = wordRefusal(refusal, 'en');
			expect(outcomeText({ok: false, reason, refusal}, 'en')).toBe(`refused: ${reason}`);
			// With its code, or only its English text (a hub's older outcome): the same Vietnamese.
			expect(outcomeText({ok: false, reason, refusal}, 'vi')).toBe(`bị từ chối: ${wordRefusal(refusal, 'vi')}`);
			expect(outcomeText({ok: false, reason}, 'vi')).toBe(`bị từ chối: ${wordRefusal(refusal, 'vi')}`);
		}
		const vi = serveLines('vi');
		const en = serveLines('en');
		const serving = {title: 'Kỳ họp thứ 4', sites: 15, resumedFrom: 16, journal: '/data/j.jsonl', control: '/data/j.sock', listening: 'ws://0.0.0.0:7700/agent'};
		expect(en.serving(serving)).toBe('serving "Kỳ họp thứ 4": 15 sites, resumed from 16 events, journal /data/j.jsonl, screens attach at /data/j.sock, dial-out agents call ws://0.0.0.0:7700/agent');
		for (const [said, head] of [
			[vi.serving(serving), 'serving "Kỳ họp thứ 4":'],
			[vi.stopping('SIGTERM'), 'SIGTERM: stopping:'],
			[vi.stopped('/data/j.jsonl'), 'stopped:'],
			[vi.sighup, 'SIGHUP ignored:'],
		] as const) {
			expect(said.startsWith(head), said).toBe(true);
			expect(said.slice(head.length).replace(/\/\S+|\S+:\/\/\S+|SIGTERM|Ctrl-C|dial-out|agent/g, ''), said).not.toMatch(/(?<!\p{L})(sites|resumed|from|events|journal|screens|attach|at|call|stopping|flushed|ignored|stop|with|or)(?!\p{L})/iu);
		}
	});
});
