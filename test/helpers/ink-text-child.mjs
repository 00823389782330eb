// A child for test/ui/ink-text-caches.test.ts: argv DIST 0|1 (1: install the text caches of
// DIST/src/commands/ink-text-caches.js before Ink is imported). Draws 40 frames of text Ink must
// measure, wrap and truncate (Vietnamese, wide characters, colours), in production React as the
// dashboard runs, and prints them with what the stand-ins' caches hold.
import {EventEmitter} from 'node:events';

const [dist, cached] = process.argv.slice(2);
process.env.NODE_ENV = 'production';
process.env.FORCE_COLOR = '3';
const installed = cached === '1' ? await (await import(`${dist}/src/commands/ink-text-caches.js`)).cacheInkTextMeasures() : false;
const [{default: React}, {render, Box, Text}] = await Promise.all([import('react'), import('ink')]);
const h = React.createElement;

function Frame({n}) {
	return h(
		Box,
		{flexDirection: 'column', width: 60, height: 14, overflowY: 'hidden'},
		h(Text, {bold: true}, 'Họp trực tuyến — Phường Phổ Châu'),
		h(
			Text,
			{wrap: 'truncate'},
			h(Text, {color: 'green'}, '●'),
			` Đặc khu Lý Sơn ${(12.3 + n / 10).toFixed(1)} ms `,
			h(Text, {color: n % 2 ? 'yellow' : 'green'}, '▁▂▃▄▅▆▇█'),
			n % 3 === 0 ? ' ✔ có mặt' : ' ◷ muộn',
		),
		h(Text, {wrap: 'truncate-middle'}, `一二三四五六七八九十 wide characters, line ${n}, long enough to be cut at sixty columns`),
		h(
			Text,
			{wrap: 'wrap'},
			`Tỉnh Quảng Ngãi, dòng ${n}: a long line that wraps onto the next lines of the box, with Vietnamese: Điểm cầu số ${n}`,
		),
		h(Box, {width: 20}, h(Text, {wrap: 'truncate-start'}, `Phổ Thạnh ${n} — cut at the start`)),
		h(Text, {dimColor: true}, 'unchanged line '.repeat(3)),
	);
}

class Out extends EventEmitter {
	columns = 60;
	rows = 16;
	frames = [];
	write = frame => {
		this.frames.push(frame);
		return true;
	};
}
const stdout = new Out();
const stdin = Object.assign(new EventEmitter(), {isTTY: true, setRawMode() {}, setEncoding() {}, ref() {}, unref() {}, read: () => null});
// Each step's frame is the last write that shows its number: Ink may write a step more than once
// (a busy machine), and only what the step finally shows is compared.
const shown = n => {
	const mark = `dòng ${n}:`;
	for (let i = stdout.frames.length - 1; i >= 0; i--) if (stdout.frames[i].includes(mark)) return stdout.frames[i];
	return undefined;
};
const frames = [];
const instance = render(h(Frame, {n: 0}), {stdout, stdin, debug: true, patchConsole: false, exitOnCtrlC: false});
for (let n = 0; n < 40; n++) {
	if (n > 0) instance.rerender(h(Frame, {n}));
	while (shown(n) === undefined) await new Promise(resolve => setImmediate(resolve));
	frames.push(shown(n));
}
instance.unmount();
let caches = null;
if (installed) {
	const {inkTextCaches} = await import(`${dist}/src/commands/ink-text/generation-cache.js`);
	caches = Object.fromEntries(Object.entries(inkTextCaches).map(([name, cache]) => [name, cache.stats()]));
}
console.log(JSON.stringify({installed, frames, caches}));
