import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {hostScope} from '../model/plan/endpoint-scope.js';
import {didYouMean} from '../model/plan/plan-problems.js';
import {
	type PlanProblem,
	type PlanWarning,
	type PlanWarningMessage,
	planProblem,
	planWarning,
	type SiteRef,
} from '../model/plan/plan-problem-codes.js';
import type {TokenFileProblem} from '../model/token-file-words.js';
import {weakTokenMessage} from '../model/plan/token-strength.js';
import type {SecretRef} from '../model/plan/plan.js';
import {readSecret, type LoadedPlan} from './plan-file.js';

// What `plan check` says about a plan's security beyond its schema: plain ws:// across the
// internet, tokens that are weak, shared between sites, or readable by other users. Never prints a token.

/** Warnings (the plan works, but should be fixed) and problems (the hub would refuse to probe). */
export interface PlanSecurity {
	warnings: PlanWarning[];
	problems: PlanProblem[];
}

/** A secret that could not be read (and is not refused outright), as the warning that says what to write where. */
function secretWarning(ref: SecretRef, problem: TokenFileProblem | undefined): PlanWarningMessage {
	if ('env' in ref) return planWarning('token-env-unset', {variable: ref.env});
	switch (problem?.code) {
		case 'missing':
			return planWarning('token-file-missing', {file: problem.file});
		case 'empty':
			return planWarning('token-file-empty', {file: problem.file});
		case 'unreadable':
			return planWarning('token-file-unreadable', problem.errno ? {file: problem.file, errno: problem.errno} : {file: problem.file});
		default:
			return planWarning('token-file-unreadable', {file: ref.file});
	}
}

/** How strict `plan check` is about token files. */
export interface PlanSecurityOptions {
	/** A token file that does not exist yet is a warning, not a problem (the tokens are made later). */
	allowMissingTokens?: boolean;
}

/** Of a missing file, a file beside it with a close name (`tokens/tra-bong.token` for `tokens/tra-bong.tokne`), as the plan would write it. */
function nearbyName(written: string, resolved: string): string | undefined {
	try {
		const close = didYouMean(path.basename(resolved), readdirSync(path.dirname(resolved)));
		return close === undefined ? undefined : path.join(path.dirname(written), close);
	} catch {
		return undefined;
	}
}

/** Check the endpoints and tokens of a loaded plan; token files are read, never shown. */
export function checkPlanSecurity(
	loaded: LoadedPlan,
	env: NodeJS.ProcessEnv = process.env,
	options: PlanSecurityOptions = {},
): PlanSecurity {
	const warnings: PlanWarning[] = [];
	const problems: PlanProblem[] = [];
	const byValue = new Map<string, string[]>();
	const byFile = new Map<string, string[]>();
	// Every line leads with the field's path, as the schema's problems do (`sites[2].token: …`).
	const where = new Map(loaded.plan.sites.map((site, index) => [site.id, `sites[${index}]`]));
	const refs = (ids: string[]): SiteRef[] => ids.map(id => ({path: where.get(id)!, id}));
	for (const [index, site] of loaded.plan.sites.entries()) {
		const url = site.endpoint === undefined ? null : new URL(site.endpoint);
		if (url?.protocol === 'ws:' && hostScope(url.hostname) === 'public') {
			warnings.push({path: `sites[${index}].endpoint`, message: planWarning('plain-ws', {endpoint: site.endpoint!})});
		}
		if (site.mode !== 'agent' || !site.token) continue;
		if ('file' in site.token) {
			const file = path.resolve(loaded.dir, site.token.file);
			byFile.set(file, [...(byFile.get(file) ?? []), site.id]);
			try {
				if ((statSync(file).mode & 0o077) !== 0)
					warnings.push({path: `sites[${index}].token`, message: planWarning('token-file-open', {file})});
			} catch {
				// reported by readSecret below
			}
		}
		const secret = readSecret(site.token, loaded.dir, env);
		const pathOf = `sites[${index}].token`;
		if (!secret.ok && secret.problem && 'file' in site.token) {
			const {problem} = secret;
			// A token file that does not exist leaves the site down on the day: a problem, unless the tokens are made later.
			if (problem.code === 'missing' && !options.allowMissingTokens) {
				const suggestion = nearbyName(site.token.file, problem.file);
				problems.push({
					path: pathOf,
					message: planProblem('token-file-missing', suggestion ? {file: problem.file, suggestion} : {file: problem.file}),
				});
				continue;
			}
			// Not a small regular file of this user: the hub would refuse it on the day too.
			if (!['missing', 'empty', 'unreadable'].includes(problem.code)) {
				problems.push({path: pathOf, message: planProblem('token-file-refused', {problem})});
				continue;
			}
		}
		if (!secret.ok) {
			warnings.push({path: pathOf, message: secretWarning(site.token, secret.problem)});
			continue;
		}
		byValue.set(secret.value, [...(byValue.get(secret.value) ?? []), site.id]);
		const weak = weakTokenMessage(secret.value);
		if (weak) problems.push({path: `sites[${index}].token`, message: weak});
	}
	const shared = new Set<string>();
	for (const [file, sites] of byFile) {
		if (sites.length > 1) {
			shared.add(sites.join(','));
			warnings.push({path: `${where.get(sites.at(-1)!)}.token`, message: planWarning('token-file-shared', {sites: refs(sites), file})});
		}
	}
	for (const sites of byValue.values()) {
		if (sites.length > 1 && !shared.has(sites.join(','))) {
			warnings.push({path: `${where.get(sites.at(-1)!)}.token`, message: planWarning('token-shared', {sites: refs(sites)})});
		}
	}
	return {warnings, problems};
}
