import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cacheControl, contentSecurityPolicy, inlineScriptHashes } from '../src/build/security-headers';
import { readDocsPages } from '../src/build/docs-pages';
import { buildSite } from '../harness/build';
import { headersFor, parseHeadersFile, type HeaderRule } from './support/headers-file';
import { root, workDir, testSite } from '../harness/paths';
import { rootDist, subPathBase, subPathDist } from './support/paths';
import { builtHtmlPaths, loadPage } from '../harness/site';
import { pageUrls } from './support/pages';
import { serveStatic, type StaticServer } from '../harness/static-server';

/** Same-origin URLs a page makes the browser or a crawler fetch. */
function referencedUrls(html: string, pageUrl: string, origin: string): string[] {
	const { document } = parseHTML(html);
	const attributes = [
		...[...document.querySelectorAll('a[href], link[href]')].map((el) => el.getAttribute('href')!),
		...[...document.querySelectorAll('script[src], img[src]')].map((el) => el.getAttribute('src')!),
	];
	return attributes
		.map((value) => new URL(value, pageUrl))
		.filter((url) => url.origin === origin)
		.map((url) => url.href);
}

describe('the site under a sub-path on a plain static server', () => {
	let server: StaticServer;
	beforeAll(async () => {
		server = await serveStatic(subPathDist, { base: subPathBase });
	});
	afterAll(() => server?.close());

	it('answers every link, script, stylesheet, image and search file from the root with no 404', async () => {
		const queue = [server.url];
		const seen = new Set(queue);
		const failures: string[] = [];
		const pagesReached = new Set<string>();
		const idsByPage = new Map<string, Set<string>>();
		const fragments: [from: string, target: string][] = [];

		while (queue.length > 0) {
			const url = queue.shift()!;
			const response = await fetch(url);
			if (response.status !== 200) failures.push(`${response.status} ${url}`);
			if (!response.headers.get('content-type')?.startsWith('text/html')) continue;
			const html = await response.text();
			const page = new URL(url).pathname;
			pagesReached.add(page);
			idsByPage.set(page, new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!)));
			for (const href of referencedUrls(html, url, server.origin)) {
				const target = new URL(href);
				if (target.hash) fragments.push([page, `${target.pathname}${target.hash}`]);
				target.hash = '';
				if (!seen.has(target.href)) {
					seen.add(target.href);
					queue.push(target.href);
				}
			}
		}
		// Search files are fetched by script, so crawl them explicitly.
		const entry = await (await fetch(`${server.url}pagefind/pagefind-entry.json`)).json();
		const { hash, wasm } = entry.languages.en;
		for (const file of ['pagefind/pagefind.js', `pagefind/pagefind.${hash}.pf_meta`, `pagefind/wasm.${wasm}.pagefind`]) {
			const response = await fetch(`${server.url}${file}`);
			if (response.status !== 200) failures.push(`${response.status} ${file}`);
		}

		expect(failures).toEqual([]);
		for (const url of pageUrls) expect(pagesReached, url).toContain(`${subPathBase.slice(0, -1)}${url}`);
		const missingAnchors = fragments.filter(([, target]) => {
			const [path, id] = target.split('#');
			return id !== '_top' && !idsByPage.get(path!)?.has(decodeURIComponent(id!));
		});
		expect(missingAnchors).toEqual([]);
	});

	it('serves the real 404 page, with status 404, for a missing URL', async () => {
		const response = await fetch(`${server.url}no-such-page/`);
		expect(response.status).toBe(404);
		expect(await response.text()).toBe(await readFile(join(subPathDist, '404.html'), 'utf8'));
	});
});

describe('what a static host and a crawler read', () => {
	const absolute = (path: string) => `${testSite}${subPathBase.slice(0, -1)}${path}`;
	/** Each page's frontmatter, by site path: `/` is the docs entry `index`, `/faq/` is `faq`. */
	const frontmatter = new Map(readDocsPages(join(root, 'content/docs')).map((page) => [page.id === 'index' ? '/' : `/${page.id}/`, page]));

	it('lists every page in the sitemap with absolute URLs, and not the 404 page', async () => {
		const index = await readFile(join(subPathDist, 'sitemap-index.xml'), 'utf8');
		expect([...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])).toEqual([absolute('/sitemap-0.xml')]);
		const sitemap = await readFile(join(subPathDist, 'sitemap-0.xml'), 'utf8');
		const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
		const built = (await builtHtmlPaths(subPathDist)).filter((page) => page !== '/404.html');
		expect(locations.sort()).toEqual(built.map(absolute).sort());
	});

	it('names the sitemap in robots.txt', async () => {
		const lines = (await readFile(join(subPathDist, 'robots.txt'), 'utf8')).split('\n');
		expect(lines).toContain('User-agent: *');
		expect(lines).not.toContain('Disallow: /');
		expect(lines).toContain(`Sitemap: ${absolute('/sitemap-index.xml')}`);
	});

	it.each(pageUrls)('gives %s a canonical URL, Open Graph and Twitter tags with an image', async (url) => {
		const doc = await loadPage(subPathDist, url);
		const meta = (selector: string) => doc.querySelector(selector)?.getAttribute('content');
		expect(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')).toBe(absolute(url));
		expect(meta('meta[property="og:url"]')).toBe(absolute(url));
		// The title and description the page's frontmatter gives, and the share image named after its slug.
		const page = frontmatter.get(url)!;
		expect(meta('meta[property="og:title"]')).toBe(page.title);
		expect(meta('meta[property="og:description"]')).toBe(page.description);
		expect(meta('meta[property="og:image"]')).toBe(`${testSite}${subPathBase}og/${page.id}.png`);
		expect(meta('meta[name="twitter:image"]')).toBe(meta('meta[property="og:image"]'));
		expect(meta('meta[name="twitter:card"]')).toBe('summary_large_image');
		expect(doc.querySelector('link[rel="shortcut icon"]')?.getAttribute('href')).toBe(`${subPathBase}favicon.svg`);
		expect(doc.querySelector('link[rel="apple-touch-icon"]')?.getAttribute('href')).toBe(
			`${subPathBase}apple-touch-icon.png`,
		);
	});
});

