import { configDefaults, defineConfig } from 'vitest/config';

/**
 * The suite in layers, each runnable alone (`npm run test:unit`, `test:site`,
 * `test:browser`, `test:python`); `npm test` runs them all. Only the site and
 * browser layers wait for the two test builds.
 */
const layers = {
	/** Pure logic and schemas: no build, no browser, no lab root. Seconds. */
	unit: [
		'tests/capacity-plan.test.ts',
		'tests/compare-words.test.ts',
		'tests/component-layout.test.ts',
		'tests/decision-basis.test.ts',
		'tests/decision-score.test.ts',
		'tests/deploy-env.test.ts',
		'tests/evidence-logic.test.ts',
		'tests/evidence-rerun.test.ts',
		'tests/lab-driver.test.ts',
		'tests/lab-manifest.test.ts',
		'tests/lab-upstream.test.ts',
		'tests/load-knee.test.ts',
		'tests/memory-view.test.ts',
		'tests/rerun-findings.test.ts',
	],
	/** Real Chromium against the built site. */
	browser: [
		'tests/browser-pass-desktop.test.ts',
		'tests/browser-pass-phone.test.ts',
		'tests/capacity-planner.test.ts',
		'tests/comparison-table.test.ts',
		'tests/decision-widget.test.ts',
		'tests/keyboard.test.ts',
		'tests/search-quality.test.ts',
		'tests/search-ui.test.ts',
	],
	/** The Python samples, run against real Django and FastAPI in the lab's Debian root. */
	python: ['tests/python-samples.test.ts'],
};
const builtSite = ['tests/support/global-setup.ts'];

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
			{ extends: true, test: { name: 'unit', include: layers.unit } },
			{ extends: true, test: { name: 'python', include: layers.python } },
			{ extends: true, test: { name: 'browser', include: layers.browser, globalSetup: builtSite } },
			{
				extends: true,
				test: {
					name: 'site',
					// Everything else reads the built HTML.
					include: ['tests/**/*.test.ts'],
					exclude: [...configDefaults.exclude, ...Object.values(layers).flat()],
					globalSetup: builtSite,
				},
			},
		],
	},
});
