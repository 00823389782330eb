// The hub's listener for dial-out agents as a separate process (so it can run inside a network
// namespace):  node --import tsx test/helpers/hub-listen.ts --host H --port P --sites FILE.json
// FILE.json: [{"id": "pho-an", "token": "…"}]. Prints one JSON line per event on stdout:
//   {"kind":"listening","url"}
//   {"kind":"agent","site","from"}           an agent proved its site
//   {"kind":"pong","site","seq","rttMs"}     the answer to each of three sealed pings per agent
//   {"kind":"log","line"}                    the listener's own log (replacements)
// Exits 0 on SIGTERM or SIGINT.
import {readFileSync} from 'node:fs';
import {parseArgs} from 'node:util';
import {startHubListener} from '../../probes/hub-listener.js';
import {encodePing, parseMessage} from '../../probes/protocol.js';

const {values} = parseArgs({options: {host: {type: 'string'}, port: {type: 'string'}, sites: {type: 'string'}}});
const print = (line: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(line)}\n`);
const sites = JSON.parse(readFileSync(values.sites!, 'utf8')) as Array<{id: string; token: string}>;

const listener = await startHubListener({
	host: values.host ?? '127.0.0.1',
	port: Number(values.port ?? 0),
	sites,
	log: line => print({kind: 'log', line}),
	onAgent: agent => {
		print({kind: 'agent', site: agent.site, from: agent.from});
		const sent = new Map<number, number>();
		agent.ws.on('message', data => {
			const json = agent.keys.receive.open(data.toString());
			const parsed = json === null ? null : parseMessage(json);
			if (parsed?.ok && parsed.message.type === 'pong') {
				const at = sent.get(parsed.message.seq);
				print({kind: 'pong', site: agent.site, seq: parsed.message.seq, rttMs: at === undefined ? null : performance.now() - at});
			}
		});
		for (let seq = 1; seq <= 3; seq++) {
			setTimeout(() => {
				sent.set(seq, performance.now());
				if (agent.ws.readyState === agent.ws.OPEN) agent.ws.send(agent.keys.send.seal(encodePing(seq, performance.now())));
			}, seq * 100);
		}
	},
});
print({kind: 'listening', url: listener.url});
await new Promise<void>(resolve => {
	process.once('SIGTERM', resolve);
	process.once('SIGINT', resolve);
});
await listener.close();
