import {spawn, spawnSync} from 'node:child_process';
import {chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {errorText, type DiemcauError} from '../../src/cli/errors.js';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {randomBytes} from 'node:crypto';
import {
	CONTROL_PROTOCOL,
	checkSocketPath,
	controlNonce,
	controlProof,
	lineSplitter,
	parseClientMessage,
	proofMatches,
	type ServerMessage,
} from '../../src/hub/control-protocol.js';
import {claimControlSocket, controlAddon, controlServer, prepareControl} from '../../src/hub/control-server.js';
import {controlKeyFile} from '../../src/hub/control-channel.js';
import {controlWords, type ControlProblem} from '../../src/hub/control-words.js';
import {openHub} from '../../src/commands/attach.js';
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
	const file = path.join(dir, 'control.sock');
	const log: string[] = [];
	core.use(controlServer({paths: [file], key, log: line => log.push(line), ...options}));
	await core.start();
	return {core, file, log, journal};
}

/** The user's control key in these tests (a hub and its screens share it). */
const key = randomBytes(32).toString('hex');

/** A hello: its role and a fresh nonce (the proof answers the hub's challenge, see attachWith). */
function hello(role: 'operator' | 'viewer', protocol = CONTROL_PROTOCOL) {
	return {type: 'hello', protocol, role, nonce: controlNonce()};
}

/** Say hello as `role`, answer the hub's challenge with a proof made with `withKey`; the hello and proof as sent. */
async function attachWith(screen: ReturnType<typeof client>, role: 'operator' | 'viewer', withKey = key) {
	const said = hello(role);
	screen.send(said);
	const challenge = await waitFor(
		() => screen.messages.find(message => message.type === 'challenge') as Extract<ServerMessage, {type: 'challenge'}> | undefined,
		'the challenge',
	);
	const proof = {type: 'proof', proof: controlProof(withKey, 'screen', {role, screen: said.nonce, hub: challenge.nonce})};
	screen.send(proof);
	return {hello: said, proof, challenge};
}

/** The welcome a raw client got, if any. */
function welcomeOf(screen: ReturnType<typeof client>) {
	return screen.messages.find(message => message.type === 'welcome') as Extract<ServerMessage, {type: 'welcome'}> | undefined;
}

/** A raw client: every message the core sends, parsed. */
function client(file: string) {
	const socket = net.connect(file);
	sockets.push(socket);
	const messages: ServerMessage[] = [];
	let closed = false;
	socket.on(
		'data',
		lineSplitter(
			64 * 1024 * 1024,
			line => messages.push(JSON.parse(line) as ServerMessage),
			() => undefined,
		),
	);
	socket.on('close', () => (closed = true));
	socket.on('error', () => undefined);
	return {
		socket,
		messages,
		send: (value: unknown) => socket.write(`${typeof value === 'string' ? value : JSON.stringify(value)}\n`),
		closed: () => closed,
	};
}

