// What the site consoles cost the hub, side by side in one run with what probing the same sites
// costs it: per open console, one `state` a second (siteStateFor on the meeting, JSON, MAC
// sealed); per site, one probe a second (a ping sealed, its pong opened and parsed). A console
// that is not open costs nothing (the add-on does no per-site work for it), so the figure that
// matters is how the open ones compare with the probing. Measures; never asserts. Figures on a
// shared machine are noisy: read the ratio.
//   node --import tsx test/bench/console-state.ts
import {HmacFrameChannel} from '../../probes/frame-mac.js';
import {encodePing, encodePong, parseMessage} from '../../probes/protocol.js';
import {markAttendance, nextItem, nextSpeaker, toggleItem} from '../../src/model/meeting/intents.js';
import {initialSession, type SessionState} from '../../src/model/meeting/session.js';
import {siteStateFor} from '../../src/model/meeting/site-state.js';
import {apply, fixturePlan, MIN, T0} from '../helpers/session.js';

const N = Number(process.env.BENCH_STATES ?? 50_000);
const key = Buffer.alloc(32, 7);
const link = {grade: 'good', rttMs: 42.3, lossPct: {up: 0, down: 1.2}, probeLossPct: 0, lastHeardMs: 400, udp: 'ok'} as const;

// The fixture meeting in its discussion, a speaker on the floor, half of Phổ An's roster marked.
let session: SessionState = initialSession(fixturePlan());
session = apply(session, toggleItem(session), T0);
session = apply(session, nextItem(session), T0 + 10 * MIN);
session = apply(session, nextItem(session), T0 + 30 * MIN);
session = apply(session, nextSpeaker(session, []), T0 + 31 * MIN);
for (let role = 0; role < 4; role++)
	session = apply(
		session,
		markAttendance(session, 'pho-an', role, role === 3 ? 'absent' : 'present', role === 3 ? 'đi công tác' : undefined),
		T0 + 31 * MIN,
	);
const sites = session.plan.sites.map(site => site.id);

function time(body: () => number): number {
	const start = performance.now();
	if (body() !== N) throw new Error('short count');
	return performance.now() - start;
}

const rounds: Array<{state: number; probe: number}> = [];
let bytes = 0;
for (let round = 0; round < 5; round++) {
	const hub = new HmacFrameChannel(key);
	const state = time(() => {
		let n = 0;
		for (let i = 0; i < N; i++) {
			const frame = hub.seal(JSON.stringify(siteStateFor(session, sites[i % sites.length]!, link, i + 1, T0 + 32 * MIN + i)));
			bytes = frame.length;
			n += frame.length > 0 ? 1 : 0;
		}
		return n;
	});
	// The probe's hub side: seal the ping; open and parse the pong (sealed by the agent beforehand).
	const agent = new HmacFrameChannel(key);
	const pongs = Array.from({length: N}, (_, i) => agent.seal(encodePong(i + 1, 1000 + i, 1000.4 + i, 1000.5 + i)));
	const send = new HmacFrameChannel(key);
	const receive = new HmacFrameChannel(key);
	const probe = time(() => {
		let n = 0;
		for (let i = 0; i < N; i++) {
			send.seal(encodePing(i + 1, 1000 + i));
			const json = receive.open(pongs[i]!);
			n += json !== null && parseMessage(json).ok ? 1 : 0;
		}
		return n;
	});
	rounds.push({state, probe});
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const state = median(rounds.map(r => r.state));
const probe = median(rounds.map(r => r.probe));
const us = (ms: number) => `${((ms * 1000) / N).toFixed(1)} µs`;
process.stdout.write(
	`${N} of each, median of 5 rounds (${process.version}):\n` +
		`  one console state (build + JSON + seal)     ${us(state)}, ${bytes} bytes on the wire\n` +
		`  one probe, hub side (seal ping, open pong)  ${us(probe)}\n` +
		`  a console open costs ${(state / probe).toFixed(1)}× a site's probing; 2,000 open at 1 Hz: ${((state / N) * 2000).toFixed(0)} ms of CPU a second, ${((bytes * 2000) / 1024).toFixed(0)} KiB/s out\n` +
		`  a console not open: no state, no timer, nothing per tick (src/hub/site-consoles.ts)\n`,
);
