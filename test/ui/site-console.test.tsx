import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {SiteConsoleScreen} from '../../components/SiteConsoleScreen.js';
import {pickConsoleLang, type Lang} from '../../src/i18n/strings.js';
import {themeFor} from '../../components/theme.js';
import type {ConsoleCheckinMessage, ConsoleLink, ConsoleOpenMessage} from '../../probes/console-protocol.js';
import {endSession, markAttendance, nextItem, nextSpeaker, toggleItem} from '../../src/model/meeting/intents.js';
import {initialSession, type SessionState} from '../../src/model/meeting/session.js';
import {siteStateFor} from '../../src/model/meeting/site-state.js';
import {SiteConsoleClient} from '../../probes/site-console-client.js';
import {consoleViewSource} from '../../src/commands/site-console-screen.js';
import {render} from '../helpers/render.js';
import {REFUSAL_EXAMPLES, wordRefusal} from '../../src/i18n/refusal-words.js';
import {CHECKIN_REFUSALS} from '../../src/model/meeting/console-state.js';
import {apply, fixturePlan, MIN, SEC, T0} from '../helpers/session.js';

// Xã Phổ An's own screen, wired to the real client and view source; the test plays the hub by
// sending the very `state` frames the hub's builder makes from a real session, and acks.

const LINK: ConsoleLink = {grade: 'good', rttMs: 42, lossPct: {up: 0, down: 1.2}, probeLossPct: 0, lastHeardMs: 400, udp: 'ok'};
const D = T0 + 30 * MIN;

function discussion(): SessionState {
	let session = initialSession(fixturePlan());
	session = apply(session, toggleItem(session), T0);
	session = apply(session, nextItem(session), T0 + 10 * MIN);
	return apply(session, nextItem(session), D);
}

/** A console for pho-an at console time `clock.now`, with what it sends to the hub. */
async function openConsole(options: {lang?: Lang; columns?: number; rows?: number; connected?: boolean; noColor?: boolean} = {}) {
	const clock = {now: 1000};
	const sent: ConsoleCheckinMessage[] = [];
	const notices: ConsoleOpenMessage[] = [];
	let quits = 0;
	const send = (message: ConsoleCheckinMessage | ConsoleOpenMessage) => (
		message.type === 'console' ? notices.push(message) : sent.push(message), true
	);
	const client = new SiteConsoleClient({site: {id: 'pho-an', name: 'Xã Phổ An'}, clock: () => clock.now, send});
	if (options.connected !== false) client.connected('203.0.113.7:7700');
	const source = consoleViewSource(client, {tickMs: 3_600_000});
	let seq = 0;
	const hub = {
		/** The hub's state of `session` at session time `at`, arriving now. */
		state(session: SessionState, at: number, link = LINK) {
			client.receive(JSON.parse(JSON.stringify(siteStateFor(session, 'pho-an', link, ++seq, at))));
		},
		ack(message: ConsoleCheckinMessage, ok = true, reason = '', refusal?: object) {
			client.receive(
				ok
					? {type: 'checkin-ack', id: message.id, ok: true, role: message.role, status: message.status}
					: {type: 'checkin-ack', id: message.id, ok: false, reason, ...(refusal ? {refusal} : {})},
			);
		},
	};
	const theme = themeFor(options.noColor ? {NO_COLOR: '1'} : {});
	const screen = await render(
		<SiteConsoleScreen
			source={source}
			lang={options.lang ?? 'vi'}
			theme={theme}
			onIntent={intent => (intent.type === 'quit' ? quits++ : client.dispatch(intent))}
		/>,
		{
			columns: options.columns ?? 80,
			rows: options.rows ?? 24,
		},
	);
	return {screen, client, hub, sent, notices, clock, quits: () => quits};
}

const fits = (frame: string, columns: number, rows: number) => {
	const lines = frame.split('\n');
	// One row short of the terminal: a frame as tall as it makes Ink clear the screen at every update.
	expect(lines.length).toBeLessThan(rows);
	for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
};

