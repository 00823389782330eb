import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		exclude: ['dist/**', 'node_modules/**', 'test/faults/**', 'test/bench/**', 'test/windows/**'],
		pool: 'forks',
		globalSetup: ['test/helpers/test-home.ts'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
	},
});
