import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {afterEach, describe, expect, it} from 'vitest';
import {startAgentDialer, type AgentDialer} from '../../probes/agent-dialer.js';
import {startAgentServer, type AgentSession, type SessionHandler} from '../../probes/agent-server.js';
import type {Message} from '../../probes/protocol.js';
import {HubCore} from '../../src/hub/core.js';
import {siteConsoles, type SiteConsoles} from '../../src/hub/site-consoles.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {consoleWire, type ConsoleWire} from '../../probes/site-console-wire.js';
import {writeConsolePlan} from '../helpers/console-plan.js';
import {waitFor} from '../helpers/wait.js';
import {BIN, strongToken} from '../helpers/agents.js';

// The site console end to end on loopback, with the real parts: a HubCore (prober, meeting,
// journal) with the site-consoles add-on, and agents running the agent server's real sessions —
// pho-an dials out to the hub's listener with its console open (the same wire `agent --console`
// uses), pho-chau is dialled in and has no console. A mark from pho-an's console is journalled
// with by "site" before it is acknowledged; a role outside its roster is refused; the hub's
// operator can override; a quiet agent gets no state at all. (The real `agent --console` process
// on a real terminal is test/e2e/site-console.test.ts; the last test here runs it on a pseudo-terminal.)

type Frame = Record<string, unknown> & {type: string};
const dirs: string[] = [];
const stops: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of stops.splice(0).reverse()) await stop();
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

/** An agent session hook that records every frame the hub sent, passing the console's on to `inner`. */
function recorder(inner?: (session: AgentSession) => SessionHandler, onFrame?: (frame: Frame) => void) {
	const frames: Frame[] = [];
	const sessions: AgentSession[] = [];
	const onSession = (session: AgentSession): SessionHandler => {
		sessions.push(session);
		const handler = inner?.(session);
		return {
			onMessage(message: Message) {
				frames.push(message as unknown as Frame);
				onFrame?.(message as unknown as Frame);
				return handler?.onMessage?.(message) ?? (message.type === 'state' || message.type === 'checkin-ack');
			},
			onClose: () => handler?.onClose?.(),
		};
	};
	return {frames, onSession, raw: (frame: object) => sessions.at(-1)!.send(JSON.stringify(frame))};
}

const journalEvents = (file: string) =>
	readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map(line => JSON.parse(line) as {type: string; site?: string; role?: number; status?: string; by?: string});

async function setUp(options: {chauConsole?: boolean; clock?: () => number; noPhoAn?: boolean} = {}): Promise<{
	core: HubCore;
	consoles: SiteConsoles;
	journal: string;
	wire: ConsoleWire;
	chauWire: ConsoleWire;
	phoAn: ReturnType<typeof recorder> & {journalAtAck: Map<string, string>};
	phoChau: ReturnType<typeof recorder>;
	planFile: string;
}> {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-console-'));
	dirs.push(dir);
	const chauWire = consoleWire({site: {id: 'pho-chau', name: 'pho-chau'}});
	const phoChau = recorder(options.chauConsole ? chauWire.onSession : undefined);
	// The plan names pho-chau's URL, so its agent listens first (the tokens are derived from the site ids).
	const chau = await startAgentServer({
		site: 'pho-chau',
		token: strongToken('console-pho-chau'),
		port: 0,
		udpPort: false,
		onSession: phoChau.onSession,
		log: () => undefined,
	});
	stops.push(() => chau.close());
	const plan = writeConsolePlan(dir, {listen: '127.0.0.1:0', phoChau: chau.url});
	const journal = path.join(dir, 'journal.jsonl');
	const core = await HubCore.open(loadPlan(plan.file), {journal, thread: false});
	const consoles = siteConsoles(options.clock ? {clock: options.clock} : {});
	core.use(consoles);
	await core.start();
	stops.push(() => core.stop());
	const wire = consoleWire({site: {id: 'pho-an', name: 'Xã Phổ An'}});
	// What the hub's journal held at the moment each ack arrived (it must be journalled first).
	const journalAtAck = new Map<string, string>();
	const phoAn = Object.assign(
		recorder(wire.onSession, frame => frame.type === 'checkin-ack' && journalAtAck.set(String(frame.id), readFileSync(journal, 'utf8'))),
		{journalAtAck},
	);
	if (!options.noPhoAn) {
		let dialer: AgentDialer | null = null;
		const an = await startAgentServer({
			site: 'pho-an',
			token: plan.tokens['pho-an']!,
			listen: false,
			udpPort: false,
			onSession: phoAn.onSession,
			onBulkOpen: id => dialer?.dialBulk(id),
			log: () => undefined,
		});
		dialer = startAgentDialer({hub: core.listeningAt!, agent: an, log: () => undefined});
		stops.push(async () => {
			await dialer!.stop();
			await an.close();
		});
	}
	return {core, consoles, journal, wire, chauWire, phoAn, phoChau, planFile: plan.file};
}

