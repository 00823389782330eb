// Where an endpoint's host lies: loopback, a private network, or possibly the internet. Pure
// (no DNS: a name is judged by its form only). `plan check` warns about ws:// outside the first two,
// since plain ws:// lets anyone on the path read and delay the probes (not forge them: frames
// carry MACs; see the README's security section).

/** 'loopback' | 'private' (RFC 1918, link-local, IPv6 ULA/link-local, LAN names) | 'public' (anything else, names included). */
export type HostScope = 'loopback' | 'private' | 'public';

function ipv4(host: string): number[] | null {
	const parts = host.split('.');
	if (parts.length !== 4 || !parts.every(p => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
	return parts.map(Number);
}

/** The scope of a URL hostname ("[::1]" brackets allowed). */
export function hostScope(hostname: string): HostScope {
	const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
	const v4 = ipv4(host.replace(/^::ffff:/, ''));
	if (v4) {
		const [a, b] = v4 as [number, number, number, number];
		if (a === 127) return 'loopback';
		if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)) return 'private';
		return 'public'; // 100.64/10 (carrier-grade NAT) too: shared with strangers
	}
	if (host.includes(':')) {
		if (host === '::1') return 'loopback';
		if (/^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host)) return 'private';
		return 'public';
	}
	if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
	if (/\.(local|lan|internal|home\.arpa)$/.test(host) || !host.includes('.')) return 'private';
	return 'public';
}
