import {describe, expect, it} from 'vitest';
import {
	cleanWire,
	controlAddresses,
	controlName,
	controlNonce,
	controlProof,
	isPipePath,
	MAX_SOCKET_PATH,
	proofMatches,
} from '../../src/hub/control-protocol.js';

// Where a hub's control channel is, as a pure function of the journal, the user's key and the
// system's places: the same answer for the hub and `attach`, short on every system, a named
// pipe on Windows, and not something another user can work out.

const key = 'a'.repeat(64);
const other = 'b'.repeat(64);
const deepJournal = `/home/can-bo-van-phong/.local/share/diemcau-nodejs/journals/2026-12-01-${'hoi-nghi-truc-tuyen-hdnd-tinh-quang-ngai-ve-ke-hoach'.repeat(2)}.jsonl`;

describe('control channel addresses', () => {
	it('Linux: the runtime folder first, then /tmp/diemcau-UID, then the temporary folder; never the journal’s folder, never over 107 bytes', () => {
		const places = controlAddresses(deepJournal, key, {platform: 'linux', runtimeDir: '/run/user/1000', tmpDir: '/tmp', uid: 1000});
		const name = controlName(key, deepJournal, 'linux');
		expect(name).toMatch(/^[0-9a-f]{20}$/);
		expect(places).toEqual([
			{kind: 'unix', folder: '/run/user/1000/diemcau', path: `/run/user/1000/diemcau/${name}.sock`},
			{kind: 'unix', folder: '/tmp/diemcau-1000', path: `/tmp/diemcau-1000/${name}.sock`},
		]);
		expect(Buffer.byteLength(deepJournal)).toBeGreaterThan(MAX_SOCKET_PATH);
		for (const place of places) expect(Buffer.byteLength(place.path)).toBeLessThanOrEqual(MAX_SOCKET_PATH);
		// Without a runtime folder, and with a TMPDIR too deep for a socket: /tmp only.
		const deepTmp = `/home/u/${'x'.repeat(100)}`;
		expect(controlAddresses(deepJournal, key, {platform: 'linux', tmpDir: deepTmp, uid: 0}).map(place => place.path)).toEqual([
			`/tmp/diemcau-0/${name}.sock`,
		]);
		// macOS: its per-user TMPDIR comes after /tmp.
		expect(
			controlAddresses(deepJournal, key, {platform: 'darwin', tmpDir: '/var/folders/x1/abc/T/', uid: 501}).map(place =>
				place.kind === 'unix' ? place.folder : place.path,
			),
		).toEqual(['/tmp/diemcau-501', '/var/folders/x1/abc/T/diemcau-501']);
	});

	it('Windows: one named pipe, the same name for any spelling of the journal’s path, different per user key and per journal', () => {
		const journal = 'C:\\Users\\Lan\\AppData\\Local\\diemcau-nodejs\\Data\\journals\\2026-12-01-hoi-nghi.jsonl';
		const [pipe, ...rest] = controlAddresses(journal, key, {platform: 'win32', tmpDir: 'C:\\Users\\Lan\\AppData\\Local\\Temp'});
		expect(rest).toEqual([]);
		expect(pipe!.kind).toBe('pipe');
		expect(pipe!.path).toMatch(/^\\\\\.\\pipe\\diemcau-[0-9a-f]{20}$/);
		expect(isPipePath(pipe!.path)).toBe(true);
		expect(isPipePath('/tmp/diemcau-0/x.sock')).toBe(false);
		const respelt = controlAddresses(
			'c:\\users\\LAN\\AppData\\Local\\diemcau-nodejs\\Data\\journals\\..\\journals\\2026-12-01-hoi-nghi.jsonl',
			key,
			{platform: 'win32', tmpDir: 'C:\\Temp'},
		);
		expect(respelt[0]!.path).toBe(pipe!.path);
		expect(controlAddresses(journal, other, {platform: 'win32', tmpDir: 'C:\\Temp'})[0]!.path).not.toBe(pipe!.path);
		expect(controlAddresses(journal.replace('hoi-nghi', 'hop-thu'), key, {platform: 'win32', tmpDir: 'C:\\Temp'})[0]!.path).not.toBe(
			pipe!.path,
		);
	});

	it('proofs: each side’s proof is bound to the key, the side, the role and both nonces', () => {
		const exchange = {role: 'operator' as const, screen: controlNonce(), hub: controlNonce()};
		const screen = controlProof(key, 'screen', exchange);
		expect(proofMatches(key, 'screen', exchange, screen)).toBe(true);
		expect(proofMatches(key, 'hub', exchange, screen)).toBe(false);
		expect(proofMatches(other, 'screen', exchange, screen)).toBe(false);
		// Another connection: the hub's challenge is new, so the same screen nonce and proof fail.
		expect(proofMatches(key, 'screen', {...exchange, hub: controlNonce()}, screen)).toBe(false);
		expect(proofMatches(key, 'screen', {...exchange, screen: controlNonce()}, screen)).toBe(false);
		expect(proofMatches(key, 'screen', {...exchange, role: 'viewer'}, screen)).toBe(false);
		// The nonces in the other order are another exchange.
		expect(proofMatches(key, 'screen', {...exchange, screen: exchange.hub, hub: exchange.screen}, screen)).toBe(false);
		expect(proofMatches(key, 'screen', exchange, undefined)).toBe(false);
		expect(proofMatches(key, 'screen', exchange, 'short')).toBe(false);
		expect(controlNonce()).toMatch(/^[0-9a-f]{32}$/);
		expect(controlNonce()).not.toBe(controlNonce());
	});

	it('every text of a message from the channel loses its terminal controls and bidi overrides; clean texts are kept as they are', () => {
		const message = {
			type: 'refused',
			why: '\u001b]0;owned\u0007\u001b[2Jfake \u202eevil\u202c  hub',
			plan: {title: 'Hội nghị  trực tuyến', sites: [{id: 'a\u001b[31m', name: 'Phường\u200f An'}]},
			n: 3,
			ok: true,
			none: null,
		};
		const clean = cleanWire(message);
		expect(clean.why).toBe(']0;owned[2Jfake evil hub');
		expect(clean.plan.title).toBe('Hội nghị  trực tuyến');
		expect(clean.plan.sites[0]).toEqual({id: 'a[31m', name: 'Phường An'});
		expect(clean.n).toBe(3);
		expect(clean.none).toBeNull();
		expect(JSON.stringify(clean)).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/);
		// Nothing to clean: the very same object (no copy of a 2,000-site frame).
		const plain = {type: 'links', sites: [{id: 'x', name: 'y'}]};
		expect(cleanWire(plain)).toBe(plain);
	});
});
