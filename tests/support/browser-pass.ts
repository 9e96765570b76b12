import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { themedContext, type Theme, type ViewportName } from '../../harness/browser';
import { pageWeight, type PageWeight } from '../../harness/page-weight';
import { root } from '../../harness/paths';
import { builtHtmlPaths } from '../../harness/site';
import { headersFor, parseHeadersFile } from './headers-file';
import { rootDist } from './paths';
import { useServedSite, type ServedSite } from './served-site';

/**
 * One browser pass per page and condition (theme × viewport), a test file per
 * viewport so that the two share the test workers. The site is
 * served with the headers of public/_headers, as Netlify or Cloudflare Pages
 * would; each page is loaded once, left alone until the network is idle, and
 * everything a reader's browser would notice is collected from that one load:
 * axe's findings, console errors and warnings, uncaught errors, failed and
 * foreign requests, Content-Security-Policy violations, and the files fetched,
 * which must be exactly those the byte model (harness/page-weight.ts) counts.
 */
const pages = await builtHtmlPaths(rootDist);
const weights = new Map<string, PageWeight>();
for (const page of pages) weights.set(page, await pageWeight(rootDist, page));

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/**
 * What axe checks in each theme: in the light theme, WCAG 2.0, 2.1 and 2.2 at
 * levels A and AA plus axe's best practices; in the dark theme, the two of
 * those rules that read colours (contrast, and links told apart from text by
 * colour). A theme changes colours, not markup (the test below holds the two
 * themes' markup equal), so the other rules would judge the same page twice.
 */
const axeScope: Record<Theme, { type: 'tag' | 'rule'; values: string[] }> = {
	light: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
	dark: { type: 'rule', values: ['color-contrast', 'link-in-text-block'] },
};
const rules = parseHeadersFile(readFileSync(join(root, 'public/_headers'), 'utf8'));

/** Every wait in the browser names its limit: a loaded machine is slow, not broken. */
const settleTimeout = 30_000;

/** Runs axe on the page as it is now; one line per rule, then one per failing element. */
async function axeViolations(page: Page, theme: Theme): Promise<string[]> {
	// Evaluated over the DevTools protocol, which the page's policy does not govern (a script tag would be blocked).
	if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
	return page.evaluate(async (runOnly) => {
		type AxeResult = {
			violations: { id: string; impact: string; help: string; nodes: { target: string[]; failureSummary: string }[] }[];
		};
		const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } };
		const { violations } = await axe.run(document, { runOnly, resultTypes: ['violations'] });
		return violations.map(
			({ id, impact, help, nodes }) =>
				`${id} (${impact}): ${help}\n` +
				nodes
					.map(({ target, failureSummary }) => `    ${target.join(' ')}\n      ${failureSummary.replace(/\n/g, '\n      ')}`)
					.join('\n'),
		);
	}, axeScope[theme]);
}

/** What one load of one page showed. */
interface PageLoad {
	page: Page;
	status: number | undefined;
	contentSecurityPolicy: string | undefined;
	theme: string | undefined;
	/** Console errors and warnings, uncaught errors, failed requests, HTTP errors. */
	problems: string[];
	/** Requests to any origin but the site's own. */
	foreignRequests: string[];
	/** Paths fetched from the site, without query strings. */
	fetched: Set<string>;
}

/**
 * Each loaded page's markup, by viewport, theme and path, less what the theme
 * itself sets (the root's data-theme; the theme picker's icon, a sun or a
 * moon, like every decorative icon hidden from assistive technology) and what
 * follows the scroll position, not the theme (the table of contents' current
 * section, which its script marks whenever its observer gets round to it).
 */
const markup = new Map<string, string>();
const markupKey = (viewport: ViewportName, theme: Theme, path: string) => `${viewport} ${theme} ${path}`;

const themes = ['light', 'dark'] as const;

/** Opens `path` in a fresh context for the condition, with every listener attached before the first byte. */
async function load(site: ServedSite, context: BrowserContext, path: string): Promise<PageLoad> {
	const page = await context.newPage();
	const result: PageLoad = {
		page,
		status: undefined,
		contentSecurityPolicy: undefined,
		theme: undefined,
		problems: [],
		foreignRequests: [],
		fetched: new Set(),
	};
	await page.addInitScript(() => {
		document.addEventListener('securitypolicyviolation', (event) => {
			console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
		});
	});
	page.on('console', (message) => {
		if (message.type() === 'error' || message.type() === 'warning') {
			result.problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
		}
	});
	page.on('pageerror', (error) => result.problems.push(`uncaught: ${error.message}`));
	page.on('requestfailed', (request) => result.problems.push(`failed: ${request.url()} (${request.failure()?.errorText})`));
	page.on('response', (response) => {
		if (response.status() >= 400) result.problems.push(`HTTP ${response.status()}: ${response.url()}`);
	});
	page.on('request', (request) => {
		const url = new URL(request.url());
		if (url.origin === site.server.origin) result.fetched.add(url.pathname);
		else if (url.protocol !== 'data:') result.foreignRequests.push(request.url());
	});
	const response = await page.goto(`${site.server.url}${path.slice(1)}`, { waitUntil: 'networkidle', timeout: settleTimeout });
	result.status = response?.status();
	result.contentSecurityPolicy = response?.headers()['content-security-policy'];
	// Scripts may still be filling the page in (the phone's table of contents names the current section):
	// wait until the document has not changed for a quarter of a second, five seconds at most.
	await page.evaluate(
		() =>
			new Promise<void>((resolve) => {
				let quiet = setTimeout(finish, 250);
				const observer = new MutationObserver(() => {
					clearTimeout(quiet);
					quiet = setTimeout(finish, 250);
				});
				const limit = setTimeout(finish, 5_000);
				function finish() {
					observer.disconnect();
					clearTimeout(limit);
					resolve();
				}
				observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
			}),
	);
	result.theme = await page.evaluate(() => document.documentElement.dataset.theme);
	return result;
}

