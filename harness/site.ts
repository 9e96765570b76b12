import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { parseHTML } from 'linkedom';

/** The built HTML file for a site path, e.g. `/faq/` → `<dist>/faq/index.html`, `/404.html` → `<dist>/404.html`. */
export function htmlFileFor(dist: string, url: string): string {
	return url.endsWith('.html') ? join(dist, url) : join(dist, url, 'index.html');
}

/** Parses one built page into a DOM document. */
export async function loadPage(dist: string, url: string): Promise<Document> {
	const html = await readFile(htmlFileFor(dist, url), 'utf8');
	return parseHTML(html).document as unknown as Document;
}

/** Every HTML file in a build, as site paths (`/faq/`, `/404.html`). */
export async function builtHtmlPaths(dist: string): Promise<string[]> {
	const entries = await readdir(dist, { recursive: true });
	return entries
		.filter((file) => file.endsWith('.html'))
		.map((file) => `/${relative(dist, join(dist, file)).split(sep).join('/')}`.replace(/index\.html$/, ''))
		.sort();
}
