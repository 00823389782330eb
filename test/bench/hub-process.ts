// A hub in its own process, so its CPU, RSS and event-loop delay are its own. Prints one JSON line.
//   hub:  node --import tsx test/bench/hub-process.ts hub PLAN [--thread] [--metrics] [--dashboard [--render full|short|incremental]] [--settle S] [--warmup S] [--window S] [--total S] [--journal F]
// --settle S: before the warm-up, wait (at most S seconds) until 95 % of the sites' UDP streams
// read "ok", so the window measures the stream running, not the hub still dialling.
// --render: full = the frame as tall as the terminal (Ink clears and rewrites the whole screen every
// frame); short = one row shorter (Ink rewrites its own lines); incremental = short + Ink's
// incrementalRendering (only the lines that changed). Default: what the dashboard does.
//   bare: node --import tsx test/bench/hub-process.ts bare URL COUNT [--warmup S] [--window S]
// hub = the real Monitor on PLAN (+ Meeting journal + DashboardStore + Ink App drawing into a fake
// 120x40 terminal at <= 10 frames/s with --dashboard). bare = a plain `ws` client holding COUNT
// sockets to URL and sending one JSON ping a second on each: the floor to compare with.
import {spawn} from 'node:child_process';
import {EventEmitter} from 'node:events';
import {parseArgs} from 'node:util';
import {monitorEventLoopDelay, performance} from 'node:perf_hooks';
import WebSocket from 'ws';
import {loadPlan} from '../../src/plan/plan-file.js';
import {boundHeapGrowth} from '../../src/cli/heap-growth.js';
import {niceAll} from './lib.js';
import {Monitor} from '../../src/hub/monitor.js';
import type {ProbeEvent} from '../../probes/prober.js';

const {values, positionals} = parseArgs({
	allowPositionals: true,
	options: {
		dashboard: {type: 'boolean'},
		metrics: {type: 'boolean'},
		thread: {type: 'boolean'},
		'udp-budget': {type: 'string'},
		'scrape-blocks': {type: 'string'},
		block: {type: 'string'},
		render: {type: 'string'},
		settle: {type: 'string'},
		warmup: {type: 'string'},
		window: {type: 'string'},
		total: {type: 'string'},
		journal: {type: 'string'},
	},
});
// As `diemcau run` and `serve` do (src/commands/cli.ts); BENCH_HEAP_GROWTH=0 leaves V8's default, to compare.
if (process.env.BENCH_HEAP_GROWTH !== '0') boundHeapGrowth();
const warmupS = Number(values.warmup ?? 15);
const windowS = Number(values.window ?? 30);
const totalS = Math.max(warmupS + windowS, Number(values.total ?? 0));
const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const pct = (values_: number[], q: number) => {
	if (values_.length === 0) return null;
	const sorted = Float64Array.from(values_).sort();
	return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};
const round = (value: number | null, digits = 3) => (value === null || !Number.isFinite(value) ? null : Number(value.toFixed(digits)));

