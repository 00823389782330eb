import {chmodSync, copyFileSync, existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, it} from 'vitest';
import {writeConsolePlan} from '../helpers/console-plan.js';
import {e2eScope, poll, processesMatching} from './tmux.js';
import {freePort} from '../../src/cli/free-port.js';

// The site console in real terminals: `diemcau serve` is the hub (no terminal), `diemcau attach`
// its operator's screen in one tmux terminal, and two communes' own screens in two more —
// Xã Phổ An dials out (`agent --hub … --console`, Vietnamese by default), Xã Phổ Châu is dialled
// in and runs the bundled one-file agent copied into an empty folder (`--console --lang en`).
// The console's roll-call keys land in the hub's journal (by "site") and on the hub's roll call;
// the item the operator starts, the site's place in the queue and its countdown show on the
// commune's screen.

const BUNDLE = fileURLToPath(new URL('../../dist/diemcau-agent.mjs', import.meta.url));
const {folder, terminal, serve} = e2eScope('diemcau-console-e2e');

type Mark = {site: string; role: number; status: string; reason?: string; by?: string};
const marks = (journal: string): Mark[] =>
	existsSync(journal)
		? readFileSync(journal, 'utf8')
				.trim()
				.split('\n')
				.slice(1)
				.map(line => JSON.parse(line) as Mark & {type: string})
				.filter(event => event.type === 'attendance-marked')
				.map(({site, role, status, reason, by}) => ({site, role, status, ...(reason ? {reason} : {}), ...(by ? {by} : {})}))
		: [];

