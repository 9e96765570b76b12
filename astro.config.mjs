// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import starlightLlmsTxt from 'starlight-llms-txt';
import { satteri } from '@astrojs/markdown-satteri';
import { baseLinksIntegration } from './src/integrations/base-links.ts';
import { generatedFilesIntegration } from './src/integrations/generated-files.ts';
import { pagefindEntryTagIntegration } from './src/integrations/pagefind-entry-tag.ts';
import { baseFromEnvironment, siteFromEnvironment } from './src/build/deploy-env.ts';
import { readDocsPages } from './src/build/docs-pages.ts';
import { workloadIds } from './lab/experiment.ts';
import { readYamlList } from './src/build/yaml-list-loader.ts';
import { countInWords } from './src/lib/count-words.ts';

const differences = readYamlList(new URL('./content/data/differences.yaml', import.meta.url));
const docsPages = readDocsPages('./content/docs');
/** The Evidence folder's pages that are not a workload's (how the lab measured, the rerun check), by file name. */
const evidenceExtras = docsPages
	.map(({ id }) => id)
	.filter((id) => id.startsWith('evidence/') && !workloadIds.includes(id.slice('evidence/'.length)));

// Where the site is hosted: SITE_URL and BASE_PATH, or what Netlify, Vercel or
// Cloudflare Pages set while building, so any static host builds it unchanged.
// `astro build --site … --base …` overrides both.
const site = siteFromEnvironment(process.env);
const base = baseFromEnvironment(process.env);

/**
 * Starlight's settings, the site's table of contents. Exported for the
 * benchmark, which builds the same content as stock Starlight
 * (`scripts/stock-starlight.config.mjs`).
 * @type {Parameters<typeof starlight>[0]}
 */
export const starlightConfig = {
	title: 'FastAPI vs Django',
	favicon: '/favicon.svg',
	description:
		'A field guide to choosing between FastAPI and Django for AI-driven web apps: performance, ORM, async, real-time, deployment and team fit.',
	plugins: [
		// Fails the build on a broken internal link or anchor, naming the page.
		starlightLinksValidator(),
		// llms.txt, llms-full.txt and llms-small.txt, plus one Markdown file per
		// page (a "custom set" each) so tools can fetch a single page's text.
		starlightLlmsTxt({
			projectName: 'FastAPI vs Django field guide',
			details:
				'A reference for choosing between FastAPI and Django as the Python backend of an AI product. It restructures one 2025 comparison article; claims the article makes without evidence are attributed to it, and "Context" notes add facts checked against official documentation.',
			exclude: ['404'],
			// Keep the Context notes and tips, and the line breaks, in the smaller files.
			minify: { note: false, tip: false, whitespace: false },
			// Heading anchor links are for screen readers, not for a text file.
			customSelectors: { all: ['.sl-anchor-link'] },
			customSets: docsPages
				.filter((page) => page.id !== '404')
				.map((page) => ({ label: page.title, description: page.description, paths: [page.id] })),
		}),
	],
	components: {
		Search: './src/components/overrides/Search.astro',
		EditLink: './src/components/overrides/EditLink.astro',
	},
	routeMiddleware: [
		'./src/route-data/faq-toc.ts',
		'./src/route-data/search-filters.ts',
		'./src/route-data/hero-links.ts',
		'./src/route-data/social-meta.ts',
	],
	sidebar: [
		{ label: 'Start here', items: ['index'] },
		{ label: 'The frameworks', items: ['overview/django', 'overview/fastapi'] },
		{ label: 'Benefits', items: ['benefits/django', 'benefits/fastapi'] },
		'comparison',
		{
			// One page per entry of differences.yaml, in its order, counted from it.
			label: `${countInWords(differences.length, { sentenceStart: true })} differences`,
			items: ['differences', ...differences.map(({ id }) => `differences/${id}`)],
		},
		{
			label: 'Evidence',
			// One page per workload of the lab's manifest, in its order, then the folder's other pages.
			items: ['evidence', ...workloadIds.map((id) => `evidence/${id}`), ...evidenceExtras],
		},
		// Every page under content/docs/guides/, in the order its frontmatter gives (sidebar.order).
		{ label: 'Guides', items: [{ autogenerate: { directory: 'guides' } }] },
		'decision-guide',
		'plan-capacity',
		'faq',
		'claims',
		'versions',
		'about',
	],
};

export default defineConfig({
	site,
	base,
	trailingSlash: 'always',
	// Starlight turns on prefetching of every link; its script is a quarter of
	// each page's JavaScript, and these pages are small and cached enough that
	// a plain navigation is already quick.
	prefetch: false,
	// Pages live in ./content/docs (not src/content/docs). Starlight derives the
	// docs folder from srcDir, so the project root is the source folder.
	srcDir: '.',
	markdown: {
		processor: satteri(),
	},
	vite: {
		build: {
			// Astro inlines a processed script into the HTML when this limit allows
			// (vite's 4 kB by default), and the Content-Security-Policy then needs its
			// hash, which changes with every edit. Scripts under 2 kB (Starlight's
			// theme, menu, sidebar and tabs helpers) are worth a hash instead of a
			// request; larger ones, such as the decision score's, stay cacheable
			// files whatever they are called. Other assets keep vite's default.
			assetsInlineLimit: (file, content) => (file.endsWith('.js') ? content.length < 2048 : undefined),
		},
	},
	integrations: [
		baseLinksIntegration(),
		generatedFilesIntegration(),
		starlight(starlightConfig),
		// After Starlight, whose build hook writes the search index it reads.
		pagefindEntryTagIntegration(),
	],
});
