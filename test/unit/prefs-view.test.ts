import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {PrefsStore} from '../../src/dashboard/prefs.js';

const dir = mkdtempSync(path.join(tmpdir(), 'diemcau-prefs-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('the remembered view', () => {
	it('is kept per plan: a new plan opens on the main view', () => {
		const prefs = new PrefsStore({cwd: dir});
		expect(prefs.viewFor('/plans/a.yaml')).toBe('main');
		prefs.setView('/plans/a.yaml', 'agenda');
		prefs.setView('/plans/b.yaml', 'attendance');
		const again = new PrefsStore({cwd: dir});
		expect(again.viewFor('/plans/a.yaml')).toBe('agenda');
		expect(again.viewFor('/plans/b.yaml')).toBe('attendance');
		expect(again.viewFor('/plans/new.yaml')).toBe('main');
	});
});
