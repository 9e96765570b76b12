import type { AstroIntegration } from 'astro';
import { isSatteriProcessor } from '@astrojs/markdown-satteri';
import { AstroError } from 'astro/errors';
import { baseLinks } from '../lib/markdown/base-links';

/**
 * Adds the base-path link plugin to the Markdown processor with the final
 * `base`, so it follows `BASE_PATH` and `astro build --base` alike.
 */
export function baseLinksIntegration(): AstroIntegration {
	return {
		name: 'base-links',
		hooks: {
			'astro:config:setup': ({ config }) => {
				const { processor } = config.markdown;
				if (!processor || !isSatteriProcessor(processor)) {
					throw new AstroError(
						'base-links: expected the Sätteri Markdown processor',
						'Set `markdown: { processor: satteri() }` in astro.config.mjs: the plugin that prefixes page links with the base path runs inside it.',
					);
				}
				processor.options.hastPlugins.push(baseLinks(config.base));
			},
		},
	};
}
