import { defineRouteMiddleware } from '@astrojs/starlight/route-data';

const frameworkNames = { fastapi: 'FastAPI', django: 'Django' } as const;

/**
 * Tags each page for Pagefind's "Framework" filter from its `topic`
 * frontmatter. A page about both frameworks carries both values, so narrowing
 * to one framework keeps the pages that compare them.
 */
export const onRequest = defineRouteMiddleware(({ locals }) => {
	const route = locals.starlightRoute;
	const { topic } = route.entry.data;
	const frameworks = topic === 'both' ? (['fastapi', 'django'] as const) : [topic];
	for (const framework of frameworks) {
		route.head.push({
			tag: 'meta',
			// HTML allows `content` on a <meta> only with a `name`; Pagefind reads the data attribute.
			attrs: { name: 'framework', 'data-pagefind-filter': 'framework[content]', content: frameworkNames[framework] },
		});
	}
});
