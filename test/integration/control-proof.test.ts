import {existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import net from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa, type ResultPromise} from 'execa';
import {afterAll, describe, expect, it} from 'vitest';
import {errorText, type DiemcauError} from '../../src/cli/errors.js';
import {
	CONTROL_PROTOCOL,
	controlNonce,
	controlProof,
	lineSplitter,
	proofMatches,
	type ServerMessage,
} from '../../src/hub/control-protocol.js';
import {AttachedFeed} from '../../src/dashboard/attached-feed.js';
import {BIN} from '../helpers/agents.js';
import {isolatedDataDir, isolatedEnv} from '../helpers/isolated-env.js';
import {fixturePlanFile} from '../helpers/session.js';
import {waitFor} from '../helpers/wait.js';

// The control channel's proof against a real `serve` process: a screen gets the meeting only by
// answering this connection's fresh challenge with the user's key. The right key is let in (and
// the hub's own proof checks out), another key is refused, and a screen that replays a proof
// recorded on an earlier connection is refused too: its challenge was another.

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-control-proof-'));
const file = path.join(dir, 'control.sock');
let serve: ResultPromise | null = null;
let log = '';
const sockets: net.Socket[] = [];
afterAll(async () => {
	for (const socket of sockets) socket.destroy();
	if (serve) {
		serve.kill('SIGTERM');
		await serve;
	}
	rmSync(dir, {recursive: true, force: true});
});

/** A raw screen on the hub's socket: every message it got, and its lines as sent. */
function screen() {
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
	const send = (value: unknown) => socket.write(`${JSON.stringify(value)}\n`);
	const challenge = () =>
		waitFor(
			() => messages.find(message => message.type === 'challenge') as Extract<ServerMessage, {type: 'challenge'}> | undefined,
			'the challenge',
		);
	return {messages, send, challenge, closed: () => closed};
}

describe('the control channel’s proof, against a real hub', () => {
	it('lets in the right key, refuses another key and a proof replayed from an earlier connection', async () => {
		serve = execa('node', [BIN, 'serve', fixturePlanFile, '--journal', path.join(dir, 'journal.jsonl'), '--control', file], {
			reject: false,
			stdin: 'ignore',
			env: isolatedEnv(dir),
		});
		serve.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
		await waitFor(() => (/ serving "/.test(log) && existsSync(file)) || null, 'serve to listen on its control socket', 30_000);
		const key = readFileSync(path.join(isolatedDataDir(dir), 'control.key'), 'utf8').trim();

		// The right key: a challenge, then the welcome, whose proof answers this screen's nonce.
		const first = screen();
		const hello = {type: 'hello', protocol: CONTROL_PROTOCOL, role: 'operator', nonce: controlNonce()};
		first.send(hello);
		const challenge = await first.challenge();
		expect(challenge.nonce).toMatch(/^[0-9a-f]{32}$/);
		const exchange = {role: 'operator' as const, screen: hello.nonce, hub: challenge.nonce};
		const proof = {type: 'proof', proof: controlProof(key, 'screen', exchange)};
		first.send(proof);
		const welcome = await waitFor(
			() => first.messages.find(message => message.type === 'welcome') as Extract<ServerMessage, {type: 'welcome'}> | undefined,
			'the welcome',
		);
		expect(welcome.identity.title).toMatch(/^Hội nghị trực báo/);
		expect(proofMatches(key, 'hub', exchange, welcome.proof)).toBe(true);

		// The same hello and proof on a new connection (as a listener on the first could have recorded them): refused.
		const replay = screen();
		replay.send(hello);
		const fresh = await replay.challenge();
		expect(fresh.nonce).not.toBe(challenge.nonce);
		replay.send(proof);
		await waitFor(() => replay.closed() || null, 'the replaying screen cut off');
		expect(replay.messages.map(message => message.type)).toEqual(['challenge', 'refused']);
		expect(replay.messages[1]).toMatchObject({type: 'refused', code: 'key'});

		// Sent blindly, without waiting for the challenge: the same.
		const blind = screen();
		blind.send(hello);
		blind.send(proof);
		await waitFor(() => blind.closed() || null, 'the blind replay cut off');
		expect(blind.messages.map(message => message.type)).toEqual(['challenge', 'refused']);

		// Another key (another user's): refused, nothing of the meeting.
		const stranger = screen();
		const strangerHello = {type: 'hello', protocol: CONTROL_PROTOCOL, role: 'viewer', nonce: controlNonce()};
		stranger.send(strangerHello);
		const theirs = await stranger.challenge();
		stranger.send({
			type: 'proof',
			proof: controlProof('e'.repeat(64), 'screen', {role: 'viewer', screen: strangerHello.nonce, hub: theirs.nonce}),
		});
		await waitFor(() => stranger.closed() || null, 'the keyless screen cut off');
		expect(stranger.messages.map(message => message.type)).toEqual(['challenge', 'refused']);

		// `attach`'s own connection with the right key gets the meeting; with another key, it is told why in its language.
		const feed = await AttachedFeed.open(file, 'viewer', {key});
		expect(feed.identity.title).toBe(welcome.identity.title);
		feed.close();
		for (const lang of ['en', 'vi'] as const) {
			const error = (await AttachedFeed.open(file, 'viewer', {key: 'e'.repeat(64), lang}).catch(
				(caught: unknown) => caught,
			)) as DiemcauError;
			expect(errorText(error, lang)).toContain(
				lang === 'en'
					? 'the hub refused this screen: this screen does not hold the control key of the user who runs the hub'
					: 'điểm cầu chính từ chối màn hình này: màn hình này không có khóa điều khiển của người dùng đang chạy điểm cầu chính',
			);
		}

		// serve's log: the two screens let in, and the five refused.
		await waitFor(() => (log.match(/does not hold the control key/g)?.length ?? 0) >= 5 || null, 'five refusals in the log');
		expect(log).toMatch(/screen attach-1 attached \(operator\)/);
		expect(log).toMatch(/screen attach-2 attached \(viewer\)/);
		expect(log).not.toMatch(/attach-3/);
	}, 60_000);
});
