import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { parse } from 'yaml';
import { launchChromium } from '../harness/browser';
import { root } from '../harness/paths';
import { rootDist, subPathBase, subPathDist } from './support/paths';
import { htmlFileFor, loadPage } from '../harness/site';
import { serveStatic, type StaticServer } from '../harness/static-server';
import { basisBadges, basisLink, type Basis } from '../src/lib/decision-basis';
import { scoreDecision, type Criterion, type Importances } from '../src/lib/decision-score';
import { presetCard, widgetCriteria } from '../src/lib/decision-view';
import { verdictBadges } from '../src/lib/vocabulary';

const criteria = parse(readFileSync(`${root}content/data/criteria.yaml`, 'utf8')) as (Criterion & {
	label: string;
	question: string;
	explainedAt: string;
	basis: Basis;
	deployment?: string;
})[];
const presets = parse(readFileSync(`${root}content/data/presets.yaml`, 'utf8')) as { id: string; label: string; summary: string; importance: Importances }[];
/** The criteria as the page's script scores them; links are left as they are, since only verdicts and fits are compared. */
const scored = widgetCriteria(criteria, (path) => path);
const criterion = (id: string) => criteria.find((candidate) => candidate.id === id)!;
/** A criterion's deployment note, as DecisionCriteria.astro writes it from criteria.yaml. */
const deploymentNote = (id: string) => `What decides it: ${criterion(id).deployment}`;
/** What a basis element says (BasisNote.astro) for an article's or documented basis: its badge, then its source. */
const basisText = (basis: Basis) => `${basisBadges[basis.kind].text} ${basisLink(basis, (path) => path).text}`;

const guide = 'decision-guide/';
const result = '[data-result]';

let browser: Browser;
let server: StaticServer;
let subServer: StaticServer;

beforeAll(async () => {
	[browser, server, subServer] = await Promise.all([
		launchChromium(),
		serveStatic(rootDist),
		serveStatic(subPathDist, { base: subPathBase }),
	]);
});
afterAll(async () => {
	await browser?.close();
	await server?.close();
	await subServer?.close();
});

interface OpenedPage {
	page: Page;
	/** Uncaught exceptions and console errors, as a reader's devtools would show them. */
	errors: string[];
}

async function open(url: string, options: BrowserContextOptions = {}): Promise<OpenedPage> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		const { url } = message.location();
		// The favicon is the site's, requested by the browser on its own; the site tests cover it.
		if (message.type() === 'error' && !/\/favicon\.[a-z]+$/.test(url)) errors.push(`console: ${message.text()} (${url})`);
	});
	await page.goto(url);
	await page.waitForLoadState('networkidle');
	return { page, errors };
}

/** The live form is up once the element has revealed it. */
const ready = (page: Page) => page.locator('[data-tool]:not([hidden])').waitFor();

const verdictOf = (page: Page) => page.locator(result).getAttribute('data-verdict');

/** The checked level of every criterion, e.g. `{ realtime: '3', … }`. */
const ratings = (page: Page) =>
	page.evaluate((ids) => {
		const form = document.querySelector<HTMLFormElement>('[data-form]')!;
		return Object.fromEntries(ids.map((id) => [id, (form.elements.namedItem(id) as RadioNodeList).value]));
	}, criteria.map(({ id }) => id));

const allZero = Object.fromEntries(criteria.map(({ id }) => [id, '0']));

