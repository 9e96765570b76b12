import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { getCollection } from 'astro:content';
import { inFileOrder } from '~/lib/file-order';

/**
 * The FAQ's questions are rendered by a component from a data file, so they
 * are not Markdown headings and Starlight's table of contents misses them.
 * Add them here from the same data.
 */
export const onRequest = defineRouteMiddleware(async ({ locals }) => {
	const route = locals.starlightRoute;
	if (route.id !== 'faq' || !route.toc) return;
	const entries = inFileOrder(await getCollection('faq'));
	route.toc.items.push(
		...entries.map(({ id, data }) => ({ depth: 2, slug: id, text: data.question, children: [] })),
	);
});