/** CPU, loop delay and RSS over the measuring window, then RSS every 5 s until `totalS` (the soak). */
async function measure(extra: {windowStart?: () => void; probes?: () => number}) {
	await sleep(warmupS * 1000);
	const histogram = monitorEventLoopDelay({resolution: 10});
	histogram.enable();
	extra.windowStart?.();
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const probes0 = extra.probes?.() ?? 0;
	const rss: number[] = [];
	// What the RSS is made of, at its largest: V8's heap (live + garbage not yet collected), memory
	// outside it (Buffers, ArrayBuffers), and the rest (code, the worker's isolate, malloc arenas).
	const peak = {heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0};
	const soak: Array<{s: number; rssMb: number; heapMb: number}> = [];
	const sampler = setInterval(() => {
		const memory = process.memoryUsage();
		rss.push(memory.rss);
		for (const key of ['heapTotal', 'heapUsed', 'external', 'arrayBuffers'] as const) peak[key] = Math.max(peak[key], memory[key]);
		soak.push({
			s: Math.round((performance.now() - t0) / 1000),
			rssMb: round(memory.rss / 2 ** 20, 1)!,
			heapMb: round(memory.heapUsed / 2 ** 20, 1)!,
		});
	}, 1000);
	// BENCH_HEAP_SAMPLE=FILE: V8's sampling heap profiler over the window, objects collected by
	// either GC included, so the file (a .heapprofile for DevTools) shows where the garbage is made.
	const heapSample = process.env.BENCH_HEAP_SAMPLE;
	let session: import('node:inspector').Session | null = null;
	if (heapSample) {
		const {Session} = await import('node:inspector');
		session = new Session();
		session.connect();
		const post = (method: string, params: object = {}) =>
			new Promise<unknown>((resolve, reject) =>
				session!.post(method, params, (error, result) => (error ? reject(error) : resolve(result))),
			);
		await post('HeapProfiler.enable');
		await post('HeapProfiler.startSampling', {
			samplingInterval: 32768,
			includeObjectsCollectedByMajorGC: true,
			includeObjectsCollectedByMinorGC: true,
		});
	}
	await sleep(windowS * 1000);
	if (session && heapSample) {
		const result = await new Promise<{profile: unknown}>((resolve, reject) =>
			session!.post('HeapProfiler.stopSampling', (error, value) => (error ? reject(error) : resolve(value as {profile: unknown}))),
		);
		(await import('node:fs')).writeFileSync(heapSample, JSON.stringify(result.profile));
		session.disconnect();
	}
	const cpu = process.cpuUsage(cpu0);
	const wallS = (performance.now() - t0) / 1000;
	const probes = (extra.probes?.() ?? 0) - probes0;
	histogram.disable();
	const window = {
		wallS: round(wallS, 1),
		cpuPct: round(((cpu.user + cpu.system) / 1e6 / wallS) * 100, 1),
		cpuSeconds: round((cpu.user + cpu.system) / 1e6, 3),
		userPct: round((cpu.user / 1e6 / wallS) * 100, 1),
		systemPct: round((cpu.system / 1e6 / wallS) * 100, 1),
		probes,
		rssMbMax: round(Math.max(...rss) / 2 ** 20, 1),
		memoryMbMax: Object.fromEntries(Object.entries(peak).map(([key, bytes]) => [key, round(bytes / 2 ** 20, 1)])),
		// monitorEventLoopDelay counts its own 10 ms sampling interval in every value.
		loopDelayP99Ms: round(histogram.percentile(99) / 1e6 - 10, 2),
		loopDelayMaxMs: round(histogram.max / 1e6 - 10, 2),
	};
	// Soak: with --expose-gc, the live heap (after a forced full GC) at the start and at the end of
	// the soak tells a leak from a lazy collector; only two, so the RSS series stays natural.
	const live: Array<{s: number; liveMb: number}> = [];
	const forceGc = (globalThis as {gc?: () => void}).gc;
	const liveNow = () => {
		forceGc!();
		live.push({s: Math.round((performance.now() - t0) / 1000), liveMb: round(process.memoryUsage().heapUsed / 2 ** 20, 1)!});
	};
	if (forceGc) liveNow();
	await sleep(Math.max(0, (totalS - warmupS - windowS) * 1000));
	clearInterval(sampler);
	if (forceGc) liveNow();
	const thinned = soak.filter((_, i) => i % 5 === 0 || i === soak.length - 1);
	return {window, soak: thinned, live};
}

async function bare(url: string, count: number) {
	const sockets: WebSocket[] = [];
	let answers = 0;
	for (let i = 0; i < count; i += 100) {
		await Promise.all(
			Array.from({length: Math.min(100, count - i)}, () => {
				const ws = new WebSocket(url, {perMessageDeflate: false, maxPayload: 64 * 1024});
				sockets.push(ws);
				ws.on('message', data => {
					JSON.parse(data.toString());
					answers++;
				});
				return new Promise(resolve => ws.once('open', resolve));
			}),
		);
	}
	let seq = 0;
	const timers = sockets.map((ws, i) =>
		setTimeout(
			() => {
				const send = () => ws.send(JSON.stringify({type: 'ping', seq: ++seq, t0: performance.now()}));
				send();
				timers[i] = setInterval(send, 1000);
			},
			(i * 1000) / count,
		),
	);
	const result = await measure({probes: () => seq});
	for (const timer of timers) clearInterval(timer);
	for (const ws of sockets) ws.terminate();
	return {mode: 'bare', sockets: count, answers, ...result};
}

