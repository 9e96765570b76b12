import { rm } from 'node:fs/promises';
import { buildSite } from '../../harness/build';
import { testSite } from '../../harness/paths';
import { scratchCopy } from '../../harness/scratch';
import { rootDist, subPathBase, subPathDist } from './paths';

/**
 * Builds the site once for the whole test run: at the root path, and under a
 * sub-path as GitHub Pages project sites are served. Tests read the output.
 * The two builds run at once, the sub-path one from a scratch copy of the
 * sources: a build writes its caches under its project root, which two builds
 * of one root would share.
 */
export default async function setup(): Promise<void> {
	// The site and browser projects both declare this setup; one run of the
	// suite builds once for both (global setups share the main process).
	const key = Symbol.for('field-guide.test-builds');
	const shared = globalThis as { [key]?: Promise<void> };
	shared[key] ??= buildBoth();
	await shared[key];
}

async function buildBoth(): Promise<void> {
	await Promise.all([rm(rootDist, { recursive: true, force: true }), rm(subPathDist, { recursive: true, force: true })]);
	const copy = await scratchCopy();
	try {
		const builds = [
			{ outDir: rootDist, base: '/' },
			{ root: copy.dir, outDir: subPathDist, base: subPathBase },
		];
		const results = await Promise.all(builds.map((options) => buildSite({ ...options, site: testSite })));
		results.forEach(({ ok, output }, i) => {
			if (!ok) throw new Error(`Build for tests failed (base ${builds[i]!.base}):\n${output}`);
		});
	} finally {
		await copy.remove();
	}
}
