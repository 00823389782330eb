import {statSync} from 'node:fs';
import path from 'node:path';
import {hostScope} from '../model/plan/endpoint-scope.js';
import {type PlanProblem, type PlanWarning, type PlanWarningMessage, planWarning, type SiteRef} from '../model/plan/plan-problem-codes.js';
import {weakTokenMessage} from '../model/plan/token-strength.js';
import {readSecret, type LoadedPlan, type SecretFault} from './plan-file.js';

// What `plan check` says about a plan's security beyond its schema: plain ws:// across the
// internet, tokens that are weak, shared between sites, or readable by other users. Never prints a token.

/** Warnings (the plan works, but should be fixed) and problems (the hub would refuse to probe). */
export interface PlanSecurity {
	warnings: PlanWarning[];
	problems: PlanProblem[];
}

/** A secret that could not be read, as the warning that says what to write where. */
function faultWarning(fault: SecretFault): PlanWarningMessage {
	switch (fault.kind) {
		case 'env-unset':
			return planWarning('token-env-unset', {variable: fault.variable});
		case 'file-missing':
			return planWarning('token-file-missing', {file: fault.file});
		case 'file-empty':
			return planWarning('token-file-empty', {file: fault.file});
		case 'file-unreadable':
			return planWarning('token-file-unreadable', fault.errno ? {file: fault.file, errno: fault.errno} : {file: fault.file});
	}
}

/** Check the endpoints and tokens of a loaded plan; token files are read, never shown. */
export function checkPlanSecurity(loaded: LoadedPlan, env: NodeJS.ProcessEnv = process.env): PlanSecurity {
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
				if ((statSync(file).mode & 0o077) !== 0) warnings.push({path: `sites[${index}].token`, message: planWarning('token-file-open', {file})});
			} catch {
				// reported by readSecret below
			}
		}
		const secret = readSecret(site.token, loaded.dir, env);
		if (!secret.ok) {
			warnings.push({path: `sites[${index}].token`, message: faultWarning(secret.fault)});
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
