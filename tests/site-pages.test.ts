import { existsSync } from 'node:fs';
import { setupRoles } from '../lab/experiment';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { root } from '../harness/paths';
import { rootDist } from './support/paths';
import { htmlFileFor, loadPage } from '../harness/site';
import { evidencePath } from '../src/lib/decision-basis';
import { pageUrls } from './support/pages';

describe('the built site', () => {
	it.each(pageUrls)('builds the sitemap page %s', (url) => {
		expect(existsSync(htmlFileFor(rootDist, url)), `${url} was not built`).toBe(true);
	});

	it.each(pageUrls)('gives %s a title and a meta description of its own', async (url) => {
		const doc = await loadPage(rootDist, url);
		const title = doc.querySelector('title')?.textContent?.trim() ?? '';
		const description = doc.querySelector('meta[name="description"]')?.getAttribute('content') ?? '';
		expect(title.length).toBeGreaterThan(3);
		expect(description.length).toBeGreaterThanOrEqual(40);
		expect(description).not.toMatch(/placeholder/i);
	});

	it('gives every page a different description', async () => {
		const descriptions = await Promise.all(
			pageUrls.map(async (url) =>
				(await loadPage(rootDist, url)).querySelector('meta[name="description"]')?.getAttribute('content'),
			),
		);
		expect(new Set(descriptions).size).toBe(pageUrls.length);
	});
});

describe('the sidebar', () => {
	it('lists every page of the sitemap once, and each link resolves to a built page', async () => {
		// The splash home has no sidebar; any docs page shows the whole tree.
		const doc = await loadPage(rootDist, '/about/');
		const links = [...doc.querySelectorAll('#starlight__sidebar a[href]')].map((a) => a.getAttribute('href')!);
		expect([...links].sort()).toEqual([...pageUrls].sort());
		for (const href of links) expect(existsSync(htmlFileFor(rootDist, href)), href).toBe(true);
	});
});

