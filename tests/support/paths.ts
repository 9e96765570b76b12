import { fileURLToPath } from 'node:url';

/** The project root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Where the test run's builds go, away from the user's own dist/. TEST_BUILD_DIR
 * (a folder inside the project, so packages resolve) keeps runs that overlap
 * on one machine from deleting each other's build.
 */
export const testBuildDir =
	process.env.TEST_BUILD_DIR?.replace(/\/?$/, '/') ?? fileURLToPath(new URL('../../.cache/test-build/', import.meta.url));

/** The site built at the root path, as most tests see it. */
export const rootDist = `${testBuildDir}root/`;

/** The site built under a sub-path, as GitHub Pages project sites are served. */
export const subPathDist = `${testBuildDir}sub/`;
export const subPathBase = '/field-guide/';

/** The `site` every test build uses, so absolute URLs are predictable. */
export const testSite = 'https://guide.example.org';
