import {randomBytes} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {e2eScope, poll} from './tmux.js';

// A province hub after the 2025 reform, in real terminals: a special zone that dials out with its
// console open, a ward dialled in, `serve` with an operator, a viewer and the room's projector at
// 60×15 attached. The projector names the speaker first; every screen shows one projected end in
// Vietnamese words; after the end the projector and header say when it ended and count nothing;
// the special zone's console calls its link "của đặc khu", never "của xã".

const scope = e2eScope('diemcau-province');
const {folder, terminal} = scope;
const agents: StartedAgent[] = [];
afterAll(async () => {
	for (const agent of agents) await agent.stop();
});

const TOKENS = {'ly-son': randomBytes(32).toString('base64url'), 'cam-thanh': randomBytes(32).toString('base64url')};

function today(): string {
	const now = new Date();
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

function writePlan(dir: string, camThanhPort: number): string {
	mkdirSync(path.join(dir, 'tokens'), {recursive: true});
	for (const [id, token] of Object.entries(TOKENS)) writeFileSync(path.join(dir, 'tokens', `${id}.token`), `${token}\n`, {mode: 0o600});
	const file = path.join(dir, 'tinh.yaml');
	writeFileSync(
		file,
		`version: 1
session: {title: "Giao ban trực tuyến", date: ${today()}, start: "08:00"}
hub: {id: tinh, name: "Tỉnh Quảng Ngãi", kind: province, listen: "127.0.0.1:0"}
sites:
  - id: ly-son
    name: "Đặc khu Lý Sơn"
    kind: special-zone
    connect: dial-out
    token: {file: tokens/ly-son.token}
    roster: [{role: "Chủ tịch HĐND"}, {role: "Phó Chủ tịch HĐND"}]
  - id: cam-thanh
    name: "Phường Cẩm Thành"
    kind: ward
    endpoint: ws://127.0.0.1:${camThanhPort}/probe
    token: {file: tokens/cam-thanh.token}
    roster: [{role: "Chủ tịch HĐND"}]
agenda:
  - {id: opening, title: "Khai mạc", minutes: 5}
  - {id: discussion, title: "Thảo luận", minutes: 30, speakers: {perSpeakerMinutes: 6}}
`,
	);
	return file;
}

describe('a province hub’s screens', () => {
	it('projector at 60×15, one projected end everywhere, the end shown as an end, the special zone’s console in its own words', async () => {
		const dir = folder();
		const camThanh = await startAgent({site: 'cam-thanh', token: TOKENS['cam-thanh'], simulate: 'good'});
		agents.push(camThanh);
		const plan = writePlan(dir, camThanh.port);
		const journal = path.join(dir, 'journal.jsonl');
		const env = {DIEMCAU_CONFIG_DIR: path.join(dir, 'config')};
		const hub = scope.serve(plan, journal, dir);
		const url = await hub.url();
		const lySon = await terminal(
			['agent', '--site', 'ly-son', '--hub', url, '--token-file', path.join(dir, 'tokens', 'ly-son.token'), '--console', '--lang', 'vi'],
			{columns: 80, rows: 24},
		);
		const consoleScreen = await lySon.waitFor(s => s.includes('Đường truyền của'), 'the special zone’s console');
		expect(consoleScreen).toContain('Đường truyền của đặc khu, điểm cầu chính đo được');
		expect(consoleScreen).not.toContain('của xã');

		const operator = await terminal(['attach', plan, '--journal', journal, '--lang', 'vi'], {columns: 100, rows: 30}, env);
		await operator.waitFor(
			s =>
				s.includes('Mục 1/2') &&
				s.includes('Đặc khu Lý Sơn') &&
				s.includes('Phường Cẩm Thành') &&
				/✖0/.test(s) &&
				!/[?…]\d/.test(s.split('\n')[1] ?? ''),
			'both sites up on the operator screen',
		);
		const viewer = await terminal(
			['attach', plan, '--journal', journal, '--role', 'viewer', '--lang', 'vi'],
			{columns: 100, rows: 30},
			env,
		);
		const viewerScreen = await viewer.waitFor(s => s.includes('Mục 1/2'), 'the viewer screen');
		// The viewer's key line offers only what it may do.
		const viewerKeys = viewerScreen.split('\n').find(line => line.includes('q thoát')) ?? '';
		expect(viewerKeys).toContain('? trợ giúp');
		expect(viewerKeys).not.toMatch(/bắt đầu\/dừng|n tiếp/);

		await operator.keys(['Space']);
		await operator.waitFor(s => s.includes('[đang chạy]'), 'the first item running');
		await operator.keys(['n']);
		await operator.waitFor(s => s.includes('Mục 2/2'), 'the discussion');
		await operator.keys(['t']);
		await operator.waitFor(s => /Phát biểu: . Đặc khu Lý Sơn/.test(s), 'the first speaker on the operator screen');
		const room = await terminal(
			['attach', plan, '--journal', journal, '--view', 'projector', '--lang', 'vi'],
			{columns: 60, rows: 15},
			env,
		);
		const small = await room.waitFor(s => s.includes('Phát biểu: Đặc khu Lý Sơn'), 'the speaker on the 60×15 projector');
		const lines = small.split('\n');
		expect(lines.find(line => line.includes('Phát biểu: '))).toMatch(/Phát biểu: Đặc khu Lý Sơn {2}● \d+:\d\d/);
		// The next site on its own line, never with the speaker's time beside it.
		expect(lines.find(line => line.includes('Tiếp theo: '))?.trim()).toBe('Tiếp theo: Phường Cẩm Thành');
		for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
		// One projected end on every screen, in Vietnamese words ("phút"), never "m".
		const ends = (screen: string) => /Ước tính (\d\d:\d\d) \(([^)]+)\)/.exec(screen)?.slice(1).join(' ') ?? null;
		const agreed = await poll(
			async () => [ends(await operator.screen()), ends(await room.screen()), ends(await viewer.screen())],
			([a, b, c]) => a !== null && a === b && b === c,
			'the same projected end on the operator, the projector and the viewer',
		);
		expect(agreed[0]).toMatch(/^\d\d:\d\d (±0 phút|[+-]\d+ (phút|giờ|ngày))$/);
		// The special zone's console is told the same item and its place on the floor.
		await lySon.waitFor(s => s.includes('Mục 2/2'), 'the discussion on the console');

		await operator.keys(['e']);
		await operator.waitFor(s => s.includes('(y/n)'), 'the end question');
		await operator.keys(['y']);
		const ended = await room.waitFor(s => s.includes('Hội nghị đã kết thúc lúc'), 'the end on the projector');
		expect(ended).toMatch(/Hội nghị đã kết thúc lúc \d\d:\d\d/);
		expect(ended).not.toMatch(/đang chạy|còn \d+:\d\d|Ước tính|Tiếp theo|Phát biểu/);
		const header = await operator.waitFor(s => s.includes('Kết thúc lúc'), 'the end on the operator header');
		expect(header).not.toContain('Ước tính');
		expect(header).not.toMatch(/^Tiếp: /m);
	}, 150_000);
});
