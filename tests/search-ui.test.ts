import { readFile, readdir, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { root } from '../harness/paths';
import { rootDist, subPathBase, subPathDist } from './support/paths';
import { useServedSite } from './support/served-site';

/** Every browser wait gets this limit: generous, for a loaded machine. */
const timeout = 30_000;

describe('the search dialog', () => {
	const site = useServedSite(rootDist);
	let context: BrowserContext;
	let page: Page;
	let requests: string[];

	beforeEach(async () => {
		context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
		page = await context.newPage();
		requests = [];
		page.on('request', (request) => requests.push(request.url()));
		await page.goto(`${site.server.url}differences/orm/`, { waitUntil: 'networkidle', timeout });
	});
	afterEach(async () => {
		await context.close();
	});

	const field = () => page.getByRole('searchbox', { name: 'Search' });
	const status = () => page.locator('dialog [role="status"]');
	const results = () => page.locator('.search-results .result');
	const pagefindRequests = () => requests.filter((url) => /pagefind|search-ui/.test(url));
	/** Waits until a page of results has been filled in: the list is busy while it fills. */
	const wholePage = async () => {
		await results().first().waitFor({ timeout });
		await expect.poll(() => page.locator('.search-results ol').getAttribute('aria-busy'), { timeout }).toBeNull();
	};

	it('loads nothing of search until the reader shows intent, then what the first query needs at once', async () => {
		await page.mouse.move(640, 600);
		await page.waitForTimeout(300);
		expect(pagefindRequests()).toEqual([]);
		await page.hover('button[data-open-modal]');
		await expect.poll(() => pagefindRequests().length, { timeout }).toBeGreaterThanOrEqual(5);
		// Requested together, before any file that needs one of them first.
		const first = pagefindRequests().slice(0, 5).map((url) => new URL(url).pathname);
		expect(first.sort()).toEqual([
			expect.stringMatching(/^\/_astro\/search-ui\.[\w-]+\.js$/),
			'/pagefind/pagefind-entry.json',
			expect.stringMatching(/^\/pagefind\/pagefind\.en_\w+\.pf_meta$/),
			'/pagefind/pagefind.js',
			'/pagefind/wasm.en.pagefind',
		]);
	});

	it('loads the whole word index, when it is small, while the reader has the dialog open and types nothing', async () => {
		const dir = join(rootDist, 'pagefind/index');
		const chunks = await readdir(dir);
		const bytes = (await Promise.all(chunks.map(async (file) => (await stat(join(dir, file))).size))).reduce((a, b) => a + b, 0);
		expect(await page.locator('site-search').getAttribute('data-index-bytes')).toBe(String(bytes));
		await page.keyboard.press('Control+k');
		const chunkRequests = () => requests.map((url) => new URL(url).pathname).filter((path) => path.endsWith('.pf_index'));
		await expect.poll(() => chunkRequests().sort(), { timeout }).toEqual(chunks.map((file) => `/pagefind/index/${file}`).sort());
	});

	it('keeps every key typed the instant the dialog is requested, and answers the whole query', async () => {
		// No wait between the shortcut and the keys: nothing of search has loaded yet.
		await page.keyboard.press('Control+k');
		await page.keyboard.type('is fastapi scalable');
		const section = page.locator('.search-results .result ul a[href$="/faq/#is-fastapi-scalable"]');
		await section.first().waitFor({ timeout });
		expect(await field().inputValue()).toBe('is fastapi scalable');
		await expect.poll(() => status().textContent(), { timeout }).toMatch(/^\d+ results? for is fastapi scalable$/);
	});

	it('keeps keys typed long before Pagefind is ready, says it is searching, and searches them once it is', async () => {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		const held: string[] = [];
		await page.route('**/pagefind/**', async (route) => {
			held.push(route.request().url());
			await released;
			await route.continue();
		});
		await page.keyboard.press('Control+k');
		await page.keyboard.type('django admin');
		await expect.poll(() => status().textContent(), { timeout }).toBe('Searching for django admin...');
		// The route handler hears of a request a little after the page makes it.
		await expect.poll(() => held.some((url) => url.endsWith('/pagefind/pagefind.js')), { timeout }).toBe(true);
		expect(await results().count()).toBe(0);
		expect(await field().inputValue()).toBe('django admin');

		release();
		await results().first().waitFor({ timeout });
		await expect.poll(() => status().textContent(), { timeout }).toMatch(/^\d+ results for django admin$/);
		expect(await field().inputValue()).toBe('django admin');
	});

	it('opens with the keyboard shortcut, answers a question and lands on its anchor', async () => {
		await page.keyboard.press('Control+k');
		await expect.poll(() => field().evaluate((el) => el === document.activeElement), { timeout }).toBe(true);
		await page.keyboard.type('is fastapi scalable');
		const result = page.locator('.search-results .result ul a[href$="/faq/#is-fastapi-scalable"]');
		await result.first().waitFor({ timeout });
		await result.first().click();
		await page.waitForURL(/\/faq\/#is-fastapi-scalable$/, { timeout });
		const heading = page.locator('#is-fastapi-scalable');
		await expect.poll(() => heading.isVisible(), { timeout }).toBe(true);
		const box = await heading.boundingBox();
		expect(box!.y).toBeGreaterThanOrEqual(0);
		expect(box!.y).toBeLessThan(800);
	});

	it('opens with a click and follows a result with Enter', async () => {
		await page.click('button[data-open-modal]');
		await expect.poll(() => page.locator('dialog[open]').count(), { timeout }).toBe(1);
		await field().fill('can django be used for ai');
		const link = page.locator('a[href$="/faq/#can-django-support-ai-applications"]').first();
		await link.waitFor({ timeout });
		await link.focus();
		await page.keyboard.press('Enter');
		await page.waitForURL(/\/faq\/#can-django-support-ai-applications$/, { timeout });
	});

	it('closes with Escape and gives focus back to the search button', async () => {
		await page.focus('button[data-open-modal]');
		await page.keyboard.press('Enter');
		await expect.poll(() => page.locator('dialog[open]').count(), { timeout }).toBe(1);
		await page.keyboard.press('Escape');
		await expect.poll(() => page.locator('dialog[open]').count(), { timeout }).toBe(0);
		expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-open-modal'))).toBe(true);
	});

	it('closes on a click outside the dialog', async () => {
		await page.keyboard.press('Control+k');
		await expect.poll(() => page.locator('dialog[open]').count(), { timeout }).toBe(1);
		await page.mouse.click(20, 780);
		await expect.poll(() => page.locator('dialog[open]').count(), { timeout }).toBe(0);
	});

	it('offers the framework filter and narrows the results with it', async () => {
		await page.keyboard.press('Control+k');
		await field().fill('admin panel');
		const djangoBenefits = page.locator('.search-results .result > a[href$="/benefits/django/"]');
		await djangoBenefits.waitFor({ timeout });
		const group = page.getByRole('group', { name: 'Framework' });
		await expect.poll(() => group.getByRole('checkbox', { name: /^Django \(\d+\)$/ }).count(), { timeout }).toBe(1);
		await group.getByRole('checkbox', { name: /^FastAPI \(\d+\)$/ }).check();
		await expect.poll(() => djangoBenefits.count(), { timeout }).toBe(0);
		expect(await results().count()).toBeGreaterThan(0);
	});

	it('counts the filter values for the results even when the filter index arrives after them', async () => {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		await page.route('**/pagefind/filter/**', async (route) => {
			await released;
			await route.continue();
		});
		await page.keyboard.press('Control+k');
		await page.keyboard.type('django admin');
		await results().first().waitFor({ timeout });
		release();
		const group = page.getByRole('group', { name: 'Framework' });
		await group.getByRole('checkbox', { name: /^Django/ }).waitFor({ timeout });
		await expect
			.poll(() => group.getByRole('checkbox').evaluateAll((boxes) => boxes.map((box) => box.parentElement!.textContent)), { timeout })
			.toEqual([expect.stringMatching(/^Django \([1-9]\d*\)$/), expect.stringMatching(/^FastAPI \([1-9]\d*\)$/)]);
	});

	it('shows a page with its best-matching sections, and more results on request', async () => {
		await page.keyboard.press('Control+k');
		await field().fill('django');
		await wholePage();
		const total = Number((await status().textContent())!.match(/^(\d+)/)![1]);
		expect(total).toBeGreaterThan(5);
		expect(await results().count()).toBe(5);
		for (const result of await results().all()) {
			expect(await result.locator('ul > li').count()).toBeLessThanOrEqual(3);
		}
		await page.getByRole('button', { name: 'Load more results' }).click();
		await expect.poll(() => results().count(), { timeout }).toBe(Math.min(10, total));
	});

	it('shows the first result while the rest of the page is still arriving', async () => {
		// Pagefind asks for the results' text in rank order: the first request is the top result's.
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		let fragments = 0;
		await page.route('**/pagefind/fragment/**', async (route) => {
			if (fragments++ > 0) await released;
			await route.continue();
		});
		await page.keyboard.press('Control+k');
		await field().fill('django');
		await results().first().waitFor({ timeout });
		expect(await results().count()).toBe(1);
		expect(await page.locator('.search-results ol').getAttribute('aria-busy')).toBe('true');
		expect(await page.getByRole('button', { name: 'Load more results' }).isVisible()).toBe(false);
		release();
		await wholePage();
		expect(await results().count()).toBe(5);
		expect(await page.getByRole('button', { name: 'Load more results' }).isVisible()).toBe(true);
	});

	it('empties the list when the field is cleared the moment a first result shows', async () => {
		await page.keyboard.press('Control+k');
		await field().fill('django');
		await results().first().waitFor({ timeout });
		await field().fill('');
		await expect.poll(() => results().count(), { timeout }).toBe(0);
		expect(await status().textContent()).toBe('');
	});

	it('shows excerpts as text with their highlights and no other markup', async () => {
		await page.keyboard.press('Control+k');
		await field().fill('pydantic');
		await results().first().waitFor({ timeout });
		const tags = await page
			.locator('.search-results .excerpt')
			.evaluateAll((excerpts) => [...new Set(excerpts.flatMap((p) => [...p.querySelectorAll('*')].map((el) => el.tagName)))]);
		expect(tags).toEqual(['MARK']);
		expect(await page.locator('.search-results .excerpt mark').first().textContent()).toMatch(/pydantic/i);
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
		const context = await site.browser.newContext();
		try {
			const page = await context.newPage();
			const origins = new Set<string>();
			page.on('request', (request) => origins.add(new URL(request.url()).origin));
			await page.goto(`${site.server.url}comparison/`, { timeout });
			await page.keyboard.press('Control+k');
			await page.keyboard.type('websockets');
			const link = page.locator(`.search-results a[href^="${subPathBase}differences/real-time/"]`);
			await link.first().waitFor({ timeout });
			await link.first().click();
			await page.waitForURL(`${site.server.url}differences/real-time/**`, { timeout });
			expect([...origins]).toEqual([site.server.origin]);
		} finally {
			await context.close();
		}
	});
});

/**
 * The override replaces Starlight's own Search component and must keep up with
 * it through public means only: the same translation keys and markup hooks,
 * Starlight's public components and CSS custom properties, and the parts of
 * Pagefind's JavaScript API the search UI calls.
 */
describe('the Search override against what it replaces', () => {
	const require = createRequire(import.meta.url);
	const stockPath = require.resolve('@astrojs/starlight/components/Search.astro');
	const read = (path: string) => readFile(path, 'utf8');
	const translationKeys = (source: string) => new Set([...source.matchAll(/\bt\('([\w.]+)'\)/g)].map((match) => match[1]));
	const ownFiles = ['src/components/overrides/Search.astro', 'src/scripts/site-search.ts', 'src/scripts/search-ui.ts', 'src/scripts/search-ui.css'];

	it('uses every translation stock Starlight uses for search, and only keys Starlight defines', async () => {
		const stock = translationKeys(await read(stockPath));
		const ours = translationKeys(await read(join(root, ownFiles[0]!)));
		expect(stock.size).toBeGreaterThan(0);
		expect([...ours].sort()).toEqual([...stock].sort());
		const english = await read(join(dirname(stockPath), '../translations/en.js'));
		for (const key of ours) expect(english, key).toContain(`"${key}"`);
	});

	it('keeps the markup hooks stock Starlight renders, and is rendered the way Starlight renders it', async () => {
		const stock = await read(stockPath);
		const ours = await read(join(root, ownFiles[0]!));
		for (const hook of ['<site-search', 'data-open-modal', 'data-close-modal', 'aria-keyshortcuts="Control+K"', '<dialog', 'id="starlight__search"']) {
			expect(stock, `stock Search.astro no longer has ${hook}`).toContain(hook);
			expect(ours, hook).toContain(hook);
		}
		// Starlight's header passes the component no props; the override takes only `class`, as stock does.
		const header = await read(join(dirname(stockPath), 'Header.astro'));
		expect(header).toMatch(/<Search\s*\/>/);
	});

	it('relies on no private Starlight styles or internal components', async () => {
		for (const file of ownFiles) {
			const source = await read(join(root, file));
			expect(source, file).not.toMatch(/--__sl-|\bsl-(flex|hidden|block)\b/);
			for (const [, from] of source.matchAll(/from '(@astrojs\/starlight[^']*)'/g)) expect(from, file).toBe('@astrojs/starlight/components');
		}
	});

	it("finds the Pagefind API the search UI calls in the built site's pagefind.js", async () => {
		const pagefind = await read(join(rootDist, 'pagefind/pagefind.js'));
		const exported = pagefind.match(/export\s*\{([^}]*)\}/)![1]!.split(',').map((name) => name.trim());
		expect(exported).toEqual(expect.arrayContaining(['options', 'init', 'search', 'filters']));
		// The option that keeps Pagefind on the main thread, where it finds the preloaded WebAssembly.
		expect(pagefind).toContain('noWorker');
	});
});
