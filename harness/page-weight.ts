import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { init, parse } from 'es-module-lexer';
import { parseHTML } from 'linkedom';
import { htmlFileFor } from './site.ts';
import { servedSize } from './static-server.ts';

/** What a first-load resource is, for the per-type columns of the report. */
export type ResourceKind = 'html' | 'css' | 'js' | 'font' | 'image';

export interface Resource {
	/** Site path without the base, e.g. `/_astro/common.css`. */
	path: string;
	kind: ResourceKind;
	/** Bytes as a gzip-serving static host sends them. */
	bytes: number;
}

export interface PageWeight {
	/** Site path without the base, e.g. `/faq/` or `/404.html`. */
	page: string;
	/** The HTML document first, then every file the browser fetches before first paint. */
	resources: Resource[];
	/** Fetched at load but not needed for first paint (print stylesheets); not in `bytes`. */
	deferred: Resource[];
	/** Gzipped bytes per kind of file; inline scripts and styles are counted in `html`. */
	bytes: Record<ResourceKind, number> & { total: number };
	/**
	 * The page's inline scripts (not JSON-LD), gzipped on their own. They travel
	 * inside the HTML and are counted there; this says how much of it is code.
	 */
	inlineScriptBytes: number;
	/** The page shows Expressive Code blocks, whose styles and copy button it must carry. */
	hasCodeBlocks: boolean;
}

/**
 * The first load of one built page, computed from the files alone (no browser,
 * no timing): the HTML; render-blocking stylesheets (not `media="print"`) and
 * their `@import`s; scripts in `<script src>` and module preloads with every
 * module they import statically, recursively (a dynamic `import()` waits for
 * an event, so it is not first load); preloaded fonts and fonts declared in
 * that CSS (an upper bound: a browser fetches only the faces it uses); eager
 * `<img>` and the favicon. Sizes are what `serveStatic` sends with gzip on.
 */
