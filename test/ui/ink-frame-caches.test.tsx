import {Box, Text} from 'ink';
import chalk from 'chalk';
import {styledCharsFromTokens, styledCharsToString, tokenize} from '@alcalzone/ansi-tokenize';
import {describe, expect, it} from 'vitest';
import {shareInkFrameCaches, styledRowText} from '../../src/commands/ink-frame-caches.js';
import {render} from '../helpers/render.js';

// Ink colours through chalk, which sees no terminal under vitest: force colours so the frames
// compared carry their escape codes.
chalk.level = 3;

// Frames that share Ink's line caches (src/commands/ink-frame-caches.ts) are the frames Ink draws without
// them, byte for byte, colours and wide characters included (the grid is turned into text by our
// own copy of Ink's Output.get); and the shared caches stay bounded however many different lines a
// long meeting draws.

function Frame({n}: {n: number}) {
	return (
		<Box flexDirection="column" width={60} height={8} overflowY="hidden">
			<Text bold>Họp trực tuyến — Xã Phổ Châu</Text>
			<Text wrap="truncate">
				<Text color="green">●</Text> Xã Phổ An {`${(12.3 + n / 10).toFixed(1)} ms`} <Text color={n % 2 ? 'yellow' : 'green'}>▁▂▃▄▅▆▇█</Text>{' '}
				{n % 3 === 0 ? '✔ có mặt' : '◷ muộn'}
			</Text>
			<Text wrap="truncate">一二三四五六七八九十 wide characters, line {n}, long enough to be cut at the edge of sixty columns</Text>
			<Text dimColor>{'unchanged line '.repeat(3)}</Text>
			<Box width={24} overflowX="hidden">
				<Box marginLeft={n % 5 === 0 ? -3 : 0} flexShrink={0}>
					<Text backgroundColor="red" color="white" bold>
						{' Phổ Châu: mất kết nối '}
					</Text>
					<Text inverse dimColor bold>{` ${n} `}</Text>
					<Text>— cut at 24 columns, clipped on both sides now and then</Text>
				</Box>
			</Box>
			{Array.from({length: 10}, (_, i) => (
				<Text key={i}>row {i + n}</Text>
			))}
		</Box>
	);
}

function Moved({left}: {left: number}) {
	return (
		<Box marginLeft={left}>
			<Text color="cyan">the same line</Text>
		</Box>
	);
}

async function frames(count: number): Promise<string[]> {
	const screen = await render(<Frame n={0} />, {columns: 60, rows: 12});
	const drawn: string[] = [screen.stdout.frames.at(-1)!];
	for (let n = 1; n < count; n++) {
		const before = screen.stdout.frames.length;
		screen.instance.rerender(<Frame n={n} />);
		await screen.waitFor(() => screen.stdout.frames.length > before, `frame ${n}`);
		drawn.push(screen.stdout.frames.at(-1)!);
	}
	screen.instance.unmount();
	return drawn;
}

describe('Ink frames sharing their line caches', () => {
	it('draws the same bytes as Ink alone, and keeps the caches bounded over many different lines', async () => {
		const alone = await frames(40);
		const caches = await shareInkFrameCaches(30);
		expect(caches.shared).toBe(true);
		const shared = await frames(40);
		expect(shared).toEqual(alone);
		// The lines really changed from frame to frame (so the comparison covers fresh and cached lines).
		expect(new Set(alone).size).toBe(40);
		expect(alone[0]).toContain('\u001B[41m'); // the red background was drawn (the frames carry colour)
		const stats = caches.stats();
		expect(stats.frames).toBeGreaterThanOrEqual(40);
		// 40 frames of ~4 new lines each: past the limit of 30 lines, the caches were emptied and refilled.
		expect(stats.resets).toBeGreaterThan(0);
		expect(stats.lines).toBeLessThanOrEqual(30 + 20);
		// A row is remembered by what was written where: the same line drawn at another column is drawn there.
		const moved = await render(<Moved left={0} />, {columns: 30, rows: 4});
		for (const left of [2, 0, 2]) {
			moved.instance.rerender(<Moved left={left} />);
			await moved.waitFor(frame => frame.startsWith(`${' '.repeat(left)}the same line`), `the line at column ${left}`);
		}
		moved.instance.unmount();
		// Installing again changes nothing and returns the same caches.
		expect(await shareInkFrameCaches(5)).toBe(caches);
	});
});

describe('styledRowText (a row of styled cells as text)', () => {
	it("gives exactly what ansi-tokenize's styledCharsToString gives", () => {
		const lines = [
			'',
			'plain text',
			chalk.red('red') + ' then ' + chalk.bold.dim('bold and dim') + chalk.dim(' dim only') + chalk.bold(' bold'),
			chalk.bgRed.white.bold(' Phổ Châu ') + chalk.inverse(' 3 ') + chalk.hex('#ff8800')('rgb') + chalk.bgAnsi256(52)('256'),
			chalk.underline.italic('ú ') + '一二三' + chalk.strikethrough('x'),
			`${chalk.green('●')}${chalk.green('●')}${chalk.yellow('●')} \u001B]8;;https://example.test\u0007link\u001B]8;;\u0007 end`,
			chalk.red(chalk.bold('nested') + ' red again') + chalk.reset(' reset'),
		];
		for (const line of lines) {
			const chars = styledCharsFromTokens(tokenize(line));
			expect(styledRowText(chars)).toBe(styledCharsToString(chars));
		}
	});
});

describe('the Ink Output the shared caches patch', () => {
	it('is the installed Ink, of the minor package.json pins, in the shape the patch reads', async () => {
		const {INK_MINOR, looksLikeInkOutput} = await import('../../src/commands/ink-frame-caches.js');
		const {readFile} = await import('node:fs/promises');
		const entry = import.meta.resolve('ink');
		const ink = JSON.parse(await readFile(new URL('../package.json', entry), 'utf8')) as {version: string};
		const own = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		expect(ink.version.startsWith(`${INK_MINOR}.`)).toBe(true);
		expect(own.dependencies.ink).toBe(`~${INK_MINOR}.0`);
		const {default: Output} = (await import(new URL('output.js', entry).href)) as {
			default: new (o: {width: number; height: number}) => unknown;
		};
		expect(looksLikeInkOutput(new Output({width: 1, height: 1}), Output)).toBe(true);
	});

	it('is left alone when its shape is not the one expected (another Ink)', async () => {
		const {looksLikeInkOutput} = await import('../../src/commands/ink-frame-caches.js');
		class Other {
			width = 1;
			height = 1;
			operations = [];
			caches = {widths: new Map(), styledChars: new Map()}; // no blockWidths, no getters
			get() {
				return {output: '', height: 1};
			}
		}
		expect(looksLikeInkOutput(new Other(), Other)).toBe(false);
		expect(looksLikeInkOutput({width: 1, height: 1, operations: []}, undefined)).toBe(false);
	});
});
