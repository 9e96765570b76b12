import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { themedContext } from '../harness/browser';
import { rootDist } from './support/paths';
import { builtHtmlPaths } from '../harness/site';
import { useServedSite } from './support/served-site';

const pages = await builtHtmlPaths(rootDist);

describe.each(['light', 'dark'] as const)('console and network, %s theme', (theme) => {
	const site = useServedSite(rootDist);
	let context: BrowserContext;

	beforeAll(async () => {
		context = await themedContext(site.browser, theme, 'desktop');
	});

	it.each(pages)('%s loads with no console error or warning and no failed request', async (path) => {
		const page = await context.newPage();
		const problems: string[] = [];
		page.on('console', (message) => {
			if (message.type() === 'error' || message.type() === 'warning') {
				problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
			}
		});
		page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
		page.on('requestfailed', (request) => problems.push(`failed: ${request.url()} (${request.failure()?.errorText})`));
		page.on('response', (response) => {
			if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
		});
		const response = await page.goto(`${site.server.url}${path.slice(1)}`, { waitUntil: 'networkidle' });
		expect(response?.status()).toBe(200);
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
		expect(problems, `${path} in the ${theme} theme`).toEqual([]);
		await page.close();
	});
});
