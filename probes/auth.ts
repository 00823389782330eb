import {createHmac, randomBytes, timingSafeEqual} from 'node:crypto';

// Mutual challenge–response on the site token. The token never crosses the wire: each side proves
// it knows the token by a MAC over both fresh nonces, with a role prefix so one side's MAC can never
// be reflected back as the other's. A recorded handshake is useless: the agent's nonce is new for
// every connection, and so is the hub's. The agent proves first and the hub answers only a valid
// proof (probes/protocol.ts). Whoever proves first hands the other end a MAC it could try to crack
// offline; tokens of at least 128 bits (src/model/plan/token-strength.ts) are what make that hopeless.

/** A fresh random nonce (128 bits, base64url). */
export function newNonce(): string {
	return randomBytes(16).toString('base64url');
}

function mac(token: string, text: string): string {
	return createHmac('sha256', token).update(text).digest('base64url');
}

/** The hub's proof: HMAC(token, 'diemcau.v2 hub|site|agentNonce|hubNonce'). */
export function hubMac(token: string, site: string, agentNonce: string, hubNonce: string): string {
	return mac(token, `diemcau.v2 hub|${site}|${agentNonce}|${hubNonce}`);
}

/** The agent's proof: HMAC(token, 'diemcau.v2 agent|site|hubNonce|agentNonce'). The site id is in the MAC, never on the wire. */
export function agentMac(token: string, site: string, hubNonce: string, agentNonce: string): string {
	return mac(token, `diemcau.v2 agent|${site}|${hubNonce}|${agentNonce}`);
}

/** Compare two MACs in constant time (a length mismatch still costs a full compare). */
export function macEqual(expected: string, received: string): boolean {
	const a = Buffer.from(expected);
	const b = Buffer.from(received);
	if (a.length !== b.length) {
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}
