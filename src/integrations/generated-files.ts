import type { AstroIntegration } from 'astro';

/**
 * Files generated next to the pages: robots.txt naming the sitemap under the
 * real site and base, and a share image per page.
 */
export function generatedFilesIntegration(): AstroIntegration {
	return {
		name: 'generated-files',
		hooks: {
			'astro:config:setup': ({ injectRoute }) => {
				injectRoute({ pattern: '/robots.txt', entrypoint: new URL('../routes/robots.txt.ts', import.meta.url), prerender: true });
				injectRoute({ pattern: '/og/[...slug]', entrypoint: new URL('../routes/og/page-image.ts', import.meta.url), prerender: true });
			},
		},
	};
}
