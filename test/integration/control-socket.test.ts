import {spawn} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {CONTROL_PROTOCOL, controlPathFor, checkSocketPath, lineSplitter, parseClientMessage, type ServerMessage} from '../../src/hub/control-protocol.js';
import {claimControlSocket, controlServer} from '../../src/hub/control-server.js';
import {HubCore} from '../../src/hub/core.js';
import {AttachedFeed} from '../../src/dashboard/attached-feed.js';
import {loadPlan} from '../../src/plan/plan-file.js';
import {fixturePlanFile} from '../helpers/session.js';
import {waitFor} from '../helpers/wait.js';

// The control socket at the protocol level, against a real core in this process and real
// Unix sockets: who may send what, and what a misbehaving screen gets (cut off, never the core).

const dirs: string[] = [];
const cores: HubCore[] = [];
const sockets: net.Socket[] = [];
afterEach(async () => {
	for (const socket of sockets.splice(0)) socket.destroy();
	for (const core of cores.splice(0)) await core.stop();
	for (const dir of dirs.splice(0)) rmSync(dir, {recursive: true, force: true});
});

async function startCore(options: {helloTimeoutMs?: number} = {}) {
	const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-control-'));
	dirs.push(dir);
	const journal = path.join(dir, 'journal.jsonl');
	const core = await HubCore.open(loadPlan(fixturePlanFile), {journal, thread: false});
	cores.push(core);
	const file = controlPathFor(journal);
	const log: string[] = [];
	core.use(controlServer({path: file, log: line => log.push(line), ...options}));
	await core.start();
	return {core, file, log, journal};
}

