import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { frameworkNames, frameworksOf } from '~/lib/vocabulary';

/**
 * Tags each page for Pagefind's "Framework" filter from its `topic`
 * frontmatter. A page about both frameworks carries both values, so narrowing
 * to one framework keeps the pages that compare them.
 */
export const onRequest = defineRouteMiddleware(({ locals }) => {
	const route = locals.starlightRoute;
	for (const framework of frameworksOf(route.entry.data.topic)) {
		route.head.push({
			tag: 'meta',
			// HTML allows `content` on a <meta> only with a `name`; Pagefind reads the data attribute.
			attrs: { name: 'framework', 'data-pagefind-filter': 'framework[content]', content: frameworkNames[framework] },
		});
	}
});
