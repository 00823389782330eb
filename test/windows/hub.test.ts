import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {execa} from 'execa';
import {unzipSync} from 'fflate';
import {afterAll, afterEach, describe, expect, it} from 'vitest';
import {BIN, startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {ROOT, runDiemcau, runWindowsNode, wineSetup, winPath, type WineProcess} from './wine.js';

// The hub's commands run by Windows Node (node.exe under Wine) against real Linux agent processes
// on loopback: `status` (WebSocket and the UDP stream), `serve` (probing and journalling),
// `report` to Markdown and Word (the same minutes Linux Node writes from the same journal), and
// `plan check` with its exit code and message.

const wine = wineSetup();
const skip = 'skip' in wine ? wine.skip : undefined;
const setup = 'setup' in wine ? wine.setup : undefined!;

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-win-hub-'));
const agents: StartedAgent[] = [];
const running: WineProcess[] = [];
afterEach(async () => {
	for (const windows of running.splice(0)) await windows.stop();
	await Promise.all(agents.splice(0).map(agent => agent.stop()));
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const probe = {probe: {intervalMs: 300, timeoutMs: 1500, downAfter: 3, upAfter: 1}};
const env = {DIEMCAU_CONFIG_DIR: winPath(path.join(dir, 'config'))};

async function twoLinuxAgents(name: string): Promise<string> {
	const an = await startAgent({site: 'pho-an', token: 'win-hub-an'});
	const chau = await startAgent({site: 'pho-chau', token: 'win-hub-chau'});
	agents.push(an, chau);
	return writePlan(
		path.join(dir, name),
		[
			{id: 'pho-an', name: 'Xã Phổ An', endpoint: an.url, token: 'win-hub-an'},
			{id: 'pho-chau', name: 'Xã Phổ Châu', endpoint: chau.url, token: 'win-hub-chau'},
		],
		probe,
	);
}

async function windowsRun(args: string[]): Promise<{code: number | null; stdout: string; stderr: string}> {
	const windows = runDiemcau(setup, args, {env});
	running.push(windows);
	const code = await windows.exited;
	return {code, stdout: windows.stdout(), stderr: windows.stderr()};
}

describe.skipIf(skip)('the hub on Windows Node (Wine), Linux agents', () => {
	it("status --json: both sites up over WebSocket, the UDP stream measured (udp: ok), the hub's own UDP drops unavailable", async () => {
		const plan = await twoLinuxAgents('status');
		const result = await windowsRun(['status', winPath(plan), '--json', '--count', '5']);
		expect(result.code, result.stderr).toBe(0);
		const document = JSON.parse(result.stdout) as {sites: Array<Record<string, any>>; hubUdpDrops: unknown};
		const sites = document.sites;
		// Windows has no /proc/net/udp: the hub's own drops are unknown, and said so, never 0.
		expect(document.hubUdpDrops).toBe('unavailable');
		expect(sites.map(site => site.id)).toEqual(['pho-an', 'pho-chau']);
		// status probes past --count until each site has its grade (a grade needs its evidence): every probe answered.
		for (const site of sites) {
			expect(site).toMatchObject({state: 'up', udp: 'ok', errorCode: null});
			expect(site.sent).toBeGreaterThanOrEqual(5);
			expect(site.received).toBe(site.sent);
			expect(site.grade).not.toBe('measuring');
		}
	});

	it('serve: probes the Linux agents on its named pipe; a second Windows process attaches and starts the item; a wrong key is refused; Ctrl-C stops it with the journal flushed', async () => {
		const plan = await twoLinuxAgents('serve');
		const journal = path.join(dir, 'serve', 'journal.jsonl');
		const serve = runDiemcau(setup, ['serve', winPath(plan), '--journal', winPath(journal)], {env});
		running.push(serve);
		let pipe = '';
		await serve.waitFor((_, err) => {
			pipe =
				/serving "Test meeting": 2 sites, a new meeting, journal .*, screens attach at (\\\\\.\\pipe\\diemcau-[0-9a-f]{20})\n/.exec(
					err,
				)?.[1] ?? '';
			return pipe !== '';
		}, 'serve names its named pipe');
		const events = () =>
			existsSync(journal)
				? readFileSync(journal, 'utf8')
						.split('\n')
						.filter(Boolean)
						.map(line => JSON.parse(line) as {type: string; site?: string; item?: string})
				: [];
		await serve.waitFor(() => events().filter(event => event.type === 'link-up').length >= 2, 'a link-up for both sites in the journal');
		expect(
			events()
				.filter(event => event.type === 'link-up')
				.map(event => event.site)
				.sort(),
		).toEqual(['pho-an', 'pho-chau']);

		// The screen's side: attach's own lookup and feed, run by Windows Node too (a pipe is
		// reachable only from the Windows processes of the same wineserver).
		const attach = runWindowsNode(
			setup,
			[winPath(path.join(ROOT, 'test/windows/attach-probe.mjs')), winPath(journal), pipe, 'operator', '2'],
			{env},
		);
		running.push(attach);
		expect(await attach.exited, attach.stdout() + attach.stderr()).toBe(0);
		const steps = Object.fromEntries(
			attach
				.stdout()
				.split('\n')
				.filter(Boolean)
				.map(line => {
					const step = JSON.parse(line) as {step: string} & Record<string, any>;
					return [step.step, step];
				}),
		);
		expect(steps.attached).toMatchObject({title: 'Test meeting', up: ['pho-an', 'pho-chau']});
		expect(steps.intent!.outcome).toMatchObject({ok: true});
		await serve.waitFor(() => events().some(event => event.type === 'item-started'), "the operator's intent in the journal");
		expect(
			events()
				.filter(event => /^(session|item)-started$/.test(event.type))
				.map(event => event.type),
		).toEqual(['session-started', 'item-started']);
		expect(steps['wrong key']!.answer).toContain('"refused"');
		expect(steps['wrong key']!.answer).not.toContain('welcome');
		expect(steps['wrong key']!.answer).not.toContain('Test meeting');

		// Ctrl-C: Wine turns SIGINT at the Windows process into a console CTRL_C_EVENT, which Node
		// gives the hub as SIGINT.
		serve.child.kill('SIGINT');
		expect(await serve.exited, serve.stderr()).toBe(0);
		expect(serve.stderr()).toMatch(/SIGINT: stopping\n.*stopped; the journal is flushed: /);
		expect(events().at(-1)!.type).toBe('hub-stopped');
		expect(serve.stderr()).not.toMatch(/unexpected error|at .*\.js:\d+/);

		const md = await windowsRun(['report', winPath(journal), '--lang', 'vi', '--format', 'md']);
		expect(md.code, md.stderr).toBe(0);
		expect(md.stdout).toContain('Test meeting');
		expect(md.stdout).toContain('Xã Phổ Châu');
	});

	it('report: the .md and .docx minutes of a meeting are the ones Linux Node writes from the same journal', async () => {
		const journal = path.join(ROOT, 'fixtures/journals/duc-pho-2021.jsonl');
		const out = path.join(dir, 'report');
		mkdirSync(out, {recursive: true});
		const linuxEnv = {DIEMCAU_CONFIG_DIR: path.join(dir, 'linux-config'), TZ: 'UTC'};
		for (const format of ['md', 'docx']) {
			const windows = await windowsRun(['report', winPath(journal), '--lang', 'vi', '--out', winPath(path.join(out, `windows.${format}`))]);
			expect(windows.code, windows.stderr).toBe(0);
			const linux = await execa('node', [BIN, 'report', journal, '--lang', 'vi', '--out', path.join(out, `linux.${format}`)], {
				reject: false,
				env: linuxEnv,
			});
			expect(linux.exitCode, linux.stderr).toBe(0);
		}
		const windowsMd = readFileSync(path.join(out, 'windows.md'), 'utf8');
		expect(windowsMd).toContain('Hội nghị trực báo');
		expect(windowsMd.replaceAll('\r\n', '\n')).toBe(readFileSync(path.join(out, 'linux.md'), 'utf8'));
		const documentXml = (file: string) => Buffer.from(unzipSync(readFileSync(file))['word/document.xml']!).toString('utf8');
		const windowsDocx = documentXml(path.join(out, 'windows.docx'));
		expect(windowsDocx).toContain('Hội nghị trực báo');
		expect(windowsDocx).toBe(documentXml(path.join(out, 'linux.docx')));
	});

	it('plan check: each problem on its line with what to write, exit 2; a good plan exits 0', async () => {
		const bad = path.join(dir, 'plan-check', 'bad.yaml');
		mkdirSync(path.dirname(bad), {recursive: true});
		writeFileSync(
			bad,
			'version: 1\nsession: {title: "Họp thử", date: 2027-03-02, start: "08:00"}\nhub: {id: h, name: "Hội trường"}\nsites:\n  - id: pho-an\n    endpoint: 10.0.0.5:7701\n',
		);
		const result = await windowsRun(['plan', 'check', winPath(bad)]);
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`Plan ${winPath(bad)} has 3 problem(s):`);
		expect(result.stderr).toContain('sites[0].endpoint: must be a ws:// or wss:// URL like ws://10.0.0.5:7701/probe');
		expect(result.stderr).toContain('agenda: missing — write agenda:');
		expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
		const good = writePlan(path.join(dir, 'plan-check-good'), [{id: 'pho-an', endpoint: 'ws://127.0.0.1:7701/probe', token: 'win-hub-an'}]);
		const ok = await windowsRun(['plan', 'check', winPath(good)]);
		expect(ok.code, ok.stderr + ok.stdout).toBe(0);
	});
});
