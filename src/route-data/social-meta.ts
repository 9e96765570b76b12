import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { withBase } from '~/lib/paths';

/**
 * The page's share image (drawn at build time by src/routes/og/page-image.ts)
 * and the touch icon. Built here rather than in the config so the absolute
 * URLs follow the final `site` and `base`, however they were set.
 */
export const onRequest = defineRouteMiddleware(({ locals, site }) => {
	const { entry, id } = locals.starlightRoute;
	// Images are named after the page's slug; the home page's slug is empty.
	const image = new URL(withBase(`/og/${id || 'index'}.png`), site).href;
	locals.starlightRoute.head.push(
		{ tag: 'link', attrs: { rel: 'apple-touch-icon', href: withBase('/apple-touch-icon.png') } },
		{ tag: 'meta', attrs: { property: 'og:image', content: image } },
		{ tag: 'meta', attrs: { property: 'og:image:width', content: '1200' } },
		{ tag: 'meta', attrs: { property: 'og:image:height', content: '630' } },
		{ tag: 'meta', attrs: { property: 'og:image:alt', content: entry.data.title } },
		{ tag: 'meta', attrs: { name: 'twitter:image', content: image } },
	);
});
