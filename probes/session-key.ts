import {createHmac} from 'node:crypto';

// The keys of one authenticated connection. Both sides derive them after the handshake from the
// site token and both handshake nonces, so they are fresh for every connection and never cross the
// wire. One master key, and one sub-key per purpose so a MAC made for one channel can never be
// accepted on another (a WebSocket frame replayed as a UDP packet, hub→agent reflected as
// agent→hub).

/** What a sub-key is for. `ws-h2a`/`ws-a2h`: WebSocket frames hub→agent / agent→hub; `udp`: the UDP test stream. */
export type KeyPurpose = 'ws-h2a' | 'ws-a2h' | 'udp';

/** The session's master key: HMAC-SHA256(token, 'diemcau.v2 session|site|hubNonce|agentNonce'), 32 bytes. */
export function deriveSessionKey(token: string, site: string, hubNonce: string, agentNonce: string): Buffer {
	return createHmac('sha256', token).update(`diemcau.v2 session|${site}|${hubNonce}|${agentNonce}`).digest();
}

/** A sub-key of the master key for one purpose, 32 bytes. */
export function subKey(master: Buffer, purpose: KeyPurpose): Buffer {
	return createHmac('sha256', master).update(`diemcau.v2 ${purpose}`).digest();
}

/** A session id both sides can name the UDP session by: the first 8 bytes of HMAC(master, 'id'), as a bigint-safe hex string. */
export function sessionId(master: Buffer): string {
	return createHmac('sha256', master).update('diemcau.v2 id').digest().subarray(0, 8).toString('hex');
}
