import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {openDashboard} from './setup.js';

describe('site table', () => {
	it('lists the worst sites first: down, then poor, then fair, then good', async () => {
		const {ui} = await openDashboard({columns: 120, rows: 40});
		const frame = await ui.waitFor(f => f.includes('Xã Phổ Châu'));
		const order = ['Xã Phổ Châu', 'Phường Phổ Ninh', 'Xã Phổ Khánh', 'Phường Phổ Hòa', 'Phường Nguyễn Nghiêm'].map(name =>
			frame.indexOf(name),
		);
		expect(order.every(index => index >= 0)).toBe(true);
		expect([...order].sort((a, b) => a - b)).toEqual(order);
		// Grades read without colour: each row carries its symbol.
		expect(frame).toMatch(/✖ Xã Phổ Châu/);
		expect(frame).toMatch(/○ Phường Phổ Ninh/);
		expect(frame).toMatch(/◐ Phường Phổ Hòa/);
		expect(frame).toMatch(/● Phường Nguyễn Nghiêm/);
	});

	it('shows a site without the evidence for a grade as measuring, its missing figures as "…", never good', async () => {
		// Five probes: RTT and jitter measured, loss not yet (20 probes without a UDP stream).
		const {ui} = await openDashboard({columns: 120, rows: 40, samples: 5});
		const frame = await ui.waitFor(f => f.includes('Phường Nguyễn Nghiêm'));
		const row = frame.split('\n').find(line => line.includes('Phường Nguyễn Nghiêm'))!;
		expect(row).toMatch(/◌ Phường Nguyễn Nghiêm +\S+ +\S+ +… +… /);
		expect(frame).not.toMatch(/● /);
		// The header counts the measuring sites apart: ◌ and their number.
		expect(frame).toMatch(/●0 ◐0 ○\d+ ✖\d+ ◌\d+/);
	});

	it('at 120×40 shows all 15 sites, no "+N more"', async () => {
		const {ui} = await openDashboard({columns: 120, rows: 40});
		const frame = await ui.waitFor(f => f.includes('Xã Phổ Thuận'));
		for (const name of ['Phường Nguyễn Nghiêm', 'Phường Phổ Vinh', 'Xã Phổ An', 'Xã Phổ Thuận', 'Xã Phổ Cường'])
			expect(frame).toContain(name);
		expect(frame).not.toMatch(/\+\d+ more/);
	});

	it('at 80×24 windows the rows with "+N more", keeps the agenda panel, and no line is wider than 80', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24});
		const frame = await ui.waitFor(f => f.includes('more'));
		const lines = frame.split('\n');
		expect(lines.length).toBeLessThanOrEqual(24);
		for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
		const rows = lines.filter(line => /^[ ›♪][●◐○✖…] /.test(line));
		expect(rows.length).toBeGreaterThan(5);
		expect(frame).toContain(`+${15 - rows.length} more`);
		expect(frame).toContain('Item 1/5');
		expect(frame).toMatch(/space start\/pause/);
		// However narrow, the key line keeps the way to help and out.
		expect(lines.at(-1)).toMatch(/\? help +q quit$/);
	});

	it('moves the selection with ↓ and scrolls the window past the last visible row', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24});
		await ui.waitFor(f => f.includes('more'));
		const selected = () => ui.lines().find(line => line.startsWith('›')) ?? '';
		expect(selected()).toContain('Xã Phổ Châu');
		await ui.press('down');
		await ui.waitFor(() => selected().includes('Phường Phổ Ninh'), 'the second site selected');
		for (let i = 0; i < 13; i++) await ui.press('down');
		// The last site in worst-first order is now selected and visible; rows above are counted.
		await ui.waitFor(() => selected().includes('Xã Phổ Thuận'), 'the last site selected');
		expect(ui.frame()).toMatch(/\+\d+ more \(↑\d+ ↓0\)/);
	});

	it('re-lays out on resize: from 80×24 to 120×40 every site shows', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24});
		await ui.waitFor(f => f.includes('more'));
		ui.stdout.resize(120, 40);
		const frame = await ui.waitFor(f => !/\+\d+ more/.test(f) && f.includes('Xã Phổ Thuận'), 'every site after the resize');
		for (const line of frame.split('\n')) expect(stringWidth(line)).toBeLessThanOrEqual(120);
	});

	it('speaks Vietnamese with --lang vi and keeps the columns at 80', async () => {
		const {ui} = await openDashboard({columns: 80, rows: 24, lang: 'vi'});
		const frame = await ui.waitFor(f => f.includes('Điểm cầu'));
		expect(frame).toContain('điểm nữa');
		for (const line of frame.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
	});
});

