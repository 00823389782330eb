import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, it, vi} from 'vitest';
import {DeferredPrefs, PrefsStore} from '../../src/dashboard/prefs.js';

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

describe("a screen's preferences", () => {
	it('are not written on the key that changes them: the last of a burst is written once keys go quiet, or when the screen closes', () => {
		const cwd = mkdtempSync(path.join(dir, 'later-'));
		const later = new DeferredPrefs(new PrefsStore({cwd}));
		later.setView('/plans/a.yaml', 'attendance');
		later.setView('/plans/a.yaml', 'agenda');
		later.setSort('name');
		// Not yet on disk: a key only notes the change.
		expect(new PrefsStore({cwd}).viewFor('/plans/a.yaml')).toBe('main');
		expect(new PrefsStore({cwd}).get().sort).toBeUndefined();
		later.flush();
		expect(new PrefsStore({cwd}).viewFor('/plans/a.yaml')).toBe('agenda');
		expect(new PrefsStore({cwd}).get().sort).toBe('name');
	});

	it('are written by themselves a moment after the last change', async () => {
		const cwd = mkdtempSync(path.join(dir, 'quiet-'));
		const later = new DeferredPrefs(new PrefsStore({cwd}), 20);
		later.setView('/plans/b.yaml', 'attendance');
		await vi.waitFor(() => expect(new PrefsStore({cwd}).viewFor('/plans/b.yaml')).toBe('attendance'), {timeout: 5000, interval: 20});
	});
});
