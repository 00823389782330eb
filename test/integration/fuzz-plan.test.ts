import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {parse as parseYaml, stringify as stringifyYaml} from 'yaml';
import {DiemcauError} from '../../src/cli/errors.js';
import {PlanError} from '../../src/plan/plan-error.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {BIN} from '../helpers/agents.js';
import {englishLines} from '../helpers/plan-english.js';
import {prng} from '../helpers/random-intents.js';
import {fixturePlanFile} from '../helpers/session.js';

// A seeded mutation fuzz of the fixture plan: keys deleted, types changed, wrong enums, bad URLs,
// duplicate ids, inline tokens, huge numbers, deep nesting, truncated text, random bytes. Every
// mutation either still makes a valid plan or is refused with a DiemcauError (exit 2) and a
// message; never a stack trace, never "unexpected error". A sample goes through the built CLI
// (`plan check`), and a few damaged journals through `diemcau report`.

const SEED = 20_211_125;
const MUTATIONS = 400;
const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-fuzz-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const fixtureText = readFileSync(fixturePlanFile, 'utf8');
const fixture = parseYaml(fixtureText) as Record<string, any>;
type Json = unknown;
type Mutation = {kind: string; file: string; alwaysInvalid: boolean; secret?: string};

/** Every path to a value in the tree (objects and arrays), the root excluded. */
function paths(value: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
	if (Array.isArray(value)) value.forEach((inner, i) => (out.push([...prefix, i]), paths(inner, [...prefix, i], out)));
	else if (value && typeof value === 'object')
		for (const [key, inner] of Object.entries(value)) out.push([...prefix, key]), paths(inner, [...prefix, key], out);
	return out;
}

function parentOf(root: any, at: (string | number)[]): [any, string | number] {
	let node = root;
	for (const key of at.slice(0, -1)) node = node[key];
	return [node, at.at(-1)!];
}

/** JSON text nested `levels` deep (built as text: JSON.stringify itself overflows on such values). */
function deepJson(levels: number): string {
	let open = '';
	let close = '';
	for (let i = 0; i < levels; i++) {
		open += i % 2 ? '{"k":' : '[';
		close = (i % 2 ? '}' : ']') + close;
	}
	return `${open}"x"${close}`;
}
const DEEP = '@@deep@@';

