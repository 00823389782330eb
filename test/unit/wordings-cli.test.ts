import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {durationOption, intOption, parseCommandArgs} from '../../src/cli/command.js';
import {wordHookFailureLine} from '../../src/i18n/alert-words.js';
import {cliLines, type CliParams} from '../../src/i18n/cli-words.js';
import {parsePlan} from '../../src/model/plan/plan.js';
import {wordPlanHead, wordPlanProblem, wordPlanWarning} from '../../src/i18n/plan-problem-words.js';
import {DiemcauError, errorText} from '../../src/cli/errors.js';
import {parseJsonPlan, parseYamlPlan} from '../../src/plan/plan-syntax.js';
import {ENGLISH} from '../helpers/english.js';

// What the commands say around a screen or a document, a plan's problems and a command line's
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
	};
	const examples = (lang: 'vi' | 'en') =>
		Object.fromEntries(cliLines.codes.map(code => [code, cliLines.word({code, params: samples[code]} as Parameters<typeof cliLines.word>[0], lang)])) as Record<keyof CliParams, string>;
	const en = examples('en');
	const vi = examples('vi');

	it.each(Object.keys(en) as Array<keyof CliParams>)('%s is worded in Vietnamese', key => {
		expect(vi[key]).not.toBe(en[key]);
		const words = vi[key].replace(/\([^)]*\)|“[^”]*”|\/\S+|chmod 600/g, '');
		expect(words, vi[key]).not.toMatch(ENGLISH);
		expect(words, vi[key]).not.toMatch(/(?<!\p{L})(opening|plan|attaching|starting|simulated|sites?|warning|token|file|users|run|journal|meeting|minutes|write|choose|folder|can|cannot)(?!\p{L})/iu);
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
		const line = 'alert hook failed (site-down pho-an): webhook notify.example.vn answered 503 (4 tries)';
		expect(wordHookFailureLine(line, 'en')).toBe(line);
		expect(wordHookFailureLine(line, 'vi')).toBe('không gửi được cảnh báo (site-down pho-an): webhook notify.example.vn trả lời mã lỗi HTTP 503 (đã thử 4 lần)');
		expect(wordHookFailureLine('alert hook failed (storm): command x: no such program', 'vi')).toBe('không gửi được cảnh báo (storm): không có chương trình x');
	});
});

