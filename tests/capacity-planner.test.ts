import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { fieldRules, parseField, parseQuery, plan, presets, type InputField, type PlannerParams, type RowPlan } from '../src/lib/capacity-plan';
import { rootDist, subPathBase, subPathDist } from './support/paths';

/**
 * The capacity planner in Chromium: the no-JavaScript tables, the form and
 * its URL state, presets, keyboard use and hostile input. The built site is
 * answered from its folder through request interception, so no server runs.
 * Works whatever run is published: rows and numbers are counted, not typed.
 */

const origin = 'http://planner.test';
const page_ = 'plan-capacity/';
const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.json': 'application/json' };

let browser: Browser;

beforeAll(async () => {
	browser = await launchChromium();
});
afterAll(async () => {
	await browser?.close();
});

interface Opened {
	page: Page;
	errors: string[];
}

async function open(path: string, { dist = rootDist, base = '/', ...options }: BrowserContextOptions & { dist?: string; base?: string } = {}): Promise<Opened> {
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
	await context.route(`${origin}/**`, async (route) => {
		let path = new URL(route.request().url()).pathname;
		if (!path.startsWith(base)) return route.fulfill({ status: 404, body: 'not found' });
		path = path.slice(base.length);
		if (path === '' || path.endsWith('/')) path += 'index.html';
		try {
			await route.fulfill({ body: await readFile(join(dist, path)), contentType: types[extname(path)] ?? 'application/octet-stream' });
		} catch {
			await route.fulfill({ status: 404, body: 'not found' });
		}
	});
	const page = await context.newPage();
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
	page.on('console', (message) => {
		if (message.type() === 'error' && !/favicon/.test(message.location().url)) errors.push(`console: ${message.text()}`);
	});
	await page.goto(`${origin}${base}${path}`);
	return { page, errors };
}

const ready = (page: Page) => page.locator('[data-tool]:not([hidden])').waitFor();
const params = (page: Page) => page.evaluate(() => (JSON.parse(document.querySelector('[data-params]')!.textContent!) as { params: PlannerParams }).params);
const field = (page: Page, name: string) => page.locator(`#capacity-${name}`);
const summary = (page: Page) => page.locator('[data-summary]');
const query = (page: Page) => page.evaluate(() => location.search);

/** The summary the planner gives `search`: its input planned with the page's own parameters, rows counted by status. */
function summaryFor(parameters: PlannerParams, search: string): string {
	const rows = plan(parameters, parseQuery(search).input);
	const count = (status: RowPlan['status']) => rows.filter((row) => row.status === status).length;
	return `Of ${rows.length} setups and clients, ${count('fits')} fit the lab machine’s cores, ${count('exceeds')} need more cores and ${count('unknown')} are unknown.`;
}

/** The message parseField gives a field's text; the test fails if the text is usable. */
function fieldError(field: InputField, text: string): string {
	const checked = parseField(field, text);
	if (!('error' in checked)) throw new Error(`${field}: "${text}" is a usable value (${checked.value})`);
	return checked.error;
}

