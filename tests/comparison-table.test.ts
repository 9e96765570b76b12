import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { themedContext, type ViewportName } from '../harness/browser';
import { root } from '../harness/paths';
import { labRun, type LabRun, type WorkloadId } from '../lab/results';
import { readYamlList } from '../src/build/yaml-list-loader';
import { chooseRun } from '../src/lib/evidence-run';
import { measuredSentence, type LabComparison } from '../src/lib/measured-sentences';
import { rootDist } from './support/paths';
import { useServedSite } from './support/served-site';

const comparison = readYamlList(join(root, 'content/data/comparison.yaml'));
const rows = comparison.length;

const labDir = join(root, 'content/data/lab');
const labRuns = readdirSync(labDir)
	.filter((name) => name.endsWith('.json'))
	.map((name) => ({ id: name.replace(/\.json$/, ''), data: labRun.parse(JSON.parse(readFileSync(join(labDir, name), 'utf8'))) as LabRun }));

/**
 * The sentences the table writes for a row's lab comparisons, as its component
 * does (sentencesFor in src/components/parts/measured-run.ts): each from the run
 * published for its workload, marked when that is only a smoke run.
 */
function measuredSentences(id: string): string[] {
	const { found } = comparison.find((entry) => entry.id === id) as unknown as { found: { lab: LabComparison[] } };
	return found.lab.map((spec, index) => {
		const published = chooseRun(labRuns, spec.workload as WorkloadId);
		if (!published) throw new Error(`content/data/lab/ holds no run of ${spec.workload}: run npm run lab`);
		const { text } = measuredSentence(published.run, spec, `${id}: found.lab[${index}]`);
		return published.smoke ? `${text} (Smoke run ${published.id}: not for conclusions.)` : text;
	});
}

/** Roles in Chromium's own accessibility tree, as a screen reader gets them, counted. */
async function tableRoles(context: BrowserContext, page: Page): Promise<Record<string, number>> {
	const cdp = await context.newCDPSession(page);
	const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: { role?: { value?: string } }[] };
	const counts: Record<string, number> = {};
	for (const role of nodes.map((node) => node.role?.value ?? '')) {
		if (['table', 'row', 'columnheader', 'rowheader', 'cell'].includes(role)) counts[role] = (counts[role] ?? 0) + 1;
	}
	return counts;
}

describe.each(['phone', 'desktop'] as ViewportName[])('the comparison table on a %s', (viewport) => {
	const site = useServedSite(rootDist);
	let context: BrowserContext;
	afterEach(() => context?.close());

	async function open(): Promise<Page> {
		context = await themedContext(site.browser, 'light', viewport);
		const page = await context.newPage();
		await page.goto(`${site.server.url}comparison/`, { waitUntil: 'load', timeout: 30_000 });
		return page;
	}

	it('fits the screen: no sideways scrolling, every cell inside the viewport', async () => {
		const page = await open();
		const layout = await page.evaluate(() => {
			const width = document.documentElement.clientWidth;
			const outside = [...document.querySelectorAll('.sl-markdown-content table :is(th, td)')]
				.map((cell) => ({ cell, box: cell.getBoundingClientRect() }))
				.filter(({ box }) => box.left < 0 || box.right > width + 0.5)
				.map(({ cell, box }) => `${cell.textContent?.trim().slice(0, 30)}: ${box.left}–${box.right}`);
			// The table itself must not scroll inside its own box either.
			const table = document.querySelector('.sl-markdown-content table')!;
			return { width, scrollWidth: document.documentElement.scrollWidth, outside, tableOverflow: table.scrollWidth - table.clientWidth };
		});
		expect(layout.scrollWidth).toBeLessThanOrEqual(layout.width);
		expect(layout.outside).toEqual([]);
		expect(layout.tableOverflow).toBeLessThanOrEqual(0);
	});

	it('stays a table for assistive technology, with row and column headers', async () => {
		const page = await open();
		expect(await tableRoles(context, page)).toEqual({
			table: 1,
			row: rows + 1,
			columnheader: 4,
			rowheader: rows,
			cell: rows * 3,
		});
	});

	it('keeps the article’s words and what the lab and documentation add in separate columns, each addition with its basis', async () => {
		const page = await open();
		const headers = await page.locator('.sl-markdown-content table thead th').allInnerTexts();
		expect(headers).toEqual(['Feature', 'FastAPI, in the article', 'Django, in the article', 'What the lab and the documentation add']);
		const performance = page.locator('tr#performance td').nth(2);
		// Every lab comparison the row names, word for word as the published runs give it, in the data's order.
		const sentences = measuredSentences('performance');
		expect(sentences.length).toBeGreaterThan(0);
		expect(await performance.locator('ul.measured > li').allInnerTexts()).toEqual(sentences);
		expect(await performance.locator('[data-basis="measured"] a').first().getAttribute('href')).toBe('/evidence/json-throughput/');
		expect(await page.locator('tr#admin-panel td').nth(2).locator('[data-basis="documented"]').count()).toBe(1);
	});
});