describe('NO_COLOR', () => {
	it('draws no colour at all, and the grades still differ by symbol', async () => {
		const {render} = await import('../helpers/render.js');
		const React = await import('react');
		const {App} = await import('../../components/App.js');
		const {themeFor} = await import('../../components/theme.js');
		const {ui, store} = await openDashboard({columns: 100, rows: 30});
		await ui.waitFor(f => f.includes('Xã Phổ Châu'));
		const plain = await render(React.createElement(App, {source: store, onEffect: () => undefined, theme: themeFor({NO_COLOR: '1'})}), {
			columns: 100,
			rows: 30,
		});
		await plain.waitFor(f => f.includes('Xã Phổ Châu'));
		expect(plain.stdout.frames.at(-1)).not.toMatch(/\u001B\[3[0-9]m|\u001B\[9[0-7]m/);
		for (const symbol of ['✖ Xã Phổ Châu', '○ Phường Phổ Ninh', '◐ Phường Phổ Hòa', '● Phường Nguyễn Nghiêm'])
			expect(plain.frame()).toContain(symbol);
		// Every colour token is dropped with NO_COLOR (the test terminal shows no colour either way).
		const tokens = (theme: ReturnType<typeof themeFor>) => [
			...Object.values(theme.grade),
			...Object.values(theme.bar),
			theme.text.alert,
			theme.text.title,
		];
		expect(tokens(themeFor({NO_COLOR: '1'})).every(color => color === undefined)).toBe(true);
		expect(tokens(themeFor({})).every(color => typeof color === 'string')).toBe(true);
		expect(themeFor({NO_COLOR: ''}).color).toBe(true);
	});
});

describe('site table behind another view', () => {
	it('back on the main view, shows what changed while the roll call, a detail or the agenda showed', async () => {
		const {ui, links} = await openDashboard({columns: 120, rows: 40});
		await ui.waitFor(f => /● Xã Phổ An/.test(f), 'Xã Phổ An good');
		let down = 1; // Xã Phổ Châu, dead from the start
		for (const [key, title, site] of [
			['a', 'Attendance roll call', 'pho-an'],
			['g', 'Agenda: planned vs actual', 'pho-thuan'],
			['enter', 'Probes sent / answered', 'pho-cuong'],
		] as const) {
			await ui.press(key);
			await ui.waitFor(f => f.includes(title), title);
			// The site stops answering while the table is out of sight: three probes and it is down.
			links.kill(site);
			links.feed(4);
			down++;
			await ui.waitFor(f => new RegExp(`✖${down}(?!\\d)`).test(f) && f.includes(title), `the header counting ${down} down, over ${title}`);
			await ui.press('escape');
			const name = {'pho-an': 'Xã Phổ An', 'pho-thuan': 'Xã Phổ Thuận', 'pho-cuong': 'Xã Phổ Cường'}[site];
			const frame = await ui.waitFor(f => f.includes('start/pause') && !f.includes(title), 'the main view');
			expect(frame.split('\n').find(line => line.includes(name))).toMatch(new RegExp(`^[ ›]✖ ${name} `));
		}
	});
});
