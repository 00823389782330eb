import React from 'react';
import {Box, Text} from 'ink';
import {describe, expect, it} from 'vitest';
import {shareInkFrameCaches} from '../../src/ink-frame-caches.js';
import {render} from '../helpers/render.js';

// Frames that share Ink's line caches (src/ink-frame-caches.ts) are the frames Ink draws without
// them, byte for byte, colours and wide characters included; and the shared caches stay bounded
// however many different lines a long meeting draws.

function Frame({n}: {n: number}) {
	return (
		<Box flexDirection="column" width={60} height={8} overflowY="hidden">
			<Text bold>Họp trực tuyến — Xã Phổ Châu</Text>
			<Text wrap="truncate">
				<Text color="green">●</Text> Xã Phổ An {`${(12.3 + n / 10).toFixed(1)} ms`} <Text color={n % 2 ? 'yellow' : 'green'}>▁▂▃▄▅▆▇█</Text> {n % 3 === 0 ? '✔ có mặt' : '◷ muộn'}
			</Text>
			<Text wrap="truncate">一二三四五六七八九十 wide characters, line {n}, long enough to be cut at the edge of sixty columns</Text>
			<Text dimColor>{'unchanged line '.repeat(3)}</Text>
			{Array.from({length: 10}, (_, i) => (
				<Text key={i}>row {i + n}</Text>
			))}
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
		const stats = caches.stats();
		expect(stats.frames).toBeGreaterThanOrEqual(40);
		// 40 frames of ~4 new lines each: past the limit of 30 lines, the caches were emptied and refilled.
		expect(stats.resets).toBeGreaterThan(0);
		expect(stats.lines).toBeLessThanOrEqual(30 + 20);
		// Installing again changes nothing and returns the same caches.
		expect(await shareInkFrameCaches(5)).toBe(caches);
	});
});
