import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { headersFor, parseHeadersFile } from './support/headers-file';
import { root } from '../harness/paths';
import { rootDist } from './support/paths';
import { builtHtmlPaths } from '../harness/site';
import { useServedSite } from './support/served-site';

/**
 * Serves the site with the headers from public/_headers, as Netlify or
 * Cloudflare Pages would, and checks that Chromium enforces the policy without
 * a single violation, search and the decision score included.
 */
describe('the Content-Security-Policy holds in the browser', () => {
	const rules = parseHeadersFile(readFileSync(join(root, 'public/_headers'), 'utf8'));
	const site = useServedSite(rootDist, { headers: (path) => headersFor(rules, path) });
	const violations: string[] = [];
	const foreignRequests: string[] = [];

	async function open(path: string): Promise<Page> {
		const page = await site.browser.newPage();
		await page.addInitScript(() => {
			document.addEventListener('securitypolicyviolation', (event) => {
				console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
			});
		});
		page.on('console', (message) => {
			if (/CSP violation|Content Security Policy/i.test(message.text())) violations.push(`${path}: ${message.text()}`);
		});
		page.on('request', (request) => {
			if (!request.url().startsWith(site.server.origin) && !request.url().startsWith('data:')) {
				foreignRequests.push(`${path}: ${request.url()}`);
			}
		});
		const response = await page.goto(`${site.server.origin}${path}`);
		expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
		await page.waitForLoadState('networkidle');
		return page;
	}

	it('loads every page with the policy applied and no violation or foreign request', async () => {
		for (const path of await builtHtmlPaths(rootDist)) {
			const page = await open(path);
			// The theme script is inline: if its hash were missing, no theme would be set.
			expect(await page.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(light|dark)$/);
			await page.close();
		}
		expect(violations).toEqual([]);
		expect(foreignRequests).toEqual([]);
	});

	it('runs search (Pagefind UI and its WebAssembly) under the policy', async () => {
		const page = await open('/comparison/');
		await page.keyboard.press('Control+k');
		await page.locator('#starlight__search input').fill('django admin');
		await page.locator('.pagefind-ui__result').first().waitFor();
		await page.close();
		expect(violations).toEqual([]);
	});

	it('runs the decision score under the policy', async () => {
		const page = await open('/decision-guide/?inference=3&realtime=3');
		// The result starts as "either" in the HTML; only the running script can make it "fastapi".
		await expect.poll(() => page.locator('#decision-result').getAttribute('data-verdict')).toBe('fastapi');
		await page.close();
		expect(violations).toEqual([]);
	});
});