describe('the site console (Vietnamese by default)', () => {
	it('before any news: waiting for the hub, no roster yet', async () => {
		const {screen} = await openConsole({connected: false});
		const frame = screen.frame();
		expect(frame).toContain('Xã Phổ An');
		expect(frame).toContain('Điểm cầu chính: … đang chờ kết nối');
		expect(frame).not.toContain('Hội nghị chưa bắt đầu'); // it does not know yet
		expect(frame).toContain('Chưa có thông tin từ điểm cầu chính');
		expect(frame).toContain('Danh sách thành phần sẽ có khi điểm cầu chính cập nhật');
	});

	it('shows its link as the hub sees it, the item and its timer, its place in the queue, its roster — in 80×24', async () => {
		const {screen, hub} = await openConsole();
		let session = discussion();
		session = apply(session, nextSpeaker(session, []), D);
		hub.state(session, D + 39 * SEC);
		const frame = await screen.waitFor(current => current.includes('Điểm danh'));
		expect(frame).toContain('Điểm cầu chính: ● đã kết nối (203.0.113.7:7700)');
		expect(frame).toContain('Đường truyền của xã, điểm cầu chính đo được: ● tốt');
		expect(frame).toContain('RTT 42ms · mất gói ↑0,0% ↓1,2% · vừa nhận tín hiệu');
		expect(frame).toMatch(/Mục 3\/5: Thảo luận của đại biểu.* \[đang chạy\]/);
		expect(frame).toContain('0:39 / 1:40:00');
		expect(frame).toContain('còn 1:39:21');
		expect(frame).toContain('Phát biểu sau 7 điểm cầu nữa');
		expect(frame).toContain('đang phát biểu: Phường Nguyễn Nghiêm');
		expect(frame).toContain('Điểm danh: 0/7 có mặt');
		expect(frame).toContain('›Chủ tịch HĐND');
		expect(frame).toContain('Phó Trưởng Ban Kinh tế - Xã hội HĐND');
		expect(frame).toContain('space có mặt  l muộn  b vắng  ↑↓ chọn  q thoát');
		fits(frame, 80, 24);
	});

	it('the timers move on between the hub’s states, on the console’s own clock', async () => {
		const {screen, hub, clock, client} = await openConsole();
		hub.state(discussion(), D + 90 * SEC);
		await screen.waitFor(current => current.includes('1:30 / 1:40:00'));
		clock.now += 5 * SEC;
		client.connected('203.0.113.7:7700'); // any change redraws; the real source also ticks each second
		hub.state(discussion(), D + 90 * SEC); // an identical state later: the hub's own timer said 1:30 then
		expect(await screen.waitFor(current => current.includes('1:30 / 1:40:00'))).toContain('1:30');
		clock.now += 2 * SEC;
		hub.state(discussion(), D + 100 * SEC);
		await screen.waitFor(current => current.includes('1:40 / 1:40:00'));
	});

	it('its turn: the countdown against its budget, then over time, loud', async () => {
		const {screen, hub} = await openConsole();
		let session = discussion();
		for (let turn = 0; turn < 9; turn++) session = apply(session, nextSpeaker(session, []), D + turn * 6 * MIN);
		const start = D + 8 * 6 * MIN;
		hub.state(session, start + 2 * MIN);
		let frame = await screen.waitFor(current => current.includes('ĐẾN LƯỢT ĐIỂM CẦU PHÁT BIỂU'));
		expect(frame).toContain('còn 4:00 · 2:00 / 6:00');
		// Between whole seconds the two figures still add up: 2:01.4 gone, 3:59 left (rounded up, as a countdown reads).
		hub.state(session, start + 2 * MIN + 1400);
		frame = await screen.waitFor(current => current.includes('2:01 / 6:00'));
		expect(frame).toContain('còn 3:59 · 2:01 / 6:00');
		hub.state(session, start + 6 * MIN + 32 * SEC);
		frame = await screen.waitFor(current => current.includes('quá 0:32'));
		expect(frame).toContain('quá 0:32 · 6:32 / 6:00');
		expect(frame).toContain('QUÁ GIỜ');
		fits(frame, 80, 24);
		session = apply(session, nextSpeaker(session, []), start + 7 * MIN);
		hub.state(session, start + 7 * MIN + SEC);
		frame = await screen.waitFor(current => current.includes('Điểm cầu đã phát biểu trong mục này'));
		expect(frame).toContain('đang phát biểu: Xã Phổ Châu');
		expect(frame).not.toContain('ĐẾN LƯỢT');
	});

	it('roll call: space, l and b with a reason go to the hub as checkins of its own roster; confirmed on the hub’s word', async () => {
		const {screen, hub, sent} = await openConsole();
		const session = discussion();
		hub.state(session, D);
		await screen.waitFor(current => current.includes('Điểm danh: 0/7'));

		await screen.press('space');
		expect(sent.at(-1)).toMatchObject({type: 'checkin', role: 0, status: 'present'});
		expect(screen.frame()).toMatch(/ Chủ tịch HĐND\s+… có mặt \(đang gửi…\)/);
		// As on the hub's roll call, a mark moves the cursor down: space, space, … needs no ↓.
		expect(screen.frame()).toMatch(/›Phó Chủ tịch HĐND/);
		hub.ack(sent.at(-1)!);
		expect(await screen.waitFor(current => /Chủ tịch HĐND\s+✔ có mặt/.test(current))).toContain('Điểm danh: 1/7 có mặt');

		await screen.press('l');
		expect(sent.at(-1)).toMatchObject({role: 1, status: 'late'});
		await screen.press('b');
		expect(screen.frame()).toContain('Vắng, lý do: ▏');
		await screen.type('đi công tác');
		await screen.press('enter');
		expect(sent.at(-1)).toMatchObject({role: 2, status: 'absent', reason: 'đi công tác'});
		expect(sent.map(message => message.role)).toEqual([0, 1, 2]);

		// The hub journals them and its next state shows them (with who marked what).
		let marked = apply(session, markAttendance(session, 'pho-an', 0, 'present'), D);
		marked = apply(marked, markAttendance(marked, 'pho-an', 1, 'late'), D);
		marked = apply(marked, markAttendance(marked, 'pho-an', 2, 'absent', 'đi công tác'), D);
		hub.state(marked, D + SEC);
		const frame = await screen.waitFor(current => current.includes('Điểm danh: 2/7'));
		expect(frame).toMatch(/Phó Chủ tịch HĐND\s+◷ muộn/);
		expect(frame).toMatch(/Tổ trưởng Tổ đại biểu HĐND thị xã\s+✖ vắng \(đi công tác\)/);
		expect(frame).not.toContain('đang gửi');
	});

	it('Esc cancels an absence; keys typed fast in one chunk each count', async () => {
		const {screen, hub, sent} = await openConsole();
		hub.state(discussion(), D);
		await screen.waitFor(current => current.includes('Điểm danh'));
		await screen.press('b');
		await screen.type('ốm');
		await screen.press('escape');
		expect(screen.frame()).not.toContain('Vắng, lý do');
		expect(sent).toEqual([]);
		await screen.type('jjl');
		expect(sent).toEqual([expect.objectContaining({role: 2, status: 'late'})]);
	});

	it('a mark the hub refuses says so; a mark while the connection is down is not sent', async () => {
		const {screen, hub, sent, client} = await openConsole();
		hub.state(discussion(), D);
		await screen.waitFor(current => current.includes('Điểm danh'));
		await screen.press('l');
		// A refusal with its code, worded in the console's language.
		const late = {code: 'already-marked', status: 'late'} as const;
		hub.ack(sent[0]!, false, wordRefusal(late, 'en'), late);
		expect(await screen.waitFor(current => current.includes('⚠ điểm cầu chính từ chối: đã điểm danh: đến muộn'))).not.toContain('đang gửi');
		// A reason without its code (a hub of an older version): Vietnamese words, the hub's own text in parentheses.
		await screen.press('space');
		hub.ack(sent[1]!, false, 'the session has ended');
		await screen.waitFor(current => current.includes('⚠ điểm cầu chính không nhận điểm danh (the session has ended)'));
		// A refusal with its code is worded in the console's own language (the English reason is for old consoles).
		await screen.press('j', 'space');
		hub.ack(sent[2]!, false, 'already marked present', {code: 'already-marked', status: 'present'});
		await screen.waitFor(current => current.includes('⚠ điểm cầu chính từ chối: đã điểm danh: có mặt'));
		client.disconnected();
		const frame = await screen.waitFor(current => current.includes('✖ mất kết nối, đang thử lại'));
		expect(frame).toContain('Đường truyền của xã, điểm cầu chính đo được: … chờ'); // the grade is no longer live
		// While not connected, the agent's own last word about why (a refused proof, say) is on the notice line.
		// A line of its log is shown cleaned of terminal controls; a notice of its link, by code, in the console's language.
		client.notice('diemcau agent: site=pho-an: udp 0/0\u001b[2J');
		expect(await screen.waitFor(current => current.includes('phần mềm: site=pho-an: udp 0/0'))).not.toContain('\u001b[2J');
		client.notice({code: 'refused-proof', params: {retryS: 30}});
		const refused = await screen.waitFor(current => current.includes('phần mềm: điểm cầu chính không chấp nhận mã xác thực'));
		expect(refused).not.toMatch(/refused|proof|the hub/);
		await screen.press('space');
		expect(screen.frame()).toContain('⚠ chưa kết nối với điểm cầu chính: chưa gửi được');
		expect(sent).toHaveLength(3);
		client.connected('203.0.113.7:7700');
		hub.state(discussion(), D);
		await screen.waitFor(current => current.includes('đã kết nối') && !current.includes('phần mềm:'), 'the notice gone once connected');
	});

	it('tells the hub its console is open on every connection (only open consoles get states)', async () => {
		const {notices, client} = await openConsole();
		expect(notices).toEqual([{type: 'console', open: true}]);
		client.disconnected();
		client.connected('203.0.113.7:7700');
		client.close();
		expect(notices).toEqual([
			{type: 'console', open: true},
			{type: 'console', open: true},
			{type: 'console', open: false},
		]);
		// Closed for good: the next connection (a redial) asks the hub for nothing.
		client.disconnected();
		client.connected('203.0.113.7:7700');
		expect(notices).toHaveLength(3);
	});

	it('q asks the wiring to close the screen', async () => {
		const {screen, quits} = await openConsole();
		screen.write('q');
		await new Promise(resolve => setTimeout(resolve, 20));
		expect(quits()).toBe(1);
	});
});

