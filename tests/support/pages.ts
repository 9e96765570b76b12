import { readFileSync } from 'node:fs';
import { testSite } from '../../harness/paths';
import { rootDist } from './paths';

/**
 * Every page of the built site, as site paths (`/`, `/faq/`), taken from the
 * sitemap of the test build as Starlight's own accessibility tests take theirs:
 * a page added to the content is tested without being listed anywhere else.
 * The global setup has built the site before any test file imports this.
 */
function sitemapPages(dist: string): string[] {
	const index = readFileSync(`${dist}sitemap-index.xml`, 'utf8');
	const locations = (xml: string) => [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
	const pages = locations(index).flatMap((sitemap) =>
		locations(readFileSync(`${dist}${new URL(sitemap).pathname.slice(1)}`, 'utf8')),
	);
	if (pages.length === 0) throw new Error(`${dist}sitemap-index.xml lists no pages: is the build complete?`);
	return pages.map((url) => url.slice(testSite.length));
}

export const pageUrls: readonly string[] = sitemapPages(rootDist);