describe('security and caching headers', async () => {
	const headersText = await readFile(join(root, 'public/_headers'), 'utf8');
	const rules: HeaderRule[] = parseHeadersFile(headersText);
	const vercel = JSON.parse(await readFile(join(root, 'vercel.json'), 'utf8')) as {
		headers: { source: string; headers: { key: string; value: string }[] }[];
	};
	const vercelHeaders = (source: string) =>
		Object.fromEntries(vercel.headers.find((rule) => rule.source === source)!.headers.map((h) => [h.key, h.value]));

	it('sends a policy whose script hashes are exactly those the built pages need, at / and under a sub-path', async () => {
		const needed = new Set<string>();
		for (const dist of [rootDist, subPathDist]) {
			for (const path of await builtHtmlPaths(dist)) {
				const file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
				for (const hash of inlineScriptHashes(await readFile(file, 'utf8'))) needed.add(hash);
			}
		}
		const expected = contentSecurityPolicy(needed);
		expect(headersFor(rules, '/faq/')['Content-Security-Policy']).toBe(expected);
		expect(vercelHeaders('/(.*)')['Content-Security-Policy']).toBe(expected);
		expect(expected).not.toMatch(/script-src[^;]*'unsafe-inline'/);
	});

	it('sends the same protective headers everywhere, and caches hashed assets for a year but HTML briefly', () => {
		/** A header's comma- or semicolon-separated directives, by name. */
		const directives = (value: string | undefined, separator: string, assign: string) =>
			Object.fromEntries((value ?? '').split(separator).map((part) => part.trim().split(assign)).map(([name, ...rest]) => [name, rest.join(assign)]));
		for (const headers of [headersFor(rules, '/faq/'), vercelHeaders('/(.*)')]) {
			expect(headers['X-Content-Type-Options']).toBe('nosniff');
			// No full address to other origins, and no powerful feature for any frame.
			expect(['no-referrer', 'same-origin', 'strict-origin', 'strict-origin-when-cross-origin']).toContain(headers['Referrer-Policy']);
			expect(directives(headers['Permissions-Policy'], ',', '=')).toMatchObject({ camera: '()', microphone: '()', geolocation: '()', payment: '()', usb: '()' });
			expect(headers['X-Frame-Options']).toBe('DENY');
			expect(directives(headers['Content-Security-Policy'], ';', ' ')['frame-ancestors']).toBe("'none'");
			// A year of HTTPS for this host only: not its subdomains, not the preload list.
			expect(headers['Strict-Transport-Security']).toBe('max-age=31536000');
			expect(headers['Cross-Origin-Opener-Policy']).toBe('same-origin');
			expect(headers['Cross-Origin-Resource-Policy']).toBe('same-origin');
		}
		// HTML is revalidated on every visit; hashed assets keep for a year and never change.
		expect(cacheControl.html.split(', ')).toEqual(expect.arrayContaining(['max-age=0', 'must-revalidate']));
		expect(cacheControl.immutable.split(', ')).toEqual(expect.arrayContaining(['max-age=31536000', 'immutable']));
		for (const path of ['/', '/faq/', '/differences/orm/', '/404.html']) {
			expect(headersFor(rules, path)['Cache-Control'], path).toBe(cacheControl.html);
		}
		expect(headersFor(rules, '/_astro/page.abc123.js')['Cache-Control']).toBe(cacheControl.immutable);
		expect(vercelHeaders('/(.*)')['Cache-Control']).toBe(cacheControl.html);
		expect(vercelHeaders('/_astro/(.*)')['Cache-Control']).toBe(cacheControl.immutable);
	});

	it('loads nothing from another origin, so same-origin resource and opener policies break nothing', async () => {
		const loaded =
			'script[src], img[src], link[rel~="stylesheet"], link[rel~="icon"], link[rel~="apple-touch-icon"], ' +
			'link[rel~="preload"], link[rel~="modulepreload"], link[rel~="manifest"]';
		const foreign: string[] = [];
		for (const path of await builtHtmlPaths(rootDist)) {
			const doc = await loadPage(rootDist, path);
			const pageUrl = new URL(path, testSite);
			for (const element of doc.querySelectorAll(loaded)) {
				const url = new URL(element.getAttribute('src') ?? element.getAttribute('href')!, pageUrl);
				if (url.origin !== pageUrl.origin) foreign.push(`${path}: ${url.href}`);
			}
		}
		expect(foreign).toEqual([]);
	});
});

describe('reproducible builds', () => {
	it('produces byte-identical output from two clean builds of the same sources', async () => {
		const again = join(workDir, 'rebuild/');
		const result = await buildSite({ outDir: again, site: testSite });
		expect(result.ok, result.output).toBe(true);
		const list = async (dir: string) =>
			(await readdir(dir, { recursive: true, withFileTypes: true }))
				.filter((entry) => entry.isFile())
				.map((entry) => join(entry.parentPath, entry.name).slice(dir.length))
				.sort();
		const files = await list(rootDist);
		expect(await list(again)).toEqual(files);
		const differing: string[] = [];
		for (const file of files) {
			const [a, b] = await Promise.all([readFile(join(rootDist, file)), readFile(join(again, file))]);
			if (!a.equals(b)) differing.push(file);
		}
		expect(differing).toEqual([]);
	});
});
