import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse, stringify} from 'yaml';
import {strongToken} from './agents.js';

// A small plan for the site console's tests: the fixture meeting (its agenda, its rosters) with
// three sites — nguyen-nghiem (dialled at an endpoint nobody answers: down, so a speaker call
// skips it), pho-an (dials out to the hub) and pho-chau (dialled in at `pho-chau`'s URL) — and
// a token file for each, mode 600, in `dir`.

const fixture = fileURLToPath(new URL('../../fixtures/duc-pho-2021.yaml', import.meta.url));

/** Where the plan and its tokens are. */
export interface ConsolePlan {
	file: string;
	tokens: Record<string, string>;
	tokenFile(site: string): string;
}

/** Write the plan in `dir`; `listen` is hub.listen, `phoChau` the dial-in agent's URL. */
export function writeConsolePlan(dir: string, options: {listen: string; phoChau: string; deadEndpoint?: string}): ConsolePlan {
	const data = parse(readFileSync(fixture, 'utf8')) as {hub: Record<string, unknown>; sites: Array<Record<string, unknown>>};
	const keep = ['nguyen-nghiem', 'pho-an', 'pho-chau'];
	data.sites = data.sites.filter(site => keep.includes(site.id as string));
	data.hub.listen = options.listen;
	const tokens: Record<string, string> = {};
	mkdirSync(path.join(dir, 'tokens'), {recursive: true});
	for (const site of data.sites) {
		const id = site.id as string;
		tokens[id] = strongToken(`console-${id}`);
		const file = path.join(dir, 'tokens', `${id}.token`);
		writeFileSync(file, `${tokens[id]}\n`, {mode: 0o600});
		chmodSync(file, 0o600);
		site.token = {file: `tokens/${id}.token`};
		if (id === 'pho-an') {
			delete site.endpoint;
			site.connect = 'dial-out';
		}
		if (id === 'pho-chau') site.endpoint = options.phoChau;
		if (id === 'nguyen-nghiem') site.endpoint = options.deadEndpoint ?? 'ws://127.0.0.1:9/probe';
	}
	const file = path.join(dir, 'plan.yaml');
	writeFileSync(file, stringify(data));
	return {file, tokens, tokenFile: site => path.join(dir, 'tokens', `${site}.token`)};
}
