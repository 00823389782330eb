import {execFileSync} from 'node:child_process';
import {netnsUnavailable} from './netns.js';

// A commune behind NAT, in three network namespaces made for the test:
//
//   site (10.x.1.2) ── lan ── router (10.x.1.1 | 10.x.2.1) ── wan ── hub (10.x.2.2)
//
// The router forwards and masquerades (nftables) what the site sends out of its wan side, and
// like a home router drops anything new that arrives on the wan side. The hub has an address on
// the wan /30 only and no route to the site's /30, so it cannot dial the site at all; it sees
// every connection from the site as coming from the router's wan address. Addresses exist only
// inside these namespaces; the host's own interfaces are never touched.

/** One end of a link in the bed: its namespace, interface and address. */
export interface NatEnd {
	ns: string;
	dev: string;
	address: string;
}

/** The three namespaces of a site behind a masquerading router, and the hub beyond it. */
export interface NatBed {
	site: NatEnd;
	/** The router: `lan` faces the site, `wan` the hub (its address is what the hub sees). */
	router: {ns: string; lan: NatEnd; wan: NatEnd};
	hub: NatEnd;
	/** argv prefix that runs a command inside a namespace: [...inNs('hub'), 'node', ...]. */
	inNs(side: 'site' | 'router' | 'hub'): string[];
	/** Take the router's wan link down (a cut line between the commune and the town) or back up. */
	wan(state: 'up' | 'down'): void;
	/** Delete the three namespaces (and so their links). Safe to call twice. */
	destroy(): void;
}

/** Why the NAT bed cannot be built here, or null when it can (root, `ip netns`, `nft`). */
export function natUnavailable(): string | null {
	const netns = netnsUnavailable();
	if (netns) return netns;
	try {
		execFileSync('nft', ['--version'], {stdio: 'ignore', timeout: 10_000});
	} catch {
		return 'nft (nftables) is not installed';
	}
	return null;
}

/**
 * Build the bed with `prefix.1.0/30` between site and router and `prefix.2.0/30` between router
 * and hub (prefix like "10.232"). Names carry the pid so parallel runs never meet. Cleans up on failure.
 */
export function createNatBed(tag: string, prefix = '10.232'): NatBed {
	const short = `${tag}${process.pid % 100_000}`.slice(0, 10); // interface names hold 15 characters
	const ns = {site: `dc-${short}-site`, router: `dc-${short}-rtr`, hub: `dc-${short}-hub`};
	const bed: NatBed = {
		site: {ns: ns.site, dev: `${short}s`, address: `${prefix}.1.2`},
		router: {
			ns: ns.router,
			lan: {ns: ns.router, dev: `${short}rl`, address: `${prefix}.1.1`},
			wan: {ns: ns.router, dev: `${short}rw`, address: `${prefix}.2.1`},
		},
		hub: {ns: ns.hub, dev: `${short}h`, address: `${prefix}.2.2`},
		inNs: side => ['ip', 'netns', 'exec', ns[side]],
		wan(state) {
			run('ip', '-n', ns.router, 'link', 'set', bed.router.wan.dev, state);
		},
		destroy() {
			for (const name of Object.values(ns)) {
				try {
					run('ip', 'netns', 'del', name);
				} catch {
					// already gone
				}
			}
		},
	};
	bed.destroy(); // leftovers of a crashed earlier run with the same pid
	const {site, router, hub} = bed;
	try {
		for (const name of Object.values(ns)) {
			run('ip', 'netns', 'add', name);
			run('ip', '-n', name, 'link', 'set', 'lo', 'up');
		}
		// Each veth is made inside the router and its peer moved straight into its namespace.
		run('ip', '-n', ns.router, 'link', 'add', router.lan.dev, 'type', 'veth', 'peer', 'name', site.dev, 'netns', ns.site);
		run('ip', '-n', ns.router, 'link', 'add', router.wan.dev, 'type', 'veth', 'peer', 'name', hub.dev, 'netns', ns.hub);
		for (const end of [site, router.lan, router.wan, hub]) {
			run('ip', '-n', end.ns, 'addr', 'add', `${end.address}/30`, 'dev', end.dev);
			run('ip', '-n', end.ns, 'link', 'set', end.dev, 'up');
		}
		// The site's way out is the router; the hub gets no route to the site's network at all.
		run('ip', '-n', ns.site, 'route', 'add', 'default', 'via', router.lan.address);
		run('ip', 'netns', 'exec', ns.router, 'sysctl', '-q', '-w', 'net.ipv4.ip_forward=1');
		run(
			'ip',
			'netns',
			'exec',
			ns.router,
			'nft',
			[
				'table ip diemcau_nat {',
				'  chain forward {',
				'    type filter hook forward priority 0; policy drop;',
				'    ct state established,related accept',
				`    iifname "${router.lan.dev}" oifname "${router.wan.dev}" accept`,
				'  }',
				'  chain postrouting {',
				'    type nat hook postrouting priority 100;',
				`    oifname "${router.wan.dev}" masquerade`,
				'  }',
				'}',
			].join('\n'),
		);
	} catch (error) {
		bed.destroy();
		throw error;
	}
	return bed;
}

function run(command: string, ...args: string[]): void {
	try {
		execFileSync(command, args, {stdio: ['ignore', 'ignore', 'pipe'], timeout: 10_000});
	} catch (error) {
		const stderr = (error as {stderr?: Buffer}).stderr?.toString().trim();
		throw new Error(`${command} ${args.join(' ')}: ${stderr || (error as Error).message}`);
	}
}
