import {describe, expect, it} from 'vitest';
import {SiteDetail} from '../../components/SiteDetail.js';
import {UiContextValue} from '../../components/context.js';
import {themeFor} from '../../components/theme.js';
import {strings} from '../../src/i18n/strings.js';
import {render} from '../helpers/render.js';
import {openDashboard} from './setup.js';

// Where the hub cannot read its own UDP drops (Windows: no /proc/net/udp), the site's detail view
// says so beside the packet loss, in the screen's language; where it can (Linux), no such row.

describe("the detail view and the hub's own UDP drops", () => {
	it('unreadable: a row says "not available on this system" in both languages; readable: no row', async () => {
		const {store} = await openDashboard({columns: 120, rows: 40});
		const snapshot = store.getSnapshot();
		const row = snapshot.sites.find(entry => entry.id === 'pho-an')!;
		const info = store.siteInfo('pho-an')!;
		// This Linux machine reads /proc/net/udp: the screen knows the hub's drops.
		expect(info.hubDropsReadable).toBe(true);
		const site = {...row, history: row.history, udp: 'ok' as const, packetLossPct: {up: 0, down: 1.5}, udpJitterMs: {up: 1, down: 2}};
		const draw = async (lang: 'vi' | 'en', hubDropsReadable: boolean) => {
			const out = await render(
				<UiContextValue.Provider value={{lang, t: strings(lang), theme: themeFor({})}}>
					<SiteDetail site={site} info={{...info, hubDropsReadable}} roll={[]} width={100} lines={30} sparkMaxMs={300} />
				</UiContextValue.Provider>,
				{columns: 100, rows: 30},
			);
			return out.frame();
		};
		const en = await draw('en', false);
		expect(en).toMatch(/Own UDP drops +not available on this system \(↓ may include them\)/);
		const vi = await draw('vi', false);
		expect(vi).toMatch(/Gói UDP rơi tại máy này +không đọc được trên hệ thống này \(chiều ↓ có thể gồm cả số gói này\)/);
		const known = await draw('en', true);
		expect(known).toContain('1.5%');
		expect(known).not.toContain('Own UDP drops');
	});
});