describe('the decision score in Chromium', () => {
	it('changes the verdict as answers are chosen by keyboard, and back/forward and reload restore it', async () => {
		const { page, errors } = await open(`${server.url}${guide}`);
		await ready(page);
		expect(await verdictOf(page)).toBe('either');

		// Streaming depends on the deployment: rating it moves no fit, and brings up its note and its basis.
		await page.focus('input[name="realtime"]:checked');
		for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
		expect(await page.locator('input[name="realtime"]:checked').getAttribute('value')).toBe('3');
		await expect.poll(() => page.url()).toMatch(/\?realtime=3$/);
		expect(await verdictOf(page)).toBe('either');
		expect(await page.locator('[data-note="realtime"]').isVisible()).toBe(true);
		expect(await page.locator('[data-whys] [data-why="realtime"]').innerText()).toMatch(/Real-time streaming:\s+Favours neither/);

		// Tab moves group by group: realtime → concurrency → … → admin is six groups on.
		for (let i = 0; i < 6; i++) await page.keyboard.press('Tab');
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement).name)).toBe('admin');
		for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
		await expect.poll(() => verdictOf(page)).toBe('django');
		// The one verdict shown in the live region is the badge text of what the scoring gives these answers.
		const { verdict } = scoreDecision(scored, { realtime: 3, admin: 3 });
		expect(await page.locator(`${result}[aria-live="polite"] [data-verdict-text]:not([hidden]) strong`).innerText()).toBe(verdictBadges[verdict].text);
		expect(page.url()).toMatch(/\?realtime=3&admin=3$/);

		await page.goBack();
		await expect.poll(() => verdictOf(page)).toBe('either');
		expect((await ratings(page)).admin).toBe('0');
		await page.goForward();
		await expect.poll(() => verdictOf(page)).toBe('django');
		await page.reload();
		await ready(page);
		expect(await verdictOf(page)).toBe('django');
		expect(await ratings(page)).toEqual({ ...allZero, realtime: '3', admin: '3' });
		expect(errors).toEqual([]);
	});

	it('names the top reasons with links to the pages that explain them', async () => {
		const { page } = await open(`${server.url}${guide}?api-first=3&admin=2&security=1`);
		await ready(page);
		const reasons = page.locator('[data-reasons] li');
		expect(await reasons.count()).toBe(3);
		expect(await reasons.first().innerText()).toMatch(/^API-first design: critical, favours FastAPI \(\+\d+ points\)$/);
		expect(await reasons.first().locator('a').getAttribute('href')).toBe('/differences/developer-experience/');
		const fits = await page.locator('[data-fit-text]').allInnerTexts();
		expect(fits.map((text) => Number.parseInt(text, 10)).reduce((a, b) => a + b)).toBe(100);
	});

	it('shows why each rated criterion leans its way, on what basis, and the verdict without the article’s views', async () => {
		const { page, errors } = await open(`${server.url}${guide}?microservices=3&relational=1`);
		await ready(page);
		// Microservices is the article's view: with it FastAPI leads; on measured and documented criteria alone, Django.
		expect(await verdictOf(page)).toBe('fastapi');
		expect(await page.locator('[data-evidence-text]:not([hidden])').innerText()).toBe('Django fits better');
		const whys = page.locator('[data-whys] [data-why]:not([hidden])');
		expect(await whys.evaluateAll((items) => items.map((item) => item.getAttribute('data-why')))).toEqual(['microservices', 'relational']);
		// Each why names its criterion's basis: the badge for its kind and where it comes from.
		for (const [index, id] of ['microservices', 'relational'].entries()) {
			const { basis } = criterion(id);
			const note = whys.nth(index).locator('[data-basis]');
			expect(await note.getAttribute('data-basis'), id).toBe(basis.kind);
			expect(await note.innerText(), id).toBe(basisText(basis));
		}
		expect(await page.locator('[data-notes-block]').isVisible()).toBe(false);

		await page.locator('fieldset[data-criterion="concurrency"] label', { hasText: 'Critical' }).click();
		await expect.poll(() => page.locator('[data-notes-block]').isVisible()).toBe(true);
		expect(await page.locator('[data-note="concurrency"]').innerText()).toBe(deploymentNote('concurrency'));
		expect(await page.locator('[data-note="realtime"]').isVisible()).toBe(false);
		// A measured basis links its evidence page, named by the criterion's basis in criteria.yaml.
		const { basis: concurrencyBasis } = criterion('concurrency');
		expect(concurrencyBasis.kind).toBe('measured');
		const evidenceLink = page.locator('[data-whys] [data-why="concurrency"] [data-basis="measured"] a');
		expect(await evidenceLink.getAttribute('href')).toBe(basisLink(concurrencyBasis, (path) => path).href);
		expect(errors).toEqual([]);
	});

	it('copies a link that reproduces the same result in a new page', async () => {
		const { page, errors } = await open(`${server.url}${guide}`);
		await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
		await ready(page);
		await page.locator('fieldset[data-criterion="relational"] label', { hasText: 'Critical' }).click();
		await page.locator('fieldset[data-criterion="security"] label', { hasText: 'Important' }).click();
		await expect.poll(() => verdictOf(page)).toBe('django');
		await page.click('[data-copy]');
		await expect.poll(() => page.locator('[data-copy-status]').innerText()).toBe('Link copied.');
		const link = await page.evaluate(() => navigator.clipboard.readText());
		expect(link).toBe(await page.locator('[data-link]').inputValue());
		expect(link).toContain('relational=3');

		const copy = await open(link);
		await ready(copy.page);
		expect(await verdictOf(copy.page)).toBe('django');
		expect(await ratings(copy.page)).toEqual(await ratings(page));
		expect([...errors, ...copy.errors]).toEqual([]);
	});

	it('links its result to the capacity planner with the answers that carry over, under the site’s base', async () => {
		const { page, errors } = await open(`${subServer.url}${guide}`);
		await ready(page);
		await page.locator('fieldset[data-criterion="realtime"] label', { hasText: 'Critical' }).click();
		const plan = page.locator('[data-plan-link]');
		await expect.poll(() => plan.getAttribute('href')).toContain('realtime=3');
		const target = new URL((await plan.getAttribute('href'))!, page.url());
		expect(target.pathname).toBe(`${subPathBase}plan-capacity/`);
		expect(target.search).toMatch(/^\?from=decision&/);
		await plan.click();
		await page.waitForURL(/plan-capacity/);
		await page.waitForLoadState('networkidle');
		// Streaming was rated critical and relational data left unrated: the planner shows a streamed call and no queries.
		await expect.poll(() => page.locator('input[name="streamed"]').isChecked()).toBe(true);
		expect(await page.locator('input[name="queries"]').inputValue()).toBe('0');
		expect(errors).toEqual([]);
	});

	it('opens each preset with one click and agrees with the verdict printed beside it', async () => {
		const { page, errors } = await open(`${server.url}${guide}`);
		await ready(page);
		for (const { id, label } of presets) {
			const card = page.locator(`[data-preset-id="${id}"]`);
			const printed = await card.getAttribute('data-verdict');
			await card.getByRole('link', { name: label }).click();
			await expect.poll(() => verdictOf(page)).toBe(printed);
			expect(page.url()).toContain('?');
			expect(await page.evaluate(() => document.activeElement?.id)).toBe('decision-result');
		}
		// Healthcare and compliance: security and relational data are what the preset rates critical.
		await page.locator('[data-preset-id="compliance-platform"] a').click();
		expect(await ratings(page)).toMatchObject({ security: '3', relational: '3' });
		// Back returns to the preset opened before it, the last in the list.
		const previous = page.locator(`[data-preset-id="${presets.at(-1)!.id}"]`);
		await page.goBack();
		await expect.poll(() => verdictOf(page)).toBe(await previous.getAttribute('data-verdict'));
		expect(page.url()).toContain(await previous.locator('a').getAttribute('href'));
		expect(errors).toEqual([]);
	});

	it.each([
		['out-of-range and malformed values', '?realtime=9&admin=-1&inference=3.0&security=03&onboarding=%'],
		['repeated parameters', '?realtime=3&realtime=3&admin=3&admin=2'],
		['broken percent-encoding', '?realtime=%E0%A4%A&%=3&%%%%=&&&='],
		['script text in values', '?realtime=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E&admin=%22%3E%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E'],
		['markup in parameter names', '?%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E=3&__proto__=3&constructor=3'],
		['unknown parameters and a hostile fragment', '?flask=3&utm_source=x#%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E'],
	])('falls back to defaults for %s, without a console error', async (_, query) => {
		const { page, errors } = await open(`${server.url}${guide}${query}`);
		await ready(page);
		expect(await verdictOf(page)).toBe('either');
		expect(await ratings(page)).toEqual(allZero);
		expect(await page.evaluate(() => 'pwned' in window || '__pwned' in window)).toBe(false);
		expect(await page.locator('decision-score img').count()).toBe(0);
		// The criteria's JSON is the one script element inside, and it does not run.
		expect(await page.locator('decision-score script').evaluateAll((scripts) => scripts.map((s) => s.getAttribute('type')))).toEqual([
			'application/json',
		]);
		expect(await page.locator('[data-link]').inputValue()).toBe(`${server.url}${guide}#decision-result`);
		expect(errors).toEqual([]);
	});

	it('keeps valid parameters that arrive next to hostile ones', async () => {
		const { page, errors } = await open(`${server.url}${guide}?junk=%3Cb%3E&api-first=3&admin=7`);
		await ready(page);
		expect(await verdictOf(page)).toBe('fastapi');
		expect(errors).toEqual([]);
	});

	it('shows the criteria, the presets with their verdicts and the guidance without JavaScript', async () => {
		const { page } = await open(`${server.url}${guide}?realtime=3`, { javaScriptEnabled: false });
		expect(await page.locator('[data-tool]').isVisible()).toBe(false);
		expect(await page.locator('[data-form]').isVisible()).toBe(false);
		const staticCriteria = page.locator('[data-static-criteria] dt');
		expect(await staticCriteria.count()).toBe(criteria.length);
		for (const { id } of criteria) expect(await page.locator(`fieldset[data-criterion="${id}"]`).isVisible()).toBe(false);
		expect(await staticCriteria.first().isVisible()).toBe(true);
		const presetCards = page.locator('[data-preset-id]');
		expect(await presetCards.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-preset-id')))).toEqual(presets.map(({ id }) => id));
		// Each card prints what the scoring gives its ratings: verdict, badge, fits, and the verdict without the article's views.
		for (const preset of presets) {
			const expected = presetCard(preset, preset.importance, scored, 'decision-result');
			const card = page.locator(`[data-preset-id="${preset.id}"]`);
			expect(await card.isVisible()).toBe(true);
			expect(await card.getAttribute('data-verdict'), preset.id).toBe(expected.verdict);
			expect(await card.locator('.sl-badge').innerText(), preset.id).toBe(expected.badge.text);
			expect(await card.locator('.preset-fits').innerText(), preset.id).toBe(expected.fits);
			const evidence = card.locator('[data-preset-evidence]');
			expect(await evidence.getAttribute('data-preset-evidence'), preset.id).toBe(expected.evidence.verdict);
			expect(await evidence.innerText(), preset.id).toBe(`Without the article's views: ${expected.evidence.badge.text}.`);
		}
		for (const verdict of ['fastapi', 'django', 'either', 'hybrid']) {
			expect(await page.locator(`[data-guidance="${verdict}"] dd`).isVisible()).toBe(true);
		}
		// Each criterion says why it leans its way and on what basis, and where it depends, what to deploy.
		for (const { id, basis, deployment } of criteria) {
			const item = page.locator(`[data-static-criteria] [data-criterion="${id}"]`);
			expect(await item.locator('[data-basis]').getAttribute('data-basis'), id).toBe(basis.kind);
			expect(await item.locator('[data-basis] .sl-badge').innerText(), id).toBe(basisBadges[basis.kind].text);
			// A criterion that depends on the deployment says what to deploy, word for word; the others say nothing.
			const note = item.locator(`[data-note="${id}"]`);
			if (deployment) expect(await note.innerText(), id).toBe(deploymentNote(id));
			else expect(await note.count(), id).toBe(0);
		}
		expect(criteria.filter(({ deployment }) => deployment).length).toBeGreaterThan(0);
	});

	it('works under a sub-path, with every link carrying the base', async () => {
		const { page, errors } = await open(`${subServer.url}${guide}?api-first=3&relational=1`);
		await ready(page);
		expect(await verdictOf(page)).toBe('fastapi');
		const href = await page.locator('[data-reasons] a').first().getAttribute('href');
		expect(href).toBe(`${subPathBase}differences/developer-experience/`);
		expect((await page.request.get(`${subServer.origin}${href}`)).status()).toBe(200);
		const evidence = await page.locator('[data-why="inference"] [data-basis="measured"] a').getAttribute('href');
		expect(evidence).toBe(`${subPathBase}evidence/cpu-bound/`);
		expect((await page.request.get(`${subServer.origin}${evidence}`)).status()).toBe(200);
		expect(await page.locator('[data-link]').inputValue()).toBe(`${subServer.url}${guide}?api-first=3&relational=1#decision-result`);

		await page.locator('[data-preset-id="enterprise-cms"] a').click();
		await expect.poll(() => verdictOf(page)).toBe('django');
		expect(new URL(page.url()).pathname).toBe(`${subPathBase}${guide}`);
		await page.locator('fieldset[data-criterion="full-stack"] label', { hasText: 'Doesn’t matter' }).click();
		expect(new URL(page.url()).pathname).toBe(`${subPathBase}${guide}`);
		expect(errors).toEqual([]);
	});

	it('fits a 375px phone: no sideways scrolling, and tapping an answer updates the result', async () => {
		const { page, errors } = await open(`${server.url}${guide}?microservices=3&api-first=3&relational=2&admin=3`, {
			viewport: { width: 375, height: 740 },
			isMobile: true,
			hasTouch: true,
		});
		await ready(page);
		expect(await verdictOf(page)).toBe('hybrid');
		expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
		for (const selector of ['[data-result]', '[data-copy]', 'fieldset[data-criterion="full-stack"]']) {
			const box = (await page.locator(selector).boundingBox())!;
			expect(box.x, selector).toBeGreaterThanOrEqual(0);
			expect(box.x + box.width, selector).toBeLessThanOrEqual(375);
		}
		await page.locator('fieldset[data-criterion="admin"] label', { hasText: 'Doesn’t matter' }).tap();
		await expect.poll(() => verdictOf(page)).toBe('fastapi');
		expect(errors).toEqual([]);
	});

	it.each(['light', 'dark'] as const)('follows the %s theme with readable contrast', async (colorScheme) => {
		const { page } = await open(`${server.url}${guide}?realtime=3`, { colorScheme });
		await ready(page);
		expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(colorScheme);
		const [text, background] = await page.locator('[data-verdict-text]:not([hidden]) strong').evaluate((el) => {
			const box = el.closest<HTMLElement>('[data-result]')!;
			return [getComputedStyle(el).color, getComputedStyle(box).backgroundColor];
		});
		const backgroundLuminance = luminance(background!);
		if (colorScheme === 'dark') expect(backgroundLuminance).toBeLessThan(0.2);
		else expect(backgroundLuminance).toBeGreaterThan(0.7);
		expect(contrast(text!, background!)).toBeGreaterThanOrEqual(4.5);
	});
});

