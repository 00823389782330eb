// `attach`'s own lookup from a second process, for a run under Windows Node (node.exe, e.g. under
// Wine) beside `node.exe dist/src/bin.js serve PLAN --journal JOURNAL`: finds the hub's named
// pipe from the journal alone, proves the user's key, is welcomed as a viewer and has its intent
// refused by the hub. Exit 0 when all hold. Needs `npm run build`.
//
//   node.exe test/windows/attach-probe.mjs JOURNAL
import {openHub} from '../../dist/src/commands/attach.js';

const journal = process.argv[2];
let feed;
try {
	feed = await openHub({journal}, 'viewer', 'en');
} catch (error) {
	console.log(JSON.stringify({ok: false, error: error.message}));
	process.exit(1);
}
const outcome = await feed.send({type: 'toggle-item'});
const ok = feed.identity.title.length > 0 && outcome.ok === false && outcome.refusal?.code === 'viewer';
console.log(JSON.stringify({ok, title: feed.identity.title, screen: feed.screen, outcome}));
feed.close();
process.exit(ok ? 0 : 1);