describe('capacity planner', () => {
	it('shows a plan per preset without JavaScript, one row per setup and client', async () => {
		const { page } = await open(page_, { javaScriptEnabled: false });
		const rows = JSON.parse((await page.locator('[data-params]').textContent())!) as { params: PlannerParams };
		expect(await page.locator('[data-tool]').isHidden()).toBe(true);
		const tables = page.locator('[data-static] table');
		expect(await tables.count()).toBe(presets.length);
		for (let index = 0; index < presets.length; index += 1) {
			expect(await tables.nth(index).locator('tbody tr').count()).toBe(rows.params.rows.length);
		}
		expect(await page.locator('[data-static]').textContent()).not.toMatch(/NaN|Infinity|undefined/);
		await page.context().close();
	});

	it('fills the form from the URL, keeps edits in the URL and plans for them', async () => {
		const search = '?traffic=rate&rps=40&call-ms=900&streamed=0&cpu-ms=5&queries=0';
		const { page, errors } = await open(`${page_}${search}`);
		await ready(page);
		expect(await page.locator('[data-static]').isHidden()).toBe(true);
		expect(await field(page, 'rps').inputValue()).toBe('40');
		expect(await field(page, 'callMs').inputValue()).toBe('900');
		expect(await page.locator('#capacity-firstTokenMs').isHidden()).toBe(true);
		const planned = await params(page);
		expect(await page.locator('[data-result] tbody tr').count()).toBe(planned.rows.length);
		// Word for word, with each status counted from the plan the page's parameters give the URL's input.
		await expect.poll(() => summary(page).textContent()).toBe(summaryFor(planned, search));

		await field(page, 'rps').fill('80');
		await expect.poll(() => query(page)).toContain('rps=80');
		await page.reload();
		await ready(page);
		expect(await field(page, 'rps').inputValue()).toBe('80');
		expect(await page.locator('[data-result]').textContent()).not.toMatch(/NaN|Infinity|undefined/);
		expect(errors).toEqual([]);
		await page.context().close();
	});

	it('sets the form from a preset and puts the preset in the URL', async () => {
		const { page } = await open(page_);
		await ready(page);
		const preset = presets.find((candidate) => candidate.input.traffic === 'rate' && !candidate.input.streamed)!;
		await page.getByRole('link', { name: preset.label }).click();
		await expect.poll(() => query(page)).toContain(`rps=${preset.input.rps}`);
		expect(await field(page, 'rps').inputValue()).toBe(String(preset.input.rps));
		expect(await field(page, 'cpuMs').inputValue()).toBe(String(preset.input.cpuMs));
		await page.goBack();
		await expect.poll(() => query(page)).toBe('');
		expect(await field(page, 'rps').inputValue()).toBe(String(presets[0]!.input.rps));
		await page.context().close();
	});

	it('says which values of a junk URL it could not use, and shows no wrong-looking number', async () => {
		const { page, errors } = await open(`${page_}?traffic=lots&rps=-1&cpu-ms=%3Cscript%3Ealert(1)%3C/script%3E&queries=1e999&call-ms=NaN`);
		await ready(page);
		const rejected = page.locator('[data-rejected]');
		expect(await rejected.isVisible()).toBe(true);
		const text = (await rejected.textContent())!;
		for (const label of [fieldRules.cpuMs.label, fieldRules.queries.label, fieldRules.callMs.label]) expect(text).toContain(label);
		expect(await field(page, 'cpuMs').inputValue()).toBe(String(presets[0]!.input.cpuMs));
		expect(await page.locator('capacity-planner script:not([type])').count()).toBe(0);
		expect(await page.locator('[data-result]').textContent()).not.toMatch(/NaN|Infinity|undefined|alert/);
		expect(errors).toEqual([]);
		await page.context().close();
	});

	it('explains typed junk at the field, plans nothing and leaves the URL alone', async () => {
		const { page } = await open(`${page_}?traffic=rate&rps=40&call-ms=900&streamed=0&cpu-ms=5&queries=0`);
		await ready(page);
		const before = await query(page);
		for (const junk of ['abc', '-3', '0', '1e999']) {
			await field(page, 'rps').fill(junk);
			await expect.poll(() => field(page, 'rps').getAttribute('aria-invalid')).toBe('true');
			// The field's own message, as parseField words it for this text.
			await expect.poll(() => page.locator('[data-error="rps"]').textContent()).toBe(fieldError('rps', junk));
			await expect.poll(() => summary(page).textContent()).toMatch(/^No plan until/);
			expect(await page.locator('[data-result] table').count()).toBe(0);
			expect(await query(page)).toBe(before);
		}
		await field(page, 'rps').fill('12');
		await expect.poll(() => field(page, 'rps').getAttribute('aria-invalid')).toBe('false');
		expect(await page.locator('[data-result] table').count()).toBe(1);
		await page.context().close();
	});

	it('works from the keyboard: traffic form, streaming and a value', async () => {
		const { page } = await open(`${page_}?traffic=rate&rps=40&call-ms=900&streamed=0&cpu-ms=5&queries=0`);
		await ready(page);
		await page.locator('input[name="traffic"][value="rate"]').focus();
		await page.keyboard.press('ArrowRight');
		await expect.poll(() => query(page)).toContain('traffic=users');
		expect(await field(page, 'users').isVisible()).toBe(true);
		expect(await field(page, 'rps').isVisible()).toBe(false);
		await page.locator('input[name="streamed"]').focus();
		await page.keyboard.press('Space');
		await expect.poll(() => query(page)).toContain('streamed=1');
		expect(await field(page, 'firstTokenMs').isVisible()).toBe(true);
		await page.keyboard.press('Tab');
		await page.keyboard.press('Tab');
		expect(await page.evaluate(() => document.activeElement?.id)).toBe('capacity-firstTokenMs');
		await page.keyboard.press('Control+A');
		await page.keyboard.type('300');
		await expect.poll(() => query(page)).toContain('first-token-ms=300');
		await page.context().close();
	});

	it('links each figure to its evidence page under a sub-path', async () => {
		const { page } = await open(page_, { dist: subPathDist, base: subPathBase });
		await ready(page);
		// The page's own links to the evidence, and those the island builds for each plan's sources.
		const hrefs = await page.locator('main a[href*="evidence/"]').evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
		expect(hrefs.length).toBeGreaterThan(0);
		for (const href of hrefs) expect(href).toMatch(new RegExp(`^${subPathBase}evidence/([a-z-]+/)?$`));
		await page.context().close();
	});
});
