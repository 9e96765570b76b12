import type { Page } from 'playwright-core';

export interface SearchHit {
	/** Page URL without origin or base, e.g. `/faq/`. */
	url: string;
	/**
	 * Sub-result URLs (page plus anchor), best first: by number of matching
	 * words, which is how Pagefind's UI picks the sub-results it shows.
	 */
	anchors: string[];
	excerpt: string;
	/** All the text Pagefind indexed for the page. */
	content: string;
}

/**
 * Runs a query against the built site's real Pagefind index, from inside a
 * page the site served, and returns the top hits with base-relative URLs.
 */
export async function searchIndex(
	page: Page,
	query: string,
	{ base = '/', limit = 3, filters }: { base?: string; limit?: number; filters?: Record<string, string[]> } = {},
): Promise<SearchHit[]> {
	// A string, not a function: Vitest would rewrite a function's import() for Node.
	await page.evaluate(
		`window.__pagefind ??= import(${JSON.stringify(`${base}pagefind/pagefind.js`)})` +
			`.then(async (pagefind) => { await pagefind.options({ baseUrl: ${JSON.stringify(base)} }); return pagefind; })`,
	);
	return page.evaluate(
		async ({ query, base, limit, filters }) => {
			type Pagefind = {
				search(q: string, o?: object): Promise<{ results: { data(): Promise<any> }[] }>;
			};
			const pagefind = await (window as unknown as { __pagefind: Promise<Pagefind> }).__pagefind;
			const { results } = await pagefind.search(query, filters ? { filters } : {});
			const data = await Promise.all(results.slice(0, limit).map((r) => r.data()));
			const strip = (url: string) => `/${url.slice(base.length)}`;
			return data.map((d) => ({
				url: strip(d.url),
				anchors: (d.sub_results as { url: string; locations: number[] }[])
					.map((sub, index) => ({ url: strip(sub.url), score: sub.locations.length, index }))
					.sort((a, b) => b.score - a.score || a.index - b.index)
					.map((sub) => sub.url),
				excerpt: String(d.excerpt),
				content: String(d.content),
			}));
		},
		{ query, base, limit, filters },
	);
}
