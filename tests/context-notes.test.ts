import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readYamlList } from '../src/build/yaml-list-loader';
import { root } from '../harness/paths';
import { loadPage } from '../harness/site';
import { rootDist } from './support/paths';

/** Each page's MDX source by site path: `content/docs/differences/orm.mdx` → `/differences/orm/`. */
async function pageSources(): Promise<Map<string, string>> {
	const docs = join(root, 'content/docs');
	const files = (await readdir(docs, { recursive: true })).filter((file) => file.endsWith('.mdx'));
	const sources = new Map<string, string>();
	for (const file of files) {
		const slug = file.replace(/\.mdx$/, '').replace(/(^|\/)index$/, '');
		sources.set(slug ? `/${slug}/` : '/', await readFile(join(docs, file), 'utf8'));
	}
	return sources;
}

const sources = await pageSources();
/** How often a page's source uses a pattern. */
const uses = (pattern: RegExp) =>
	[...sources].map(([url, text]) => [url, text.match(pattern)?.length ?? 0] as const).filter(([, count]) => count > 0);

const notesBySource = uses(/<ContextNote\b/g);

/** Each note a page's source writes, in order, with the props it gives: `<ContextNote checked="…" about="…" sources={['…']}>`. */
const notesIn = (source: string) =>
	[...source.matchAll(/<ContextNote\b([^>]*)>/g)].map(([, attributes]) => ({
		checked: /\bchecked="([^"]*)"/.exec(attributes!)?.[1],
		about: /\babout="([^"]*)"/.exec(attributes!)?.[1],
		sources: [.../\bsources=\{\[([^\]]*)\]\}/.exec(attributes!)?.[1]?.matchAll(/'([^']+)'/g) ?? []].map(([, id]) => id!),
	}));
const contextSources = new Map(readYamlList(join(root, 'content/data/context-sources.yaml')).map(({ id, href }) => [id, String(href)]));
const tabSetsBySource = uses(/<Tabs syncKey="framework">/g);

const contextAsides = (doc: Document) =>
	[...doc.querySelectorAll('.sl-markdown-content aside.starlight-aside')].filter((aside) =>
		/^Context(: .+)?$/.test(aside.getAttribute('aria-label') ?? ''),
	);

/** An aside's own markup without its content: elements, classes (less Astro's scope classes) and roles. */
function skeleton(element: Element, depth = 2): string {
	const classes = [...element.classList].filter((name) => !name.startsWith('astro-')).sort();
	const own = `${element.tagName.toLowerCase()}${classes.map((name) => `.${name.replace(/--\w+$/, '--*')}`).join('')}`;
	const role = element.getAttribute('role') ? `[role=${element.getAttribute('role')}]` : '';
	if (depth === 0 || element.classList.contains('starlight-aside__content')) return own + role;
	return `${own}${role}(${[...element.children].map((child) => skeleton(child, depth - 1)).join(' ')})`;
}

describe('Context notes', () => {
	it('are used on pages, so the checks below have something to check', () => {
		expect(notesBySource.length).toBeGreaterThan(5);
	});

	// The component stops the build on a checked date that is not YYYY-MM-DD, on no sources or an unknown
	// source id, and the context-source schema requires https; this checks the page shows what its source says.
	it.each(notesBySource)('%s renders its %i Context note(s) with sources and the date they were checked', async (url, count) => {
		const asides = contextAsides(await loadPage(rootDist, url));
		const notes = notesIn(sources.get(url)!);
		expect(asides).toHaveLength(count);
		expect(notes).toHaveLength(count);
		// Each aside is a landmark named by its title; a page's landmarks need distinct names.
		const names = asides.map((aside) => aside.getAttribute('aria-label'));
		expect(new Set(names).size, names.join(' | ')).toBe(names.length);
		asides.forEach((aside, index) => {
			const note = notes[index]!;
			expect(aside.getAttribute('aria-label')).toBe(note.about ? `Context: ${note.about}` : 'Context');
			const body = aside.querySelector('.context-note')!;
			expect(body.querySelector('p')?.textContent?.trim().length).toBeGreaterThan(40);
			expect(body.querySelector('.context-note__sources time')?.getAttribute('datetime')).toBe(note.checked);
			const links = [...body.querySelectorAll('.context-note__sources a')].map((a) => a.getAttribute('href'));
			expect(note.sources.length).toBeGreaterThan(0);
			expect(links).toEqual(note.sources.map((id) => contextSources.get(id)));
		});
	});

	it("is Starlight's own aside, as a page's other asides are", async () => {
		// A page that has both: a Context note and a plain <Aside>.
		const doc = await loadPage(rootDist, '/overview/django/');
		const notes = contextAsides(doc);
		const plain = [...doc.querySelectorAll('.sl-markdown-content aside.starlight-aside')].filter((aside) => !notes.includes(aside));
		expect(notes.length).toBeGreaterThan(0);
		expect(plain.length).toBeGreaterThan(0);
		expect(skeleton(notes[0]!)).toBe(skeleton(plain[0]!));
		expect(skeleton(notes[0]!)).toContain('p.starlight-aside__title(svg.starlight-aside__icon)');
	});

	it('adds no heading to the FAQ: one question heading per entry in faq.yaml', async () => {
		const doc = await loadPage(rootDist, '/faq/');
		expect(contextAsides(doc).length).toBe(notesIn(sources.get('/faq/')!).length);
		expect(contextAsides(doc).length).toBeGreaterThan(0);
		const questions = readYamlList(join(root, 'content/data/faq.yaml'));
		expect(doc.querySelectorAll('.sl-markdown-content h2')).toHaveLength(questions.length);
	});
});

describe('side-by-side code', () => {
	it('is used on pages, so the checks below have something to check', () => {
		expect(tabSetsBySource.length).toBeGreaterThan(2);
	});

	it.each(tabSetsBySource)('%s shows %i synced FastAPI / Django tab set(s) of titled code', async (url, sets) => {
		const doc = await loadPage(rootDist, url);
		const tabs = [...doc.querySelectorAll('starlight-tabs[data-sync-key="framework"]')];
		expect(tabs).toHaveLength(sets);
		for (const set of tabs) {
			const labels = [...set.querySelectorAll('[role="tab"]')].map((tab) => tab.textContent?.trim());
			expect(labels).toEqual(['FastAPI', 'Django']);
			const panels = [...set.querySelectorAll('[role="tabpanel"]')];
			expect(panels.length).toBe(labels.length);
			for (const panel of panels) {
				const titles = [...panel.querySelectorAll('figcaption .title')].map((title) => title.textContent?.trim());
				expect(titles.length).toBeGreaterThan(0);
				for (const title of titles) expect(title).toMatch(/\.py$/);
			}
		}
	});

	// The differences pages follow the article and head each code section "In code: …"; guides
	// put their code inside the sections that discuss it.
	const differencePages = tabSetsBySource.filter(([url]) => url.startsWith('/differences/'));
	it.each(differencePages)('%s heads each of its %i code section(s) "In code: …"', async (url, sets) => {
		const doc = await loadPage(rootDist, url);
		const headings = [...doc.querySelectorAll('.sl-markdown-content h2')].map((h2) => h2.textContent?.trim() ?? '');
		expect(headings.filter((text) => text.startsWith('In code:')).length).toBe(sets);
	});
});
