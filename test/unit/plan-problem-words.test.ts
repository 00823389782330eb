import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {LANGS} from '../../src/i18n/catalog.js';
import {
	planHeadWords,
	planProblemWords,
	planSyntaxWords,
	planWarningWords,
	wordPlanError,
	wordPlanProblem,
	wordPlanSyntax,
	wordPlanWarning,
} from '../../src/i18n/plan-problem-words.js';
import type {
	PlanHeadParams,
	PlanProblem,
	PlanProblemParams,
	PlanSyntaxParams,
	PlanWarning,
	PlanWarningParams,
} from '../../src/model/plan/plan-problem-codes.js';
import {parsePlan} from '../../src/model/plan/plan.js';
import {parseJsonPlan, parseYamlPlan} from '../../src/plan/plan-syntax.js';
import {ENGLISH_PLAN, ownWords} from '../helpers/plan-english.js';

// A plan's problems and warnings are messages worded from the catalog: every code, with sample
// parameters, has words in both languages, and the Vietnamese has no English sentence in it (field
// paths, field names, values, file names and examples are the file's own and stay as written).

const site = {path: 'sites[3]', id: 'pho-minh'};

/** Sample parameters for every code (a code without a sample is a compile error). */
const PROBLEMS: {[C in keyof PlanProblemParams]: PlanProblemParams[C][]} = {
	'unknown-field': [
		{field: 'endpiont', suggestion: 'endpoint', fields: []},
		{field: 'colour', fields: ['id', 'name']},
		{field: 'x', fields: []},
	],
	missing: [{example: 'endpoint: ws://10.0.0.5:7701/probe'}, {}],
	'write-section': [{shape: '{name: "…", phone: "…"}'}],
	'not-whole-number': [{value: {kind: 'number', value: 2.5}}],
	'wrong-type': [
		{expected: 'string', value: {kind: 'null'}},
		{expected: 'number', value: {kind: 'text', value: 'fast'}},
		{expected: 'array', value: {kind: 'section'}},
		{expected: 'object', value: {kind: 'list'}},
		{expected: 'boolean', value: {kind: 'date'}},
		{expected: 'date', value: {kind: 'boolean', value: true}},
	],
	'must-equal': [{value: '1'}],
	'one-of': [
		{options: ['commune', 'ward', 'other'], value: {kind: 'text', value: 'comune'}, suggestion: 'commune'},
		{options: ['agent', 'ws-ping'], value: {kind: 'number', value: 5}},
	],
	'list-size': [
		{bound: 'min', limit: 1},
		{bound: 'max', limit: 4},
	],
	'text-length': [
		{bound: 'above', limit: 0},
		{bound: 'below', limit: 200},
	],
	'number-range': [
		{bound: 'min', limit: 100, value: {kind: 'number', value: 0}},
		{bound: 'above', limit: 0, value: {kind: 'number', value: -1}},
	],
	'no-form': [{}],
	other: [{text: 'Invalid input'}],
	'id-format': [{}],
	'time-format': [{}],
	'date-format': [{}],
	empty: [{}],
	'env-name': [{}],
	'secret-ref': [{}],
	'time-zone': [{}],
	'no-sites': [{}],
	'no-agenda': [{}],
	'token-needed': [{}],
	'endpoint-needed': [{}],
	'dial-out-endpoint': [{}],
	'dial-out-mode': [{}],
	'id-taken': [{id: 'pho-an', first: 'sites[0]'}],
	'endpoint-taken': [{endpoint: 'ws://10.0.0.5:7701/probe', first: 'sites[1]'}],
	'no-such-site': [{id: 'pho-xyz'}],
	'not-above': [{other: 'thresholds.fair.rttMs'}],
	'endpoint-not-url': [{}],
	'endpoint-scheme': [{scheme: 'tcp'}],
	'endpoint-no-host': [{}],
	'endpoint-port-text': [{port: 'abc'}],
	'endpoint-port-range': [{port: '99999'}],
	'endpoint-invalid': [{}],
	'host-port-format': [{value: '9464'}],
	'host-port-range': [{port: 99_999}],
	'duration-format': [{field: 'after'}, {field: 'remind'}],
	'duration-range': [{field: 'after', minSeconds: 1, maxMinutes: 60}],
	'command-empty': [{}],
	'webhook-url': [{}],
	'token-weak': [{bits: 36, min: 128}],
	'token-file-missing': [{file: 'tokens/pho-an.tokne', suggestion: 'tokens/pho-an.token'}, {file: 'tokens/pho-an.token'}],
	'token-file-refused': [
		{problem: {code: 'fifo', file: 'tokens/pho-an.token'}},
		{problem: {code: 'too-big', file: 'tokens/pho-an.token', bytes: 1048576, max: 4096}},
	],
};

