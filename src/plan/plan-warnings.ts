import {statSync} from 'node:fs';
import path from 'node:path';
import {type PlanWarning, planWarning} from '../model/plan/plan-problem-codes.js';
import {pastDateWarning} from '../model/plan/plan-problems.js';
import type {LoadedPlan} from './plan-file.js';

// What `plan check` warns of in a plan that is valid but would let the day down: a CA file that
// is not there, a date already past (tokens: src/plan/plan-security.ts). Warnings, not errors: the
// plan may be checked on another PC than the hub.

function localDate(now: number): string {
	const date = new Date(now);
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Every warning of a loaded plan, each with its field path. */
export function planWarnings(loaded: LoadedPlan, options: {now?: number} = {}): PlanWarning[] {
	const {plan, dir} = loaded;
	const warnings: PlanWarning[] = [];
	const past = pastDateWarning(plan.session.date, localDate(options.now ?? Date.now()));
	if (past) warnings.push(past);
	// Tokens (missing, unreadable, readable by others, shared) are src/plan/plan-security.ts's.
	plan.sites.forEach((site, index) => {
		const where = `sites[${index}]`;
		if (site.ca) {
			const file = path.resolve(dir, site.ca.file);
			if (!isFile(file)) warnings.push({path: `${where}.ca`, message: planWarning('ca-missing', {file})});
		}
	});
	if (plan.ca && !isFile(path.resolve(dir, plan.ca.file)))
		warnings.push({path: 'ca', message: planWarning('ca-missing', {file: path.resolve(dir, plan.ca.file)})});
	const dialOut = plan.sites.filter(site => site.connect === 'dial-out').length;
	if (dialOut > 0 && plan.hub.listen === undefined) {
		warnings.push({path: 'hub.listen', message: planWarning('listen-missing', {count: dialOut})});
	} else if (dialOut > 0 && /^(127\.|localhost:|\[::1\]:)/.test(plan.hub.listen ?? '')) {
		warnings.push({path: 'hub.listen', message: planWarning('listen-loopback', {address: plan.hub.listen!})});
	}
	return warnings;
}

function isFile(file: string): boolean {
	try {
		return statSync(file).isFile();
	} catch {
		return false;
	}
}
