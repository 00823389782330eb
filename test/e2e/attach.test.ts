import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse, stringify} from 'yaml';
import {describe, expect, it} from 'vitest';
import {e2eScope, poll, type Terminal} from './tmux.js';
import {loadControlKey} from '../../src/hub/control-channel.js';

// One hub, many screens, in real terminals: `run` in one, `attach --role operator` in a second,
// `attach --role viewer` in a third; `serve` with no terminal at all, killed and restarted
// under an attached screen; and the sockets `attach` must refuse.

const fixture = fileURLToPath(new URL('../../fixtures/duc-pho-2021.yaml', import.meta.url));
const scope = e2eScope('diemcau-attach');
const {folder, terminal, home} = scope;
const serve = (dir: string, journal: string, plan = fixture) => scope.serve(plan, journal, dir);

type Event = {seq: number; type: string; by?: string; item?: string};
const events = (journal: string): Event[] =>
	readFileSync(journal, 'utf8')
		.trim()
		.split('\n')
		.slice(1)
		.map(line => JSON.parse(line) as Event);

const exitOf = (t: Terminal) =>
	poll(
		() => (existsSync(t.exitFile) ? readFileSync(t.exitFile, 'utf8').trim() : null),
		code => code !== null,
		'attach to exit',
	);
const stderrOf = (t: Terminal) => readFileSync(path.join(t.dir, 'stderr'), 'utf8');

