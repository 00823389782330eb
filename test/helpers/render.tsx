import {EventEmitter} from 'node:events';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import type React from 'react';
import {render as inkRender, type Instance} from 'ink';
import {afterEach} from 'vitest';

// One render helper for the component tests: a terminal of a set size, ANSI stripped,
// `press()` that writes keys and waits for the frame to change (never a fixed sleep), and
// cleanup after each test.

const ansi = /\u001B\[[0-?]*[ -/]*[@-~]|\u001B\][^\u0007]*\u0007/g;

/** Text without colours or cursor moves. */
export function stripAnsi(text: string): string {
	return text.replace(ansi, '');
}

class TestStdout extends EventEmitter {
	frames: string[] = [];
	isTTY = false;
	constructor(
		public columns: number,
		public rows: number,
	) {
		super();
	}
	write = (frame: string) => {
		this.frames.push(frame);
		return true;
	};
	/** Resize the terminal (Ink re-lays out on 'resize'). */
	resize(columns: number, rows: number) {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

class TestStdin extends EventEmitter {
	isTTY = true;
	private data: string | null = null;
	write(data: string) {
		this.data = data;
		this.emit('readable');
		this.emit('data', data);
	}
	read = () => {
		const data = this.data;
		this.data = null;
		return data;
	};
	setEncoding() {}
	setRawMode() {}
	resume() {}
	pause() {}
	ref() {}
	unref() {}
}

/** Named keys for `press()`; anything else is written as typed. */
export const KEYS: Record<string, string> = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageup: '\u001B[5~',
	pagedown: '\u001B[6~',
	enter: '\r',
	escape: '\u001B',
	space: ' ',
	backspace: '\u007F',
};

/** A rendered tree in a fake terminal. */
export interface Rendered {
	/** The last frame, ANSI stripped. */
	frame(): string;
	/** The last frame's lines. */
	lines(): string[];
	/** Write keys one chunk each, then wait until the frame changes. */
	press(...keys: string[]): Promise<string>;
	/** Write one raw chunk (several keys at once, as a fast typist sends them) and wait for a change. */
	type(chunk: string): Promise<string>;
	/** Write one raw chunk without waiting (for keys whose effect is not on screen, like quitting). */
	write(chunk: string): void;
	/** Poll until the frame satisfies `check` (deadline 5 s). */
	waitFor(check: (frame: string) => boolean, what?: string): Promise<string>;
	stdout: TestStdout;
	instance: Instance;
}

const mounted: Array<{instance: Instance; dirs: string[]}> = [];

afterEach(() => {
	for (const entry of mounted.splice(0)) {
		entry.instance.unmount();
		entry.instance.cleanup();
	}
});

const tick = () => new Promise(resolve => setImmediate(resolve));

/** Render at `columns`×`rows`; resolves after one tick so input hooks have subscribed. */
export async function render(tree: React.ReactElement, options: {columns?: number; rows?: number} = {}): Promise<Rendered> {
	const stdout = new TestStdout(options.columns ?? 80, options.rows ?? 24);
	const stdin = new TestStdin();
	const instance = inkRender(tree, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new TestStdout(80, 24) as unknown as NodeJS.WriteStream,
		stdin: stdin as unknown as NodeJS.ReadStream,
		debug: true,
		exitOnCtrlC: false,
		patchConsole: false,
	});
	mounted.push({instance, dirs: []});
	const frame = () => stripAnsi(stdout.frames.at(-1) ?? '');
	const waitFor = async (check: (frame: string) => boolean, what = 'the expected frame') => {
		const deadline = performance.now() + 5000;
		while (!check(frame())) {
			if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
			await new Promise(resolve => setTimeout(resolve, 5));
		}
		return frame();
	};
	const send = async (chunk: string) => {
		const before = frame();
		stdin.write(chunk);
		return waitFor(current => current !== before, `the frame to change after ${JSON.stringify(chunk)}`);
	};
	await tick();
	return {
		frame,
		lines: () => frame().split('\n'),
		press: async (...keys) => {
			let last = frame();
			for (const key of keys) last = await send(KEYS[key] ?? key);
			return last;
		},
		type: send,
		write: chunk => stdin.write(KEYS[chunk] ?? chunk),
		waitFor,
		stdout,
		instance,
	};
}

/** A temp folder removed after the test. */
export function tempDir(prefix = 'diemcau-ui-'): string {
	const dir = mkdtempSync(path.join(tmpdir(), prefix));
	afterEach(() => rmSync(dir, {recursive: true, force: true}));
	return dir;
}

export {syntheticLinks, type LinkProfile} from './synthetic-links.js';