const WARNINGS: {[C in keyof PlanWarningParams]: PlanWarningParams[C][]} = {
	'plain-ws': [{endpoint: 'ws://203.0.113.5:7701/probe'}],
	'token-env-unset': [{variable: 'DIEMCAU_TOKEN_X'}],
	'token-file-missing': [{file: '/p/tokens/pho-hoa.token'}],
	'token-file-empty': [{file: '/p/tokens/pho-hoa.token'}],
	'token-file-unreadable': [{file: '/p/tokens/pho-hoa.token', errno: 'EACCES'}, {file: '/p/tokens/pho-hoa.token'}],
	'token-file-open': [{file: '/p/tokens/pho-an.token'}],
	'token-file-shared': [{sites: [site, {path: 'sites[4]', id: 'pho-ninh'}], file: '/p/t.token'}],
	'token-shared': [{sites: [site, {path: 'sites[4]', id: 'pho-ninh'}]}],
	'ca-missing': [{file: '/p/ca.pem'}],
	'listen-missing': [{count: 2}],
	'listen-loopback': [{address: '127.0.0.1:7700'}],
	'date-past': [{date: '2021-11-25', today: '2026-12-01'}],
};

const SYNTAX: {[C in keyof PlanSyntaxParams]: PlanSyntaxParams[C][]} = {
	yaml: (
		[
			'ALIAS_PROPS',
			'BAD_ALIAS',
			'BAD_DIRECTIVE',
			'BAD_DQ_ESCAPE',
			'BAD_INDENT',
			'BAD_PROP_ORDER',
			'BAD_SCALAR_START',
			'BLOCK_AS_IMPLICIT_KEY',
			'BLOCK_IN_FLOW',
			'DUPLICATE_KEY',
			'IMPOSSIBLE',
			'KEY_OVER_1024_CHARS',
			'MISSING_CHAR',
			'MULTILINE_IMPLICIT_KEY',
			'MULTIPLE_ANCHORS',
			'MULTIPLE_DOCS',
			'MULTIPLE_TAGS',
			'NON_STRING_KEY',
			'RESOURCE_EXHAUSTION',
			'TAB_AS_INDENT',
			'TAG_RESOLVE_FAILED',
			'UNEXPECTED_TOKEN',
			'BAD_COLLECTION_TYPE',
		] as const
	).map(code => ({code})),
	'too-deep': [{}],
	'json-syntax': [{text: "expected ',' or '}' after property value"}],
	'parser-words': [{text: 'unexpected end of the stream'}],
};

const HEADS: {[C in keyof PlanHeadParams]: PlanHeadParams[C][]} = {
	'plan-missing': [{file: '/p/nope.yaml'}],
	'plan-folder': [{file: '/p'}],
	'plan-unreadable': [{file: '/p/ke-hoach.yaml', errno: 'EACCES'}],
	'plan-extension': [{file: '/p/ke-hoach.txt'}],
	'plan-syntax': [{file: '/p/ke-hoach.yaml', format: 'YAML'}],
	'plan-problems': [{file: '/p/ke-hoach.yaml', count: 3}],
	'tokens-weak': [{file: '/p/ke-hoach.yaml', count: 2, min: 128}],
};

/** Every code of an area with each of its samples, as [code, English, Vietnamese]. */
function walk<P extends Record<string, object>>(
	area: {codes: readonly string[]; word(message: never, lang: 'vi' | 'en'): string},
	samples: {[C in keyof P]: P[C][]},
): [string, string, string][] {
	expect(Object.keys(samples).sort()).toEqual([...area.codes].sort());
	return area.codes.flatMap(code =>
		(samples[code as keyof P] as object[]).map((params): [string, string, string] => {
			const message = {code, params} as never;
			return [code, area.word(message, 'en'), area.word(message, 'vi')];
		}),
	);
}

