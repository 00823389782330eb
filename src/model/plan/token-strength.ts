import {type PlanProblemMessage, planProblem} from './plan-problem-codes.js';

// How strong a site token is, estimated from its length and the kinds of characters it uses.
// Pure. Whoever proves first in a handshake hands the other end a MAC it can try to crack
// offline (probes/auth.ts), so a token must be out of reach of guessing: at least 128 bits.

/** The least a token must have, in bits. */
export const MIN_TOKEN_BITS = 128;

/** What `diemcau token new` writes: 32 random bytes in base64url (256 bits, 43 characters). */
export const NEW_TOKEN_BYTES = 32;

/**
 * An upper estimate of a token's strength in bits: length × log2(alphabet), the alphabet being
 * the character classes it uses (lower, upper, digits, other printable ASCII, anything else).
 * A token made of a few characters repeated ("aaaa…", "abab…") counts only those.
 */
export function tokenBits(token: string): number {
	const chars = Array.from(token);
	let alphabet = 0;
	if (/[a-z]/.test(token)) alphabet += 26;
	if (/[A-Z]/.test(token)) alphabet += 26;
	if (/[0-9]/.test(token)) alphabet += 10;
	if (/[!-/:-@[-`{-~]/.test(token)) alphabet += 32;
	if (/[^\x21-\x7e]/.test(token)) alphabet += 64;
	const distinct = new Set(chars).size;
	const effective = distinct * 4 < chars.length ? distinct : alphabet;
	if (effective <= 1) return 0;
	return Math.floor(chars.length * Math.log2(effective));
}

/** Null when the token is strong enough, else the plan problem (`plan check` on a plan's tokens). */
export function weakTokenMessage(token: string): PlanProblemMessage | null {
	const bits = tokenBits(token);
	return bits >= MIN_TOKEN_BITS ? null : planProblem('token-weak', {bits, min: MIN_TOKEN_BITS});
}

/** Null when the token is strong enough, else what to do about it (never containing the token). */
export function weakTokenProblem(token: string): string | null {
	const bits = tokenBits(token);
	if (bits >= MIN_TOKEN_BITS) return null;
	return `the token is too weak (about ${bits} bits, at least ${MIN_TOKEN_BITS} needed): make a new one with "diemcau token new FILE" and give the same file to the site's agent`;
}
