// @ts-check
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';

export default defineConfig({
	// Pages live in ./content/docs (not src/content/docs). Starlight derives the
	// docs folder from srcDir, so the project root is the source folder.
	srcDir: '.',
	integrations: [
		starlight({
			title: 'FastAPI vs Django',
			description:
				'A field guide to choosing between FastAPI and Django for AI-driven web apps: performance, ORM, async, real-time, deployment and team fit.',
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
		}),
	],
});
