import type {AgentSession, SessionHandler} from './agent-server.js';
import {SiteConsoleClient} from './site-console-client.js';

// The agent's connections to the hub, as the site console needs them: the agent server calls
// `onSession` for every authenticated hub connection, dialled in or dialled out. A hub may hold a
// second one for a bandwidth test (a dial-in hub dials it, a dial-out agent opens it on
// `bulk-open`), so the console counts them: connected from the first, lost when the last ends,
// and it speaks on the oldest one (the probe connection: the hub ignores console frames on a
// bandwidth connection).

/** A console client fed by an agent's hub sessions. */
export interface ConsoleWire {
	client: SiteConsoleClient;
	/** For AgentServerOptions.onSession. */
	onSession(session: AgentSession): SessionHandler;
	/** Authenticated hub connections now. */
	sessions(): number;
}

/** Options of the wire. */
export interface ConsoleWireOptions {
	site: {id: string; name: string};
	/** What the screen names the hub by (dial-out: its URL); default the address of the connection. */
	hub?: string;
	clock?: () => number;
}

/** A console client and the session hook that feeds it. */
export function consoleWire(options: ConsoleWireOptions): ConsoleWire {
	const sessions: AgentSession[] = [];
	const client = new SiteConsoleClient({
		site: options.site,
		send: message => {
			const primary = sessions[0];
			if (!primary) return false;
			primary.send(JSON.stringify(message));
			return true;
		},
		...(options.clock ? {clock: options.clock} : {}),
	});
	const hubOf = (session: AgentSession) => options.hub ?? session.address;
	return {
		client,
		sessions: () => sessions.length,
		onSession(session) {
			sessions.push(session);
			if (sessions.length === 1) client.connected(hubOf(session));
			return {
				onMessage(message) {
					if (message.type !== 'state' && message.type !== 'checkin-ack') return false;
					if (session === sessions[0]) client.receive(message);
					return true;
				},
				onClose() {
					const index = sessions.indexOf(session);
					if (index < 0) return;
					sessions.splice(index, 1);
					if (sessions.length === 0) client.disconnected();
					else if (index === 0) client.connected(hubOf(sessions[0]!)); // the probe connection ended first: ask again on the one left
				},
			};
		},
	};
}
