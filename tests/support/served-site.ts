import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../harness/browser';
import { serveStatic, type ServeOptions, type StaticServer } from '../../harness/static-server';

export interface ServedSite {
	browser: Browser;
	server: StaticServer;
}

/**
 * Serves a built site and starts Chromium before the tests of the enclosing
 * `describe` (or file), and stops both after them. Hooks registered later in
 * the same block run after these, so they can use `browser` and `server`.
 */
export function useServedSite(dist: string, options?: ServeOptions): ServedSite {
	const site = {} as ServedSite;
	beforeAll(async () => {
		site.server = await serveStatic(dist, options);
		site.browser = await launchChromium();
	});
	afterAll(async () => {
		await site.browser?.close();
		await site.server?.close();
	});
	return site;
}
