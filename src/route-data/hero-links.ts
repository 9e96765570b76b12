import { defineRouteMiddleware } from '@astrojs/starlight/route-data';
import { withBase } from '~/lib/paths';

/**
 * Starlight renders hero action links exactly as written in frontmatter, so a
 * root-relative `link: /comparison/` breaks under a base path. Prefix the base
 * here, once for every splash page.
 */
export const onRequest = defineRouteMiddleware(({ locals }) => {
	for (const action of locals.starlightRoute.entry.data.hero?.actions ?? []) {
		// Entry data is shared between renders; never prefix twice.
		if (!action.link.startsWith(withBase('/'))) action.link = withBase(action.link);
	}
});
