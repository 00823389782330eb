import {type PlanProblemMessage, planProblem} from './plan-problem-codes.js';

// HOST:PORT as the plan and the flags write it (`127.0.0.1:9464`, `[::1]:9464`, `localhost:9464`).
// Pure: parsing only, no sockets.

/** A parsed listen address. */
export interface HostPort {
	host: string;
	port: number;
}

const HOST_PORT = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/;

/** What is wrong with a plan's HOST:PORT (hub.metrics, hub.listen), as a plan problem; undefined when it is one. */
export function hostPortProblem(value: string): PlanProblemMessage | undefined {
	const match = HOST_PORT.exec(value.trim());
	if (!match) return planProblem('host-port-format', {value});
	const port = Number(match[3]);
	return port > 65_535 ? planProblem('host-port-range', {port}) : undefined;
}

/** Parse HOST:PORT (port 0 = any free port); a string saying what to fix when it is not one. */
export function parseHostPort(value: string): HostPort | string {
	const match = HOST_PORT.exec(value.trim());
	if (!match) return `must be HOST:PORT like "127.0.0.1:9464" (an IPv6 host in brackets: "[::1]:9464"), not "${value}"`;
	const port = Number(match[3]);
	if (port > 65_535) return `port ${port} is above 65535`;
	return {host: match[1] ?? match[2]!, port};
}
