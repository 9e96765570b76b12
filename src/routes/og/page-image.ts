import { createRequire } from 'node:module';
import { getCollection } from 'astro:content';
import { OGImageRoute } from 'astro-og-canvas';

/**
 * A share image per page, drawn at build time from its title and description.
 * The font comes from node_modules, so nothing is fetched from another origin.
 */
const font = (weight: 400 | 700) =>
	createRequire(import.meta.url).resolve(`@fontsource/inter/files/inter-latin-${weight}-normal.woff`);

const pages = Object.fromEntries((await getCollection('docs')).map(({ id, data }) => [id, data]));

export const { getStaticPaths, GET } = await OGImageRoute({
	pages,
	getImageOptions: (_id, page: (typeof pages)[string]) => ({
		title: page.title,
		description: page.description,
		bgGradient: [
			[13, 23, 22],
			[11, 79, 69],
		],
		border: { color: [127, 212, 193], width: 16, side: 'inline-start' },
		padding: 72,
		fonts: [font(400), font(700)],
		font: {
			title: { families: ['Inter'], weight: 'Bold', size: 68, lineHeight: 1.1, color: [255, 255, 255] },
			description: { families: ['Inter'], weight: 'Normal', size: 36, lineHeight: 1.35, color: [199, 214, 211] },
		},
	}),
});
