// `attach`'s own code (openHub, the AttachedFeed the screen draws from) in a second process, for a
// run under Windows Node (node.exe under Wine) beside `node.exe dist/src/bin.js serve PLAN
// --journal JOURNAL`: finds the hub's named pipe from the journal alone, proves the user's key,
// sees the meeting (its title and every site up), and sends the space key's intent (start the
// first item) as ROLE; then a screen with another key is refused on PIPE. Prints one JSON line
// per step (stdout must be a file under Wine) and exits 0 when the hub answered each one; what
// the answers mean is the test's to judge. Needs `npm run build`.
//
//   node.exe test/windows/attach-probe.mjs JOURNAL PIPE operator|viewer SITES
import net from 'node:net';
import {openHub} from '../../dist/src/commands/attach.js';
import {CONTROL_PROTOCOL, controlProof} from '../../dist/src/hub/control-protocol.js';

const [journal, pipe, role, sites] = process.argv.slice(2);
const say = value => console.log(JSON.stringify(value));

let feed;
try {
	feed = await openHub({journal}, role, 'en');
} catch (error) {
	say({step: 'attached', error: error.message});
	process.exit(1);
}
// The welcome may come before the hub has seen every link: wait (bounded) for the sites to be up.
const upNow = () =>
	feed.links
		.sites()
		.filter(site => site.link.state === 'up')
		.map(site => site.id)
		.sort();
for (let waited = 0; upNow().length < Number(sites) && waited < 60_000; waited += 100)
	await new Promise(resolve => setTimeout(resolve, 100));
say({step: 'attached', title: feed.identity.title, screen: feed.screen, up: upNow()});

const outcome = await feed.send({type: 'toggle-item'});
say({step: 'intent', outcome});
feed.close();

// Another key: the hub must answer with a refusal and nothing of the meeting.
const answer = await new Promise(resolve => {
	const socket = net.connect(pipe);
	let text = '';
	const nonce = '0'.repeat(32);
	let proved = false;
	socket.on('connect', () => socket.write(`${JSON.stringify({type: 'hello', protocol: CONTROL_PROTOCOL, role, nonce})}\n`));
	socket.on('data', chunk => {
		text += chunk;
		// Answer the hub's challenge with a proof made with another key.
		const first = text.includes('\n') ? JSON.parse(text.slice(0, text.indexOf('\n'))) : null;
		if (proved || first?.type !== 'challenge') return;
		proved = true;
		const proof = controlProof('f'.repeat(64), 'screen', {role, screen: nonce, hub: first.nonce});
		socket.write(`${JSON.stringify({type: 'proof', proof})}\n`);
	});
	socket.on('close', () => resolve(text));
	socket.on('error', error => resolve(`error ${error.code}`));
	setTimeout(() => resolve(`timeout: ${text}`), 10_000).unref();
});
say({step: 'wrong key', answer: answer.slice(0, 300)});
process.exit(0);