async function hub(planFile: string) {
	const loaded = loadPlan(planFile);
	const {plan} = loaded;
	const intervalMs = plan.probe.intervalMs;
	const endpoints = new Map(plan.sites.map((site, i) => [new URL(site.endpoint!).href, (i * intervalMs) / plan.sites.length]));
	let measuring = false;
	let origin = 0;
	// Send-time error: the prober does not expose it, so every ping frame is timed on its way into
	// ws and compared with its slot on the prober's grid (origin + phase of the site + k·interval).
	const sendErrors: number[] = [];
	const send = WebSocket.prototype.send;
	WebSocket.prototype.send = function (this: WebSocket, data: unknown, ...rest: unknown[]) {
		if (measuring && typeof data === 'string' && data.startsWith('{"type":"ping"')) {
			const phase = endpoints.get(this.url);
			if (phase !== undefined) {
				let error = (performance.now() - origin - phase) % intervalMs;
				if (error > intervalMs - 50) error -= intervalMs; // the prober may fire up to 1 ms early
				sendErrors.push(error);
			}
		}
		return (send as (...args: unknown[]) => void).call(this, data, ...rest);
	} as typeof send;
	// RTT of answered probes, by site group (the site id before its first "-"): a uniform
	// reservoir of at most 100,000 a group, so a 30-minute soak does not measure our own list
	// (2,000 sites × 1,800 s of doubles would add ~30 MB of live heap).
	const RESERVOIR = 100_000;
	const rtts = new Map<string, number[]>();
	const seen = new Map<string, number>();
	let lost = 0;
	let stalled = 0;
	const handle = (Monitor.prototype as unknown as {handle: (event: ProbeEvent) => void}).handle;
	(Monitor.prototype as unknown as {handle: (event: ProbeEvent) => void}).handle = function (this: Monitor, event: ProbeEvent) {
		if (measuring && event.type === 'sample') {
			if (event.rttMs === null) lost++;
			else {
				if (event.stalled) stalled++;
				const group = event.site.slice(0, event.site.indexOf('-'));
				let list = rtts.get(group);
				if (!list) rtts.set(group, (list = []));
				const n = (seen.get(group) ?? 0) + 1;
				seen.set(group, n);
				if (list.length < RESERVOIR) list.push(event.rttMs);
				else {
					const slot = Math.floor(Math.random() * n);
					if (slot < RESERVOIR) list[slot] = event.rttMs;
				}
			}
		}
		handle.call(this, event);
	};

	// As `diemcau run` does (src/commands/run.ts runDashboard): with the dashboard, probes go
	// from a worker thread; the store refreshes link figures 10 times a second, 4 above 500
	// sites; Ink's own cap is 30 frames a second. Without it, the plain Prober on this thread.
	// --thread: the worker thread without a dashboard, as `diemcau serve` runs.
	// --udp-budget N: the UDP stream's budget (packets a second in all), to measure a rate the hub would lower.
	const budget = values['udp-budget'] ? {udpBudgetPps: Number(values['udp-budget'])} : {};
	const monitor = Monitor.fromPlan(loaded, {...(values.dashboard || values.thread ? {thread: true} : {}), ...budget});
	let meeting: import('../../src/hub/meeting.js').Meeting | null = null;
	let stop = async () => {};
	const journalMs: number[] = [];
	if (values.dashboard) {
		const [{Meeting}, {DashboardStore}, {default: React}, {render}, {App}, {themeFor}, {shareInkFrameCaches}] = await Promise.all([
			import('../../src/hub/meeting.js'),
			import('../../src/dashboard/store.js'),
			import('react'),
			import('ink'),
			import('../../components/App.js'),
			import('../../components/theme.js'),
			import('../../src/commands/ink-frame-caches.js'),
		]);
		// As the dashboard's screen does (src/commands/dashboard-screen.ts); BENCH_INK_CACHES=0 draws as Ink alone, to compare.
		if (process.env.BENCH_INK_CACHES !== '0') await shareInkFrameCaches();
		meeting = (await Meeting.open(loaded, {journal: values.journal!, fresh: true})).meeting;
		const current = meeting;
		monitor.onChange(change => current.recordLink(change));
		const store = new DashboardStore({
			plan,
			links: monitor,
			meeting,
			wallClock: () => current.now(),
			maxFps: plan.sites.length > 500 ? 4 : 10,
		});
		const mode = values.render ?? 'short'; // what `diemcau run` draws
		// "full": the App lays out for 41 rows (a 40-row frame), then Ink is told the terminal has
		// 40 (no resize event): the frame is as tall as the terminal, as it was before the layout
		// left a row free.
		const stdout = Object.assign(new EventEmitter(), {columns: 120, rows: mode === 'full' ? 41 : 40, isTTY: true, bytes: 0, frames: 0});
		(stdout as unknown as {write: (text: string) => boolean}).write = text => {
			stdout.frames++;
			stdout.bytes += Buffer.byteLength(text);
			return true;
		};
		const stdin = Object.assign(new EventEmitter(), {
			isTTY: true,
			setRawMode() {},
			setEncoding() {},
			ref() {},
			unref() {},
			read: () => null,
			resume() {},
			pause() {},
		});
		store.start();
		const instance = render(
			React.createElement(App, {source: store, onEffect: () => undefined, lang: 'en', theme: themeFor({}), stats: true}),
			{
				stdout: stdout as never,
				stdin: stdin as never,
				patchConsole: false,
				exitOnCtrlC: false,
				maxFps: 30,
				incrementalRendering: mode === 'incremental',
			},
		);
		if (mode === 'full') setTimeout(() => Object.assign(stdout, {rows: 40}), 100);
		// An operator event every 2 s, timed until it is datasynced (journal durability under load).
		const operator = setInterval(() => {
			const started = performance.now();
			void current.intent({type: 'note', text: 'bench'}).then(() => {
				if (measuring) journalMs.push(performance.now() - started);
			});
		}, 2000);
		stop = async () => {
			clearInterval(operator);
			instance.unmount();
			store.stop();
		};
		Object.assign(hubExtra, {frames: () => stdout.frames, bytes: () => stdout.bytes, render: mode});
	}
	monitor.start();
	const settleStarted = performance.now();
	const settleMaxS = Number(values.settle ?? 0);
	while (performance.now() - settleStarted < settleMaxS * 1000) {
		const ok = monitor.sites().filter(site => site.link.udp === 'ok').length;
		if (ok >= plan.sites.length * 0.95) break;
		await sleep(1000);
	}
	const settledS = round((performance.now() - settleStarted) / 1000, 1);
	// --metrics: /metrics served from this process and scraped once a second by another process;
	// each scrape's collection and formatting time (exposition()) is timed here.
	const scrapeMs: number[] = [];
	let scrapeBytes = 0;
	let scraper: ReturnType<typeof spawn> | null = null;
	if (values.metrics) {
		const [{HubMetrics}, {serveMetrics}] = await Promise.all([
			import('../../src/hub/metrics.js'),
			import('../../src/hub/metrics-server.js'),
		]);
		const metrics = new HubMetrics({hubId: plan.hub.id, links: monitor, ...(meeting ? {meeting} : {})});
		metrics.start();
		const timed = {
			contentType: metrics.contentType,
			async exposition() {
				const started = performance.now();
				const body = await metrics.exposition();
				if (measuring) scrapeMs.push(performance.now() - started);
				scrapeBytes = body.length;
				return body;
			},
			release: (body: Buffer) => metrics.release(body),
		};
		const server = await serveMetrics({host: '127.0.0.1', port: 0}, timed);
		scraper = spawn(
			process.execPath,
			['-e', `setInterval(() => fetch(${JSON.stringify(server.url)}).then(r => r.arrayBuffer()).catch(() => {}), 1000)`],
			{stdio: 'ignore'},
		);
		// BENCH_NICE_OTHERS=1: the scraper stands for a Prometheus on another machine (test/bench/lib.ts niceAll).
		if (process.env.BENCH_NICE_OTHERS === '1' && scraper.pid) setTimeout(() => niceAll(scraper!.pid!), 500);
		const previous = stop;
		stop = async () => {
			scraper?.kill('SIGCONT');
			scraper?.kill();
			metrics.stop();
			await server.close();
			await previous();
		};
	}
	// The grid is reachable only when the Prober runs on this thread; in the worker, the prober's
	// own send-lateness p99 (over ~10 s windows) is read every 2 s instead.
	origin = (monitor.prober as unknown as {ctx?: {originAt: number}}).ctx?.originAt ?? Number.NaN;
	const proberLate: number[] = [];
	const proberLoop: number[] = [];
	const statsTimer = setInterval(() => {
		if (!measuring) return;
		const stats = monitor.prober.stats() as {loopDelayP99Ms: number; sendLateP99Ms?: number};
		proberLoop.push(stats.loopDelayP99Ms);
		if (stats.sendLateP99Ms !== undefined) proberLate.push(stats.sendLateP99Ms);
	}, 2000);
	// --scrape-blocks N (with --metrics): after the warm-up, N blocks of --block S seconds, the
	// scraper paused (SIGSTOP) in even blocks and scraping once a second in odd ones, so the two
	// conditions alternate on the same hub, the same agents and the same minute of the machine.
	// Each block: the prober's send-lateness p99 and its loop-delay p99 as the prober reports them
	// (p99 over its last ~10 s), read every second; only readings from 11 s into the block on
	// (their window lies inside the block), the block's figure the worst of those.
	if (values['scrape-blocks'] && scraper) {
		const blocks = Number(values['scrape-blocks']);
		const blockS = Math.max(14, Number(values.block ?? 24));
		await sleep(warmupS * 1000);
		const out: Array<{
			scraped: boolean;
			sendLateP99Ms: number;
			loopDelayP99Ms: number;
			scrapes: number;
			scrapeP50Ms: number | null;
			up: number;
		}> = [];
		for (let b = 0; b < blocks; b++) {
			const scraped = b % 2 === 1;
			scraper.kill(scraped ? 'SIGCONT' : 'SIGSTOP');
			scrapeMs.length = 0;
			measuring = scraped;
			const readings: Array<{late: number; loop: number}> = [];
			for (let t = 1; t <= blockS; t++) {
				await sleep(1000);
				const stats = monitor.prober.stats();
				if (t >= 11) readings.push({late: stats.sendLateP99Ms, loop: stats.loopDelayP99Ms});
			}
			out.push({
				scraped,
				sendLateP99Ms: Math.max(...readings.map(r => r.late)),
				loopDelayP99Ms: Math.max(...readings.map(r => r.loop)),
				scrapes: scrapeMs.length,
				scrapeP50Ms: round(pct(scrapeMs, 0.5)),
				up: monitor.sites().filter(site => site.link.state === 'up').length,
			});
		}
		measuring = false;
		await stop();
		await monitor.stop();
		return {mode: 'scrape-blocks', sites: plan.sites.length, blockS, blocks: out};
	}
	let frames0 = 0;
	let bytes0 = 0;
	// The UDP test stream over the window: packets each way from the sites' running totals.
	const udpTotals = () => {
		const sum = {upSent: 0, upLost: 0, downSent: 0, downLost: 0};
		for (const site of monitor.sites()) for (const key of Object.keys(sum) as Array<keyof typeof sum>) sum[key] += site.link.udpTotals[key];
		return sum;
	};
	let udp0 = udpTotals();
	// The hub's own socket drops (the kernel's count at its UDP sockets) over the window.
	let ownDrops0 = 0;
	const result = await measure({
		windowStart: () => {
			measuring = true;
			frames0 = hubExtra.frames();
			bytes0 = hubExtra.bytes();
			udp0 = udpTotals();
			ownDrops0 = monitor.prober.stats().udpReceiveDrops;
		},
		probes: () => monitor.prober.stats().probesSent,
	});
	measuring = false;
	clearInterval(statsTimer);
	const frames = hubExtra.frames() - frames0;
	const bytes = hubExtra.bytes() - bytes0;
	const proberStats = monitor.prober.stats();
	const sites = monitor.sites();
	const udp1 = udpTotals();
	const ownDrops = monitor.prober.stats().udpReceiveDrops - ownDrops0;
	const udpStates: Record<string, number> = {};
	for (const site of sites) udpStates[site.link.udp] = (udpStates[site.link.udp] ?? 0) + 1;
	const udpUp = udp1.upSent - udp0.upSent;
	const udpDown = udp1.downSent - udp0.downSent;
	await stop();
	await monitor.stop();
	await meeting?.close();
	const groups = Object.fromEntries(
		[...rtts].map(([group, list]) => [
			group,
			{n: seen.get(group) ?? list.length, p50: round(pct(list, 0.5)), p95: round(pct(list, 0.95)), p99: round(pct(list, 0.99))},
		]),
	);
	return {
		mode: values.dashboard ? 'hub+dashboard' : 'hub',
		sites: plan.sites.length,
		settledS,
		up: sites.filter(site => site.link.state === 'up').length,
		...result,
		sendErrorMs:
			sendErrors.length > 0
				? {
						source: 'grid',
						n: sendErrors.length,
						p50: round(pct(sendErrors, 0.5)),
						p99: round(pct(sendErrors, 0.99)),
						max: round(pct(sendErrors, 1)),
					}
				: {
						source: 'prober',
						n: proberLate.length,
						p50: round(pct(proberLate, 0.5)),
						p99: round(pct(proberLate, 1)),
						max: round(pct(proberLate, 1)),
					},
		proberLoopDelayMs: {p50: round(pct(proberLoop, 0.5)), max: round(pct(proberLoop, 1))},
		rttMs: groups,
		lost,
		stalled,
		proberLoopDelayP99Ms: proberStats.loopDelayP99Ms,
		framesPerSec: round(frames / windowS, 1),
		udp: {
			rate: plan.probe.udpRate,
			states: udpStates,
			packetsPerSec: round((udpUp + udpDown) / windowS, 1),
			ownDrops,
			// The rate a site the hub ran at the window's end: the plan's, unless it lowered it on its own drops.
			ratePps: monitor.prober.stats().udp?.ratePps ?? null,
			upLossPct: udpUp > 0 ? round(((udp1.upLost - udp0.upLost) / udpUp) * 100, 2) : null,
			downLossPct: udpDown > 0 ? round(((udp1.downLost - udp0.downLost) / udpDown) * 100, 2) : null,
		},
		...(values.metrics
			? {
					scrapeMs: {n: scrapeMs.length, p50: round(pct(scrapeMs, 0.5)), p99: round(pct(scrapeMs, 0.99)), max: round(pct(scrapeMs, 1))},
					scrapeBytes,
				}
			: {}),
		...(hubExtra.render ? {render: hubExtra.render, terminalBytesPerSec: Math.round(bytes / windowS)} : {}),
		journalMs: {n: journalMs.length, p50: round(pct(journalMs, 0.5)), p99: round(pct(journalMs, 0.99)), max: round(pct(journalMs, 1))},
	};
}

const hubExtra: {frames: () => number; bytes: () => number; render?: string} = {frames: () => 0, bytes: () => 0};
const [mode, first, second] = positionals;
const out = mode === 'bare' ? await bare(first!, Number(second)) : await hub(first!);
process.stdout.write(`${JSON.stringify(out)}\n`);
process.exit(0);
