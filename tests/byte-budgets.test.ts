import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../harness/paths';
import { readDocsPages } from '../src/build/docs-pages';
import { firstLoadBudget, firstLoadBudgetRule, pageWeight, scriptBudget, type PageWeight } from '../harness/page-weight';
import { rootDist } from './support/paths';
import { builtHtmlPaths } from '../harness/site';

const pages = await builtHtmlPaths(rootDist);
const weights = new Map<string, PageWeight>();
for (const page of pages) weights.set(page, await pageWeight(rootDist, page));

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const listing = (weight: PageWeight) =>
	weight.resources.map(({ path, kind, bytes }) => `  ${kind.padEnd(5)} ${kb(bytes).padStart(8)}  ${path}`).join('\n');

describe('first-load bytes, gzipped, from the built output', () => {
	it('covers every page of the site', () => {
		// One built page per page source, the 404 page included.
		const sources = readDocsPages(join(root, 'content/docs')).map(({ id }) => (id === 'index' ? '/' : id === '404' ? '/404.html' : `/${id}/`));
		expect(sources).toContain('/404.html');
		expect(pages).toEqual(sources.sort());
	});

	it.each(pages)(`%s stays within its first-load budget (${firstLoadBudgetRule})`, (page) => {
		const weight = weights.get(page)!;
		const budget = firstLoadBudget(weight);
		expect(
			weight.bytes.total,
			`${page} loads ${kb(weight.bytes.total)} before first paint, over its ${kb(budget)} budget:\n${listing(weight)}`,
		).toBeLessThanOrEqual(budget);
	});

	it.each(pages)('%s fetches at most its budget of JavaScript before any search intent', (page) => {
		const weight = weights.get(page)!;
		const budget = scriptBudget(page);
		const scripts = { ...weight, resources: weight.resources.filter(({ kind }) => kind === 'js') };
		expect(
			weight.bytes.js,
			`${page} fetches ${kb(weight.bytes.js)} of JavaScript, over ${kb(budget)}:\n${listing(scripts)}`,
		).toBeLessThanOrEqual(budget);
	});

	it('counts code-block styles only where there are code blocks', () => {
		const codeFiles = (weight: PageWeight) => weight.resources.map(({ path }) => path).filter((path) => /\/ec\.[\w-]+\.(css|js)$/.test(path));
		const withCode = [...weights.values()].filter((weight) => weight.hasCodeBlocks);
		const without = [...weights.values()].filter((weight) => !weight.hasCodeBlocks);
		expect(withCode.length).toBeGreaterThan(0);
		expect(without.length).toBeGreaterThan(0);
		// Pages with code blocks count Expressive Code's files (else the rule below could pass by never finding them)…
		expect(withCode.filter((weight) => codeFiles(weight).length === 0).map(({ page }) => page)).toEqual([]);
		// …and pages without count none.
		expect(without.filter((weight) => codeFiles(weight).length > 0).map(({ page }) => page)).toEqual([]);
	});
});
