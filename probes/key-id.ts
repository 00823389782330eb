import {createHmac} from 'node:crypto';

// A dial-out agent's key id: which token it holds, without saying which site it is. The hub
// knows the site of a dialled connection only from the proof; with a thousand dial-out sites,
// checking every token against every proof would cost the hub a thousand HMACs a handshake (tens
// of milliseconds, a minute of CPU when every commune calls back at once after a restart). The
// key id (an HMAC of the token, so it names no site and reveals nothing of the token) tells the
// hub the one token to check; the proof still decides.

/** Characters of a key id (96 bits of HMAC-SHA256, base64url). */
export const KEY_ID_CHARS = 16;

/** The key id of a token. */
export function keyId(token: string): string {
	return createHmac('sha256', token).update('diemcau.v2 key-id').digest('base64url').slice(0, KEY_ID_CHARS);
}