/** A raw client: every message the core sends, parsed. */
function client(file: string) {
	const socket = net.connect(file);
	sockets.push(socket);
	const messages: ServerMessage[] = [];
	let closed = false;
	socket.on('data', lineSplitter(64 * 1024 * 1024, line => messages.push(JSON.parse(line) as ServerMessage), () => undefined));
	socket.on('close', () => (closed = true));
	socket.on('error', () => undefined);
	return {socket, messages, send: (value: unknown) => socket.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`), closed: () => closed};
}

describe('control protocol', () => {
	it('names the socket beside the journal, refuses paths a Unix socket cannot take, and checks every intent', () => {
		expect(controlPathFor('/srv/diemcau/2021-11-25-abc.jsonl')).toBe('/srv/diemcau/2021-11-25-abc.sock');
		expect(() => checkSocketPath(`/tmp/${'x'.repeat(120)}.sock`)).toThrow(/more than a Unix socket takes.*--control PATH/);
		expect(parseClientMessage('{"type":"intent","id":1,"intent":{"type":"next-item"}}')).toEqual({type: 'intent', id: 1, intent: {type: 'next-item'}});
		expect(parseClientMessage('{"type":"intent","id":1,"intent":{"type":"extend-item","minutes":30}}')).toHaveProperty('problem');
		expect(parseClientMessage('{"type":"intent","id":1,"intent":{"type":"rm -rf"}}')).toHaveProperty('problem');
		expect(parseClientMessage('nope')).toEqual({problem: 'not JSON'});
		const lines: string[] = [];
		let overflow = 0;
		const split = lineSplitter(10, line => lines.push(line), () => overflow++);
		split(Buffer.from('ab\ncd'));
		split(Buffer.from('e\n'));
		split(Buffer.from('0123456789ABC'));
		expect(lines).toEqual(['ab', 'cde']);
		expect(overflow).toBe(1);
	});
});

describe('control socket', () => {
	it('is 0600, welcomes a screen with the meeting, and journals an operator intent with the screen', async () => {
		const {file, journal, core, log} = await startCore();
		expect(statSync(file).mode & 0o777).toBe(0o600);
		const screen = client(file);
		screen.send({type: 'hello', protocol: CONTROL_PROTOCOL, role: 'operator'});
		await waitFor(() => screen.messages[0], 'the welcome');
		const welcome = screen.messages[0] as Extract<ServerMessage, {type: 'welcome'}>;
		expect(welcome).toMatchObject({type: 'welcome', screen: 'attach-1', role: 'operator', journal, identity: {title: core.plan.session.title}});
		expect(welcome.sites).toHaveLength(15);
		screen.send({type: 'intent', id: 7, intent: {type: 'toggle-item'}});
		await waitFor(() => screen.messages.find(message => message.type === 'outcome'), 'the outcome');
		expect(screen.messages.find(message => message.type === 'outcome')).toEqual({type: 'outcome', id: 7, outcome: {ok: true}});
		const events = screen.messages.filter(message => message.type === 'events').flatMap(message => (message as {events: Array<{type: string; by?: string}>}).events);
		expect(events.filter(event => !event.type.startsWith('link-')).map(event => [event.type, event.by])).toEqual([
			['session-started', 'attach-1'],
			['item-started', 'attach-1'],
		]);
		expect(core.meeting.state.startedAt).not.toBeNull();
		expect(log).toContain('screen attach-1 attached (operator)');
	});

	it('refuses a viewer’s intent and journals nothing; two operators are taken one at a time', async () => {
		const {file, core} = await startCore();
		const viewer = client(file);
		viewer.send({type: 'hello', protocol: CONTROL_PROTOCOL, role: 'viewer'});
		await waitFor(() => viewer.messages[0], 'the viewer welcome');
		const seq = core.meeting.state.seq;
		viewer.send({type: 'intent', id: 1, intent: {type: 'toggle-item'}});
		await waitFor(() => viewer.messages.find(message => message.type === 'outcome'), 'the refusal');
		expect(viewer.messages.find(message => message.type === 'outcome')).toEqual({type: 'outcome', id: 1, outcome: {ok: false, reason: 'viewer: cannot change the meeting', refusal: {code: 'viewer'}}});
		expect(core.meeting.state.items[0]!.status).toBe('pending');
		// Link events may land meanwhile; no operator event did.
		expect(core.meeting.state.startedAt).toBeNull();
		expect(core.meeting.state.seq).toBeGreaterThanOrEqual(seq);

		// Two operators press "start" at the same instant: one starts the item, the other pauses it.
		const a = client(file);
		const b = client(file);
		for (const screen of [a, b]) screen.send({type: 'hello', protocol: CONTROL_PROTOCOL, role: 'operator'});
		await waitFor(() => a.messages[0] && b.messages[0], 'both welcomes');
		a.send({type: 'intent', id: 1, intent: {type: 'toggle-item'}});
		b.send({type: 'intent', id: 1, intent: {type: 'toggle-item'}});
		await waitFor(() => a.messages.some(m => m.type === 'outcome') && b.messages.some(m => m.type === 'outcome'), 'both outcomes');
		expect(core.meeting.state.items[0]!.status).toBe('paused');
	});

	it('cuts off a screen that never says hello, floods bad lines or sends an endless line — and the core carries on', async () => {
		const {file, core} = await startCore({helloTimeoutMs: 300});
		const silent = client(file);
		await waitFor(() => silent.closed(), 'the silent screen cut off');
		const flood = client(file);
		flood.send({type: 'hello', protocol: CONTROL_PROTOCOL, role: 'operator'});
		for (let i = 0; i < 30; i++) flood.send('{"type":"junk"}');
		await waitFor(() => flood.closed(), 'the flooding screen cut off');
		const endless = client(file);
		endless.socket.write('x'.repeat(200 * 1024));
		await waitFor(() => endless.closed(), 'the endless line cut off');
		const stranger = client(file);
		stranger.send({type: 'hello', protocol: 'diemcau.control.v0', role: 'operator'});
		await waitFor(() => stranger.messages[0], 'the refusal');
		expect(stranger.messages[0]).toMatchObject({type: 'refused', why: expect.stringContaining('diemcau.control.v1')});
		// Still serving: a proper screen attaches and acts.
		const feed = await AttachedFeed.open(file, 'operator');
		expect(await feed.send({type: 'toggle-item'})).toEqual({ok: true});
		await waitFor(() => feed.meeting.state.startedAt !== null || null, 'the attached copy of the state');
		feed.close();
		expect(core.meeting.state.items[0]!.status).toBe('running');
	});

	it('refuses a second hub on the same socket, takes over the one a killed hub left, refuses a file that is no socket', async () => {
		const {file} = await startCore();
		await expect(claimControlSocket(file)).rejects.toThrow(/a hub already runs on this journal/);
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-control-'));
		dirs.push(dir);
		const stale = path.join(dir, 'stale.sock');
		// A process listening on it, killed with SIGKILL, leaves the socket file behind.
		const holder = spawn(process.execPath, ['-e', "require('node:net').createServer().listen(process.argv[1], () => console.log('up'))", stale], {stdio: ['ignore', 'pipe', 'inherit']});
		await new Promise(resolve => holder.stdout.once('data', resolve));
		holder.kill('SIGKILL');
		await new Promise(resolve => holder.once('exit', resolve));
		expect(existsSync(stale)).toBe(true);
		await claimControlSocket(stale);
		expect(existsSync(stale)).toBe(false);
		const plain = path.join(dir, 'plain');
		writeFileSync(plain, 'x');
		await expect(claimControlSocket(plain)).rejects.toThrow(/exists and is not a socket/);
	});
});
