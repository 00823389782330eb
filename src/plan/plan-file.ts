import {readFileSync} from 'node:fs';
import path from 'node:path';
import {PlanError} from './plan-error.js';
import {parsePlan, type Plan, type SecretRef} from '../model/plan/plan.js';
import {parseJsonPlan, parseYamlPlan} from './plan-syntax.js';
import {readTokenFile, type SecretResult} from './token-file.js';

export {readTokenFile, type SecretResult} from './token-file.js';

/** A plan as loaded from disk: the validated plan and where it lives (token and CA paths are relative to it). */
export interface LoadedPlan {
	plan: Plan;
	file: string;
	dir: string;
}

/** Read, parse (YAML or JSON by extension) and validate a plan; throws a PlanError listing every problem. */
export function loadPlan(file: string): LoadedPlan {
	const absolute = path.resolve(file);
	let text: string;
	try {
		text = readFileSync(absolute, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const head =
			code === 'ENOENT'
				? {code: 'plan-missing' as const, params: {file}}
				: code === 'EISDIR'
					? {code: 'plan-folder' as const, params: {file}}
					: {code: 'plan-unreadable' as const, params: {file, errno: code ?? 'unreadable'}};
		throw new PlanError('DIEMCAU_PLAN_UNREADABLE', head);
	}
	const extension = path.extname(absolute).toLowerCase();
	if (extension !== '.json' && extension !== '.yaml' && extension !== '.yml') {
		throw new PlanError('DIEMCAU_PLAN_INVALID', {code: 'plan-extension', params: {file}});
	}
	const syntax = extension === '.json' ? parseJsonPlan(text) : parseYamlPlan(text);
	if (!syntax.ok) {
		const format = extension === '.json' ? 'JSON' : 'YAML';
		throw new PlanError('DIEMCAU_PLAN_INVALID', {code: 'plan-syntax', params: {file, format}}, {syntax: syntax.problems});
	}
	const data = syntax.data;
	const result = parsePlan(data);
	if (!result.ok) {
		throw new PlanError(
			'DIEMCAU_PLAN_INVALID',
			{code: 'plan-problems', params: {file, count: result.problems.length}},
			{problems: result.problems},
		);
	}
	return {plan: result.plan, file: absolute, dir: path.dirname(absolute)};
}

/**
 * Read a token from {file} (relative to the plan's folder) or {env}. Trailing whitespace is trimmed.
 * A file readable by group or others gives a warning, since anyone on the PC could pose as the site.
 */
export function readSecret(ref: SecretRef, baseDir: string, env: NodeJS.ProcessEnv = process.env): SecretResult {
	if ('env' in ref) {
		const value = env[ref.env]?.trim();
		return value ? {ok: true, value} : {ok: false, reason: `environment variable ${ref.env} is not set`};
	}
	return readTokenFile(path.resolve(baseDir, ref.file));
}
