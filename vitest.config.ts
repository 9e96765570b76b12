import { configDefaults, defineConfig } from 'vitest/config';

/** Suites of pure logic and schemas: no build, no browser, no lab root. `npm run test:unit` runs them alone in seconds. */
const unitSuites = [
	'tests/decision-score.test.ts',
	'tests/deploy-env.test.ts',
	'tests/evidence-logic.test.ts',
	'tests/evidence-rerun.test.ts',
	'tests/lab-driver.test.ts',
	'tests/lab-manifest.test.ts',
];

export default defineConfig({
	test: {
		// Two files at a time, whatever the core count: much of a browser or sample test
		// waits on the network going idle or on a server, and a second file fills that wait.
		maxWorkers: 2,
		// Browser and build tests share two cores; generous limits keep them honest, not flaky.
		testTimeout: 60_000,
		hookTimeout: 180_000,
		// expect.poll's own default gives up after one second, which a loaded machine can take to paint.
		expect: { poll: { timeout: 15_000 } },
		projects: [
			{ extends: true, test: { name: 'unit', include: unitSuites } },
			{
				extends: true,
				test: {
					name: 'site',
					include: ['tests/**/*.test.ts'],
					exclude: [...configDefaults.exclude, ...unitSuites],
					// The built sites every other suite reads.
					globalSetup: ['tests/support/global-setup.ts'],
				},
			},
		],
	},
});
