import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/faults/**/*.test.{ts,tsx}'],
		exclude: ['dist/**', 'node_modules/**'],
		pool: 'forks',
		globalSetup: ['test/helpers/test-home.ts'],
		fileParallelism: false,
		passWithNoTests: true,
		testTimeout: 300_000,
		hookTimeout: 60_000,
	},
});