describe('every plan-problem code, worded in both languages', () => {
	const all = [
		...walk<PlanProblemParams>(planProblemWords, PROBLEMS),
		...walk<PlanWarningParams>(planWarningWords, WARNINGS),
		...walk<PlanSyntaxParams>(planSyntaxWords, SYNTAX),
		...walk<PlanHeadParams>(planHeadWords, HEADS),
	];

	it('walks every code of the four areas', () => {
		expect(all.length).toBeGreaterThan(70);
		expect(LANGS).toEqual(['vi', 'en']);
	});

	it('the check finds English where there is some: it flags the English wording of every code', () => {
		expect(all.filter(([, en]) => !ENGLISH_PLAN.test(ownWords(`x: ${en}`))).map(([code, en]) => `${code}: ${en}`)).toEqual([]);
	});

	it.each(all)('%s: %s', (_code, en, vi) => {
		expect(en.trim()).not.toBe('');
		expect(vi.trim()).not.toBe('');
		expect(vi).not.toBe(en);
		expect(ownWords(`x: ${vi}`), vi).not.toMatch(ENGLISH_PLAN);
	});
});

describe('a plan’s problems as the schema and the parsers raise them', () => {
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
		d => (d.alerts = {after: 'soon', remind: '9999h', command: [], webhook: 'ftp://x'}),
		d => (d.sites[2].roster = [{role: ''}]),
	];
	const problems = broken.flatMap(mistake => {
		const data = base();
		mistake(data);
		const result = parsePlan(data);
		expect(result.ok).toBe(false);
		return result.ok ? [] : result.problems;
	});
	const syntax = [
		parseYamlPlan('version: 1\nsession:\n\ttitle: x\n'),
		parseYamlPlan('version: 1\nversion: 2\n'),
		parseJsonPlan('{"version": 1\n "session": {}}'),
	].flatMap(result => (result.ok ? [] : result.problems));

	it('raises no problem in a library’s own words', () => {
		expect(problems.filter(problem => problem.message.code === 'other')).toEqual([]);
		expect(syntax.map(problem => problem.message.code)).toEqual(['yaml', 'yaml', 'json-syntax']);
	});

	it.each(problems.map(problem => [wordPlanProblem(problem, 'en'), problem]))('%s', (en, problem) => {
		const vi = wordPlanProblem(problem, 'vi');
		expect(vi, en).not.toBe(en);
		expect(vi.startsWith(`${problem.path}: `), vi).toBe(true);
		expect(ownWords(vi), vi).not.toMatch(ENGLISH_PLAN);
	});

	it('words a syntax problem at its line and column, the line quoted as written', () => {
		expect(wordPlanSyntax(syntax[0]!, 'en')).toBe(
			'line 3, column 1: a tab is used to indent; YAML indents with spaces only: replace the tab with spaces  (line 3: "→title: x")',
		);
		expect(wordPlanSyntax(syntax[0]!, 'vi')).toBe(
			'dòng 3, cột 1: có dấu tab để thụt lề; YAML chỉ thụt lề bằng dấu cách: hãy thay tab bằng dấu cách  (dòng 3: "→title: x")',
		);
	});

	it('puts a single syntax problem on the head line, and several under it', () => {
		const head = {code: 'plan-syntax', params: {file: '/p/k.yaml', format: 'YAML'}} as const;
		expect(wordPlanError(head, [], syntax.slice(0, 1), 'en').details).toEqual([]);
		expect(wordPlanError(head, [], syntax.slice(0, 1), 'vi').message).toMatch(
			/^Kế hoạch \/p\/k\.yaml không đúng cú pháp YAML: dòng 3, cột 1: /,
		);
		expect(wordPlanError(head, [], syntax, 'vi').details).toHaveLength(3);
	});

	it('says the top level as such in each language', () => {
		const problem: PlanProblem = {path: '', message: {code: 'unknown-field', params: {field: 'sesion', suggestion: 'session', fields: []}}};
		expect(wordPlanProblem(problem, 'en')).toBe('(top level): unknown field `sesion` — did you mean `session`?');
		expect(wordPlanProblem(problem, 'vi')).toBe('(cấp ngoài cùng): trường `sesion` không có trong kế hoạch — có phải ý là `session`?');
	});

	it('words a warning with its field path', () => {
		const warning: PlanWarning = {
			path: 'sites[4].token',
			message: {code: 'token-shared', params: {sites: [site, {path: 'sites[4]', id: 'pho-ninh'}]}},
		};
		expect(wordPlanWarning(warning, 'en')).toBe(
			"sites[4].token: sites[3] (pho-minh), sites[4] (pho-ninh) have the same token: whoever holds one site's token can pose as the others; give each site its own (diemcau token new FILE)",
		);
		expect(wordPlanWarning(warning, 'vi')).toMatch(/^sites\[4\]\.token: sites\[3\] \(pho-minh\), sites\[4\] \(pho-ninh\) có cùng một mã/);
	});
});
