import process from 'node:process';

/**
 * Ink reads CI (and CONTINUOUS_INTEGRATION) when it is first imported and then draws only the
 * last frame, at unmount: a screen on a real terminal stays blank while it runs. On a terminal the
 * screens must be live whatever the environment says (a CI job driving tmux, a commune PC whose
 * shell happens to set CI), so call this before Ink is imported.
 */
export function inkDrawsLive(): void {
	delete process.env.CI;
	delete process.env.CONTINUOUS_INTEGRATION;
}
