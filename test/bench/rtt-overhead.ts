// The probe's own overhead on loopback, measured side by side in one run:
// the RTT the diemcau agent probe reports vs a raw TCP echo of the same payload size vs a bare
// WebSocket ping/pong. Every server runs in its own process, as an agent would.
// Run: node --import tsx test/bench/rtt-overhead.ts
import {spawn, type ChildProcess} from 'node:child_process';
import net from 'node:net';
import {fileURLToPath} from 'node:url';
import WebSocket from 'ws';
import {Prober} from '../../probes/prober.js';
import {encodePing} from '../../probes/protocol.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLES = 400;
const GAP_MS = 20; // same pacing for all three, so CPU frequency and timer effects are alike

const ECHO_SERVER = `
import net from 'node:net';
const server = net.createServer(socket => { socket.setNoDelay(true); socket.pipe(socket); socket.on('error', () => {}); });
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));`;
const WS_SERVER = `
import {WebSocketServer} from 'ws';
const wss = new WebSocketServer({host: '127.0.0.1', port: 0, perMessageDeflate: false});
wss.on('listening', () => console.log('listening ' + wss.address().port));
wss.on('connection', ws => ws.on('error', () => {}));`;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Start a child process and wait for the port (or URL) it prints on its "listening" line. */
function child(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{proc: ChildProcess; word: string}> {
	const proc = spawn(process.execPath, args, {cwd: ROOT, env: {...process.env, ...env}, stdio: ['ignore', 'pipe', 'inherit']});
	return new Promise((resolve, reject) => {
		let out = '';
		proc.stdout!.on('data', chunk => {
			out += chunk;
			const match = /listening (\S+)/.exec(out);
			if (match) resolve({proc, word: match[1]});
		});
		proc.once('exit', code => reject(new Error(`server exited early (${code})`)));
	});
}

async function agentProbe(): Promise<number[]> {
	const {proc, word: url} = await child(['--import', 'tsx', 'src/bin.ts', 'agent', '--site', 'bench', '--port', '0'], {
		DIEMCAU_TOKEN: 'bench-token',
	});
	const rtts: number[] = [];
	const prober = new Prober(
		[{id: 'bench', endpoint: url, mode: 'agent', token: 'bench-token'}],
		{intervalMs: GAP_MS, timeoutMs: 1000},
		event => {
			if (event.type === 'sample' && event.rttMs !== null && !event.stalled) rtts.push(event.rttMs);
		},
	);
	prober.start();
	while (rtts.length < SAMPLES + 20) await sleep(50);
	await prober.stop();
	proc.kill('SIGTERM');
	return rtts.slice(20); // drop the warm-up
}

async function tcpEcho(size: number): Promise<number[]> {
	const {proc, word: port} = await child(['--input-type=module', '-e', ECHO_SERVER]);
	const socket = net.connect(Number(port), '127.0.0.1');
	socket.setNoDelay(true);
	await new Promise(resolve => socket.once('connect', resolve));
	const payload = Buffer.alloc(size, 'x');
	const rtts: number[] = [];
	for (let i = 0; i < SAMPLES + 20; i++) {
		const t0 = performance.now();
		await new Promise<void>(resolve => {
			let got = 0;
			const onData = (chunk: Buffer) => {
				got += chunk.length;
				if (got >= size) {
					socket.off('data', onData);
					resolve();
				}
			};
			socket.on('data', onData);
			socket.write(payload);
		});
		if (i >= 20) rtts.push(performance.now() - t0);
		await sleep(GAP_MS);
	}
	socket.destroy();
	proc.kill('SIGTERM');
	return rtts;
}

async function wsPing(): Promise<number[]> {
	const {proc, word: port} = await child(['--input-type=module', '-e', WS_SERVER]);
	const ws = new WebSocket(`ws://127.0.0.1:${port}/`, {perMessageDeflate: false});
	await new Promise(resolve => ws.once('open', resolve));
	const rtts: number[] = [];
	const payload = Buffer.alloc(8);
	for (let i = 0; i < SAMPLES + 20; i++) {
		const t0 = performance.now();
		await new Promise(resolve => {
			ws.once('pong', resolve);
			ws.ping(payload);
		});
		if (i >= 20) rtts.push(performance.now() - t0);
		await sleep(GAP_MS);
	}
	ws.terminate();
	proc.kill('SIGTERM');
	return rtts;
}

/** Median RTT of the three ways to ask "are you there" on loopback, measured in one run. */
export async function benchRttOverhead(): Promise<{rows: Array<{name: string; medianMs: number}>}> {
	const pingSize = Buffer.byteLength(encodePing(123, 12_345.678_901));
	const agent = median(await agentProbe());
	const tcp = median(await tcpEcho(pingSize));
	const ws = median(await wsPing());
	return {
		rows: [
			{name: 'diemcau agent probe (reported RTT)', medianMs: agent},
			{name: `raw TCP echo (${pingSize} bytes)`, medianMs: tcp},
			{name: 'bare ws ping/pong', medianMs: ws},
		],
	};
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
	const {rows} = await benchRttOverhead();
	const tcp = rows[1].medianMs;
	const width = Math.max(...rows.map(row => row.name.length));
	console.log(`RTT on loopback, median of ${SAMPLES} samples each, one every ${GAP_MS} ms (node ${process.version})`);
	for (const row of rows) {
		console.log(`${row.name.padEnd(width)}  ${row.medianMs.toFixed(3).padStart(7)} ms  ×${(row.medianMs / tcp).toFixed(2)} of TCP`);
	}
}