/**
 * The pass for one viewport: every page in both themes, the search dialog,
 * the decision score, then the two themes' markup held equal.
 */
export function browserPass(viewport: ViewportName): void {
	const site = useServedSite(rootDist, { headers: (path) => headersFor(rules, path) });

	describe.each(themes)(`%s theme, ${viewport}`, (theme) => {
		/** A fresh context per test, closed after it, so no test sees another's storage. */
		async function withContext(run: (context: BrowserContext) => Promise<void>): Promise<void> {
			const context = await themedContext(site.browser, theme, viewport);
			try {
				await run(context);
			} finally {
				await context.close();
			}
		}

		// Pages load concurrently: most of a load is waiting for the network to be idle.
		it.concurrent.for(pages)('%s: accessible, quiet in the console, within the policy and the byte model', async (path, { expect }) =>
			withContext(async (context) => {
				const loaded = await load(site, context, path);
				const where = `${path}, ${theme} theme, ${viewport}`;
				markup.set(
					markupKey(viewport, theme, path),
					await loaded.page.evaluate(() =>
						document.documentElement.outerHTML
							.replace(/ data-theme="\w+"/, '')
							.replace(/<svg aria-hidden="true"[^>]*>.*?<\/svg>/gs, '')
							.replace(/(<span class="display-current[^"]*">)[^<]*/g, '$1')
							.replace(/ aria-current="true"/g, ''),
					),
				);
				expect.soft(loaded.status, where).toBe(200);
				// The theme script is inline: if the policy lacked its hash, no theme would be set.
				expect.soft(loaded.theme, where).toBe(theme);
				// The whole policy public/_headers gives this path, as the host would send it; there must be one.
				const policy = headersFor(rules, path)['Content-Security-Policy'];
				expect.soft(policy, `${where}: public/_headers gives no policy`).toEqual(expect.any(String));
				expect.soft(loaded.contentSecurityPolicy, where).toBe(policy);
				expect.soft(loaded.problems, where).toEqual([]);
				expect.soft(loaded.foreignRequests, where).toEqual([]);
				// Loaded and left alone, a page fetches exactly what the model counts: nothing
				// it misses (a module imported at idle), nothing the browser never asks for.
				// Chromium asks for the favicon on its own schedule, sometimes after the network went idle.
				const { resources, deferred } = weights.get(path)!;
				const withoutFavicon = (paths: Iterable<string>) => [...paths].filter((path) => path !== '/favicon.svg').sort();
				expect.soft(withoutFavicon(loaded.fetched), where).toEqual(withoutFavicon([...resources, ...deferred].map(({ path }) => path)));
				const violations = await axeViolations(loaded.page, theme);
				expect.soft(violations.length, `${where}:\n${violations.join('\n')}`).toBe(0);
			}),
		);

		it.concurrent.for(['/', '/faq/'])('%s with the search dialog open and showing results', async (path, { expect }) =>
			withContext(async (context) => {
				const loaded = await load(site, context, path);
				await loaded.page.keyboard.press('Control+k');
				const input = loaded.page.locator('#starlight__search input');
				await input.waitFor({ timeout: settleTimeout });
				await input.fill('django admin');
				// The list is busy while the page of results fills in; axe judges the finished list.
				await loaded.page.locator('.search-results ol:not([aria-busy]) .result').first().waitFor({ timeout: settleTimeout });
				const where = `${path} with search open, ${theme} theme, ${viewport}`;
				// Pagefind's script and WebAssembly run under the policy too.
				expect.soft(loaded.problems, where).toEqual([]);
				const violations = await axeViolations(loaded.page, theme);
				expect.soft(violations.length, `${where}:\n${violations.join('\n')}`).toBe(0);
			}),
		);

		it('runs the decision score under the policy', async ({ expect }) =>
			withContext(async (context) => {
				const loaded = await load(site, context, '/decision-guide/?api-first=3&microservices=3');
				// The result starts as "either" in the HTML; only the running script can make it "fastapi".
				await expect
					.poll(() => loaded.page.locator('#decision-result').getAttribute('data-verdict'), { timeout: settleTimeout })
					.toBe('fastapi');
				expect(loaded.problems).toEqual([]);
			}),
		);
	});

	// Runs after the themes above: describe blocks run in order.
	describe(`the two themes, ${viewport}`, () => {
		it('render the same markup on every page, so the dark theme needs only axe\'s colour rules', () => {
			const differences = pages.flatMap((path) => {
				const [light, dark] = (['light', 'dark'] as const).map((theme) => markup.get(markupKey(viewport, theme, path)));
				if (light === undefined || dark === undefined) return [`${path}: not loaded in both themes`];
				if (light === dark) return [];
				let at = 0;
				while (light[at] === dark[at]) at++;
				return [`${path}:\n  light: …${light.slice(at - 120, at + 120)}…\n  dark:  …${dark.slice(at - 120, at + 120)}…`];
			});
			expect(differences).toEqual([]);
		});
	});
}