describe('the site console in a real terminal', () => {
	it('roll-call keys on two communes’ consoles → the hub’s journal (by "site") and its roll call; the operator’s item, the queue and the countdown → the consoles', async () => {
		const dir = folder();
		// Xã Phổ Châu: the one file a commune copies, alone in a folder, dialled in by the hub. It
		// takes any free port (--port 0) and the plan names the port it said it listens on: a port
		// picked free beforehand can be taken by another test's socket before the agent binds it.
		const draft = writeConsolePlan(dir, {listen: '127.0.0.1:0', phoChau: 'ws://127.0.0.1:9/probe'});
		const pc = folder();
		copyFileSync(BUNDLE, path.join(pc, 'diemcau-agent.mjs'));
		copyFileSync(draft.tokenFile('pho-chau'), path.join(pc, 'pho-chau.token'));
		chmodSync(path.join(pc, 'pho-chau.token'), 0o600);
		const chau = await terminal(
			['--site', 'pho-chau', '--port', '0', '--token-file', 'pho-chau.token', '--console', '--lang', 'en'],
			{columns: 80, rows: 24},
			{NODE_PATH: ''},
			{bin: 'diemcau-agent.mjs', cwd: pc},
		);
		const chauUrl = (await poll(
			async () => /listening (ws:\/\/\S+) site=pho-chau/.exec(await chau.mainScreen())?.[1] ?? null,
			found => found !== null,
			'Phổ Châu’s agent to listen',
		).catch(error => {
			throw new Error(`${(error as Error).message}\nthe agent ${chau.postMortem()}`);
		}))!;
		const plan = writeConsolePlan(dir, {listen: '127.0.0.1:0', phoChau: chauUrl});
		const journal = path.join(dir, 'journal.jsonl');
		const hub = serve(plan.file, journal, dir);
		const url = await hub.url();

		// Xã Phổ An: dials out, its console in Vietnamese (LANG is C.UTF-8 in these terminals).
		const an = await terminal(['agent', '--site', 'pho-an', '--hub', url, '--token-file', plan.tokenFile('pho-an'), '--console'], {
			columns: 80,
			rows: 24,
		});

		await an.waitFor(
			screen =>
				screen.includes('Xã Phổ An') && screen.includes('đã kết nối') && screen.includes('Điểm danh: 0/7') && /RTT [\d,]+ms/.test(screen),
			'Phổ An’s console, connected, its link measured',
		);
		await chau.waitFor(
			screen => screen.includes('Xã Phổ Châu') && screen.includes('connected') && screen.includes('Roll call: 0/7'),
			'Phổ Châu’s console (bundled, dialled in)',
		);

		// The roll call, with the hub's keys: space present, l late, b absent with a reason.
		await an.keys(['Space']);
		await an.waitFor(screen => /Chủ tịch HĐND\s+✔ có mặt/.test(screen) && !screen.includes('đang gửi'), 'the first mark confirmed');
		await an.keys(['l']);
		await an.waitFor(screen => /Phó Chủ tịch HĐND\s+◷ muộn/.test(screen), 'the second role late');
		await an.keys(['b']);
		await an.waitFor(screen => screen.includes('Vắng, lý do:'), 'the reason prompt');
		await an.keys(['đi công tác'], true);
		await an.keys(['Enter']);
		await an.waitFor(screen => /Tổ trưởng Tổ đại biểu HĐND thị xã\s+✖ vắng \(đi công tác\)/.test(screen), 'the absence with its reason');
		await chau.keys(['Space']);
		await chau.waitFor(screen => /Chủ tịch HĐND\s+✔ present/.test(screen), 'Phổ Châu’s mark confirmed');
		// serve's log lines come through its pipe after the screens may already show the mark: wait for them.
		await poll(
			hub.log,
			text =>
				/console pho-an opened/.test(text) &&
				/console pho-chau opened/.test(text) &&
				/intent mark-attendance pho-an #1 present from site: journalled/.test(text),
			'serve to log the consoles and the first mark',
		);
		// Each journalled at the hub by the site (and only for the site that sent it).
		expect(marks(journal)).toEqual([
			{site: 'pho-an', role: 0, status: 'present', by: 'site'},
			{site: 'pho-an', role: 1, status: 'late', by: 'site'},
			{site: 'pho-an', role: 2, status: 'absent', reason: 'đi công tác', by: 'site'},
			{site: 'pho-chau', role: 0, status: 'present', by: 'site'},
		]);

		// The hub's own roll call shows them.
		const op = await terminal(['attach', plan.file, '--journal', journal, '--lang', 'en'], {columns: 100, rows: 40});
		await op.waitFor(screen => screen.includes('Xã Phổ An'), 'the operator’s screen');
		await op.keys(['a']);
		const roll = await op.waitFor(screen => /Xã Phổ An\s+Chủ tịch HĐND\s+✔ present/.test(screen), 'the marks on the hub’s roll call');
		expect(roll).toMatch(/Phó Chủ tịch HĐND\s+◷ late/);
		expect(roll).toMatch(/Tổ trưởng Tổ đại biểu HĐND thị xã\s+✖ absent/);
		expect(roll).toMatch(/Xã Phổ Châu\s+Chủ tịch HĐND\s+✔ present · by the site/);
		expect(roll).toMatch(/Xã Phổ An\s+Chủ tịch HĐND\s+✔ present · by the site/);
		// The operator overrides Phổ An's first mark (7 roles of the hub, 7 of Nguyễn Nghiêm above it).
		await op.keys(Array.from({length: 14}, () => 'Down'));
		await op.waitFor(screen => /›Xã Phổ An\s+Chủ tịch HĐND/.test(screen), 'the cursor on Phổ An’s first role');
		await op.keys(['l']);
		await an.waitFor(
			screen => /Chủ tịch HĐND\s+◷ muộn · điểm cầu chính ghi/.test(screen),
			'the override on Phổ An’s console, marked as the hub’s',
		);
		expect(marks(journal).at(-1)).toEqual({site: 'pho-an', role: 0, status: 'late', by: 'attach-1'});
		await op.keys(['Escape']);

		// The operator starts the meeting: the consoles show the item and its timer.
		await op.waitFor(screen => screen.includes('Item 1/5'), 'the main view again');
		await op.keys(['Space']);
		await an.waitFor(
			screen => screen.includes('Mục 1/5: Văn phòng thị xã tuyên bố lý do') && screen.includes('[đang chạy]'),
			'the first item on Phổ An’s console',
		);
		await chau.waitFor(screen => screen.includes('Item 1/5'), 'the first item on Phổ Châu’s console');
		await op.keys(['n']);
		await an.waitFor(screen => screen.includes('Mục 2/5'), 'the second item');
		await op.keys(['n']);
		await an.waitFor(
			screen => screen.includes('Mục 3/5') && screen.includes('Phát biểu sau 1 điểm cầu nữa'),
			'the discussion: Phổ An behind Nguyễn Nghiêm',
		);
		await chau.waitFor(screen => screen.includes('You speak after 2 more sites'), 'Phổ Châu’s place in the queue');
		// The first speaker: Nguyễn Nghiêm has no agent (down), so it is skipped and Phổ An speaks.
		await op.keys(['t']);
		const turn = await an.waitFor(
			screen => screen.includes('ĐẾN LƯỢT ĐIỂM CẦU PHÁT BIỂU') && /còn 5:\d\d/.test(screen),
			'Phổ An’s countdown',
		);
		expect(turn).toMatch(/\/ 6:00/);
		await chau.waitFor(screen => screen.includes('You speak next') && screen.includes('speaking now: Xã Phổ An'), 'Phổ Châu next');

		// q closes the console, never the agent: the site stays up at the hub (and off the console list); Ctrl-C then stops it.
		await an.keys(['q']);
		await an.waitFor(screen => screen.includes('Xã Phổ An: đã đóng màn hình; phần mềm vẫn chạy'), 'the console closed');
		await new Promise(resolve => setTimeout(resolve, 1500)); // a probe or two more
		expect(existsSync(an.exitFile)).toBe(false);
		await op.waitFor(screen => /[●◐○] Xã Phổ An/.test(screen), 'Phổ An still up on the hub’s screen (any grade, not ✖ down)');
		await an.keys(['C-c']);
		await poll(
			() => processesMatching(plan.tokenFile('pho-an')),
			found => found.length === 0,
			'the agent to stop on Ctrl-C',
		);
	}, 120_000);

	it('a wrong token: the console says it is not connected and why, in the agent’s words, and sends nothing', async () => {
		const dir = folder();
		const plan = writeConsolePlan(dir, {listen: '127.0.0.1:0', phoChau: 'ws://127.0.0.1:19/probe'});
		const journal = path.join(dir, 'journal.jsonl');
		const hub = serve(plan.file, journal, dir);
		const url = await hub.url();
		// Phổ Châu's token for Phổ An: the hub refuses the proof.
		const an = await terminal(
			['agent', '--site', 'pho-an', '--hub', url, '--token-file', plan.tokenFile('pho-chau'), '--console', '--lang', 'en'],
			{columns: 80, rows: 24},
		);
		const screen = await an.waitFor(text => text.includes('the hub refused the proof'), 'the reason on the console');
		expect(screen).toMatch(/agent: the hub refused the proof \(wrong token/);
		expect(screen).toMatch(/Hub: . waiting for the hub|Hub: . connection lost/);
		expect(screen).toContain('The roster comes with the hub’s first update'); // nothing to mark, nothing sent
		await an.keys(['Space']);
		// Once the console closes, the agent's held log lines reach its stderr.
		await an.keys(['q']);
		await poll(
			() => readFileSync(path.join(an.dir, 'stderr'), 'utf8'),
			text => /the hub refused the proof/.test(text),
			'the held log lines on stderr',
		);
		// By then a mark sent with space would have reached the hub: its journal (open since serve
		// started) holds none, and its log names no intent.
		expect(existsSync(journal)).toBe(true);
		expect(marks(journal)).toEqual([]);
		expect(hub.log()).not.toMatch(/intent mark-attendance/);
		await an.keys(['C-c']);
		await poll(
			() => processesMatching(plan.tokenFile('pho-chau')),
			found => found.length === 0,
			'the agent to stop on Ctrl-C',
		);
	}, 60_000);

	it('with `diemcau run` as the hub: the mark from the console is on run’s own roll call, and the item it starts on the console', async () => {
		const dir = folder();
		const port = await freePort(); // the plan's hub.listen: where the commune is told to dial
		const plan = writeConsolePlan(dir, {listen: `127.0.0.1:${port}`, phoChau: 'ws://127.0.0.1:19/probe'});
		const journal = path.join(dir, 'journal.jsonl');
		const hub = await terminal(['run', plan.file, '--journal', journal, '--lang', 'en'], {columns: 100, rows: 40});
		await hub.waitFor(screen => screen.includes('Item 1/5'), 'run’s screen');
		const an = await terminal(
			['agent', '--site', 'pho-an', '--hub', `ws://127.0.0.1:${port}/agent`, '--token-file', plan.tokenFile('pho-an'), '--console'],
			{columns: 80, rows: 24},
		);
		await an.waitFor(screen => screen.includes('Điểm danh: 0/7') && screen.includes('đã kết nối'), 'Phổ An’s console');
		await an.keys(['Space']);
		await an.waitFor(screen => /Chủ tịch HĐND\s+✔ có mặt/.test(screen) && !screen.includes('đang gửi'), 'the mark confirmed');
		await hub.keys(['a']);
		await hub.waitFor(screen => /Xã Phổ An\s+Chủ tịch HĐND\s+✔ present · by the site/.test(screen), 'the mark on run’s roll call');
		await hub.keys(['Escape']);
		await hub.waitFor(screen => screen.includes('Item 1/5') && !screen.includes('roll call'), 'run’s main view');
		await hub.keys(['Space']);
		await an.waitFor(screen => screen.includes('Mục 1/5') && screen.includes('[đang chạy]'), 'the item run started, on the console');
		expect(marks(journal)).toEqual([{site: 'pho-an', role: 0, status: 'present', by: 'site'}]);
	}, 90_000);
});
