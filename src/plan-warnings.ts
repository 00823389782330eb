import {statSync} from 'node:fs';
import path from 'node:path';
import {pastDateWarning} from './model/plan-problems.js';
import {readSecret} from './plan-file.js';
import type {LoadedPlan} from './plan-file.js';

// What `plan check` warns of in a plan that is valid but would let the day down: a token that
// cannot be read, one others can read or two sites share, a CA file that is not there, a date
// already past. Warnings, not errors: the plan may be checked on another PC than the hub.

function localDate(now: number): string {
	const date = new Date(now);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Every warning of a loaded plan, one line each with its field path. */
export function planWarnings(loaded: LoadedPlan, options: {now?: number; env?: NodeJS.ProcessEnv} = {}): string[] {
	const {plan, dir} = loaded;
	const warnings: string[] = [];
	const past = pastDateWarning(plan.session.date, localDate(options.now ?? Date.now()));
	if (past) warnings.push(past);
	const tokenFiles = new Map<string, number>();
	plan.sites.forEach((site, index) => {
		const where = `sites[${index}]`;
		if (site.token) {
			const secret = readSecret(site.token, dir, options.env);
			if (!secret.ok) {
				const fix = 'env' in site.token ? 'set it before `diemcau run`' : "put the site's token in it (chmod 600), the same as the agent's --token-file";
				warnings.push(`${where}.token: ${secret.reason}: ${fix}`);
			} else if (secret.warning) {
				warnings.push(`${where}.token: ${secret.warning}`);
			}
			if ('file' in site.token) {
				const file = path.resolve(dir, site.token.file);
				const first = tokenFiles.get(file);
				if (first === undefined) tokenFiles.set(file, index);
				else warnings.push(`${where}.token: the same token file as sites[${first}]: each site needs its own token, or one site can pose as the other`);
			}
		}
		if (site.ca) {
			const file = path.resolve(dir, site.ca.file);
			if (!isFile(file)) warnings.push(`${where}.ca: cannot read ${file}: no such file`);
		}
	});
	if (plan.ca && !isFile(path.resolve(dir, plan.ca.file))) warnings.push(`ca: cannot read ${path.resolve(dir, plan.ca.file)}: no such file`);
	return warnings;
}

function isFile(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		return false;
	}
}
