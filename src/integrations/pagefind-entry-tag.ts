import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { tagPagefindEntry } from '../build/pagefind-entry-tag';

/**
 * Tags the pages' link to Pagefind's entry file once Starlight has built the
 * index. List it after Starlight: build hooks run in the order of the list.
 */
export function pagefindEntryTagIntegration(): AstroIntegration {
	return {
		name: 'pagefind-entry-tag',
		hooks: {
			'astro:build:done': async ({ dir, logger }) => {
				const { tag, pages } = await tagPagefindEntry(fileURLToPath(dir));
				logger.info(`tagged Pagefind's entry file as ${tag} in ${pages} page(s)`);
			},
		},
	};
}
