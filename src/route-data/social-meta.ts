import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { withBase } from '~/lib/paths';

/**
 * The share image and touch icon. Built here rather than in the config so the
 * absolute URLs follow the final `site` and `base`, however they were set.
 */
export const onRequest = defineRouteMiddleware(({ locals, site }) => {
	const absolute = (path: string) => new URL(withBase(path), site).href;
	const image = absolute('/social-card.png');
	locals.starlightRoute.head.push(
		{ tag: 'link', attrs: { rel: 'apple-touch-icon', href: withBase('/apple-touch-icon.png') } },
		{ tag: 'meta', attrs: { property: 'og:image', content: image } },
		{ tag: 'meta', attrs: { property: 'og:image:width', content: '1200' } },
		{ tag: 'meta', attrs: { property: 'og:image:height', content: '630' } },
		{ tag: 'meta', attrs: { property: 'og:image:alt', content: 'FastAPI vs Django field guide' } },
		{ tag: 'meta', attrs: { name: 'twitter:image', content: image } },
	);
});
