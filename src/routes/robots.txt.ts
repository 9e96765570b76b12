import type { APIRoute } from 'astro';
import { withBase } from '~/lib/paths';

/** Allows every crawler and points it at the sitemap, as an absolute URL. */
export const GET: APIRoute = ({ site }) => {
	const sitemap = new URL(withBase('/sitemap-index.xml'), site);
	return new Response(`User-agent: *\nAllow: /\n\nSitemap: ${sitemap.href}\n`, {
		headers: { 'Content-Type': 'text/plain; charset=utf-8' },
	});
};