describe('language, size and colour', () => {
	it('Vietnamese unless LANG or --lang asks for English; English reads as well', async () => {
		expect(pickConsoleLang(undefined, {LANG: 'vi_VN.UTF-8'})).toBe('vi');
		expect(pickConsoleLang(undefined, {})).toBe('vi'); // Windows: no LANG at all
		expect(pickConsoleLang(undefined, {LANG: 'C.UTF-8'})).toBe('vi');
		expect(pickConsoleLang(undefined, {LANG: 'en_US.UTF-8'})).toBe('en');
		expect(pickConsoleLang('en', {LANG: 'vi_VN.UTF-8'})).toBe('en');
		const {screen, hub} = await openConsole({lang: 'en'});
		let session = discussion();
		session = apply(session, nextSpeaker(session, []), D);
		hub.state(session, D);
		const frame = await screen.waitFor(current => current.includes('Roll call'));
		expect(frame).toContain('Hub: ● connected');
		expect(frame).toContain('Your link as the hub sees it: ● good');
		expect(frame).toContain('You speak after 7 more sites');
		expect(frame).toContain('Roll call: 0/7 here');
		expect(frame).toContain('space present  l late  b absent');
	});

	it('a small terminal (60×16) still shows the turn and scrolls the roster to the selected role', async () => {
		const {screen, hub} = await openConsole({columns: 60, rows: 16});
		hub.state(discussion(), D);
		let frame = await screen.waitFor(current => current.includes('Điểm danh'));
		fits(frame, 60, 16);
		expect(frame).toContain('Phát biểu sau 8 điểm cầu nữa');
		frame = await screen.press('down', 'down', 'down', 'down', 'down', 'down');
		expect(frame).toContain('›Phó Trưởng Ban Kinh tế - Xã hội');
		fits(frame, 60, 16);
	});

	it('NO_COLOR: no colour tokens, and states stay apart by symbol', async () => {
		const theme = themeFor({NO_COLOR: '1'});
		expect(Object.values(theme.grade).every(color => color === undefined)).toBe(true);
		const {screen, hub, client} = await openConsole({noColor: true});
		hub.state(discussion(), D);
		expect(await screen.waitFor(current => current.includes('●'))).toContain('● đã kết nối');
		client.disconnected();
		expect(await screen.waitFor(current => current.includes('✖ mất kết nối'))).toContain('✖');
	});
});