describe('control protocol', () => {
	it('refuses paths a Unix socket cannot take, and checks every intent', () => {
		expect(() => checkSocketPath(`/tmp/${'x'.repeat(120)}.sock`)).toThrow(/more than a Unix socket takes.*--control PATH/);
		expect(parseClientMessage('{"type":"intent","id":1,"intent":{"type":"next-item"}}')).toEqual({
			type: 'intent',
			id: 1,
			intent: {type: 'next-item'},
		});
		expect(parseClientMessage('{"type":"intent","id":1,"intent":{"type":"extend-item","minutes":30}}')).toHaveProperty('problem');
		expect(parseClientMessage('{"type":"intent","id":1,"intent":{"type":"rm -rf"}}')).toHaveProperty('problem');
		expect(parseClientMessage('nope')).toEqual({problem: 'not JSON'});
		const lines: string[] = [];
		let overflow = 0;
		const split = lineSplitter(
			10,
			line => lines.push(line),
			() => overflow++,
		);
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
		await attachWith(screen, 'operator');
		const welcome = await waitFor(() => welcomeOf(screen), 'the welcome');
		expect(welcome).toMatchObject({
			type: 'welcome',
			screen: 'attach-1',
			role: 'operator',
			journal,
			identity: {title: core.plan.session.title},
		});
		expect(welcome.sites).toHaveLength(15);
		screen.send({type: 'intent', id: 7, intent: {type: 'toggle-item'}});
		await waitFor(() => screen.messages.find(message => message.type === 'outcome'), 'the outcome');
		expect(screen.messages.find(message => message.type === 'outcome')).toEqual({type: 'outcome', id: 7, outcome: {ok: true}});
		const events = screen.messages
			.filter(message => message.type === 'events')
			.flatMap(message => (message as {events: Array<{type: string; by?: string}>}).events);
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
		await attachWith(viewer, 'viewer');
		await waitFor(() => welcomeOf(viewer), 'the viewer welcome');
		const seq = core.meeting.state.seq;
		viewer.send({type: 'intent', id: 1, intent: {type: 'toggle-item'}});
		await waitFor(() => viewer.messages.find(message => message.type === 'outcome'), 'the refusal');
		expect(viewer.messages.find(message => message.type === 'outcome')).toEqual({
			type: 'outcome',
			id: 1,
			outcome: {ok: false, reason: 'viewer: cannot change the meeting', refusal: {code: 'viewer'}},
		});
		expect(core.meeting.state.items[0]!.status).toBe('pending');
		// Link events may land meanwhile; no operator event did.
		expect(core.meeting.state.startedAt).toBeNull();
		expect(core.meeting.state.seq).toBeGreaterThanOrEqual(seq);

		// Two operators press "start" at the same instant: one starts the item, the other pauses it.
		const a = client(file);
		const b = client(file);
		await Promise.all([a, b].map(screen => attachWith(screen, 'operator')));
		await waitFor(() => welcomeOf(a) && welcomeOf(b), 'both welcomes');
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
		flood.send(hello('operator'));
		for (let i = 0; i < 30; i++) flood.send('{"type":"junk"}');
		await waitFor(() => flood.closed(), 'the flooding screen cut off');
		const endless = client(file);
		endless.socket.write('x'.repeat(200 * 1024));
		await waitFor(() => endless.closed(), 'the endless line cut off');
		const stranger = client(file);
		stranger.send(hello('operator', 'diemcau.control.v0'));
		await waitFor(() => stranger.messages[0], 'the refusal');
		expect(stranger.messages[0]).toMatchObject({type: 'refused', code: 'protocol', why: expect.stringContaining(CONTROL_PROTOCOL)});
		// Still serving: a proper screen attaches and acts.
		const feed = await AttachedFeed.open(file, 'operator', {key});
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
		const holder = spawn(
			process.execPath,
			['-e', "require('node:net').createServer().listen(process.argv[1], () => console.log('up'))", stale],
			{stdio: ['ignore', 'pipe', 'inherit']},
		);
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

describe('attach trusts only its own hub', () => {
	it('a screen without the user’s key learns nothing; a viewer that says hello again as an operator gets nothing more', async () => {
		const {file, core, log} = await startCore();
		const stranger = client(file);
		const {challenge} = await attachWith(stranger, 'operator', 'c'.repeat(64));
		await waitFor(() => stranger.closed() || null, 'the keyless screen cut off');
		expect(stranger.messages).toEqual([
			challenge,
			{type: 'refused', code: 'key', why: 'this screen does not hold the control key of the user who runs the hub'},
		]);
		expect(log.some(line => line.includes('does not hold the control key'))).toBe(true);
		const bare = client(file);
		bare.send({type: 'hello', protocol: CONTROL_PROTOCOL, role: 'operator'});
		await waitFor(() => bare.closed() || null, 'the proofless screen cut off');
		expect(bare.messages.map(message => message.type)).toEqual(['refused']);

		const viewer = client(file);
		await attachWith(viewer, 'viewer');
		await waitFor(() => welcomeOf(viewer), 'the viewer welcome');
		viewer.send(hello('operator'));
		viewer.send({type: 'intent', id: 1, intent: {type: 'toggle-item'}});
		await waitFor(() => viewer.messages.find(message => message.type === 'outcome'), 'the refusal');
		expect(viewer.messages.filter(message => message.type === 'welcome')).toHaveLength(1);
		expect(viewer.messages.find(message => message.type === 'outcome')).toMatchObject({outcome: {ok: false, refusal: {code: 'viewer'}}});
		expect(core.meeting.state.startedAt).toBeNull();
	});

	/** What a fake hub hears: a hello's nonce and role, or a proof. */
	type Heard = {type: string; nonce?: string; role?: 'operator' | 'viewer'; proof?: string};

	/**
	 * A fake hub on a socket of this user's: answers every line with `answer` (a challenge keeps
	 * the connection open, anything else ends it); keeps what it was told.
	 */
	async function fakeHub(answer: (heard: Heard, hello: Heard | undefined) => unknown) {
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-fake-'));
		dirs.push(dir);
		const file = path.join(dir, 'hub.sock');
		const heard: string[] = [];
		const server = net.createServer(socket => {
			let said: Heard | undefined;
			socket.on('error', () => undefined);
			socket.on(
				'data',
				lineSplitter(
					1 << 20,
					line => {
						heard.push(line);
						const received = JSON.parse(line) as Heard;
						if (received.type === 'hello') said = received;
						const reply = answer(received, said) as {type?: string};
						if (reply.type === 'challenge') socket.write(`${JSON.stringify(reply)}\n`);
						else socket.end(`${JSON.stringify(reply)}\n`);
					},
					() => undefined,
				),
			);
		});
		await new Promise<void>(resolve => server.listen(file, resolve));
		sockets.push({destroy: () => server.close()} as unknown as net.Socket);
		return {file, heard, dir};
	}

	it('a fake hub’s refusal reaches the terminal sanitised (no ESC, no bidi override), in the screen’s language', async () => {
		const {file} = await fakeHub(() => ({type: 'refused', why: '\u001b]0;pwned\u0007\u001b[2J\u202eevil\u202c hub\nsecond line'}));
		for (const lang of ['en', 'vi'] as const) {
			const error = (await AttachedFeed.open(file, 'operator', {key, lang}).catch((caught: unknown) => caught)) as DiemcauError;
			const said = errorText(error, lang); // as report-error prints it
			expect(said).toContain(
				lang === 'en'
					? 'the hub refused this screen: ]0;pwned[2Jevil hub second line'
					: 'điểm cầu chính từ chối màn hình này: ]0;pwned[2Jevil hub second line',
			);
			expect(said).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
			expect(error.message).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
		}
	});

	it('what is no hub, or a hub of another version, is said in the screen’s language, the hub’s English left out', async () => {
		const {file: foreign} = await fakeHub(() => ({type: 'hello from something else'}));
		const {file: older} = await fakeHub(() => ({
			type: 'refused',
			code: 'protocol',
			why: 'this hub speaks diemcau.control.v2, the screen diemcau.control.v3: use the same diemcau version for both',
		}));
		const said = async (file: string, lang: 'en' | 'vi') =>
			errorText((await AttachedFeed.open(file, 'operator', {key, lang}).catch((caught: unknown) => caught)) as DiemcauError, lang);
		expect(await said(foreign, 'vi')).toContain(
			`${foreign} không phải kênh điều khiển của điểm cầu chính diemcau (nó không dùng giao thức điều khiển của diemcau)`,
		);
		expect(await said(foreign, 'en')).toContain(
			`${foreign} is not a diemcau hub's control channel (it does not speak the diemcau control protocol)`,
		);
		expect(await said(older, 'vi')).toContain(
			'điểm cầu chính từ chối màn hình này: điểm cầu chính và màn hình này dùng hai phiên bản diemcau khác nhau (hãy dùng cùng một phiên bản cho cả hai)',
		);
		expect(await said(older, 'vi')).not.toContain('this hub speaks');
		expect(await said(older, 'en')).toContain('the hub and this screen are different versions of diemcau');
	});

	it('a fake welcome without the hub’s proof is never believed: attach says so and shows none of it', async () => {
		const {file} = await fakeHub(() => ({
			type: 'welcome',
			protocol: CONTROL_PROTOCOL,
			proof: '0'.repeat(64),
			screen: 'x',
			role: 'operator',
			identity: {title: 'FAKE MEETING', date: '2021-11-25'},
			plan: {},
			sites: [],
		}));
		const error = (await AttachedFeed.open(file, 'operator', {key, lang: 'en'}).catch((caught: unknown) => caught)) as Error;
		expect(error.message).toMatch(/answered without this user's control key, so it is not your hub/);
		expect(error.message).not.toContain('FAKE MEETING');
		// One with a proof made by another key (another user's hub): the same.
		const hubNonce = controlNonce();
		const {file: otherUsers} = await fakeHub((received, said) =>
			received.type === 'hello'
				? {type: 'challenge', protocol: CONTROL_PROTOCOL, nonce: hubNonce}
				: {
						type: 'welcome',
						protocol: CONTROL_PROTOCOL,
						proof: controlProof('d'.repeat(64), 'hub', {role: said!.role!, screen: said!.nonce!, hub: hubNonce}),
						screen: 'x',
						role: 'operator',
						identity: {title: 'FAKE', date: '2021-11-25'},
						plan: {},
						sites: [],
					},
		);
		const other = (await AttachedFeed.open(otherUsers, 'operator', {key, lang: 'vi'}).catch((caught: unknown) => caught)) as DiemcauError;
		expect(errorText(other, 'vi')).toMatch(/trả lời mà không có khóa điều khiển của người dùng này/);
	});

	it('a fake hub that replays what the real hub said on an earlier connection is not believed', async () => {
		// A real hub's challenge and welcome, recorded on one connection (the hub's proof is good there).
		const {file: real} = await startCore();
		const recorded = client(real);
		const {hello: said, challenge} = await attachWith(recorded, 'operator');
		const welcome = await waitFor(() => welcomeOf(recorded), 'the real welcome');
		expect(proofMatches(key, 'hub', {role: 'operator', screen: said.nonce, hub: challenge.nonce}, welcome.proof)).toBe(true);
		// Played back to a new screen: the same challenge, the same welcome with its proof.
		const {file: replayer, heard} = await fakeHub(received => (received.type === 'hello' ? challenge : welcome));
		for (const lang of ['en', 'vi'] as const) {
			const error = (await AttachedFeed.open(replayer, 'operator', {key, lang}).catch((caught: unknown) => caught)) as DiemcauError;
			expect(errorText(error, lang)).toMatch(
				lang === 'en'
					? /answered without this user's control key, so it is not your hub/
					: /trả lời mà không có khóa điều khiển của người dùng này/,
			);
		}
		// The screen answered the replayed challenge, but its nonce was fresh, so the replayed proof could not match.
		expect(heard.map(line => (JSON.parse(line) as {type: string}).type)).toEqual(['hello', 'proof', 'hello', 'proof']);
	});

	it('a socket in a folder others may write is refused before a word is said', async () => {
		const {file, heard, dir} = await fakeHub(() => ({type: 'refused', why: 'should never be asked'}));
		chmodSync(dir, 0o777);
		const error = (await AttachedFeed.open(file, 'operator', {key, lang: 'en'}).catch((caught: unknown) => caught)) as Error;
		expect(error.message).toContain(`${dir}, the folder of ${file}, can be written by other users (mode 0777)`);
		expect(heard).toEqual([]);
		// A sticky folder (as /tmp), where no one can replace another's file, is fine.
		chmodSync(dir, 0o1777);
		await expect(AttachedFeed.open(file, 'operator', {key, lang: 'en'})).rejects.toThrow(
			/the hub refused this screen: should never be asked/,
		);
	});

	const root = process.getuid?.() === 0;
	if (!root) console.log('skipped: the foreign-owned socket test needs root (it creates a user with useradd)');
	it.skipIf(!root)('a socket owned by another user is refused before a word is said, in both languages', async () => {
		const user = `dctest${process.pid}`;
		const made = spawnSync('useradd', ['--no-create-home', '--shell', '/usr/sbin/nologin', user]);
		if (made.status !== 0) {
			console.log(`skipped: useradd ${user} failed: ${made.stderr.toString().trim()}`);
			return;
		}
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-foreign-'));
		dirs.push(dir);
		try {
			const uid = Number(spawnSync('id', ['-u', user]).stdout.toString().trim());
			const folder = path.join(dir, 'theirs');
			mkdirSync(folder);
			chownSync(folder, uid, uid);
			chmodSync(dir, 0o755);
			const file = path.join(folder, 'hub.sock');
			// The other user's own process listens there and reports every connection it gets.
			// setpriv execs node itself (no parent left behind), so killing it ends the listener.
			const holder = spawn(
				'setpriv',
				[
					`--reuid=${uid}`,
					`--regid=${uid}`,
					'--clear-groups',
					process.execPath,
					'-e',
					"const s=require('node:net').createServer(c=>{console.log('connection');c.on('data',d=>console.log('heard '+d))}).listen(process.argv[1],()=>console.log('up'))",
					file,
				],
				{stdio: ['ignore', 'pipe', 'inherit']},
			);
			let out = '';
			holder.stdout.on('data', chunk => (out += String(chunk)));
			try {
				await waitFor(() => out.includes('up') || null, 'the other user’s socket');
				expect(statSync(file).uid).toBe(uid);
				const en = (await AttachedFeed.open(file, 'operator', {key, lang: 'en'}).catch((caught: unknown) => caught)) as Error;
				expect(en.message).toBe(
					`${file} belongs to another user (uid ${uid}), not to you: it is not your hub's control socket and attach will not talk to it. Attach as the user who runs the hub, or name your own hub's socket with --control PATH.`,
				);
				const vi = (await AttachedFeed.open(file, 'viewer', {key, lang: 'vi'}).catch((caught: unknown) => caught)) as DiemcauError;
				expect(errorText(vi, 'vi')).toContain(`${file} thuộc về người dùng khác (uid ${uid}), không phải của bạn`);
				expect(out).not.toContain('connection');
			} finally {
				holder.kill('SIGKILL');
				await new Promise(resolve => holder.once('exit', resolve));
			}
		} finally {
			spawnSync('userdel', [user]);
		}
	});
});

describe('the default control channel', () => {
	it('binds for a long title under a deep data folder, and attach finds it from the journal alone', async () => {
		const saved = process.env.XDG_DATA_HOME;
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-deep-'));
		dirs.push(dir);
		process.env.XDG_DATA_HOME = path.join(dir, 'a-rather-long-home-folder-of-the-provincial-office', '.local', 'share');
		try {
			const dataDir = path.join(process.env.XDG_DATA_HOME, 'diemcau-nodejs');
			const journal = path.join(
				dataDir,
				'journals',
				`2026-12-01-${'hoi-nghi-truc-tuyen-hoi-dong-nhan-dan-tinh-quang-ngai'.slice(0, 60)}.jsonl`,
			);
			expect(Buffer.byteLength(journal)).toBeGreaterThan(107);
			const plan = await prepareControl(journal, {});
			expect('paths' in plan).toBe(true);
			const paths = (plan as {paths: string[]}).paths;
			for (const file of paths) expect(Buffer.byteLength(file)).toBeLessThanOrEqual(107);
			expect(statSync(controlKeyFile(dataDir)).mode & 0o777).toBe(0o600);
			const core = await HubCore.open(loadPlan(fixturePlanFile), {journal, thread: false});
			cores.push(core);
			const control = controlAddon(plan, journal, {onProblem: () => undefined});
			core.use(control.addon!);
			await core.start();
			expect(control.addon!.path).toBe(paths[0]);
			expect(statSync(paths[0]!).mode & 0o777).toBe(0o600);
			expect(statSync(path.dirname(paths[0]!)).mode & 0o777).toBe(0o700);
			const feed = await openHub({journal}, 'viewer', 'en');
			expect(feed.identity.title).toBe(core.plan.session.title);
			feed.close();
			// A second hub on the same journal finds the first one's channel answering.
			await expect(prepareControl(journal, {})).rejects.toThrow(/a hub already runs on this journal/);
		} finally {
			if (saved === undefined) delete process.env.XDG_DATA_HOME;
			else process.env.XDG_DATA_HOME = saved;
		}
	});

	it('a hub that cannot bind runs without a channel: its screen and log say so, and attach says the hub runs without one (both languages)', async () => {
		const saved = process.env.XDG_DATA_HOME;
		const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-unbound-'));
		dirs.push(dir);
		process.env.XDG_DATA_HOME = dir;
		try {
			const journal = path.join(dir, 'journal.jsonl');
			const plan = await prepareControl(journal, {});
			const key = (plan as {key: string}).key;
			const problems: ControlProblem[] = [];
			// Every place fails to bind (a folder that does not exist stands for one the system refuses).
			const unbindable = {paths: [path.join(dir, 'missing', 'a.sock')], key, explicit: false};
			const core = await HubCore.open(loadPlan(fixturePlanFile), {journal, thread: false});
			cores.push(core);
			const control = controlAddon(unbindable, journal, {onProblem: problem => problems.push(problem)});
			core.use(control.addon!);
			await core.start();
			expect(problems).toEqual([{code: 'bind', path: path.join(dir, 'missing', 'a.sock'), error: expect.stringMatching(/^E[A-Z]+$/)}]);
			expect(controlWords('vi').screenNotice(problems[0]!)).toBe(
				'không gắn thêm màn hình được: không mở được kênh; dùng --control ĐƯỜNG_DẪN',
			);
			expect(controlWords('en').screenNotice(problems[0]!)).toBe('no other screen can attach: cannot listen; use --control PATH');
			await expect(openHub({journal}, 'operator', 'en')).rejects.toThrow(
				`the hub of this meeting runs (process ${process.pid}) without a control channel, so no screen can attach`,
			);
			const vi = (await openHub({journal}, 'operator', 'vi').catch((caught: unknown) => caught)) as DiemcauError;
			expect(errorText(vi, 'vi')).toMatch(
				/điểm cầu chính của hội nghị này đang chạy \(tiến trình \d+\) nhưng không có kênh điều khiển.*--control ĐƯỜNG_DẪN/,
			);
			control.release();
			await expect(openHub({journal}, 'operator', 'en')).rejects.toThrow(
				/^no hub is running for this meeting \(no control channel at \/tmp\/diemcau-/,
			);
		} finally {
			if (saved === undefined) delete process.env.XDG_DATA_HOME;
			else process.env.XDG_DATA_HOME = saved;
		}
	});
});
