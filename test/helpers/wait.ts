import {performance} from 'node:perf_hooks';

/** Poll `check` until it returns something truthy, or fail naming `what` after `ms` (a deadline, not a timing assertion). */
export async function waitFor<T>(check: () => T | undefined | null | false, what: string, ms = 20_000): Promise<T> {
	const deadline = performance.now() + ms;
	for (;;) {
		const value = check();
		if (value) return value;
		if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}
