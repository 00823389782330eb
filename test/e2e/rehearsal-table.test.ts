import {randomBytes} from 'node:crypto';
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {startAgent, type StartedAgent} from '../helpers/agents.js';
import {e2eScope, poll} from './tmux.js';

// The rehearsal's final table in a real terminal of 100 columns: every site on one line of its
// own with its figures whole (no row wrapped into the next), its reasons on indented lines below,
// in Vietnamese, and the directions naming no administrative level. Ten seconds: a verdict needs
// its evidence (five answered probes for RTT and jitter, twenty UDP packets each way for loss).

const scope = e2eScope('diemcau-rehearsal-table');
const agents: StartedAgent[] = [];
afterAll(async () => {
	for (const agent of agents) await agent.stop();
});

const SITES = [
	{id: 'ly-son', name: 'Đặc khu Lý Sơn', kind: 'special-zone', delayMs: 0},
	{id: 'cam-thanh', name: 'Phường Cẩm Thành thuộc tỉnh Quảng Ngãi (điểm cầu phụ)', kind: 'ward', delayMs: 200},
];

describe('the rehearsal’s final table', () => {
	it('fits a 100-column terminal: one line a site, figures whole, reasons below it', async () => {
		const dir = scope.folder();
		mkdirSync(path.join(dir, 'tokens'), {recursive: true});
		const entries: string[] = [];
		for (const site of SITES) {
			const token = randomBytes(32).toString('base64url');
			writeFileSync(path.join(dir, 'tokens', `${site.id}.token`), `${token}\n`, {mode: 0o600});
			const agent = await startAgent({site: site.id, token, delayMs: site.delayMs});
			agents.push(agent);
			entries.push(
				`  - {id: ${site.id}, name: "${site.name}", kind: ${site.kind}, endpoint: "ws://127.0.0.1:${agent.port}/probe", token: {file: tokens/${site.id}.token}}`,
			);
		}
		const plan = path.join(dir, 'tinh.yaml');
		writeFileSync(
			plan,
			`version: 1
session: {title: "Kiểm tra đường truyền", date: 2026-12-06, start: "08:00"}
hub: {id: tinh, name: "Tỉnh Quảng Ngãi", kind: province}
sites:
${entries.join('\n')}
agenda:
  - {id: opening, title: "Khai mạc", minutes: 5}
`,
		);
		const term = await scope.terminal(['rehearse', plan, '--duration', '10s', '--bandwidth', '1s', '--video', '0', '--lang', 'vi'], {
			columns: 100,
			rows: 30,
		});
		await poll(
			() => (existsSync(term.exitFile) ? readFileSync(term.exitFile, 'utf8').trim() : null),
			code => code !== null,
			'the rehearsal to end',
			60_000,
		);
		const screen = await term.screen();
		const lines = screen.split('\n');
		const head = lines.findIndex(line => line.startsWith('ĐIỂM CẦU'));
		expect(head, screen).toBeGreaterThanOrEqual(0);
		for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(100);
		// Each site's row: its verdict and its figures on the same line, the next line either the next
		// row, a reason (indented), or what was left out; never the tail of a wrapped row.
		const body = lines.slice(head + 1).filter(line => line.trim() !== '');
		const rows = body.filter(
			line => !line.startsWith('    ') && !line.startsWith('(') && !/^\d+ điểm cầu:/.test(line) && !line.startsWith('--'),
		);
		expect(rows.map(row => row.slice(0, 14))).toEqual(['Đặc khu Lý Sơn', 'Phường Cẩm Thà']);
		// A long name is cut at a readable width, not to a stub.
		expect(rows[1]).toMatch(/^Phường Cẩm Thành thuộc tỉ/);
		for (const row of rows) expect(row, row).toMatch(/(đạt|cần khắc phục|không đạt) +[\d,]+ +[\d,]+ +[\d,]+ %/);
		// The slow ward's reasons, below its row, with no level named in the directions.
		const slow = body.indexOf(rows[1]!);
		const reasons = body
			.slice(slow + 1)
			.filter(line => line.startsWith('    '))
			.join(' ');
		expect(reasons).toMatch(/độ trễ RTT p95 \d+ ms > 150 ms/);
		expect(screen).not.toMatch(/thị xã/);
		expect(screen).toMatch(/^2 điểm cầu: .* kết luận chung: /m);
	}, 120_000);
});