function generate(rand: () => number): Mutation[] {
	const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
	const int = (n: number) => Math.floor(rand() * n);
	const out: Mutation[] = [];
	const all = paths(fixture);
	const bounded = [
		['probe', 'intervalMs'],
		['probe', 'timeoutMs'],
		['probe', 'downAfter'],
		['probe', 'window'],
		['thresholds', 'good', 'lossPct'],
		['agenda', 0, 'minutes'],
		['agenda', 2, 'speakers', 'perSpeakerMinutes'],
	];
	const kinds: Array<[string, boolean, (plan: any) => string | void]> = [
		[
			'delete-key',
			false,
			plan => {
				const at = pick(all);
				const [parent, key] = parentOf(plan, at);
				if (Array.isArray(parent)) parent.splice(key as number, 1);
				else delete parent[key];
			},
		],
		[
			'change-type',
			false,
			plan => {
				const [parent, key] = parentOf(plan, pick(all));
				const current = parent[key];
				const others: Json[] = [42, -1, 'text', true, null, [], {}, [1, 'two'], {a: 1}].filter(
					v => typeof v !== typeof current || Array.isArray(v) !== Array.isArray(current),
				);
				parent[key] = pick(others);
			},
		],
		[
			'wrong-enum',
			true,
			plan => {
				const site = pick(plan.sites as any[]);
				const field = pick(['kind', 'mode']);
				site[field] = pick(['WS-PING', 'agent ', 'xã', '', 'commune;', 'ward\u0000', 'AGENT']);
			},
		],
		[
			'bad-url',
			true,
			plan => {
				pick(plan.sites as any[]).endpoint = pick([
					'http://127.0.0.1:7701/probe',
					'not a url',
					'ws//127.0.0.1',
					'',
					'ftp://x',
					'ws://[::1',
					'127.0.0.1:7701',
					'javascript:alert(1)',
					'file:///etc/passwd',
					' ws:// ',
				]);
			},
		],
		[
			'duplicate-id',
			true,
			plan => {
				const list = rand() < 0.7 ? plan.sites : plan.agenda;
				const i = int(list.length);
				let j = int(list.length - 1);
				if (j >= i) j++;
				list[j].id = list[i].id;
			},
		],
		[
			'bad-id',
			true,
			plan => {
				pick(plan.sites as any[]).id = pick(['Phổ An', 'pho_an', 'PHO-AN', 'pho an', '', '../etc', 'pho-an\n']);
			},
		],
		[
			'inline-token',
			true,
			plan => {
				const secret = `inline-secret-${int(1e9)}`;
				pick(plan.sites as any[]).token = pick([secret, {value: secret}, {file: 'x', env: secret}, [secret]]);
				return secret;
			},
		],
		[
			'huge-number',
			true,
			plan => {
				const [parent, key] = parentOf(plan, pick(bounded));
				parent[key] = pick([1e308, -1e308, 2 ** 64, Number.MAX_SAFE_INTEGER + 2, 1e21, -0.5, 0]);
			},
		],
		[
			'deep-nesting',
			true,
			plan => {
				const objects = all.map(at => parentOf(plan, at)[0]).filter(node => node && typeof node === 'object' && !Array.isArray(node));
				pick([plan, ...objects]).nested = DEEP;
			},
		],
		[
			'unknown-key',
			true,
			plan => {
				pick([plan, plan.session, plan.probe, plan.hub, pick(plan.sites as any[]), pick(plan.agenda as any[])])[
					pick(['colour', 'tokens', 'Endpoint', '__proto__x'])
				] = 1;
			},
		],
	];
	for (let n = 0; n < MUTATIONS; n++) {
		const roll = rand();
		if (roll < 0.75) {
			const [kind, alwaysInvalid, mutate] = pick(kinds);
			const plan = structuredClone(fixture);
			const secret = mutate(plan) ?? undefined;
			// Deep values as JSON only: YAML's own nesting limit is a different (and fine) refusal.
			const json = kind === 'deep-nesting' || rand() < 0.4;
			const file = path.join(dir, `m${n}-${kind}.${json ? 'json' : 'yaml'}`);
			writeFileSync(file, json ? JSON.stringify(plan).replace(`"${DEEP}"`, deepJson(pick([60, 500, 5000, 100_000]))) : stringifyYaml(plan));
			out.push({kind, file, alwaysInvalid, ...(secret ? {secret} : {})});
		} else {
			// Text level: truncated, random bytes over a slice, random bytes inserted, deep flow nesting.
			const kind = pick(['truncated', 'random-bytes', 'inserted-bytes', 'yaml-deep-flow']);
			const bytes = Buffer.from(fixtureText, 'utf8');
			const at = int(bytes.length);
			const noise = Buffer.from(Array.from({length: 1 + int(64)}, () => int(256)));
			const text =
				kind === 'truncated'
					? bytes.subarray(0, at)
					: kind === 'random-bytes'
						? Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at + noise.length)])
						: kind === 'inserted-bytes'
							? Buffer.concat([bytes.subarray(0, at), noise, bytes.subarray(at)])
							: Buffer.from(`${fixtureText}\nnested: ${'['.repeat(3000)}${']'.repeat(3000)}\n`);
			const file = path.join(dir, `m${n}-${kind}.yaml`);
			writeFileSync(file, text);
			out.push({kind, file, alwaysInvalid: kind === 'yaml-deep-flow'});
		}
	}
	return out;
}

type Outcome = {valid: true} | {valid: false; message: string; vi: string; codes: string[]} | {crash: string};