describe('the FAQ page', () => {
	it('asks each question as an h2 with a readable id', async () => {
		const doc = await loadPage(rootDist, '/faq/');
		const questions = [...doc.querySelectorAll('.sl-markdown-content h2')];
		expect(questions.length).toBeGreaterThan(0);
		for (const h2 of questions) {
			expect(h2.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
			expect(h2.textContent?.trim()).toMatch(/\?$/);
		}
	});
});

describe('the comparison page', () => {
	it('renders its rows with the article’s FastAPI and Django columns and what the lab and docs add, each row linking to its explanation', async () => {
		const doc = await loadPage(rootDist, '/comparison/');
		const table = doc.querySelector('.sl-markdown-content table');
		expect(table).not.toBeNull();
		const headers = [...table!.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
		expect(headers).toEqual(['Feature', 'FastAPI, in the article', 'Django, in the article', 'What the lab and the documentation add']);
		const comparison = parse(await readFile(`${root}content/data/comparison.yaml`, 'utf8')) as { id: string; fastapi: { text: string } }[];
		const rows = [...table!.querySelectorAll('tbody tr')];
		expect(rows).toHaveLength(comparison.length);
		for (const row of rows) {
			expect(row.querySelectorAll('td')).toHaveLength(3);
			const link = row.querySelector('th a')?.getAttribute('href') ?? '';
			expect(existsSync(htmlFileFor(rootDist, link.split('#')[0]!)), link).toBe(true);
		}
		// The article's throughput figure (3,000+ requests per second) is the performance row's FastAPI cell, word for word.
		const performance = comparison.find(({ id }) => id === 'performance')!;
		const fastapiCell = table!.querySelector('tr#performance')?.querySelectorAll('td')[0];
		expect(fastapiCell?.textContent?.replace(/\s+/g, ' ').trim()).toBe(performance.fastapi.text);
	});
});

describe('data rendered in file order', () => {
	const idsIn = async (file: string) =>
		(parse(await readFile(`${root}content/data/${file}`, 'utf8')) as { id: string }[]).map(({ id }) => id);

	it('lists the comparison rows in the order of comparison.yaml', async () => {
		const doc = await loadPage(rootDist, '/comparison/');
		const rendered = [...doc.querySelectorAll('tbody tr')].map((row) => row.id);
		expect(rendered).toEqual(await idsIn('comparison.yaml'));
	});

	it('asks the FAQ questions in the order of faq.yaml, in the page and its table of contents', async () => {
		const doc = await loadPage(rootDist, '/faq/');
		const expected = await idsIn('faq.yaml');
		expect([...doc.querySelectorAll('.sl-markdown-content h2')].map((h2) => h2.id)).toEqual(expected);
		const tocLinks = [...doc.querySelectorAll('starlight-toc a[href^="#"]')].map((a) => a.getAttribute('href'));
		expect(tocLinks).toEqual(['#_top', ...expected.map((id) => `#${id}`)]);
	});

	it('lists the differences in the order of differences.yaml', async () => {
		const doc = await loadPage(rootDist, '/differences/');
		const links = [...doc.querySelectorAll('.sl-markdown-content a[href^="/differences/"]')]
			.map((a) => a.getAttribute('href'))
			.filter((href, index, all) => all.indexOf(href) === index);
		const expected = (await idsIn('differences.yaml')).map((id) => `/differences/${id}/`);
		expect(links.slice(0, expected.length)).toEqual(expected);
	});
});

describe('the home page', async () => {
	const doc = await loadPage(rootDist, '/');
	const { chooseRun } = await import('../src/lib/evidence-run');
	const { isStable, ratioSpread } = await import('../src/lib/lab-stats');
	const { compareWords } = await import('../src/lib/compare-words');
	const { formatNumber } = await import('../src/lib/evidence-format');
	const { readdir } = await import('node:fs/promises');
	const labDir = `${root}content/data/lab/`;
	type Run = import('../src/lib/evidence-run').RunEntry['data'];
	const runs = await Promise.all(
		(await readdir(labDir)).filter((name) => name.endsWith('.json')).map(async (name) => ({ id: name, data: JSON.parse(await readFile(labDir + name, 'utf8')) as Run })),
	);
	const published = chooseRun(runs)!;

	it('answers the lead question with measurements, each with its condition and its evidence page', () => {
		const items = [...doc.querySelectorAll('.home-answer li')];
		expect(items.length).toBeGreaterThanOrEqual(4);
		for (const item of items) {
			const text = item.textContent!.replace(/\s+/g, ' ');
			expect(text).toMatch(/\d×/);
			expect(text).toMatch(/\d+ concurrent (connections|streams)/);
			// Its one link is the evidence page of the workload it reports.
			expect([...item.querySelectorAll('a')].map((a) => a.getAttribute('href')), text).toEqual([evidencePath(item.getAttribute('data-workload')!)]);
			expect(item.getAttribute('data-word')).toMatch(/^(about the same|within noise|ahead|far ahead)$/);
		}
		expect(new Set(items.map((item) => item.getAttribute('data-workload'))).size).toBeGreaterThanOrEqual(4);
	});

	it('takes its plain JSON numbers and words from the published run', () => {
		const point = (setup: string) =>
			published.run.points
				.filter((candidate) => candidate.workload === 'json-throughput' && candidate.scenario === 'json' && candidate.setup === setup)
				.sort((a, b) => b.concurrency - a.concurrency)[0]!;
		const [fastapi, djangoSync] = [setupRoles.fastapi.id, setupRoles.djangoProcesses.id];
		const spread = ratioSpread(point(fastapi), point(djangoSync), 'rps');
		const label = (id: string) => published.run.setups.find((setup) => setup.id === id)!.label;
		const words = compareWords(spread, { a: label(fastapi), b: label(djangoSync), condition: 'x' });
		const item = doc.querySelector('.home-answer li[data-workload="json-throughput"]')!;
		const text = item.textContent!.replace(/\s+/g, ' ');
		expect(item.getAttribute('data-word')).toBe(words.word);
		const leaderRatio = words.leader === label(fastapi) ? spread.median : 1 / spread.median;
		expect(text).toContain(`${formatNumber(leaderRatio)}×`);
		expect(text).toContain(`${point(fastapi).concurrency} concurrent connections`);
		// A spread wider than a rerun may move says it gives a direction only.
		expect(text.includes('a direction, not a size')).toBe(!isStable(spread));
		expect(doc.querySelector('.home-answer')!.textContent).toContain(`Django ${published.run.versions.django!}`);
	});

	it('has section cards for the Evidence section and every guide', () => {
		const cards = [...doc.querySelectorAll('.card-grid a[href]')].map((a) => a.getAttribute('href'));
		expect(cards).toContain('/evidence/');
		for (const guide of ['running-both', 'middle-roads', 'long-running-work', 'production-pitfalls', 'model-clients-and-connections']) expect(cards).toContain(`/guides/${guide}/`);
	});
});

describe('stale facts', () => {
	it.each(pageUrls)('%s cites TechEmpower only as archived', async (url) => {
		const doc = await loadPage(rootDist, url);
		for (const paragraph of doc.querySelectorAll('main p, main li')) {
			const text = paragraph.textContent ?? '';
			if (/techempower/i.test(text)) expect(text, url).toMatch(/archived|sunset/i);
		}
	});

	// The evidence pages describe their own client choice; they are checked with the lab's pages.
	it.each(pageUrls.filter((url) => !url.startsWith('/evidence/')))('%s does not call OpenAI’s Python library an httpx client', async (url) => {
		const text = ((await loadPage(rootDist, url)).querySelector('main')?.textContent ?? '').replace(/\s+/g, ' ');
		expect(text).not.toMatch(/httpx, [^.]*the one under OpenAI|OpenAI's Python (library|SDK) (uses|is built on) httpx\b(?!2)/i);
	});
});

describe("the site's own voice", () => {
	// Sentences an audit (issue 22) found stating an opinion, or a wrong claim, as fact. None may come back.
	const retired = [
		/FastAPI runs requests asynchronously, so it can serve many/i,
		/FastAPI treats this as a native case/i,
		/serves many concurrent requests without blocking on I\/O/i,
		/lightweight, which makes it a natural fit/i,
		/Moving inference out frees Django's workers/i,
		/in most AI products the model, not the framework/i,
		/kept pace with the load, provided its HTTP client did/i,
		/Each framework is better at one of them/i,
		/Either way the thread keeps the server responsive/i,
		/both async setups were held back by the client/i,
	];
	it.each(pageUrls)('%s carries none of the retired sentences', async (url) => {
		const text = ((await loadPage(rootDist, url)).querySelector('main')?.textContent ?? '').replace(/\s+/g, ' ');
		for (const sentence of retired) expect(text, `${url}: ${sentence}`).not.toMatch(sentence);
	});

	// Prose pages give the article's leanings as the article's: no bare "lean to FastAPI" advice in the site's voice.
	const prose = pageUrls.filter((url) => /^\/(overview|benefits|differences\/[a-z-]+|guides)\//.test(url) || url === '/');
	it.each(prose)('%s attributes every leaning to the article', async (url) => {
		const text = ((await loadPage(rootDist, url)).querySelector('.sl-markdown-content')?.textContent ?? '').replace(/\s+/g, ' ');
		expect(text, url).not.toMatch(/(^|[.;:!?] |\n)[^.;:]*\blean to (FastAPI|Django)\b/);
	});
});
