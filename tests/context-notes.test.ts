import { describe, expect, it } from 'vitest';
import { rootDist } from './support/paths';
import { loadPage } from '../harness/site';

/** Pages that must carry at least one sourced "Context" aside (issue 7). */
const pagesWithContext = [
	'/overview/django/',
	'/overview/fastapi/',
	'/differences/performance/',
	'/differences/orm/',
	'/differences/async/',
	'/differences/ai-integration/',
	'/differences/developer-experience/',
	'/differences/scalability/',
	'/differences/real-time/',
	'/faq/',
];

/** Pages with side-by-side code, and how many tab sets each shows. */
const pagesWithTabs: Record<string, number> = {
	'/differences/ai-integration/': 2,
	'/differences/real-time/': 1,
	'/differences/developer-experience/': 1,
	'/differences/async/': 1,
};

const contextAsides = (doc: Document) =>
	[...doc.querySelectorAll('.sl-markdown-content aside.starlight-aside')].filter(
		(aside) => aside.getAttribute('aria-label') === 'Context',
	);

describe('Context asides', () => {
	it.each(pagesWithContext)('%s has a Context aside with its sources and the date they were checked', async (url) => {
		const asides = contextAsides(await loadPage(rootDist, url));
		expect(asides.length).toBeGreaterThan(0);
		for (const aside of asides) {
			const body = aside.querySelector('.context-note')!;
			expect(body.querySelector('p')?.textContent?.trim().length).toBeGreaterThan(40);
			const checked = body.querySelector('.context-note__sources time')?.getAttribute('datetime') ?? '';
			expect(checked).toMatch(/^\d{4}-\d{2}-\d{2}$/);
			const links = [...body.querySelectorAll('.context-note__sources a')].map((a) => a.getAttribute('href') ?? '');
			expect(links.length).toBeGreaterThan(0);
			for (const href of links) expect(href).toMatch(/^https:\/\//);
		}
	});

	it('keeps the FAQ at six question headings', async () => {
		const doc = await loadPage(rootDist, '/faq/');
		expect(contextAsides(doc).length).toBeGreaterThan(0);
		expect(doc.querySelectorAll('.sl-markdown-content h2')).toHaveLength(6);
	});
});

describe('side-by-side code', () => {
	it.each(Object.entries(pagesWithTabs))('%s shows %i synced FastAPI / Django tab set(s) of titled code', async (url, sets) => {
		const doc = await loadPage(rootDist, url);
		const tabs = [...doc.querySelectorAll('starlight-tabs[data-sync-key="framework"]')];
		expect(tabs).toHaveLength(sets);
		for (const set of tabs) {
			const labels = [...set.querySelectorAll('[role="tab"]')].map((tab) => tab.textContent?.trim());
			expect(labels).toEqual(['FastAPI', 'Django']);
			for (const panel of set.querySelectorAll('[role="tabpanel"]')) {
				const titles = [...panel.querySelectorAll('figcaption .title')].map((title) => title.textContent?.trim());
				expect(titles.length).toBeGreaterThan(0);
				for (const title of titles) expect(title).toMatch(/\.py$/);
			}
		}
	});

	it.each(Object.keys(pagesWithTabs))('%s heads each code section "In code: …"', async (url) => {
		const doc = await loadPage(rootDist, url);
		const headings = [...doc.querySelectorAll('.sl-markdown-content h2')].map((h2) => h2.textContent?.trim() ?? '');
		expect(headings.filter((text) => text.startsWith('In code:')).length).toBe(pagesWithTabs[url]);
	});
});
