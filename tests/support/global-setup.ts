import { rm } from 'node:fs/promises';
import { buildSite } from '../../harness/build';
import { testSite } from '../../harness/paths';
import { rootDist, subPathBase, subPathDist } from './paths';

/**
 * Builds the site once for the whole test run: at the root path, and under a
 * sub-path as GitHub Pages project sites are served. Tests read the output.
 */
export default async function setup(): Promise<void> {
	for (const [outDir, base] of [
		[rootDist, '/'],
		[subPathDist, subPathBase],
	] as const) {
		await rm(outDir, { recursive: true, force: true });
		const result = buildSite({ outDir, base, site: testSite });
		if (!result.ok) throw new Error(`Build for tests failed (base ${base}):\n${result.output}`);
	}
}
