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
	await Promise.all([rm(rootDist, { recursive: true, force: true }), rm(subPathDist, { recursive: true, force: true })]);
	const copy = await scratchCopy();
	try {
		const builds = await Promise.all([
			buildSite({ outDir: rootDist, base: '/', site: testSite }),
			buildSite({ root: copy.dir, outDir: subPathDist, base: subPathBase, site: testSite }),
		]);
		for (const [result, base] of [
			[builds[0], '/'],
			[builds[1], subPathBase],
		] as const) {
			if (!result.ok) throw new Error(`Build for tests failed (base ${base}):\n${result.output}`);
		}
	} finally {
		await copy.remove();
	}
}
