import { beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { themedContext } from '../harness/browser';
import { rootDist } from './support/paths';
import { pageUrls } from './support/pages';
import { useServedSite } from './support/served-site';

/** A description of the focused element, for walks and failure messages. */
function focused(page: Page): Promise<string> {
	return page.evaluate(() => {
		const element = document.activeElement;
		if (!element || element === document.body) return 'body';
		const href = element.getAttribute('href');
		return `${element.tagName.toLowerCase()}${href ? `[href="${href}"]` : ''} "${(element.textContent ?? '').trim().slice(0, 40)}"`;
	});
}

/** Presses Tab until the focused element matches `selector`; fails after `limit` presses. */
async function tabTo(page: Page, selector: string, limit = 150): Promise<void> {
	const path: string[] = [];
	for (let presses = 0; presses < limit; presses++) {
		await page.keyboard.press('Tab');
		if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
		path.push(await focused(page));
	}
	throw new Error(`Tab never reached ${selector} in ${limit} presses; focus went:\n  ${path.join('\n  ')}`);
}

describe('keyboard only', () => {
	const site = useServedSite(rootDist);
	let context: BrowserContext;
	let page: Page;

	beforeEach(async () => {
		await context?.close();
		context = await themedContext(site.browser, 'light', 'desktop');
		page = await context.newPage();
	});

	const open = (path: string) => page.goto(`${site.server.url}${path.slice(1)}`, { waitUntil: 'networkidle' });

	it('reaches the skip link first, and it moves focus to the main content', async () => {
		await open('/differences/orm/');
		await page.keyboard.press('Tab');
		const skipLink = page.locator('a.sl-skip-link');
		expect(await skipLink.evaluate((link) => link === document.activeElement)).toBe(true);
		expect(await skipLink.isVisible()).toBe(true);
		expect(await skipLink.innerText()).toBe('Skip to content');

		await page.keyboard.press('Enter');
		expect(new URL(page.url()).hash).toBe('#_top');
		// The next Tab starts from the skip link's target: the first control in the main content, not the header.
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.querySelector('main')!.contains(document.activeElement))).toBe(true);
	});

	it('walks through every sidebar link in order, the current page marked', async () => {
		await open('/faq/');
		const sidebarLinks = await page
			.locator('#starlight__sidebar a[href]')
			.evaluateAll((links) => links.map((link) => link.getAttribute('href')!));
		expect(sidebarLinks.length).toBe(pageUrls.length);

		// Through the sidebar, Tab visits its links and the group headings between them.
		const reached: string[] = [];
		await tabTo(page, '#starlight__sidebar a[href]');
		while (await page.evaluate(() => document.getElementById('starlight__sidebar')!.contains(document.activeElement))) {
			const href = await page.evaluate(() => document.activeElement!.getAttribute('href'));
			if (href) reached.push(href);
			await page.keyboard.press('Tab');
		}
		expect(reached).toEqual(sidebarLinks);
		expect(await page.locator('#starlight__sidebar a[aria-current="page"]').getAttribute('href')).toBe('/faq/');
	});

	it('opens search from the button and with Ctrl+K, follows a result with Enter, closes with Escape', async () => {
		await open('/comparison/');
		const input = page.locator('#starlight__search input');
		await tabTo(page, 'button[data-open-modal]');
		await page.keyboard.press('Enter');
		await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.type('admin panel');
		// Results for "admin" can show before those for the whole query replace them; tab through the final list.
		await expect.poll(() => page.locator('.search-results [role="status"]').textContent()).toMatch(/results? for admin panel$/);
		await page.locator('.search-results .result a').first().waitFor({ timeout: 30_000 });
		await tabTo(page, '.search-results .result a', 20);
		const target = await page.evaluate(() => document.activeElement!.getAttribute('href')!);
		await page.keyboard.press('Enter');
		await page.waitForURL(`${site.server.origin}${target}`);

		await page.keyboard.press('Control+k');
		await expect.poll(() => input.evaluate((el) => el === document.activeElement)).toBe(true);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.locator('dialog[open]').count()).toBe(0);
	});

	it('switches the theme with the keyboard, and the choice persists', async () => {
		await open('/about/');
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
		await tabTo(page, 'starlight-theme-select select');
		// Starlight lists Dark, Light, Auto. On a closed <select> arrow keys change the value directly.
		await page.keyboard.press('ArrowUp');
		await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
		expect(await page.evaluate(() => localStorage.getItem('starlight-theme'))).toBe('dark');
		await page.reload({ waitUntil: 'networkidle' });
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
	});

	it('rates a criterion in the decision score with arrow keys and updates the result', async () => {
		await open('/decision-guide/');
		const firstFieldset = page.locator('[data-form] fieldset').first();
		await tabTo(page, '[data-form] fieldset input[type="radio"]');
		expect(await firstFieldset.evaluate((fieldset) => fieldset.contains(document.activeElement))).toBe(true);
		const before = await page.locator('[data-result]').innerText();

		// Radios in a group: Tab enters at the checked one, arrows move the choice.
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		await page.keyboard.press('ArrowRight');
		const checked = await firstFieldset.locator('input:checked').evaluate((input) => ({
			value: (input as HTMLInputElement).value,
			focused: input === document.activeElement,
		}));
		expect(checked).toEqual({ value: '3', focused: true });
		await expect.poll(() => page.locator('[data-result]').innerText()).not.toBe(before);

		// Tab leaves the group for the next criterion rather than stepping through its four radios.
		await page.keyboard.press('Tab');
		const second = page.locator('[data-form] fieldset').nth(1);
		expect(await second.evaluate((fieldset) => fieldset.contains(document.activeElement))).toBe(true);
	});
});
