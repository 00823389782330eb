import {linkReason, type LinkReason, type TlsProblem} from '../src/model/link/link-reasons.js';
import {cleanReason} from '../src/model/sanitize.js';
import {CLOSE, PROTOCOL_V2} from './protocol.js';

// Why a site is unreachable, as a code with parameters (src/model/link/link-reasons.ts): the
// dashboard, alerts, the log, `status` and the minutes word it in the reader's language
// (src/i18n/link-reason-words.ts). Anything the far side chose (a close reason, a certificate's
// names in a TLS error) is cleaned here, at the source: it reaches the screen, the journal and the
// reports only through these functions.

// Node's TLS error codes, to the problem a person fixes.
const TLS_PROBLEMS: Readonly<Record<string, TlsProblem>> = {
	SELF_SIGNED_CERT_IN_CHAIN: 'self-signed-chain',
	DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
	CERT_HAS_EXPIRED: 'expired',
	CERT_NOT_YET_VALID: 'not-yet-valid',
	ERR_TLS_CERT_ALTNAME_INVALID: 'wrong-name',
	HOSTNAME_MISMATCH: 'wrong-name',
	UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'untrusted-issuer',
	UNABLE_TO_GET_ISSUER_CERT: 'untrusted-issuer',
	UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'untrusted-issuer',
	ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'untrusted-issuer',
	CERT_REVOKED: 'revoked',
	ERR_SSL_WRONG_VERSION_NUMBER: 'not-tls',
	ERR_SSL_PACKET_LENGTH_TOO_LONG: 'not-tls',
	ERR_SSL_UNKNOWN_PROTOCOL: 'not-tls',
};

/** The reason of a dial or socket error. */
export function reasonForError(error: Error & {code?: string}): LinkReason {
	const code = error.code ?? '';
	const message = error.message ?? '';
	if (code === 'ECONNREFUSED') return linkReason('connection-refused', {});
	if (code === 'ECONNRESET' || code === 'EPIPE') return linkReason('connection-reset', {});
	if (code === 'ETIMEDOUT' || /handshake has timed out/i.test(message)) return linkReason('timeout', {});
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return linkReason('host-not-found', {});
	if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return linkReason('host-unreachable', {});
	if (code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') return linkReason('frame-too-large', {});
	if (code.startsWith('WS_ERR_')) return linkReason('sent-garbage', {});
	if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code) || code.startsWith('ERR_SSL'))
		return linkReason('tls', {problem: TLS_PROBLEMS[code] ?? 'unknown', detail: cleanReason(message)});
	if (/subprotocol/i.test(message)) return linkReason('not-agent', {protocol: PROTOCOL_V2});
	const http = /Unexpected server response: (\d+)/.exec(message);
	if (http) {
		const status = Number(http[1]);
		if (status === 503) return linkReason('agent-busy', {});
		if (status === 404) return linkReason('no-agent-at-path', {});
		return linkReason('http-refused', {status});
	}
	return linkReason('other', {text: cleanReason(message || code || 'error')});
}

/** The reason of a close frame received from the site. */
export function reasonForClose(code: number, reason: string): LinkReason {
	switch (code) {
		case CLOSE.authFailed:
			return linkReason('auth-refused-token', {});
		case CLOSE.evicted:
			return linkReason('agent-flooded', {});
		case CLOSE.full:
			return linkReason('agent-full', {});
		case CLOSE.tooBig:
			return linkReason('frame-too-large', {});
		case CLOSE.handshakeTimeout:
			return linkReason('timeout', {});
		case CLOSE.badMessage:
		case CLOSE.unsupported:
		case CLOSE.policy:
			return linkReason('protocol-error', {detail: cleanReason(reason)});
		default:
			return linkReason('closed', {});
	}
}
