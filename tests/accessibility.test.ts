import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { themedContext, type Theme, type ViewportName } from '../harness/browser';
import { rootDist } from './support/paths';
import { builtHtmlPaths } from '../harness/site';
import { useServedSite } from './support/served-site';

const pages = await builtHtmlPaths(rootDist);
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, plus axe's best practices. */
const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

/** Runs axe on the page as it is now; one line per rule, then one per failing element. */
async function axeViolations(page: Page): Promise<string[]> {
	if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource });
	return page.evaluate(async (tags) => {
		type AxeResult = {
			violations: {
				id: string;
				impact: string;
				help: string;
				nodes: { target: string[]; failureSummary: string }[];
			}[];
		};
		const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResult> } };
		const { violations } = await axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations'],
		});
		return violations.map(
			({ id, impact, help, nodes }) =>
				`${id} (${impact}): ${help}\n` +
				nodes
					.map(({ target, failureSummary }) => `    ${target.join(' ')}\n      ${failureSummary.replace(/\n/g, '\n      ')}`)
					.join('\n'),
		);
	}, axeTags);
}

const conditions = (['light', 'dark'] as const).flatMap((theme: Theme) =>
	(['desktop', 'phone'] as const).map((viewport: ViewportName) => ({ theme, viewport })),
);

describe.each(conditions)('axe: $theme theme, $viewport', ({ theme, viewport }) => {
	const site = useServedSite(rootDist);
	let context: BrowserContext;

	beforeAll(async () => {
		context = await themedContext(site.browser, theme, viewport);
	});

	async function open(path: string): Promise<Page> {
		const page = await context.newPage();
		// Settled, as a reader finds it: Expressive Code marks scrollable code focusable after layout.
		await page.goto(`${site.server.url}${path.slice(1)}`, { waitUntil: 'networkidle' });
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
		return page;
	}

	it.each(pages)('%s has no violation', async (path) => {
		const page = await open(path);
		const violations = await axeViolations(page);
		expect(violations.length, `${path}, ${theme} theme, ${viewport}:\n${violations.join('\n')}`).toBe(0);
		await page.close();
	});

	it.each(['/', '/faq/'])('%s has no violation with the search dialog open and showing results', async (path) => {
		const page = await open(path);
		await page.keyboard.press('Control+k');
		const input = page.locator('#starlight__search input');
		await input.waitFor();
		await input.fill('django admin');
		await page.locator('.pagefind-ui__result').first().waitFor();
		const violations = await axeViolations(page);
		expect(violations.length, `${path} with search open, ${theme} theme, ${viewport}:\n${violations.join('\n')}`).toBe(0);
		await page.close();
	});
});