function check(file: string): Outcome {
	try {
		loadPlan(file);
		return {valid: true};
	} catch (error) {
		if (error instanceof DiemcauError && error.exitCode === 2 && error.message.trim().length > 0) {
			const vi = error instanceof PlanError ? error.worded('vi') : {message: error.message, details: error.details};
			const codes =
				error instanceof PlanError ? [...error.problems, ...error.syntax].map(problem => problem.message.code) : ['not a plan error'];
			return {valid: false, message: [error.message, ...error.details].join('\n'), vi: [vi.message, ...vi.details].join('\n'), codes};
		}
		return {crash: error instanceof Error ? `${error.name}: ${error.message}` : String(error)};
	}
}

const looksLikeStack = (text: string) => /\n\s+at .+[(:]\d+/.test(text) || /unexpected error|call stack/i.test(text);

describe('plan mutation fuzz', () => {
	const mutations = generate(prng(SEED));
	const outcomes = new Map<Mutation, Outcome>();

	it(`every one of ${MUTATIONS} mutations is a valid plan or refused with exit 2 and a message (in process)`, () => {
		const crashes: string[] = [];
		const slipped: string[] = [];
		const english: string[] = [];
		const tally: Record<string, {valid: number; refused: number}> = {};
		for (const mutation of mutations) {
			const outcome = check(mutation.file);
			outcomes.set(mutation, outcome);
			const row = (tally[mutation.kind] ??= {valid: 0, refused: 0});
			if ('crash' in outcome) crashes.push(`${path.basename(mutation.file)}: ${outcome.crash}`);
			else if (outcome.valid) {
				row.valid++;
				if (mutation.alwaysInvalid) slipped.push(path.basename(mutation.file));
			} else {
				row.refused++;
				expect(looksLikeStack(outcome.message), outcome.message).toBe(false);
				if (mutation.secret) expect(outcome.message).not.toContain(mutation.secret);
				// The same refusal in Vietnamese has no English sentence (paths, values and file names kept).
				english.push(...englishLines(outcome.vi).map(line => `${path.basename(mutation.file)}: ${line}`));
				// …and none is a library's own words passed through (they would stay English).
				english.push(
					...outcome.codes
						.filter(code => code === 'other' || code === 'parser-words' || code === 'not a plan error')
						.map(code => `${path.basename(mutation.file)}: ${code}`),
				);
			}
		}
		expect(crashes).toEqual([]);
		expect(english).toEqual([]);
		expect(slipped).toEqual([]);
		const refused = Object.values(tally).reduce((sum, row) => sum + row.refused, 0);
		expect(refused).toBeGreaterThan(MUTATIONS / 2);
		process.stdout.write(
			`FIGURE plan-fuzz ${JSON.stringify({seed: SEED, mutations: MUTATIONS, refused, stillValid: MUTATIONS - refused, crashes: crashes.length, byKind: tally})}\n`,
		);
	}, 60_000);

	it('the built CLI agrees on a sample: exit 2 with a message and no stack, or exit 0 for a valid plan', async () => {
		const sample = mutations.filter((_, i) => i % 20 === 7);
		const deepJson = mutations.find(m => m.kind === 'deep-nesting' && m.file.endsWith('.json'));
		if (deepJson && !sample.includes(deepJson)) sample.push(deepJson);
		for (let i = 0; i < sample.length; i += 4) {
			await Promise.all(
				sample.slice(i, i + 4).map(async mutation => {
					// The fixture's token files are made by whoever runs it (fixtures/tokens/README.md), not committed.
					const result = await execa('node', [BIN, 'plan', 'check', mutation.file, '--allow-missing-tokens'], {reject: false});
					const expected = outcomes.get(mutation) ?? check(mutation.file);
					const name = path.basename(mutation.file);
					expect(looksLikeStack(result.stderr + result.stdout), `${name}: ${result.stderr}`).toBe(false);
					if ('valid' in expected && expected.valid) {
						expect(result.exitCode, name).toBe(0);
					} else {
						expect(result.exitCode, `${name}: ${result.stderr}`).toBe(2);
						expect(result.stderr, name).toMatch(/^diemcau: \S/);
						if (mutation.secret) expect(result.stderr).not.toContain(mutation.secret);
					}
				}),
			);
		}
		expect(sample.length).toBeGreaterThanOrEqual(20);
	}, 60_000);
});

describe('journal mutations through diemcau report', () => {
	const journal = path.resolve(import.meta.dirname, '../../fixtures/journals/duc-pho-2021.jsonl');

	it('gives exit 0 (torn tail ignored with a warning) or exit 2 with a message, never a stack', async () => {
		const rand = prng(SEED + 1);
		const text = readFileSync(journal, 'utf8');
		const lines = text.split('\n').filter(Boolean);
		const middle = 2 + Math.floor(rand() * (lines.length - 4));
		const join = (list: string[]) => `${list.join('\n')}\n`;
		const cases: Array<[string, string | Buffer, 0 | 2 | 'either']> = [
			['truncated mid-line', text.slice(0, text.indexOf('\n', text.length / 2) - 5), 0],
			['truncated in the header', text.slice(0, 40), 2],
			['empty', '', 2],
			['a line deleted', join(lines.filter((_, i) => i !== middle)), 2],
			['a line repeated', join([...lines.slice(0, middle + 1), lines[middle]!, ...lines.slice(middle + 1)]), 2],
			['two lines swapped', join([...lines.slice(0, middle), lines[middle + 1]!, lines[middle]!, ...lines.slice(middle + 2)]), 2],
			['a byte flipped in the middle', Buffer.from(text.slice(0, text.length / 2) + '\u0007{' + text.slice(text.length / 2 + 2)), 2],
			[
				'random bytes in the middle',
				Buffer.concat([
					Buffer.from(join(lines.slice(0, middle))),
					Buffer.from(Array.from({length: 40}, () => Math.floor(rand() * 256))),
					Buffer.from(`\n${join(lines.slice(middle))}`),
				]),
				2,
			],
			['unknown event type', join(lines.map((line, i) => (i === middle ? line.replace(/"type":"[^"]+"/, '"type":"launch"') : line))), 2],
			['a huge seq', join(lines.map((line, i) => (i === middle ? line.replace(/"seq":\d+/, '"seq":1e308') : line))), 2],
			[
				'deeply nested field',
				join(lines.map((line, i) => (i === middle ? line.replace(/}$/, `,"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`) : line))),
				'either',
			],
			['header of another version', join([lines[0]!.replace('"v":1', '"v":9'), ...lines.slice(1)]), 2],
			['not JSON at all', Buffer.from(Array.from({length: 4096}, () => Math.floor(rand() * 256))), 2],
		];
		const results: Record<string, number | undefined> = {};
		for (const [name, content, expected] of cases) {
			const file = path.join(dir, `journal-${name.replace(/\W+/g, '-')}.jsonl`);
			writeFileSync(file, content);
			const result = await execa('node', [BIN, 'report', file, '--format', 'json'], {reject: false});
			results[name] = result.exitCode;
			expect(looksLikeStack(result.stderr + result.stdout), `${name}: ${result.stderr}`).toBe(false);
			if (expected === 'either') expect([0, 2], `${name}: ${result.stderr}`).toContain(result.exitCode);
			else expect(result.exitCode, `${name}: ${result.stderr}`).toBe(expected);
			if (result.exitCode === 2) expect(result.stderr, name).toMatch(/^diemcau: \S/);
			if (expected === 0) expect(result.stderr, name).toMatch(/warning: .*cut off/);
		}
		process.stdout.write(`FIGURE journal-fuzz ${JSON.stringify({cases: cases.length, exitCodes: results})}\n`);
	}, 60_000);
});
