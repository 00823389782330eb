import {defineConfig} from 'vitest/config';

// The Windows suite (`npm run test:windows`): diemcau run by the Windows build of Node under
// Wine (test/windows/wine.ts). One file at a time: they share one Wine prefix and its wineserver.
export default defineConfig({
	test: {
		include: ['test/windows/**/*.test.ts'],
		exclude: ['dist/**', 'node_modules/**'],
		globalSetup: ['test/windows/setup.ts'],
		pool: 'forks',
		fileParallelism: false,
		testTimeout: 180_000,
		hookTimeout: 180_000,
	},
});