describe('a plan’s problems and warnings, for the technician who fixes the plan', () => {
	const fixture = fileURLToPath(new URL('../../fixtures/duc-pho-2021.yaml', import.meta.url));
	const base = () => parseYaml(readFileSync(fixture, 'utf8')) as Record<string, any>;
	/** Broken plans, one mistake of each kind the schema and the rules know. */
	const broken: Array<(d: Record<string, any>) => void> = [
		d => ((d.sites[0].endpiont = d.sites[0].endpoint), delete d.sites[0].endpoint),
		d => (d.sites[1].colour = 'red'),
		d => delete d.session.title,
		d => (d.session = 'Kỳ họp'),
		d => (d.probe = {intervalMs: 'fast', downAfter: 2.5, timeoutMs: 0}),
		d => (d.sites[2].kind = 'comune'),
		d => (d.sites[2].mode = 5),
		d => (d.agenda[0].minutes = -1),
		d => (d.sites = []),
		d => (d.agenda = []),
		d => (d.sites[4].id = 'Pho An'),
		d => (d.session.start = '8h'),
		d => (d.session.date = 'tomorrow'),
		d => (d.sites[5].name = ''),
		d => (d.sites[6].token = 'abc'),
		d => (d.sites[6].token = {env: '1X'}),
		d => (d.session.timeZone = 'Mars/Base'),
		d => (d.sites[7].id = d.sites[8].id),
		d => (d.sites[9].endpoint = d.sites[10].endpoint),
		d => (d.agenda[2].speakers = {perSpeakerMinutes: 6, from: ['pho-xyz']}),
		d => (d.thresholds = {good: {rttMs: 400, jitterMs: 30, lossPct: 1}, fair: {rttMs: 300, jitterMs: 50, lossPct: 4}}),
		d => (d.rehearsal = {bandwidthKbps: {pass: 800, warn: 1500}}),
		d => (d.sites[0].endpoint = 'tcp://127.0.0.1:7701'),
		d => (d.sites[1].endpoint = 'ws://:7701/probe'),
		d => (d.sites[2].endpoint = 'ws://127.0.0.1:abc/probe'),
		d => (d.sites[3].endpoint = 'ws://127.0.0.1:99999/probe'),
		d => (d.sites[4].endpoint = 'nonsense'),
		d => (d.sites[5].connect = 'dial-out'),
		d => ((d.sites[6].connect = 'dial-out'), (d.sites[6].mode = 'ws-ping'), delete d.sites[6].endpoint),
		d => delete d.sites[7].endpoint,
		d => delete d.sites[8].token,
		d => (d.version = 2),
		d => (d.hub.listen = 'nowhere'),
		d => (d.hub.listen = '0.0.0.0:99999'),
	];
	const lines = broken.flatMap(mistake => {
		const data = base();
		mistake(data);
		const result = parsePlan(data);
		expect(result.ok).toBe(false);
		return result.ok ? [] : result.problems;
	});
	const syntax = [
		...(parseYamlPlan('version: 1\nsession:\n\ttitle: x\n') as {problems: string[]}).problems,
		...(parseYamlPlan('version: 1\nversion: 2\n') as {problems: string[]}).problems,
		...(parseJsonPlan('{"version": 1\n "session": {}}') as {problems: string[]}).problems,
	];
	/** What stays as the file writes it: the path, field names in backticks, quoted values, examples. */
	const own = (text: string) =>
		text
			.replace(/^[^:]+?: /, '')
			.replace(/`[^`]*`|"[^"]*"|\{[^}]*\}|\([^)]*\)|\S+:\/\/\S*|\S+\.\S+|\S*\d\S*|--\S+|\S*_\S*|\b(HOST|PORT|PATH|VAR|FILE)\b/g, '');
	const ENGLISH_PLAN = /(?<!\p{L})(the|is|are|has|have|not|no|to|of|must|be|write|missing|unknown|field|fields|here|did|you|mean|one|list|least|most|more|less|than|entries|characters|long|number|text|whole|empty|section|already|used|site|needs|token|endpoint|only|use|or|and|like|above|port|host|valid|start|with|date|time|zone|name|never|itself|line|column|indent|spaces|comma|quote)(?!\p{L})/iu;

	it.each([...lines, ...syntax].map(line => [line]))('%s', line => {
		const vi = wordPlanProblem(line, 'vi');
		expect(vi, line).not.toBe(line);
		expect(own(vi), vi).not.toMatch(ENGLISH_PLAN);
		expect(wordPlanProblem(line, 'en')).toBe(line);
	});

	it('the head lines and the warnings of plan check are worded too', () => {
		for (const head of ['Plan /p/ke-hoach.yaml has 3 problem(s):', 'Plan /p/ke-hoach.yaml is not valid YAML:', 'Cannot read plan /p/nope.yaml: no such file.', 'Cannot read plan /p: it is a folder.', 'Plan /p/ke-hoach.txt: the file name must end in .yaml, .yml or .json.']) {
			const vi = wordPlanHead(head, 'vi');
			expect(vi, head).not.toBe(head);
			expect(own(`x: ${vi}`), vi).not.toMatch(ENGLISH_PLAN);
		}
		for (const warning of [
			'sites[0].endpoint: ws://203.0.113.5:7701/probe is plain ws:// outside loopback and private networks: anyone on the path can read and delay the probes; use wss:// (see the README, "Security")',
			'sites[0].token: token file /p/tokens/pho-an.token can be read by other users: run chmod 600 /p/tokens/pho-an.token',
			"sites[1].token: token: cannot read token file /p/tokens/pho-hoa.token: no such file: write the site's token there (diemcau token new FILE), the same as its agent's --token-file (until then the hub shows this site down)",
			'sites[2].token: token: environment variable DIEMCAU_TOKEN_X is not set: set it before `diemcau run` (until then the hub shows this site down)',
			"sites[4].token: sites[3] (pho-minh), sites[4] (pho-ninh) share the token file /p/t.token: whoever holds one site's token can pose as the others; give each site its own (diemcau token new FILE)",
			"sites[4].token: sites[3] (pho-minh), sites[4] (pho-ninh) have the same token: whoever holds one site's token can pose as the others; give each site its own (diemcau token new FILE)",
			'sites[5].ca: cannot read /p/ca.pem: no such file',
			"session.date: 2021-11-25 is already past (today is 2026-12-01): write the meeting's date, or its planned end shows days behind",
			'hub.listen: 2 site(s) dial out (connect: dial-out) but the hub has no listen address: add hub.listen: "0.0.0.0:7700", or give every hub command --listen HOST:PORT',
			"hub.listen: 127.0.0.1:7700 is reachable only from this PC: the communes' agents cannot call it (0.0.0.0:PORT listens on every network)",
		]) {
			const vi = wordPlanWarning(warning, 'vi');
			expect(vi, warning).not.toBe(warning);
			expect(own(vi).replace(/chmod|diemcau|README|wss|ws/g, ''), vi).not.toMatch(ENGLISH_PLAN);
		}
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
		if (error.help) expect(vi.endsWith(`\n\n${help}`), vi).toBe(true); // the help after it, kept
		const first = vi.split('\n\n')[0]!;
		expect(first).not.toBe(error.message.split('\n\n')[0]);
		const words = first.replace(/"[^"]*"|`[^`]*`|--\S+|\([^)]*\)|\/\S+|\S*\d\S*/g, '');
		expect(words, first).not.toMatch(ENGLISH);
		expect(words, first).not.toMatch(/(?<!\p{L})(takes|must|option|argument|missing|unexpected|unknown|whole|number|duration|like|at|most|least|rate|skip|given|before|go|together|writes|add|longer|than|zero)(?!\p{L})/iu);
	});
});

describe('serve’s log in Vietnamese (each line’s head kept)', () => {
	it('what came of an intent, and serve’s own lines', async () => {
		const {outcomeText, serveLines} = await import('../../src/hub/event-log.js');
		const {REFUSAL_EXAMPLES, wordRefusal} = await import('../../src/model/meeting/refusals.js');
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
