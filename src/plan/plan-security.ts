import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {hostScope} from '../model/plan/endpoint-scope.js';
import {didYouMean} from '../model/plan/plan-problems.js';
import {wordPlanTokenProblem} from '../i18n/plan-problem-words.js';
import {weakTokenProblem} from '../model/plan/token-strength.js';
import {readSecret, type LoadedPlan} from './plan-file.js';

// What `plan check` says about a plan's security beyond its schema: plain ws:// across the
// internet, tokens that are weak, shared between sites, or readable by other users. Never prints a token.

/**
 * Warnings (the plan works, but should be fixed) and problems (the hub would refuse to probe, or
 * the site would be down on the day). Lines are in English, except a token file's problems and
 * warnings, worded already in `lang` (the plan-problem words leave a line they do not know as it is).
 */
export interface PlanSecurity {
	warnings: string[];
	problems: string[];
}

/** How strict `plan check` is about token files. */
export interface PlanSecurityOptions {
	/** A token file that does not exist yet is a warning, not a problem (the tokens are made later). */
	allowMissingTokens?: boolean;
	lang?: 'vi' | 'en';
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
export function checkPlanSecurity(loaded: LoadedPlan, env: NodeJS.ProcessEnv = process.env, options: PlanSecurityOptions = {}): PlanSecurity {
	const lang = options.lang ?? 'en';
	const warnings: string[] = [];
	const problems: string[] = [];
	const byValue = new Map<string, string[]>();
	const byFile = new Map<string, string[]>();
	// Every line leads with the field's path, as the schema's problems do (`sites[2].token: …`).
	const where = new Map(loaded.plan.sites.map((site, index) => [site.id, `sites[${index}]`]));
	const paths = (ids: string[]) => ids.map(id => `${where.get(id)} (${id})`).join(', ');
	for (const [index, site] of loaded.plan.sites.entries()) {
		const url = site.endpoint === undefined ? null : new URL(site.endpoint);
		if (url?.protocol === 'ws:' && hostScope(url.hostname) === 'public') {
			warnings.push(`sites[${index}].endpoint: ${site.endpoint} is plain ws:// outside loopback and private networks: anyone on the path can read and delay the probes; use wss:// (see the README, "Security")`);
		}
		if (site.mode !== 'agent' || !site.token) continue;
		if ('file' in site.token) {
			const file = path.resolve(loaded.dir, site.token.file);
			byFile.set(file, [...(byFile.get(file) ?? []), site.id]);
			try {
				if ((statSync(file).mode & 0o077) !== 0) warnings.push(`sites[${index}].token: token file ${file} can be read by other users: run chmod 600 ${file}`);
			} catch {
				// reported by readSecret below
			}
		}
		const secret = readSecret(site.token, loaded.dir, env);
		const pathOf = `sites[${index}].token`;
		if (!secret.ok && secret.problem && 'file' in site.token) {
			const {problem} = secret;
			if (problem.code === 'missing') {
				if (options.allowMissingTokens) warnings.push(wordPlanTokenProblem({code: 'token-file-later', path: pathOf, file: problem.file}, lang));
				else problems.push(wordPlanTokenProblem({code: 'token-file-missing', path: pathOf, file: problem.file, suggestion: nearbyName(site.token.file, problem.file)}, lang));
				continue;
			}
			// Not a small regular file of this user: the hub would refuse it on the day too.
			if (!['missing', 'empty', 'unreadable'].includes(problem.code)) {
				problems.push(wordPlanTokenProblem({code: 'token-file-refused', path: pathOf, problem}, lang));
				continue;
			}
		}
		if (!secret.ok) {
			const fix = 'env' in site.token ? 'set it before `diemcau run`' : `write the site's token there (diemcau token new FILE), the same as its agent's --token-file`;
			warnings.push(`sites[${index}].token: ${secret.reason}: ${fix} (until then the hub shows this site down)`);
			continue;
		}
		byValue.set(secret.value, [...(byValue.get(secret.value) ?? []), site.id]);
		const weak = weakTokenProblem(secret.value);
		if (weak) problems.push(`sites[${index}].token: ${weak}`);
	}
	const shared = new Set<string>();
	for (const [file, sites] of byFile) {
		if (sites.length > 1) {
			shared.add(sites.join(','));
			warnings.push(`${where.get(sites.at(-1)!)}.token: ${paths(sites)} share the token file ${file}: whoever holds one site's token can pose as the others; give each site its own (diemcau token new FILE)`);
		}
	}
	for (const sites of byValue.values()) {
		if (sites.length > 1 && !shared.has(sites.join(','))) {
			warnings.push(`${where.get(sites.at(-1)!)}.token: ${paths(sites)} have the same token: whoever holds one site's token can pose as the others; give each site its own (diemcau token new FILE)`);
		}
	}
	return {warnings, problems};
}
