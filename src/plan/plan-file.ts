import {readFileSync} from 'node:fs';
import path from 'node:path';
import {DiemcauError} from '../cli/errors.js';
import {says} from '../i18n/error-words.js';
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

/** Read, parse (YAML or JSON by extension) and validate a plan; throws DiemcauError listing every problem. */
export function loadPlan(file: string): LoadedPlan {
	const absolute = path.resolve(file);
	let text: string;
	try {
		text = readFileSync(absolute, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const words = code === 'ENOENT' ? says('plan-missing-file', {file}) : code === 'EISDIR' ? says('plan-is-folder', {file}) : says('plan-unreadable', {file, code: code ?? 'unreadable'});
		throw new DiemcauError('DIEMCAU_PLAN_UNREADABLE', words);
	}
	const extension = path.extname(absolute).toLowerCase();
	if (extension !== '.json' && extension !== '.yaml' && extension !== '.yml') {
		throw new DiemcauError('DIEMCAU_PLAN_INVALID', says('plan-extension', {file}));
	}
	const syntax = extension === '.json' ? parseJsonPlan(text) : parseYamlPlan(text);
	if (!syntax.ok) {
		const kind = extension === '.json' ? 'JSON' : 'YAML';
		const [only] = syntax.problems;
		if (syntax.problems.length === 1) throw new DiemcauError('DIEMCAU_PLAN_INVALID', says('plan-syntax', {file, kind, problem: only}));
		throw new DiemcauError('DIEMCAU_PLAN_INVALID', says('plan-syntax', {file, kind}), {details: syntax.problems});
	}
	const data = syntax.data;
	const result = parsePlan(data);
	if (!result.ok) {
		throw new DiemcauError('DIEMCAU_PLAN_INVALID', says('plan-problems', {file, count: result.problems.length}), {
			details: result.problems,
		});
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
