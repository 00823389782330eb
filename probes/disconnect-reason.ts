import {cleanReason} from '../src/model/sanitize.js';
import {CLOSE, PROTOCOL} from './protocol.js';

// Why a site is unreachable, in the plain words the dashboard and `status` show. Anything the far
// side chose (a close reason, a certificate's names in a TLS error) is cleaned here, at the source:
// it reaches the screen, the journal and the reports only through these functions.

/** Plain words for a dial or socket error. */
export function reasonForError(error: Error & {code?: string}): string {
	const code = error.code ?? '';
	const message = error.message ?? '';
	if (code === 'ECONNREFUSED') return 'connection refused';
	if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection reset';
	if (code === 'ETIMEDOUT' || /handshake has timed out/i.test(message)) return 'timeout';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'host unreachable';
	if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return 'frame too large';
	if (code.startsWith('WS_ERR_')) return 'sent garbage';
	if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code) || code.startsWith('ERR_SSL')) return `TLS: ${cleanReason(message)}`;
	if (/subprotocol/i.test(message)) return `not a diemcau agent, or an older one (no ${PROTOCOL} subprotocol: upgrade it)`;
	const http = /Unexpected server response: (\d+)/.exec(message);
	if (http) {
		const status = Number(http[1]);
		if (status === 503) return 'agent busy (HTTP 503)';
		if (status === 404) return 'no diemcau agent at this path (HTTP 404)';
		return `refused (HTTP ${status})`;
	}
	return cleanReason(message || code || 'error');
}

/** Plain words for a close frame received from the site. */
export function reasonForClose(code: number, reason: string): string {
	switch (code) {
		case CLOSE.authFailed:
			return 'auth failed (the agent refused our token)';
		case CLOSE.evicted:
			return 'agent busy (its pool of unauthenticated connections is full: a flood from many addresses?)';
		case CLOSE.full:
			return 'agent full (it already serves its maximum of sessions, maxConnections)';
		case CLOSE.tooBig:
			return 'frame too large';
		case CLOSE.handshakeTimeout:
			return 'timeout';
		case CLOSE.badMessage:
		case CLOSE.unsupported:
		case CLOSE.policy: {
			const clean = cleanReason(reason);
			return `protocol error${clean ? ` (${clean})` : ''}`;
		}
		default:
			return 'closed';
	}
}
