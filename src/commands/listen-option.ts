import {readFileSync} from 'node:fs';
import {durationOption} from '../cli/command.js';
import {DiemcauError} from '../cli/errors.js';
import {parseHostPort} from '../model/plan/host-port.js';
import type {MonitorOptions} from '../hub/monitor.js';

// The flags every hub command shares for sites whose agent dials out (DESIGN.md "Connection
// direction"): where the hub listens, its certificate for wss://, and how long a one-shot
// command waits for agents to call.

/** The parseArgs options of the dial-out flags. */
export const LISTEN_OPTIONS = {
	listen: {type: 'string'},
	wait: {type: 'string'},
	'tls-cert': {type: 'string'},
	'tls-key': {type: 'string'},
} as const;

/** The --help lines of the dial-out flags. */
export const LISTEN_HELP = `  --listen HOST:PORT  listen there for the agents of "connect: dial-out" sites (behind NAT
                  they call the hub; default: the plan's hub.listen); they dial ws://HOST:PORT/agent
  --tls-cert F, --tls-key F  the hub's certificate and key (PEM): agents dial wss:// instead
  --wait S        how long a dial-out site may take to call before it counts as down, "not
                  connected" (default 10s; agents call again within 5 s of losing the hub)`;

/** The dial-out flags as monitor options; a usage error (exit 2) saying what to fix. */
export function listenOptions(values: {listen?: string; wait?: string; 'tls-cert'?: string; 'tls-key'?: string}): Pick<MonitorOptions, 'listen' | 'tls' | 'waitMs'> {
	const options: Pick<MonitorOptions, 'listen' | 'tls' | 'waitMs'> = {};
	if (values.listen !== undefined) {
		const parsed = parseHostPort(values.listen);
		if (typeof parsed === 'string') throw new DiemcauError('DIEMCAU_USAGE', `--listen ${parsed}.`);
		options.listen = values.listen;
	}
	if (values.wait !== undefined) options.waitMs = durationOption(values.wait, '--wait', 10_000);
	if (Boolean(values['tls-cert']) !== Boolean(values['tls-key'])) throw new DiemcauError('DIEMCAU_USAGE', '--tls-cert and --tls-key go together.');
	if (values['tls-cert']) options.tls = {cert: readPem(values['tls-cert'], '--tls-cert'), key: readPem(values['tls-key']!, '--tls-key')};
	return options;
}

function readPem(file: string, flag: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch (error) {
		throw new DiemcauError('DIEMCAU_TLS', `${flag}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
	}
}
