// What it costs the hub to learn which site a dial-out agent is (its proof names no site):
// checking the proof against every dial-out site's token, side by side with the key id that
// names the one token to check (probes/key-id.ts). Measures; never asserts. Figures on a shared
// machine are noisy: read the ratio, not the absolute numbers.
//   node --import tsx test/bench/dial-out-identify.ts [SITES]
import {agentMac, macEqual, newNonce} from '../../probes/auth.js';
import {keyId} from '../../probes/key-id.js';

const SITES = Number(process.argv[2] ?? 2000);
const HANDSHAKES = 200;
const sites = Array.from({length: SITES}, (_, i) => ({id: `site-${i}`, token: `${i}`.padStart(32, 'k')}));
const byKey = new Map(sites.map(site => [keyId(site.token), [site]]));
const proofs = Array.from({length: HANDSHAKES}, (_, i) => {
	const site = sites[(i * 7919) % SITES]!;
	const hubNonce = newNonce();
	const agentNonce = newNonce();
	return {hubNonce, agentNonce, key: keyId(site.token), mac: agentMac(site.token, site.id, hubNonce, agentNonce), id: site.id};
});

function identify(candidates: typeof sites, proof: (typeof proofs)[number]): string | undefined {
	let found: string | undefined;
	for (const candidate of candidates) {
		if (macEqual(agentMac(candidate.token, candidate.id, proof.hubNonce, proof.agentNonce), proof.mac) && !found) found = candidate.id;
	}
	return found;
}

function time(label: string, body: () => number): number {
	const start = performance.now();
	const ok = body();
	if (ok !== HANDSHAKES) throw new Error(`${label}: ${ok} of ${HANDSHAKES} identified`);
	return (performance.now() - start) / HANDSHAKES;
}

const rounds: Array<{scan: number; key: number}> = [];
for (let round = 0; round < 5; round++) {
	const scan = time('scan', () => proofs.reduce((n, proof) => n + (identify(sites, proof) === proof.id ? 1 : 0), 0));
	const key = time('key id', () => proofs.reduce((n, proof) => n + (identify(byKey.get(proof.key) ?? [], proof) === proof.id ? 1 : 0), 0));
	rounds.push({scan, key});
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const scan = median(rounds.map(r => r.scan));
const key = median(rounds.map(r => r.key));
process.stdout.write(
	`${SITES} dial-out sites, ${HANDSHAKES} proofs, median of 5 rounds (${process.version}):\n` +
		`  every token checked   ${scan.toFixed(3)} ms a handshake\n` +
		`  key id, one token     ${key.toFixed(4)} ms a handshake  (${(scan / key).toFixed(0)}× less)\n` +
		`  all ${SITES} agents calling back after a hub restart: ${((scan * SITES) / 1000).toFixed(1)} s of CPU vs ${((key * SITES) / 1000).toFixed(2)} s\n`,
);