describe('no English sentence on the Vietnamese console', () => {
	/** Words that make a line English; names (plan), "RTT", key names and the hub's address aside. */
	const ENGLISH =
		/(?<!\p{L})(the|is|are|has|have|not|no|to|of|yet|already|refused|hub|site|sites|link|connected|waiting|lost|speak|speaking|turn|roll|call|here|sending|heard|left|over|ago|now|present|late|absent|select|quit|meeting|started|ended|live|update|more|queue|item|marked|by)(?!\p{L})/iu;
	const english = (frame: string) =>
		frame
			.split('\n')
			.map(line => line.replace(/\b(space|PgUp\/Dn|RTT|UDP)\b|\d+(\.\d+)?(ms|%|s|p|g)?|203\.0\.113\.7:7700/g, ''))
			.filter(line => ENGLISH.test(line));

	it('every state the console reaches: waiting, live, its turn, over time, queued, done, stale, lost, every refusal, the absence prompt', async () => {
		const frames: string[] = [];
		const keep = (frame: string) => (frames.push(frame), frame);
		const waiting = await openConsole({connected: false});
		keep(waiting.screen.frame());

		const {screen, hub, sent, client, clock} = await openConsole();
		keep(screen.frame()); // connected, no state yet
		let session = initialSession(fixturePlan());
		hub.state(session, T0);
		keep(await screen.waitFor(current => current.includes('Hội nghị chưa bắt đầu'), 'not started'));
		session = discussion();
		session = apply(session, nextSpeaker(session, []), D);
		hub.state(session, D + 39 * SEC);
		keep(await screen.waitFor(current => current.includes('Phát biểu sau 7'), 'queued'));
		for (let turn = 1; turn < 9; turn++) session = apply(session, nextSpeaker(session, []), D + turn * 6 * MIN);
		const start = D + 8 * 6 * MIN;
		hub.state(session, start + 2 * MIN);
		keep(await screen.waitFor(current => current.includes('ĐẾN LƯỢT'), 'its turn'));
		hub.state(session, start + 6 * MIN + 32 * SEC);
		keep(await screen.waitFor(current => current.includes('quá 0:32'), 'over time'));
		session = apply(session, nextSpeaker(session, []), start + 7 * MIN);
		hub.state(session, start + 7 * MIN + SEC);
		keep(await screen.waitFor(current => current.includes('đã phát biểu'), 'spoke'));

		// Marks: the prompt, a mark the hub refuses (every refusal the hub can give), the console's own refusals.
		await screen.press('b');
		keep(screen.frame());
		await screen.type('ốm');
		await screen.press('enter');
		for (const example of CHECKIN_REFUSALS.map(code => REFUSAL_EXAMPLES[code])) {
			hub.ack(sent.at(-1)!, false, wordRefusal(example, 'en'), example);
			// This refusal's own words (the frame before showed the previous one's): the first 30 characters, so a cut line still matches.
			const words = `⚠ điểm cầu chính từ chối: ${wordRefusal(example, 'vi')}`.slice(0, 30 + 26);
			keep(await screen.waitFor(current => current.replace(/\s+/g, ' ').includes(words.replace(/\s+/g, ' ')), example.code));
			await screen.press('l'); // a new mark: the next refusal replaces this one
		}
		await screen.press('l'); // sent already, waiting for the hub
		keep(screen.frame());

		// Stale: no state for a while, while connected; then the connection lost.
		clock.now += 60 * SEC;
		await screen.press('k', 'k', 'l'); // any change of the client redraws: a new mark (marks move the cursor down)
		keep(await screen.waitFor(current => current.includes('số liệu cũ'), 'stale'));
		client.disconnected();
		keep(await screen.waitFor(current => current.includes('mất kết nối, đang thử lại'), 'lost'));
		keep(await screen.press('space')); // not connected: refused by the console itself
		session = apply(session, endSession(session), start + 8 * MIN);
		client.connected('203.0.113.7:7700');
		hub.state(session, start + 8 * MIN);
		keep(await screen.waitFor(current => current.includes('Hội nghị đã kết thúc'), 'ended'));
		await screen.press('space');
		keep(screen.frame());

		const lines = frames.flatMap(english);
		expect(lines, `English on the Vietnamese console:\n${lines.join('\n')}`).toEqual([]);
	});
});

describe('the console names its own unit', () => {
	it('on the console of a special zone: "Đường truyền của đặc khu", never "của xã"; the roll call counts people', async () => {
		const plan = fixturePlan();
		const lySon = {
			...plan,
			sites: plan.sites.map(site => (site.id === 'pho-an' ? {...site, name: 'Đặc khu Lý Sơn', kind: 'special-zone' as const} : site)),
		};
		const {screen, hub} = await openConsole({rows: 16});
		let session = initialSession(lySon);
		session = apply(session, toggleItem(session), T0);
		hub.state(session, T0 + 5 * SEC);
		const frame = await screen.waitFor(current => current.includes('Đặc khu Lý Sơn') && current.includes('Đường truyền'));
		expect(frame).toContain('Đường truyền của đặc khu, điểm cầu chính đo được');
		expect(frame).not.toContain('của xã');
		// Phổ An's roster has 7 people; at 16 rows some are below, counted as people.
		expect(frame).toMatch(/\+\d+ người nữa/);
		expect(frame).not.toContain('điểm nữa');
	});
});
