// @ts-check
/**
 * The benchmark's baseline: the site's own configuration and content, with
 * Starlight as it ships (no component overrides, no route middleware).
 * `npm run bench` builds it with `astro build --config` beside the real site.
 */
import starlight from '@astrojs/starlight';
import siteConfig, { starlightConfig } from '../astro.config.mjs';

export default {
	...siteConfig,
	integrations: (siteConfig.integrations ?? []).map((integration) =>
		integration && 'name' in integration && integration.name === '@astrojs/starlight'
			? starlight({ ...starlightConfig, components: {}, routeMiddleware: [] })
			: integration,
	),
};
