import {statSync} from 'node:fs';
import path from 'node:path';
import {hostScope} from '../model/plan/endpoint-scope.js';
import {weakTokenProblem} from '../model/plan/token-strength.js';
import {readSecret, type LoadedPlan} from './plan-file.js';

// What `plan check` says about a plan's security beyond its schema: plain ws:// across the
// internet, tokens that are weak, shared between sites, or readable by other users. Never prints a token.

/** Warnings (the plan works, but should be fixed) and problems (the hub would refuse to probe). */
export interface PlanSecurity {
	warnings: string[];
	problems: string[];
}

/** Check the endpoints and tokens of a loaded plan; token files are read, never shown. */
export function checkPlanSecurity(loaded: LoadedPlan, env: NodeJS.ProcessEnv = process.env): PlanSecurity {
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
