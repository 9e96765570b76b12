// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import { satteri } from '@astrojs/markdown-satteri';
import { baseLinks } from './src/lib/markdown/base-links.ts';

// Where the site is hosted. Both come from the environment so any static host
// can build it unchanged; `astro build --site … --base …` overrides them too.
const site = process.env.SITE_URL || 'http://localhost:4321';
const base = process.env.BASE_PATH || '/';

// STOCK_STARLIGHT=1 builds the same content the way stock Starlight would show
// it, without the project's component overrides and route middleware: the
// baseline that `npm run bench` measures the site against.
const stockStarlight = process.env.STOCK_STARLIGHT === '1';
/** @param {Parameters<typeof starlight>[0]} config */
const withoutOverridesForStock = (config) =>
	stockStarlight ? { ...config, components: {}, routeMiddleware: [] } : config;

export default defineConfig({
	site,
	base,
	trailingSlash: 'always',
	// Pages live in ./content/docs (not src/content/docs). Starlight derives the
	// docs folder from srcDir, so the project root is the source folder.
	srcDir: '.',
	markdown: {
		processor: satteri({ hastPlugins: [baseLinks(base)] }),
	},
	vite: {
		build: {
			// Astro inlines processed scripts under 4 kB into the HTML. The decision
			// score's script stays a file of its own: cacheable, and allowed by a
			// Content-Security-Policy without 'unsafe-inline' or per-page hashes.
			assetsInlineLimit: (file) => (file.includes('DecisionScore.astro') ? false : undefined),
		},
	},
	integrations: [
		starlight(withoutOverridesForStock({
			title: 'FastAPI vs Django',
			description:
				'A field guide to choosing between FastAPI and Django for AI-driven web apps: performance, ORM, async, real-time, deployment and team fit.',
			components: {
				Search: './src/components/overrides/Search.astro',
			},
			routeMiddleware: ['./src/route-data/faq-toc.ts', './src/route-data/search-filters.ts'],
			sidebar: [
				{ label: 'Start here', items: ['index'] },
				{ label: 'The frameworks', items: ['overview/django', 'overview/fastapi'] },
				{ label: 'Benefits', items: ['benefits/django', 'benefits/fastapi'] },
				'comparison',
				{
					label: 'Eight differences',
					items: [
						'differences',
						'differences/performance',
						'differences/orm',
						'differences/async',
						'differences/ai-integration',
						'differences/developer-experience',
						'differences/scalability',
						'differences/real-time',
						'differences/learning-curve',
					],
				},
				'decision-guide',
				'faq',
				'about',
			],
		})),
	],
});