describe('the built decision guide', () => {
	const htmlFiles = readdirSync(rootDist, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.html'));
	const scriptFiles = readdirSync(`${rootDist}_astro`).filter((file) => file.endsWith('.js'));
	const definesWidget = (code: string) => /customElements\.define\(\W?decision-score\W/.test(code);
	const inlineScripts = (html: string) =>
		[...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)].map(([, attributes, code]) => ({
			attributes: attributes!,
			code: code!,
		}));

	it('ships the widget as one script file of at most 4 KB gzipped, on no other page', () => {
		const html = readFileSync(htmlFileFor(rootDist, `/${guide}`), 'utf8');
		// Found by what it does, not by its file name, which follows the component's.
		const widgetFiles = scriptFiles.filter((file) => definesWidget(readFileSync(`${rootDist}_astro/${file}`, 'utf8')));
		expect(widgetFiles).toHaveLength(1);
		const name = widgetFiles[0]!;
		expect([...html.matchAll(/<script[^>]+src="([^"]*)"/g)].map((m) => m[1]!.split('/').pop())).toContain(name);
		const file = readFileSync(`${rootDist}_astro/${name}`);
		// Imports of other chunks would be shipped too; the widget has none.
		expect(file.toString()).not.toMatch(/\bimport\s*[{("'*]/);
		expect(gzipSync(file, { level: 9 }).length).toBeLessThanOrEqual(4096);

		const otherPages = htmlFiles.filter((file) => file !== `${guide}index.html`);
		expect(otherPages.length).toBeGreaterThan(10);
		for (const file of otherPages) {
			const other = readFileSync(join(rootDist, file), 'utf8');
			expect(other.includes(name) || other.includes('<decision-score'), file).toBe(false);
		}
	});

	// The build inlines only processed scripts under 2 KB (astro.config.mjs), so
	// no page carries a copy of the widget, whatever its file is called; the
	// strict CSP would need a new hash for every edit of it.
	it('inlines no processed script of 2 KB or more on any page, and no copy of the widget', () => {
		for (const file of htmlFiles) {
			for (const { attributes, code } of inlineScripts(readFileSync(join(rootDist, file), 'utf8'))) {
				expect(definesWidget(code), file).toBe(false);
				if (/type="module"/.test(attributes)) expect(Buffer.byteLength(code), `${file}: ${code.slice(0, 80)}`).toBeLessThan(2048);
			}
		}
	});

	it('hands the widget its criteria as JSON, which matches the data file', () => {
		const html = readFileSync(htmlFileFor(rootDist, `/${guide}`), 'utf8');
		const data = inlineScripts(html).filter(({ attributes }) => /type="application\/json"/.test(attributes));
		expect(data).toHaveLength(1);
		const sent = JSON.parse(data[0]!.code) as { id: string; href: string }[];
		expect(sent.map(({ id }) => id)).toEqual(criteria.map(({ id }) => id));
		expect(sent.map(({ href }) => href)).toEqual(criteria.map(({ explainedAt }) => explainedAt));
	});

	it('links every criterion to a built page, and to the anchor it names', async () => {
		for (const { id, explainedAt } of criteria) {
			const [path, anchor] = explainedAt.split('#');
			const doc = await loadPage(rootDist, path!);
			if (anchor) expect(doc.getElementById(anchor), `${id} → ${explainedAt}`).not.toBeNull();
		}
	});

	it('gives the hybrid pattern the heading the FAQ links to', async () => {
		const doc = await loadPage(rootDist, `/${guide}`);
		expect(doc.querySelector('h2#use-both-django-for-data-fastapi-for-inference')?.textContent).toBe(
			'Use both: Django for data, FastAPI for inference',
		);
	});
});

/** Relative luminance of a CSS `rgb()`/`rgba()` colour, per WCAG 2. */
function luminance(color: string): number {
	const [r, g, b] = color.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
		const c = Number(v) / 255;
		return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
	});
	return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

function contrast(a: string, b: string): number {
	const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
	return (light! + 0.05) / (dark! + 0.05);
}
