import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { rootDist, subPathBase, subPathDist } from './support/paths';
import { useServedSite } from './support/served-site';

describe('the search dialog', () => {
	const site = useServedSite(rootDist);
	let context: BrowserContext;
	let page: Page;
	let requests: string[];

	beforeEach(async () => {
		await context?.close();
		context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
		page = await context.newPage();
		requests = [];
		page.on('request', (request) => requests.push(request.url()));
		await page.goto(`${site.server.url}differences/orm/`);
		await page.waitForLoadState('networkidle');
	});

	const pagefindRequests = () => requests.filter((url) => /pagefind|search-ui/.test(url));

	it('loads nothing of Pagefind until the reader shows intent', async () => {
		await page.mouse.move(640, 600);
		await page.waitForTimeout(300);
		expect(pagefindRequests()).toEqual([]);
		await page.hover('button[data-open-modal]');
		await expect.poll(() => pagefindRequests().length).toBeGreaterThan(0);
	});

	it('opens with the keyboard shortcut, answers a question and lands on its anchor', async () => {
		await page.keyboard.press('Control+k');
		const input = page.locator('#starlight__search input');
		await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.type('is fastapi scalable');
		const result = page.locator('.pagefind-ui__result-nested a[href$="/faq/#is-fastapi-scalable"]');
		await result.first().waitFor();
		await result.first().click();
		await page.waitForURL(/\/faq\/#is-fastapi-scalable$/);
		const heading = page.locator('#is-fastapi-scalable');
		await expect.poll(() => heading.isVisible()).toBe(true);
		const box = await heading.boundingBox();
		expect(box!.y).toBeGreaterThanOrEqual(0);
		expect(box!.y).toBeLessThan(800);
	});

	it('opens with a click and follows a result with Enter', async () => {
		await page.click('button[data-open-modal]');
		await expect.poll(() => page.locator('dialog[open]').count()).toBe(1);
		await page.locator('#starlight__search input').fill('can django be used for ai');
		const link = page.locator('a[href$="/faq/#can-django-support-ai-applications"]').first();
		await link.waitFor();
		await link.focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/faq\/#can-django-support-ai-applications$/);
	});

	it('closes with Escape and gives focus back to the search button', async () => {
		await page.focus('button[data-open-modal]');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.locator('dialog[open]').count()).toBe(1);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
		expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-open-modal'))).toBe(true);
	});

	it('offers the framework filter and narrows the results with it', async () => {
		await page.keyboard.press('Control+k');
		await page.locator('#starlight__search input').fill('admin panel');
		const djangoBenefits = page.locator('.pagefind-ui__result-link[href$="/benefits/django/"]');
		await djangoBenefits.waitFor();
		const fastapiOnly = page.locator('.pagefind-ui__filter-panel label', { hasText: 'FastAPI' });
		await expect.poll(() => page.locator('.pagefind-ui__filter-panel label', { hasText: 'Django' }).count()).toBe(1);
		await fastapiOnly.click();
		await expect.poll(() => djangoBenefits.count()).toBe(0);
		expect(await page.locator('.pagefind-ui__result').count()).toBeGreaterThan(0);
	});

	it('names the search button by its visible label', async () => {
		const button = page.locator('button[data-open-modal]');
		expect(await button.getAttribute('aria-label')).toBeNull();
		expect(await page.getByRole('button', { name: 'Search', exact: true }).count()).toBe(1);
		expect(await button.locator('.label').isVisible()).toBe(true);
	});
});

describe('search under a sub-path', () => {
	const site = useServedSite(subPathDist, { base: subPathBase });

	it('finds pages and links them under the base path, with no request to another origin', async () => {
		const page = await site.browser.newPage();
		const origins = new Set<string>();
		page.on('request', (request) => origins.add(new URL(request.url()).origin));
		await page.goto(`${site.server.url}comparison/`);
		await page.keyboard.press('Control+k');
		await page.locator('#starlight__search input').fill('websockets');
		const link = page.locator(`.pagefind-ui__result-link[href^="${subPathBase}differences/real-time/"]`);
		await link.first().waitFor();
		await link.first().click();
		await page.waitForURL(`${site.server.url}differences/real-time/**`);
		expect([...origins]).toEqual([site.server.origin]);
	});
});