describe('one hub, many screens', () => {
	it('run + an operator + a viewer: keys on the operator move every screen and are journalled with it; the viewer is refused', async () => {
		const dir = folder();
		const journal = path.join(dir, 'journal.jsonl');
		const env = {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')};
		const hub = await terminal(['run', fixture, '--journal', journal, '--lang', 'en'], {columns: 100, rows: 30}, env);
		await hub.waitFor(s => s.includes('Item 1/5'), 'the hub screen');
		const operator = await terminal(
			['attach', fixture, '--journal', journal, '--role', 'operator', '--lang', 'vi'],
			{columns: 100, rows: 30},
			env,
		);
		await operator.waitFor(s => s.includes('Mục 1/5'), 'the operator screen, in Vietnamese');
		const viewer = await terminal(['attach', '--journal', journal, '--role', 'viewer', '--lang', 'en'], {columns: 80, rows: 24}, env);
		await viewer.waitFor(s => s.includes('Item 1/5'), 'the viewer screen');

		await operator.keys(['Space']);
		await hub.waitFor(s => s.includes('Item 1/5') && s.includes('[running]'), 'the item running on the hub screen');
		await viewer.waitFor(s => s.includes('[running]'), 'the item running on the viewer');
		await operator.keys(['n']);
		for (const [screen, text] of [
			[hub, 'Item 2/5'],
			[operator, 'Mục 2/5'],
			[viewer, 'Item 2/5'],
		] as const)
			await screen.waitFor(s => s.includes(text), `${text} everywhere`);
		const byOperator = events(journal)
			.filter(event => event.by === 'attach-1')
			.map(event => `${event.type} ${event.item ?? ''}`.trim());
		expect(byOperator).toEqual(['session-started', 'item-started opening', 'item-ended opening', 'item-started topics']);

		// The viewer: n is refused on its own alert line and journals nothing.
		const before = events(journal).filter(event => !event.type.startsWith('link-')).length;
		await viewer.keys(['n']);
		await viewer.waitFor(s => s.includes('viewer: cannot change the meeting'), 'the refusal on the viewer');
		expect(events(journal).filter(event => !event.type.startsWith('link-')).length).toBe(before);
		expect(await hub.screen()).toContain('Item 2/5');
		// Its own view: the roll call on the viewer leaves the other screens where they are.
		await viewer.keys(['a']);
		await viewer.waitFor(s => /Chủ tịch/.test(s) && !s.includes('Item 2/5'), 'the roll call on the viewer');
		expect(await hub.screen()).toContain('Item 2/5');

		// Closing the operator's terminal leaves the hub running; the hub's own keys still act.
		await operator.close();
		await hub.keys(['Space']);
		await hub.waitFor(s => s.includes('[paused]'), 'the hub still running after a screen died');
		await viewer.keys(['Escape']);
		await viewer.waitFor(s => s.includes('Item 2/5') && s.includes('[paused]'), 'the pause on the viewer');
		expect(
			events(journal)
				.filter(event => event.type === 'item-paused')
				.map(event => event.by),
		).toEqual(['local']);
	}, 120_000);

	it('serve with no terminal; SIGKILL under an attached screen, which says so, keeps its frame, and comes back on restart', async () => {
		const dir = folder();
		const journal = path.join(dir, 'journal.jsonl');
		const env = {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')};
		const first = serve(dir, journal);
		await poll(first.log, log => log.includes('screens attach at'), 'serve to listen');
		const screen = await terminal(['attach', fixture, '--journal', journal, '--lang', 'en'], {columns: 100, rows: 30}, env);
		await screen.waitFor(s => s.includes('Item 1/5'), 'the attached screen');
		await screen.keys(['Space']);
		await screen.waitFor(s => s.includes('[running]'), 'the first item running');
		// The screen can show the new state before serve's log line has come through its pipe: wait for it.
		await poll(
			first.log,
			log => /screen attach-1 attached \(operator\)\n(.*\n)*.*intent toggle-item from attach-1: journalled/.test(log),
			'serve to log the intent',
		);

		first.child.kill('SIGKILL');
		const lost = await screen.waitFor(s => s.includes('HUB CORE GONE'), 'the screen to say the core is gone');
		expect(lost).toContain('Item 1/5');
		expect(lost).toContain('[running]');

		const second = serve(dir, journal);
		await screen.waitFor(
			s => s.includes('the hub core is back') && s.includes('[running]'),
			'the screen back on the restarted core',
			30_000,
		);
		await poll(second.log, log => /resumed from \d+ events/.test(log), 'the restarted serve to say it resumed');
		await screen.keys(['n']);
		await screen.waitFor(s => s.includes('Item 2/5'), 'keys act again after the restart');
		second.child.kill('SIGTERM');
		expect((await second.child).exitCode).toBe(0);
		expect(
			events(journal)
				.filter(event => event.type === 'item-started')
				.map(event => event.by),
		).toEqual(['attach-1', 'attach-1']);
	}, 120_000);

	it('attach --view projector: the big clock for the room at 80×24 and 120×40, no site table', async () => {
		const dir = folder();
		const journal = path.join(dir, 'journal.jsonl');
		const env = {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')};
		const hub = serve(dir, journal);
		await poll(hub.log, log => log.includes('screens attach at'), 'serve to listen');
		const operator = await terminal(['attach', fixture, '--journal', journal, '--lang', 'en'], {columns: 100, rows: 30}, env);
		await operator.waitFor(s => s.includes('Item 1/5'), 'the operator screen');
		await operator.keys(['Space']);
		await operator.waitFor(s => s.includes('[running]'), 'the first item running');
		for (const size of [
			{columns: 80, rows: 24},
			{columns: 120, rows: 40},
		]) {
			const room = await terminal(['attach', fixture, '--journal', journal, '--view', 'projector', '--lang', 'vi'], size, env);
			const screen = await room.waitFor(s => s.includes('████') && s.includes('Mục 1/5'), `the projector at ${size.columns}×${size.rows}`);
			expect(screen).toContain('Văn phòng thị xã tuyên bố lý do');
			expect(screen).toMatch(/● đang chạy · còn \d+:\d\d/);
			expect(screen).toMatch(/Phiên \d+:\d\d · Kết thúc dự kiến/);
			expect(screen).not.toContain('RTT');
			const lines = screen.split('\n');
			// No table row (a grade symbol, then a site); sites are named only on the alert line.
			expect(lines.filter(line => /^[›\s][✖●◐○] \S/.test(line))).toEqual([]);
			expect(lines.filter(line => line.includes('█')).length).toBeGreaterThanOrEqual(size.rows >= 40 ? 20 : 10);
			// The projector defaults to a viewer: a key that would change the meeting is refused.
			await room.keys(['n']);
			await room.waitFor(s => s.includes('chỉ xem: không điều khiển được hội nghị'), 'the refusal on the projector');
		}
		expect(await operator.screen()).toContain('Item 1/5');
	}, 120_000);

	it('a long title under a deep data folder: attach PLAN finds the hub with no --control or --journal, in another terminal', async () => {
		const dir = folder();
		// The provincial office's case: the journal's own path is far over the 107 bytes a Unix socket takes.
		const env = {
			DIEMCAU_CONFIG_DIR: path.join(dir, 'config'),
			XDG_DATA_HOME: path.join(dir, 'home', 'van-thu-uy-ban-nhan-dan-tinh', '.local', 'share'),
		};
		const plan = path.join(dir, 'province.yaml');
		const data = parse(readFileSync(fixture, 'utf8')) as {session: {title: string}; sites: Array<{token?: {file: string}}>};
		data.session.title = 'Hội nghị trực tuyến Hội đồng nhân dân tỉnh Quảng Ngãi về kế hoạch phát triển kinh tế - xã hội năm 2026';
		for (const site of data.sites) if (site.token) site.token.file = path.resolve(path.dirname(fixture), site.token.file);
		writeFileSync(plan, stringify(data));
		const hub = await terminal(['run', plan, '--lang', 'vi'], {columns: 100, rows: 30}, env);
		const hubScreen = await hub.waitFor(s => s.includes('Mục 1/5'), 'the hub screen');
		expect(hubScreen).not.toContain('kênh điều khiển');
		expect(hubScreen).not.toContain('control socket');
		const viewer = await terminal(['attach', plan, '--role', 'viewer', '--lang', 'vi'], {columns: 100, rows: 30}, env);
		await viewer.waitFor(s => s.includes('Mục 1/5'), 'the viewer attached with no --control');
		await hub.keys(['Space']);
		await viewer.waitFor(s => s.includes('Mục 1/5') && s.includes('[đang chạy]'), 'the item running on the viewer');
		const journals = readdirSync(path.join(env.XDG_DATA_HOME, 'diemcau-nodejs', 'journals'));
		expect(journals).toHaveLength(1);
		expect(Buffer.byteLength(path.join(env.XDG_DATA_HOME, 'diemcau-nodejs', 'journals', journals[0]!))).toBeGreaterThan(107);
	}, 120_000);

	it('a hub that cannot have a control channel says so on its screen, and attach says the hub runs without one, in Vietnamese', async () => {
		const dir = folder();
		const data = path.join(dir, 'data');
		// The control key's place is taken by a folder: the hub cannot have a key, so no channel.
		mkdirSync(path.join(data, 'diemcau-nodejs', 'control.key'), {recursive: true});
		const journal = path.join(dir, 'journal.jsonl');
		const env = {DIEMCAU_CONFIG_DIR: path.join(dir, 'config'), XDG_DATA_HOME: data};
		const hub = await terminal(['run', fixture, '--journal', journal, '--lang', 'vi'], {columns: 100, rows: 30}, env);
		const screen = await hub.waitFor(
			s => s.includes('Mục 1/5') && s.includes('không gắn thêm màn hình được'),
			'the notice on the hub screen',
		);
		expect(screen).toContain('không gắn thêm màn hình được: khóa điều khiển bị lỗi; xóa control.key rồi chạy lại');
		expect(screen).not.toMatch(/control socket|no screen can attach/);
		const attach = await terminal(['attach', fixture, '--journal', journal, '--lang', 'vi'], {columns: 100, rows: 30}, env);
		expect(await exitOf(attach)).toBe('2');
		const said = stderrOf(attach);
		expect(said).toMatch(
			/điểm cầu chính của hội nghị này đang chạy \(tiến trình \d+\) nhưng không có kênh điều khiển, nên không màn hình nào gắn vào được: tệp khóa điều khiển .*control\.key không phải là một tệp thông thường\. Hãy dừng nó, xóa .*control\.key \(khóa mới sẽ được tạo\) rồi chạy lại\./,
		);
		expect(said).not.toContain('chưa có điểm cầu chính nào chạy');
		// Done as it says: the hub stopped, the faulty key removed, the hub started again; a screen attaches.
		await hub.keys(['q']);
		await poll(() => existsSync(hub.exitFile), Boolean, 'the hub to quit');
		rmSync(path.join(data, 'diemcau-nodejs', 'control.key'), {recursive: true});
		const again = await terminal(['run', fixture, '--journal', journal, '--lang', 'vi'], {columns: 100, rows: 30}, env);
		await again.waitFor(s => s.includes('Mục 1/5'), 'the hub again');
		const viewer = await terminal(
			['attach', fixture, '--journal', journal, '--role', 'viewer', '--lang', 'en'],
			{columns: 100, rows: 30},
			env,
		);
		await viewer.waitFor(s => s.includes('Item 1/5'), 'the viewer attached');
		expect(await again.screen()).not.toContain('không gắn thêm màn hình được');
	}, 120_000);

	it('refuses what is no hub, a hub of another meeting, and a hub that is not running, saying what to do', async () => {
		const dir = folder();
		const env = {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')};
		const attach = async (args: string[]) => {
			const t = await terminal(['attach', ...args], {columns: 100, rows: 30}, env);
			return {code: await exitOf(t), stderr: stderrOf(t)};
		};
		// A hub has run as this user here (so there is a control key): what is at the path is the trouble.
		expect(loadControlKey({create: true, dataDir: path.join(home().XDG_DATA_HOME!, 'diemcau-nodejs')})).toHaveProperty('key');
		const plain = path.join(dir, 'plain.sock');
		writeFileSync(plain, 'not a socket');
		expect(await attach(['--control', plain])).toMatchObject({code: '2', stderr: expect.stringContaining('is not a socket')});
		expect(await attach(['--control', path.join(dir, 'none.sock')])).toMatchObject({
			code: '2',
			stderr: expect.stringContaining('no hub is running for this meeting'),
		});

		// A socket that speaks something else.
		const foreign = path.join(dir, 'foreign.sock');
		const server = net.createServer(socket => socket.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
		await new Promise<void>(resolve => server.listen(foreign, resolve));
		try {
			expect(await attach(['--control', foreign])).toMatchObject({
				code: '2',
				stderr: expect.stringContaining("is not a diemcau hub's control channel"),
			});
		} finally {
			server.close();
		}

		// A hub of another meeting (same sites, another title) on that journal.
		const other = path.join(dir, 'other.yaml');
		const data = parse(readFileSync(fixture, 'utf8')) as {session: {title: string}; sites: Array<{token?: {file: string}}>};
		data.session.title = 'Một hội nghị khác';
		for (const site of data.sites) if (site.token) site.token.file = path.resolve(path.dirname(fixture), site.token.file);
		writeFileSync(other, stringify(data));
		const journal = path.join(dir, 'other.jsonl');
		const hub = serve(dir, journal, other);
		await poll(hub.log, log => log.includes('screens attach at'), 'the other hub');
		const result = await attach([fixture, '--journal', journal]);
		expect(result.code).toBe('2');
		expect(result.stderr).toContain('runs another meeting ("Một hội nghị khác"');
		expect(result.stderr).not.toMatch(/at .*\.js:\d+/);
	}, 120_000);
});
