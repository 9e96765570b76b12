import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root, testSite } from '../harness/paths';
import { readYamlList } from '../src/build/yaml-list-loader';
import { subPathBase, subPathDist } from './support/paths';
import { loadPage } from '../harness/site';
import { pageUrls } from './support/pages';

const siteRoot = `${testSite}${subPathBase}`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The dist file an absolute URL of the sub-path build points to. */
const fileFor = (url: string) => join(subPathDist, url.slice(siteRoot.length));

describe('llms.txt and per-page Markdown', async () => {
	const llms = await readFile(join(subPathDist, 'llms.txt'), 'utf8');
	const links = [...llms.matchAll(/^- \[([^\]]+)\]\(([^)]+)\)/gm)].map(([, label, url]) => ({ label: label!, url: url! }));

	it('points to the full and abridged files with absolute URLs under the base path', () => {
		expect(llms).toMatch(/^# FastAPI vs Django field guide$/m);
		expect(links.map((l) => l.url)).toEqual(
			expect.arrayContaining([`${siteRoot}llms-full.txt`, `${siteRoot}llms-small.txt`]),
		);
		for (const { url } of links) {
			expect(url.startsWith(siteRoot), url).toBe(true);
			expect(existsSync(fileFor(url)), url).toBe(true);
		}
	});

	it('links one Markdown file per page, titled like the page', async () => {
		const perPage = links.filter((l) => l.url.includes('/_llms-txt/'));
		expect(perPage).toHaveLength(pageUrls.length);
		const titles = await Promise.all(
			pageUrls.map(async (url) => (await loadPage(subPathDist, url)).querySelector('meta[property="og:title"]')!.getAttribute('content')),
		);
		expect(perPage.map((l) => l.label).sort()).toEqual([...titles].sort());
		for (const { label, url } of perPage) {
			const markdown = await readFile(fileFor(url), 'utf8');
			expect(markdown.startsWith(`<SYSTEM>${label}: `), url).toBe(true);
		}
		// That each file's heading is its page's h1 is checked per page under "View as Markdown" below.
	});

	it('carries every page into llms-full.txt, with links under the base path', async () => {
		const full = await readFile(join(subPathDist, 'llms-full.txt'), 'utf8');
		const headings = new Set(full.split('\n').filter((line) => /^#{1,2} /.test(line)));
		// Each page's own heading, and each FAQ question as the heading of its answer.
		const h1s = await Promise.all(pageUrls.map(async (url) => `# ${(await loadPage(subPathDist, url)).querySelector('h1')!.textContent!.trim()}`));
		const questions = readYamlList(join(root, 'content/data/faq.yaml')).map(({ question }) => `## ${String(question)}`);
		expect(questions.length).toBeGreaterThan(0);
		expect([...h1s, ...questions].filter((heading) => !headings.has(heading))).toEqual([]);
		expect(full).not.toContain('Section titled');
		const internal = [...full.matchAll(/\]\((\/[^)]*)\)/g)].map((m) => m[1]!);
		expect(internal.length).toBeGreaterThan(10);
		for (const href of internal) expect(href.startsWith(subPathBase), href).toBe(true);
	});
});

describe('View as Markdown', () => {
	it.each(pageUrls)('links %s to its own Markdown file under the base path', async (url) => {
		const doc = await loadPage(subPathDist, url);
		const links = [...doc.querySelectorAll('a')].filter((a) => a.textContent?.trim() === 'View as Markdown');
		expect(links).toHaveLength(1);
		const href = links[0]!.getAttribute('href')!;
		expect(href.startsWith(`${subPathBase}_llms-txt/`), href).toBe(true);
		const file = join(subPathDist, href.slice(subPathBase.length));
		expect(existsSync(file), href).toBe(true);
		const markdown = await readFile(file, 'utf8');
		// The page's own title and description open the file, and its heading is the file's.
		const meta = (selector: string) => doc.querySelector(selector)!.getAttribute('content')!;
		expect(markdown.split('\n')[0]).toBe(`<SYSTEM>${meta('meta[property="og:title"]')}: ${meta('meta[name="description"]')}</SYSTEM>`);
		expect(markdown).toMatch(new RegExp(`^# ${escape(doc.querySelector('h1')!.textContent!.trim())}$`, 'm'));
	});

	it('offers none on the 404 page, which has no Markdown file', async () => {
		const doc = await loadPage(subPathDist, '/404.html');
		expect([...doc.querySelectorAll('a')].some((a) => a.textContent?.trim() === 'View as Markdown')).toBe(false);
	});
});

describe('share images', () => {
	it.each(pageUrls)('gives %s its own 1200×630 PNG share image', async (url) => {
		const doc = await loadPage(subPathDist, url);
		const image = doc.querySelector('meta[property="og:image"]')!.getAttribute('content')!;
		expect(image.startsWith(`${siteRoot}og/`)).toBe(true);
		const png = await readFile(fileFor(image));
		expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
		expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
		expect(doc.querySelector('meta[property="og:image:alt"]')?.getAttribute('content')).toBe(
			doc.querySelector('meta[property="og:title"]')?.getAttribute('content'),
		);
	});

	it('draws a different image for different pages', async () => {
		const images = await Promise.all(
			pageUrls.map(async (url) => {
				const image = (await loadPage(subPathDist, url)).querySelector('meta[property="og:image"]')!.getAttribute('content')!;
				return createHash('sha256').update(await readFile(fileFor(image))).digest('hex');
			}),
		);
		// Every page's image differs from every other's, not just two chosen ones.
		expect(new Set(images).size).toBe(pageUrls.length);
	});
});
