// The control channel on Windows, for a run under Windows Node (node.exe, e.g. under Wine):
// a real hub core with the fixture plan binds its default channel (a named pipe), `attach`'s
// own lookup finds it from the journal alone, proves the user's key both ways, applies an
// operator intent, and a screen with another key is refused. Prints one JSON line per step
// and exits 0 when all hold. Needs `npm run build` (it imports dist/).
//
//   node.exe test/windows/control-pipe-check.mjs JOURNAL
import net from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {HubCore} from '../../dist/src/hub/core.js';
import {loadPlan} from '../../dist/src/plan/plan-file.js';
import {controlAddon, prepareControl} from '../../dist/src/hub/control-server.js';
import {controlKeyFile} from '../../dist/src/hub/control-channel.js';
import {openHub} from '../../dist/src/commands/attach.js';
import {CONTROL_PROTOCOL, controlProof} from '../../dist/src/hub/control-protocol.js';

const say = (step, value) => console.log(JSON.stringify({step, ...value}));
const fixture = fileURLToPath(new URL('../../fixtures/duc-pho-2021.yaml', import.meta.url));
const journal = path.resolve(process.argv[2] ?? 'control-pipe-check.jsonl');
let failed = false;
const check = (step, ok, value = {}) => {
	say(step, {ok, ...value});
	if (!ok) failed = true;
};

const plan = await prepareControl(journal, {});
check('prepare', 'paths' in plan, {platform: process.platform, paths: plan.paths, problem: plan.problem, key: controlKeyFile()});
const core = await HubCore.open(loadPlan(fixture), {journal, thread: false});
const control = controlAddon(plan, journal, {onProblem: problem => check('bind', false, {problem})});
if (control.addon) core.use(control.addon);
await core.start();
const pipe = control.addon?.path ?? null;
check(
	'listening',
	pipe !== null &&
		(process.platform === 'win32' ? /^\\\\\.\\pipe\\diemcau-[0-9a-f]{20}$/ : /\/diemcau[^/]*\/[0-9a-f]{20}\.sock$/).test(pipe),
	{pipe},
);
try {
	const feed = await openHub({journal}, 'operator', 'en');
	check('attached', feed.identity.title === core.plan.session.title, {title: feed.identity.title});
	const outcome = await feed.send({type: 'toggle-item'});
	check('intent', outcome.ok === true && core.meeting.state.startedAt !== null, {outcome});
	feed.close();
} catch (error) {
	check('attached', false, {error: error.message});
}
// A screen with another key gets a refusal and nothing of the meeting.
const answer = await new Promise(resolve => {
	const socket = net.connect(pipe);
	let text = '';
	const nonce = '0'.repeat(32);
	let proved = false;
	socket.on('connect', () => socket.write(`${JSON.stringify({type: 'hello', protocol: CONTROL_PROTOCOL, role: 'operator', nonce})}\n`));
	socket.on('data', chunk => {
		text += chunk;
		// Answer the hub's challenge with a proof made with another key.
		const first = text.includes('\n') ? JSON.parse(text.slice(0, text.indexOf('\n'))) : null;
		if (proved || first?.type !== 'challenge') return;
		proved = true;
		const proof = controlProof('f'.repeat(64), 'screen', {role: 'operator', screen: nonce, hub: first.nonce});
		socket.write(`${JSON.stringify({type: 'proof', proof})}\n`);
	});
	socket.on('close', () => resolve(text));
	socket.on('error', error => resolve(`error ${error.code}`));
	setTimeout(() => resolve(`timeout: ${text}`), 5000).unref();
});
check('wrong key refused', answer.includes('"refused"') && !answer.includes('welcome'), {answer: answer.slice(0, 200)});
await core.stop();
control.release();
check('done', !failed);
process.exit(failed ? 1 : 0);
