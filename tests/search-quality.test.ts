import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { searchIndex } from './support/pagefind';
import { rootDist } from './support/paths';
import { useServedSite } from './support/served-site';

/**
 * Queries a reader would type, and where each must land: the page among the
 * top three results, and where an anchor is given, that section as the page's
 * best-matching sub-result (the deep link Pagefind's UI shows first).
 */
const expectations: [query: string, page: string, anchor?: string][] = [
	['RPS', '/differences/performance/'],
	['throughput', '/differences/performance/'],
	// The measured figures now answer this better than the article's claim does.
	['requests per second', '/evidence/json-throughput/'],
	['3,000 requests per second', '/differences/performance/'],
	['websocket', '/differences/real-time/'],
	['websockets', '/differences/real-time/'],
	// Two evidence pages measure streaming now; the difference page that explains it is found by its other names.
	['streaming', '/evidence/streaming/'],
	['server-sent events', '/differences/real-time/'],
	['realtime', '/differences/real-time/'],
	['real-time', '/differences/real-time/'],
	['admin', '/benefits/django/', 'admin-panel'],
	['back office', '/benefits/django/', 'admin-panel'],
	['dashboard', '/benefits/django/'],
	['ORM', '/differences/orm/'],
	['database', '/differences/orm/'],
	['SQL', '/differences/orm/'],
	['sqlalchemy', '/differences/orm/'],
	['tortoise orm', '/differences/orm/'],
	['is fastapi faster than django', '/faq/', 'is-fastapi-faster-than-django'],
	['is django too slow for an llm chatbot', '/faq/', 'is-fastapi-faster-than-django'],
	['can django be used for ai', '/faq/', 'can-django-support-ai-applications'],
	['is fastapi scalable', '/faq/', 'is-fastapi-scalable'],
	['which framework should i choose', '/faq/', 'what-is-the-best-python-backend-framework'],
	['best python framework 2025', '/faq/', 'what-is-the-best-python-backend-framework'],
	['database heavy dashboard', '/faq/', 'which-is-better-for-database-heavy-ai-dashboards'],
	['pydantic validation', '/benefits/fastapi/', 'pydantic-validation'],
	['swagger', '/benefits/fastapi/', 'generated-api-docs'],
	['django channels', '/differences/real-time/'],
	['kubernetes', '/differences/scalability/'],
	['mlflow', '/differences/ai-integration/'],
	['csrf', '/benefits/django/', 'security'],
	['dependency injection', '/differences/learning-curve/'],
	['django rest framework', '/differences/developer-experience/'],
	['use both', '/guides/running-both/'],
	['django and fastapi together', '/guides/running-both/'],
	['shared database migrations', '/guides/running-both/'],
	['celery', '/guides/long-running-work/'],
	['background tasks', '/guides/long-running-work/'],
	['django tasks framework', '/guides/long-running-work/'],
	['django ninja', '/guides/middle-roads/'],
	['litestar', '/guides/middle-roads/'],
	['drf async', '/guides/middle-roads/'],
	['async orm', '/guides/middle-roads/'],
	['nginx buffering', '/guides/production-pitfalls/'],
	['client disconnect', '/guides/production-pitfalls/'],
	['cold start', '/guides/production-pitfalls/'],
	['504 gateway timeout', '/guides/production-pitfalls/'],
	['out of memory workers', '/guides/production-pitfalls/'],
	['hybrid django fastapi', '/decision-guide/', 'use-both-django-for-data-fastapi-for-inference'],
	['MVT', '/overview/django/'],
];

describe('search answers questions', () => {
	const site = useServedSite(rootDist);
	let page: Page;

	beforeAll(async () => {
		page = await site.browser.newPage();
		await page.goto(site.server.url);
	});

	it.each(expectations)('"%s" ranks %s in the top three', async (query, url, anchor) => {
		const hits = await searchIndex(page, query);
		const hit = hits.find((h) => h.url === url);
		expect(hit, `top three for "${query}": ${hits.map((h) => h.url).join(', ')}`).toBeDefined();
		if (anchor) expect(hit!.anchors[0]).toBe(`${url}#${anchor}`);
	});

	it('narrows results by framework with the filter', async () => {
		const all = await searchIndex(page, 'admin', { limit: 20 });
		const fastapiOnly = await searchIndex(page, 'admin', { limit: 20, filters: { framework: ['FastAPI'] } });
		const djangoOnly = await searchIndex(page, 'admin', { limit: 20, filters: { framework: ['Django'] } });
		expect(all.map((h) => h.url)).toEqual(expect.arrayContaining(['/benefits/django/']));
		expect(fastapiOnly.length).toBeGreaterThan(0);
		expect(fastapiOnly.map((h) => h.url)).not.toContain('/benefits/django/');
		expect(djangoOnly.map((h) => h.url)).toContain('/benefits/django/');
		expect(djangoOnly.map((h) => h.url)).not.toContain('/benefits/fastapi/');
	});

	it('indexes page content only: no navigation, page chrome, decision-tool controls or 404 page', async () => {
		const indexedText = async (query: string, url: string) => {
			const hits = await searchIndex(page, query, { limit: 30 });
			const hit = hits.find((h) => h.url === url);
			expect(hit, `${url} not found for "${query}"`).toBeDefined();
			return hit!.content;
		};
		const about = await indexedText('source article', '/about/');
		for (const chrome of ['Skip to content', 'On this page', 'The frameworks', 'Previous', 'Next']) {
			expect(about).not.toContain(chrome);
		}
		const guide = await indexedText('hybrid', '/decision-guide/');
		for (const control of ['Nice to have', 'Copy link', 'Start from a preset']) expect(guide).not.toContain(control);
		const notFound = await searchIndex(page, 'page not found', { limit: 30 });
		expect(notFound.map((h) => h.url)).not.toContain('/404.html');
	});
});
