import {readFileSync} from 'node:fs';

// The kernel's count of datagrams it dropped at our own UDP sockets (a full receive buffer),
// from /proc/net/udp and /proc/net/udp6 (Linux): the last column, `drops`, of the lines whose
// local port is one of ours. A hub whose loop falls behind drops reflections there, and those
// must not read as the sites' loss down (DESIGN.md "Truthful loss").

const TABLES = ['/proc/net/udp', '/proc/net/udp6'];

/**
 * Drops at the UDP sockets bound to `ports` in this network namespace; null when unknown: no
 * /proc to read (Windows, macOS) or no socket yet. Unknown is not none: a screen or `status`
 * shows it as "not available on this system", never as 0 (see ownDropsReadable).
 */
export function udpReceiveDrops(ports: readonly number[]): number | null {
	if (process.platform !== 'linux' || ports.length === 0) return null;
	let total = 0;
	let read = false;
	for (const table of TABLES) {
		let text: string;
		try {
			text = readFileSync(table, 'latin1');
		} catch {
			continue;
		}
		read = true;
		total += dropsIn(text, ports);
	}
	return read ? total : null;
}

/**
 * Datagrams the kernel dropped at any UDP socket of this network namespace (its `InErrors`, which
 * every drop of a socket's counts in), from /proc/net/snmp and /proc/net/snmp6: a few hundred
 * bytes, where /proc/net/udp lists every UDP socket of the machine (90 ms to read with 5,000 of
 * them). While it stays the same, no socket of ours dropped either; null when unknown.
 */
export function udpSystemDrops(): number | null {
	if (process.platform !== 'linux') return null;
	let total = 0;
	let read = false;
	for (const [table, name] of SNMP) {
		let text: string;
		try {
			text = readFileSync(table, 'latin1');
		} catch {
			continue;
		}
		const count = inErrorsIn(text, name);
		if (count === null) continue;
		read = true;
		total += count;
	}
	return read ? total : null;
}

const SNMP: ReadonlyArray<readonly [string, 'Udp' | 'Udp6']> = [
	['/proc/net/snmp', 'Udp'],
	['/proc/net/snmp6', 'Udp6'],
];

/**
 * The UDP `InErrors` of /proc/net/snmp (`name` Udp: a header line and a value line) or of
 * /proc/net/snmp6 (`name` Udp6: one "Udp6InErrors  N" line); null when absent.
 */
export function inErrorsIn(text: string, name: 'Udp' | 'Udp6'): number | null {
	if (name === 'Udp6') {
		const match = /^Udp6InErrors\s+(\d+)/m.exec(text);
		return match ? Number(match[1]) : null;
	}
	const lines = text.split('\n').filter(line => line.startsWith('Udp: '));
	if (lines.length < 2) return null;
	const header = lines[0]!.trim().split(/\s+/);
	const values = lines[1]!.trim().split(/\s+/);
	const at = header.indexOf('InErrors');
	const value = at > 0 ? Number(values[at]) : Number.NaN;
	return Number.isFinite(value) ? value : null;
}

/** The drops of the lines of one /proc/net/udp table whose local port is in `ports`. */
export function dropsIn(table: string, ports: readonly number[]): number {
	let total = 0;
	for (const line of table.split('\n')) {
		// "  12: 0100007F:1F90 00000000:0000 07 00000000:00000000 00:00000000 00000000  0  0 4242 2 ffff... 17"
		const fields = line.trim().split(/\s+/);
		if (fields.length < 13 || !fields[0]!.endsWith(':')) continue;
		const local = fields[1]!;
		const port = Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16);
		if (!ports.includes(port)) continue;
		const drops = Number(fields[fields.length - 1]);
		if (Number.isFinite(drops)) total += drops;
	}
	return total;
}

/**
 * Whether this system can tell the kernel's drops at our own UDP sockets at all: Linux with a
 * readable /proc/net/udp. Where it cannot (Windows has no /proc), the hub's own drops are
 * unknown, and what reads them must say "not available on this system" instead of assuming none.
 * `tables`: the /proc tables to try (a test names one that does not exist).
 */
export function ownDropsReadable(tables: readonly string[] = TABLES): boolean {
	if (process.platform !== 'linux') return false;
	for (const table of tables) {
		try {
			readFileSync(table, 'latin1');
			return true;
		} catch {
			// try the next table
		}
	}
	return false;
}
