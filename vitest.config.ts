import { defineConfig } from 'vitest/config';

export default defineConfig({
	test: {
		include: ['tests/**/*.test.ts'],
		globalSetup: ['tests/support/global-setup.ts'],
		// Two files at a time, whatever the core count: much of a browser or sample test
		// waits on the network going idle or on a server, and a second file fills that wait.
		maxWorkers: 2,
		// Browser and build tests share two cores; generous limits keep them honest, not flaky.
		testTimeout: 60_000,
		hookTimeout: 180_000,
		// expect.poll's own default gives up after one second, which a loaded machine can take to paint.
		expect: { poll: { timeout: 15_000 } },
	},
});
