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
