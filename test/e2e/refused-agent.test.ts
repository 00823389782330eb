import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {freePort} from '../../src/cli/free-port.js';
import {startAgent, writePlan, type StartedAgent} from '../helpers/agents.js';
import {e2eScope} from './tmux.js';

// A dial-out agent with a wrong token, seen where the operator looks: the dashboard's alert
// line names its address, in the screen's language, in a real terminal.

const {folder, terminal} = e2eScope('diemcau-refused-agent');
const agents: StartedAgent[] = [];
afterEach(async () => {
	await Promise.all(agents.splice(0).map(agent => agent.stop()));
});

describe('a refused dial-out agent on the dashboard', () => {
	it('shows on the alert line with its address, in Vietnamese', async () => {
		const dir = folder();
		const plan = writePlan(path.join(dir, 'plan'), [
			{id: 'pho-an', connect: 'dial-out', token: 'tok-an'},
			{id: 'pho-ninh', connect: 'dial-out', token: 'tok-ninh'},
		]);
		const port = await freePort();
		const hub = await terminal(
			['run', plan, '--journal', path.join(dir, 'journal.jsonl'), '--listen', `127.0.0.1:${port}`, '--lang', 'vi'],
			{columns: 140, rows: 30},
			{XDG_DATA_HOME: path.join(dir, 'data')},
		);
		await hub.waitFor(s => s.includes('pho-an') || s.includes('Site pho-an'), 'the hub screen');
		agents.push(await startAgent({site: 'pho-an', token: 'not-the-token', hub: `ws://127.0.0.1:${port}/agent`}));
		const screen = await hub.waitFor(s => s.includes('bị từ chối'), 'the refusal on the alert line');
		expect(screen).toMatch(/⚠ agent dial-out từ 127\.0\.0\.1:\d+ bị từ chối: token của nó không thuộc điểm cầu dial-out nào/);
		expect(screen).not.toContain('was refused');
	}, 90_000);
});
