import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parse as parseYaml} from 'yaml';
import {parsePlan, type Plan} from '../../src/model/plan/plan.js';

const fixtureFile = path.resolve(import.meta.dirname, '../../fixtures/duc-pho-2021.yaml');

/** The fixture plan grown to `count` sites with synthetic ones (two roles each). */
export function bigPlan(count: number): Plan {
	const data = parseYaml(readFileSync(fixtureFile, 'utf8')) as {sites: Array<Record<string, unknown>>};
	const base = data.sites;
	for (let i = base.length; i < count; i++) {
		const n = String(i + 1).padStart(4, '0');
		base.push({
			id: `site-${n}`,
			name: `Điểm cầu số ${n}`,
			endpoint: `ws://127.0.0.1:${10_000 + (i % 50_000)}/probe`,
			token: {env: 'NONE'},
			roster: [{role: 'Chủ tịch HĐND'}, {role: 'Phó Chủ tịch HĐND'}],
		});
	}
	const result = parsePlan(data);
	if (!result.ok) throw new Error(result.problems.map(problem => `${problem.path}: ${problem.message.code}`).join('\n'));
	return result.plan;
}
