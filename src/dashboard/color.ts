import process from 'node:process';

// When output may be coloured, decided once for every command and screen (https://no-color.org):
// never with NO_COLOR set to anything non-empty, always with FORCE_COLOR (not "0"), else only
// on a terminal.

/** True when NO_COLOR asks for no colour at all. */
export function noColor(env: NodeJS.ProcessEnv = process.env): boolean {
	return env.NO_COLOR !== undefined && env.NO_COLOR !== '';
}

/** Colour for a stream: never with NO_COLOR, forced by FORCE_COLOR, else only when it is a terminal. */
export function useColor(stream: {isTTY?: boolean} = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
	if (noColor(env)) return false;
	if (env.FORCE_COLOR && env.FORCE_COLOR !== '0') return true;
	return stream.isTTY === true;
}