export async function pageWeight(dist: string, page: string, base = '/'): Promise<PageWeight> {
	await init;
	const htmlFile = htmlFileFor(dist, page);
	const html = await readFile(htmlFile);
	const { document } = parseHTML(html.toString('utf8'));
	const origin = 'http://site.invalid';
	const documentUrl = new URL(`${base}${page.slice(1)}`, origin);
	const fileUrl = (path: string) => new URL(`${base}${path.slice(1)}`, origin);

	const resources: Resource[] = [{ path: page, kind: 'html', bytes: servedSize(htmlFile, html) }];
	const seen = new Set<string>([page]);

	/** Maps a URL in the page or a file to a site path, or fails for anything not on this site. */
	const sitePath = (href: string, from: URL): string => {
		const url = new URL(href, from);
		if (url.origin !== origin || !url.pathname.startsWith(base)) {
			throw new Error(`${page}: first-load resource ${href} is not served by this site`);
		}
		return `/${url.pathname.slice(base.length)}`;
	};
	const add = async (path: string, kind: ResourceKind): Promise<Buffer | undefined> => {
		if (seen.has(path)) return undefined;
		seen.add(path);
		const file = join(dist, path);
		const body = await readFile(file).catch(() => {
			throw new Error(`${page}: first-load resource ${path} is missing from the build`);
		});
		resources.push({ path, kind, bytes: servedSize(file, body) });
		return body;
	};
	const addScript = async (path: string): Promise<void> => {
		const body = await add(path, 'js');
		if (!body) return;
		const [imports] = parse(body.toString('utf8'));
		// `d === -1` marks a static import; dynamic ones (d >= 0) and import.meta (d === -2) are skipped.
		for (const { n: specifier, d } of imports) {
			if (d === -1 && specifier) await addScript(sitePath(specifier, fileUrl(path)));
		}
	};
	const addStylesheet = async (path: string): Promise<void> => {
		const body = await add(path, 'css');
		if (!body) return;
		const css = body.toString('utf8');
		for (const [, href] of css.matchAll(/@import\s+(?:url\()?\s*["']?([^"')\s;]+)/g)) {
			await addStylesheet(sitePath(href!, fileUrl(path)));
		}
		for (const [face] of css.matchAll(/@font-face\s*{[^}]*}/g)) {
			const first = /url\(\s*["']?([^"')]+)/.exec(face);
			if (first && !first[1]!.startsWith('data:')) await add(sitePath(first[1]!, fileUrl(path)), 'font');
		}
	};

	for (const link of document.querySelectorAll('link[rel~="stylesheet"]:not([media="print"])')) {
		await addStylesheet(sitePath(link.getAttribute('href')!, documentUrl));
	}
	const deferred: Resource[] = [];
	for (const link of document.querySelectorAll('link[rel~="stylesheet"][media="print"]')) {
		const path = sitePath(link.getAttribute('href')!, documentUrl);
		const file = join(dist, path);
		deferred.push({ path, kind: 'css', bytes: servedSize(file, await readFile(file)) });
	}
	for (const element of document.querySelectorAll('script[src], link[rel="modulepreload"], link[rel="preload"][as="script"]')) {
		await addScript(sitePath(element.getAttribute('src') ?? element.getAttribute('href')!, documentUrl));
	}
	for (const link of document.querySelectorAll('link[rel="preload"][as="font"]')) {
		await add(sitePath(link.getAttribute('href')!, documentUrl), 'font');
	}
	for (const element of document.querySelectorAll('img:not([loading="lazy"]), link[rel~="icon"]')) {
		const href = element.getAttribute('src') ?? element.getAttribute('href')!;
		if (!href.startsWith('data:')) await add(sitePath(href, documentUrl), 'image');
	}

	const inlineCode = [...document.querySelectorAll('script:not([src])')]
		.filter((script) => !/json/.test(script.getAttribute('type') ?? ''))
		.map((script) => script.textContent ?? '')
		.join('\n');

	const bytes = { html: 0, css: 0, js: 0, font: 0, image: 0, total: 0 };
	for (const { kind, bytes: size } of resources) {
		bytes[kind] += size;
		bytes.total += size;
	}
	return {
		page,
		resources,
		deferred,
		bytes,
		inlineScriptBytes: inlineCode ? gzipSync(inlineCode, { level: 9 }).length : 0,
		hasCodeBlocks: document.querySelector('.expressive-code') !== null,
	};
}

/**
 * The first-load budget for a page, in bytes: 25 KB (issue 6); 27 KB for the
 * decision guide, whose HTML carries the decision tool's criteria as JSON and
 * its form as templates since the script stopped reading them off the page
 * (issue 13); 33 KB with code blocks (issue 6's 32 KB, plus the "View as
 * Markdown" link every page gained in issue 13) and for the evidence pages
 * with their inline charts and tables (issue 10), and for the capacity
 * planner, whose page carries a static plan per preset and the model's check
 * against the lab as tables, and its parameters as JSON (issue 25).
 */
export function firstLoadBudget(weight: PageWeight): number {
	if (weight.hasCodeBlocks || weight.page.startsWith('/evidence/') || weight.page === '/plan-capacity/') return 33 * 1024;
	return (weight.page === '/decision-guide/' ? 27 : 25) * 1024;
}

/** The rule above in words, for test names and the benchmark report. */
export const firstLoadBudgetRule = '25 KB; decision guide 27 KB; 33 KB with code blocks, evidence charts or the capacity planner';

/** The pages with an island of their own: the decision score and the capacity planner. */
const islandPages = new Set(['/decision-guide/', '/plan-capacity/']);

/**
 * The budget for JavaScript files fetched before any search intent: 6 KB, the
 * decision guide and the capacity planner 10 KB with their islands. Files, as
 * issue 6's figures for other sites count them (stock Starlight's 29–32 KB are
 * its script requests).
 */
export function scriptBudget(page: string): number {
	return (islandPages.has(page) ? 10 : 6) * 1024;
}
