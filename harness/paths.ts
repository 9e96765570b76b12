import { fileURLToPath } from 'node:url';

/** The project root. */
export const root = fileURLToPath(new URL('../', import.meta.url));

/**
 * Where harness builds and scratch copies go, away from the user's own dist/:
 * inside the project (so packages resolve from its node_modules). TEST_BUILD_DIR
 * keeps runs that overlap on one machine from deleting each other's builds.
 */
export const workDir = process.env.TEST_BUILD_DIR?.replace(/\/?$/, '/') ?? `${root}.cache/test-build/`;

/** The `site` of harness builds unless a caller names one, so absolute URLs are predictable. */
export const testSite = 'https://guide.example.org';
