import {execFileSync} from 'node:child_process';

// Two network namespaces joined by a veth pair: a "hub" end and a "site" end, each with one
// address of a /30 that exists only inside them. Nothing here touches the host's own interfaces
// or addresses: the veth is created inside the hub namespace and its peer moved straight into
// the site namespace.

/** A hub namespace and a site namespace joined by a veth pair. */
export interface NetnsPair {
	hub: {ns: string; dev: string; address: string};
	site: {ns: string; dev: string; address: string};
	/** argv prefix that runs a command inside a namespace: [...inNs('hub'), 'node', ...]. */
	inNs(side: 'hub' | 'site'): string[];
	/** Take one end's link down (no FIN, no RST: a cut cable) or bring it back up. */
	link(side: 'hub' | 'site', state: 'up' | 'down'): void;
	/** Delete both namespaces (and so the veth pair). Safe to call twice. */
	destroy(): void;
}

/** Why namespaces cannot be used here, or null when they can (root and `ip netns` works). */
export function netnsUnavailable(): string | null {
	if (process.getuid?.() !== 0) return 'network namespaces need root';
	const probe = `dcprobe${process.pid}`;
	try {
		ip('netns', 'add', probe);
		ip('netns', 'del', probe);
		return null;
	} catch (error) {
		try {
			ip('netns', 'del', probe);
		} catch {
			// never created
		}
		return `ip netns does not work here: ${firstLine(error)}`;
	}
}

/** Create the pair with addresses `prefix.1/30` (hub) and `prefix.2/30` (site). Cleans up after itself on failure. */
export function createNetnsPair(tag: string, prefix = '10.231.0'): NetnsPair {
	const short = `${tag}${process.pid % 100_000}`.slice(0, 11); // interface names hold 15 characters
	const hubNs = `dc-${short}-hub`;
	const siteNs = `dc-${short}-site`;
	const hubDev = `${short}h`;
	const siteDev = `${short}s`;
	const pair: NetnsPair = {
		hub: {ns: hubNs, dev: hubDev, address: `${prefix}.1`},
		site: {ns: siteNs, dev: siteDev, address: `${prefix}.2`},
		inNs: side => ['ip', 'netns', 'exec', side === 'hub' ? hubNs : siteNs],
		link(side, state) {
			const end = side === 'hub' ? pair.hub : pair.site;
			ip('-n', end.ns, 'link', 'set', end.dev, state);
		},
		destroy() {
			for (const ns of [hubNs, siteNs]) {
				try {
					ip('netns', 'del', ns);
				} catch {
					// already gone
				}
			}
		},
	};
	pair.destroy(); // leftovers of a crashed earlier run with the same pid
	try {
		ip('netns', 'add', hubNs);
		ip('netns', 'add', siteNs);
		ip('-n', hubNs, 'link', 'add', hubDev, 'type', 'veth', 'peer', 'name', siteDev, 'netns', siteNs);
		for (const end of [pair.hub, pair.site]) {
			ip('-n', end.ns, 'addr', 'add', `${end.address}/30`, 'dev', end.dev);
			ip('-n', end.ns, 'link', 'set', end.dev, 'up');
			ip('-n', end.ns, 'link', 'set', 'lo', 'up');
		}
	} catch (error) {
		pair.destroy();
		throw error;
	}
	return pair;
}

function ip(...args: string[]): void {
	execFileSync('ip', args, {stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000});
}

function firstLine(error: unknown): string {
	const stderr = (error as {stderr?: Buffer}).stderr?.toString().trim();
	return (stderr || (error as Error).message).split('\n')[0]!;
}