describe('the site console through a real hub core', () => {
	it('a mark from the console is journalled with by "site", then acknowledged, and the hub’s roll call has it', async () => {
		const {core, journal, wire, phoAn} = await setUp();
		// The console opened on connect: the hub sends it this site's state, its own roster only.
		const view = await waitFor(() => {
			const seen = wire.client.view();
			return seen.connection.state === 'connected' && seen.roll.length > 0 && seen.link?.grade !== 'unknown' ? seen : null;
		}, 'pho-an’s state with its link measured');
		expect(view.title).toBe(core.plan.session.title);
		expect(view.roll.map(row => row.name)).toEqual(core.plan.sites.find(site => site.id === 'pho-an')!.roster.map(entry => entry.role));
		expect(view.link?.grade).not.toBe('unknown');

		wire.client.dispatch({type: 'checkin', role: 1, status: 'present'});
		expect(wire.client.view().roll[1]!.pending).toBe('present'); // sent, not yet confirmed
		await waitFor(() => wire.client.view().roll[1]!.status === 'present', 'the ack of the mark');
		// Journalled before the ack reached the console (the file held it when the ack arrived), with who marked it.
		expect(phoAn.journalAtAck.get('c1')).toMatch(/"type":"attendance-marked","site":"pho-an","role":1,"status":"present","by":"site"/);
		const marks = journalEvents(journal).filter(event => event.type === 'attendance-marked');
		expect(marks).toEqual([expect.objectContaining({site: 'pho-an', role: 1, status: 'present', by: 'site'})]);
		expect(core.meeting.state.attendance['pho-an']![1]).toMatchObject({status: 'present', by: 'site'});
		// Nothing of another site changed.
		expect(core.meeting.state.attendance['pho-chau']!.every(mark => mark === null)).toBe(true);

		// Late and absent with a reason, from the console too.
		wire.client.dispatch({type: 'checkin', role: 2, status: 'late'});
		wire.client.dispatch({type: 'checkin', role: 3, status: 'absent', reason: 'đi công tác'});
		await waitFor(() => core.meeting.state.attendance['pho-an']![3]?.status === 'absent', 'the absence journalled');
		expect(core.meeting.state.attendance['pho-an']!.slice(1, 4)).toMatchObject([
			{status: 'present'},
			{status: 'late', by: 'site'},
			{status: 'absent', reason: 'đi công tác', by: 'site'},
		]);
	});

	it('a role outside the site’s roster is refused with a code the console words; nothing is journalled', async () => {
		const {journal, wire, phoAn} = await setUp();
		await waitFor(() => wire.client.view().roll.length > 0, 'pho-an’s first state');
		// The console itself never sends it; a forged or stale agent might.
		phoAn.raw({type: 'checkin', id: 'x1', role: 7, status: 'present'});
		const ack = await waitFor(() => phoAn.frames.find(frame => frame.type === 'checkin-ack' && frame.id === 'x1'), 'the refusal');
		expect(ack).toMatchObject({ok: false, refusal: {code: 'no-role', site: 'Xã Phổ An', role: 8}});
		expect(String(ack.reason)).toContain('no role number 8');
		phoAn.raw({type: 'checkin', id: 'x 2!', role: 0, status: 'present'});
		const bad = await waitFor(() => phoAn.frames.find(frame => frame.type === 'checkin-ack' && frame.id === 'x 2!'), 'the second refusal');
		expect(bad).toMatchObject({ok: false, refusal: {code: 'bad-checkin', field: 'id'}});
		expect(journalEvents(journal).filter(event => event.type === 'attendance-marked')).toEqual([]);
	});

	it('the hub’s operator overrides a site’s mark; the console shows it as the hub’s', async () => {
		const {core, wire, journal} = await setUp();
		await waitFor(() => wire.client.view().roll.length > 0, 'pho-an’s first state');
		wire.client.dispatch({type: 'checkin', role: 0, status: 'present'});
		await waitFor(() => core.meeting.state.attendance['pho-an']![0]?.status === 'present', 'the site’s mark');
		const outcome = await core.apply({type: 'mark-attendance', site: 'pho-an', role: 0, status: 'late'}, {screen: 'local'});
		expect(outcome.ok).toBe(true);
		expect(core.meeting.state.attendance['pho-an']![0]).not.toHaveProperty('by');
		const row = await waitFor(() => {
			const found = wire.client.view().roll[0]!;
			return found.status === 'late' ? found : null;
		}, 'the override on the console');
		expect(row.by).toBe('hub');
		expect(
			journalEvents(journal)
				.filter(event => event.type === 'attendance-marked')
				.map(event => [event.status, event.by]),
		).toEqual([
			['present', 'site'],
			['late', 'local'],
		]);
		// The console's next mark of the same role is the site's again.
		wire.client.dispatch({type: 'checkin', role: 0, status: 'present'});
		await waitFor(() => core.meeting.state.attendance['pho-an']![0]?.status === 'present', 'the site’s mark again');
	});

	it('shows the item the operator started; an agent with no console open gets no state at all', async () => {
		const {core, consoles, wire, phoChau} = await setUp();
		await waitFor(() => wire.client.view().roll.length > 0, 'pho-an’s first state');
		await waitFor(() => phoChau.frames.length === 0 && core.monitor.site('pho-chau')?.link.state === 'up', 'pho-chau up');
		await core.apply({type: 'toggle-item'}, {screen: 'local'});
		const item = await waitFor(
			() => wire.client.view().item?.status === 'running' && wire.client.view().item,
			'the running item on the console',
		);
		expect(item.title).toBe(core.plan.agenda[0]!.title);
		// States keep coming while the console is open; none to the site whose console is not.
		expect(consoles.open()).toEqual(['pho-an']);
		await waitFor(() => consoles.statesSent >= 3, 'three states to pho-an');
		expect(phoChau.frames.filter(frame => frame.type === 'state')).toEqual([]);
		// The console closes: the hub stops sending.
		wire.client.close();
		await waitFor(() => consoles.open().length === 0, 'the console closed at the hub');
	});

	it('a dialled-in console too; a bandwidth test’s second connection (either direction) leaves the console connected and fed', async () => {
		const {core, journal, wire, chauWire} = await setUp({chauConsole: true});
		await waitFor(() => chauWire.client.view().roll.length > 0 && wire.client.view().roll.length > 0, 'both consoles’ first states');
		expect(chauWire.client.view().siteName).toBe('Xã Phổ Châu');
		for (const [site, console_] of [
			['pho-chau', chauWire],
			['pho-an', wire],
		] as const) {
			let most = 0;
			const counting = setInterval(() => (most = Math.max(most, console_.sessions())), 5);
			const result = await core.monitor.prober.bandwidth(site, {seconds: 0.5});
			clearInterval(counting);
			expect(result, site).toHaveProperty('downKbps');
			expect(most, `${site}: the bandwidth test had its own connection`).toBe(2);
			await waitFor(() => console_.sessions() === 1, `${site}: the bandwidth connection closed`);
			expect(console_.client.view().connection.state).toBe('connected');
			// Still fed over the probe connection: a mark goes through and comes back.
			console_.client.dispatch({type: 'checkin', role: 4, status: 'present'});
			await waitFor(
				() => console_.client.view().roll[4]!.status === 'present' && console_.client.view().roll[4]!.pending === null,
				`${site}: a mark after the test`,
			);
		}
		expect(
			journalEvents(journal)
				.filter(event => event.type === 'attendance-marked')
				.map(event => [event.site, event.by]),
		).toEqual([
			['pho-chau', 'site'],
			['pho-an', 'site'],
		]);
	});

	it('never more than one state a second to a console, however much changes; at once when it may', async () => {
		let now = 1_000_000; // the add-on's clock, moved by hand: only the spacing rule is looked at
		const {core, consoles, wire, phoAn} = await setUp({clock: () => now});
		await waitFor(() => wire.client.view().roll.length > 0, 'pho-an’s first state');
		const states = () => phoAn.frames.filter(frame => frame.type === 'state').length;
		expect(consoles.statesSent).toBe(1);
		// Five changes within the same second: the console gets none of them yet.
		await core.apply({type: 'toggle-item'}, {screen: 'local'});
		for (let role = 0; role < 4; role++)
			await core.apply({type: 'mark-attendance', site: 'pho-an', role, status: 'present'}, {screen: 'local'});
		await new Promise(resolve => setTimeout(resolve, 600)); // two ticks of the real timer
		expect(consoles.statesSent).toBe(1);
		expect(states()).toBe(1);
		// A second later the next tick sends one, with everything in it.
		now += 1000;
		await waitFor(() => states() === 2, 'the next state');
		expect(wire.client.view().item?.status).toBe('running');
		expect(
			wire.client
				.view()
				.roll.slice(0, 4)
				.map(row => row.status),
		).toEqual(['present', 'present', 'present', 'present']);
		// A change once a second has passed goes out at once (the tick is not waited for).
		now += 1000;
		await core.apply({type: 'mark-attendance', site: 'pho-an', role: 5, status: 'late'}, {screen: 'local'});
		expect(consoles.statesSent).toBe(3);
	});

	it('the hub stops: the console says the connection is lost and keeps no unconfirmed mark; the hub back on its journal, the console has its marks again', async () => {
		const {core, journal, chauWire, planFile} = await setUp({chauConsole: true});
		await waitFor(() => chauWire.client.view().roll.length > 0, 'pho-chau’s first state');
		chauWire.client.dispatch({type: 'checkin', role: 0, status: 'present'});
		await waitFor(
			() => chauWire.client.view().roll[0]!.status === 'present' && chauWire.client.view().roll[0]!.pending === null,
			'the mark confirmed',
		);
		await core.stop();
		await waitFor(() => chauWire.client.view().connection.state === 'lost', 'the console to see the hub gone');
		chauWire.client.dispatch({type: 'checkin', role: 1, status: 'late'});
		expect(chauWire.client.view().refusal).toEqual({by: 'console', code: 'not-connected'}); // not sent, and it says so
		const again = await HubCore.open(loadPlan(planFile), {journal, thread: false});
		again.use(siteConsoles());
		await again.start();
		stops.push(() => again.stop());
		const view = await waitFor(() => {
			const seen = chauWire.client.view();
			return seen.connection.state === 'connected' && seen.roll.length > 0 ? seen : null;
		}, 'the console back with the hub');
		expect(view.roll.slice(0, 2).map(row => [row.status, row.by ?? null])).toEqual([
			['present', 'site'],
			[null, null],
		]);
	});

	it('a real `diemcau agent --hub … --console` process on a pseudo-terminal: its space key is journalled by "site" at this hub core', async context => {
		const hasScript = await execa('script', ['--version'], {reject: false}).then(
			result => result.exitCode === 0,
			() => false,
		);
		if (!hasScript) {
			process.stdout.write('skipped: script(1) (util-linux) is not installed, no pseudo-terminal for the agent\n');
			context.skip();
		}
		const {core, journal, planFile} = await setUp({noPhoAn: true});
		const tokenFile = path.join(path.dirname(planFile), 'tokens', 'pho-an.token');
		// Phổ An's agent is a real process this time, its console on a pseudo-terminal (script(1)).
		const command = [
			process.execPath,
			BIN,
			'agent',
			'--site',
			'pho-an',
			'--hub',
			core.listeningAt!,
			'--token-file',
			tokenFile,
			'--console',
			'--lang',
			'en',
		]
			.map(arg => `'${arg}'`)
			.join(' ');
		const agent = execa('script', ['-qfec', command, '/dev/null'], {
			reject: false,
			stdin: 'pipe',
			env: {LANG: 'C.UTF-8', COLUMNS: '80', LINES: '24', DIEMCAU_TOKEN: ''},
		});
		stops.push(async () => {
			agent.kill('SIGTERM');
			await agent;
		});
		let screen = '';
		agent.stdout?.on('data', (chunk: Buffer) => (screen += chunk.toString()));
		await waitFor(() => screen.includes('Roll call: 0/7') && screen.includes('connected'), 'the console drawn on the pseudo-terminal');
		expect(screen).toContain('\u001B[?1049h'); // on the alternate screen: the terminal's scrollback is kept
		agent.stdin!.write(' ');
		await waitFor(() => core.meeting.state.attendance['pho-an']![0]?.status === 'present', 'the mark at the hub');
		expect(journalEvents(journal).filter(event => event.type === 'attendance-marked')).toEqual([
			expect.objectContaining({site: 'pho-an', role: 0, status: 'present', by: 'site'}),
		]);
		const plain = () => screen.slice(-6000).replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
		await waitFor(() => /Chủ tịch HĐND\s+✔ present/.test(plain()), 'the mark confirmed on the console');
	}, 60_000);
});
